from django import forms
from django.utils.translation import gettext_lazy as _

from clubs.forms.inputs import InputGuard

# The class site.css hides honeypot fields by (here and on the sign-up form).
HONEYPOT_CLASS = "honeypot"


class GuestRegistrationForm(InputGuard, forms.Form):
    """Guests register with a name and an email address, and no account.

    Strangers never see the members' names: a guest may say who invited them
    in their own words, for the hosts to match. A guest whose share link is
    known (`invited=True`) is credited to that member and asked nothing."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    invited_by_name = forms.CharField(
        label=_("Who invited you? (optional)"),
        max_length=150,
        required=False,
        help_text=_("Their name, so the host can thank them."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    # A honeypot: hidden from people by site.css (`.honeypot`), left out of
    # the tab order and of autofill, but a form-filling bot types into it.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(
            attrs={"class": HONEYPOT_CLASS, "tabindex": "-1", "autocomplete": "off"}
        ),
    )

    def __init__(self, *args, invited: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if invited:
            del self.fields["invited_by_name"]

    def is_bot(self) -> bool:
        """Whether the hidden field came back filled in: a bot's answer."""
        return bool(self.data.get("website"))

    def clean(self):
        cleaned = super().clean()
        cleaned.pop("website", None)
        return cleaned


class ResendLinkForm(InputGuard, forms.Form):
    """ "Send me my link again": the address that already has a place."""

    email = forms.EmailField(label=_("Email"))
