"""Forms for the clubs admin: each one collects what a host means, and the
admin views hand it to a service (clubs/services/), never to `form.save()`."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from clubs.forms.inputs import InputGuard
from clubs.models import (
    Membership,
)


class MembershipStatusForm(InputGuard, WagtailAdminModelForm):
    """Admit, suspend or remove a member (`membership_set_status`)."""

    status = forms.ChoiceField(
        label=_("Membership"),
        choices=[
            (Membership.Status.ACTIVE, _("Active (admit)")),
            (Membership.Status.SUSPENDED, _("Suspended")),
            (Membership.Status.REMOVED, _("Removed")),
        ],
    )

    class Meta:
        model = Membership
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("status", self.instance.status)
        self.fields["status"].help_text = _("Now: %(status)s.") % {
            "status": self.instance.get_status_display()
        }
