"""Forms for the members' pages. They check the shape of the input; the
services in masterminds/services/ decide what is allowed, and their refusals
are shown on the form (`form_errors`)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from clubs.forms.inputs import InputGuard
from clubs.models import User
from masterminds.models import Commitment, HotSeat
from masterminds.selectors import group_for_occurrence, seated
from masterminds.services.applications import TOO_LONG
from masterminds.services.commitments import EMPTY


class CommitmentForm(InputGuard, forms.Form):
    text = forms.CharField(
        label=_("Before the next session I commit to"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": EMPTY, "max_length": TOO_LONG},
    )


class CommitmentMarkForm(InputGuard, forms.Form):
    status = forms.ChoiceField(
        label=_("How did it go?"),
        choices=[(status.value, status.label) for status in Commitment.MARKS],
    )


class AbsenceForm(InputGuard, forms.Form):
    """ "I'll be absent" (with an optional note) or "I'll be there after all"."""

    ABSENT, PRESENT = "absent", "present"

    answer = forms.ChoiceField(
        choices=[(ABSENT, ABSENT), (PRESENT, PRESENT)], widget=forms.HiddenInput
    )
    note = forms.CharField(
        label=_("Note for the group (optional)"), max_length=200, required=False
    )


class HotSeatSwapForm(InputGuard, WagtailAdminModelForm):
    """Give this hot seat to another member of the group."""

    class Meta:
        model = HotSeat
        fields = ["member"]
        labels = {"member": _("Give this hot seat to")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        group = group_for_occurrence(self.instance.occurrence)
        self.fields["member"].queryset = User.objects.filter(
            pk__in=seated(group).values("person")
        ).order_by("first_name", "last_name")

    def _post_clean(self):
        # The swap service validates and saves; the model's own checks would
        # refuse the member holding a seat already before the service speaks.
        pass
