"""The admin's own account page ("Account" in the Wagtail admin): a
language chosen there becomes the person's language on the site too."""

from django import forms
from wagtail.admin.views.account import BaseSettingsPanel

from clubs.forms.inputs import InputGuard
from clubs.models import User
from clubs.services.languages import admin_language_changed


class SiteLanguageForm(InputGuard, forms.ModelForm):
    """No field of its own: saved after Wagtail's "Locale" form, it carries
    the admin language just saved over to the site."""

    class Meta:
        model = User
        fields = []

    def save(self, commit=True):
        admin_language_changed(person=self.instance)
        return self.instance


class SiteLanguagePanel(BaseSettingsPanel):
    """Wagtail saves the panels registered by hooks after its own, in the
    same transaction. It has nothing to show, so it only takes part in a
    submission (an empty panel would still print its heading)."""

    name = "site_language"
    form_class = SiteLanguageForm

    def is_active(self):
        return self.request.method == "POST"
