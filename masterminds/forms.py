"""Forms for the members' pages. They check the shape of the input; the
services in masterminds/services/ decide what is allowed, and their refusals
are shown on the form (`form_errors`)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clubs.models import Category, Occurrence
from masterminds.models import Commitment, MastermindGroup
from masterminds.services.applications import NO_BUSINESS, NO_WANTS, TOO_LONG
from masterminds.services.commitments import EMPTY


class ApplicationForm(forms.Form):
    wants = forms.CharField(
        label=_("What you want from the group"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": NO_WANTS, "max_length": TOO_LONG},
    )
    business = forms.CharField(
        label=_("Your business"),
        max_length=200,
        help_text=_("A line on what you do and for whom."),
        error_messages={"required": NO_BUSINESS},
    )
    category = forms.ModelChoiceField(
        label=_("Business category"),
        queryset=Category.objects.all(),
        required=False,
        empty_label=_("Choose your category"),
    )
    # The training the applicant came from, when the link named one; an
    # unknown one is dropped rather than refused: the applicant can't fix it.
    training = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, group: MastermindGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        if group.one_member_per_category:
            self.fields["category"].help_text = _(
                "This group keeps one member per category."
            )

    def clean_training(self) -> Occurrence | None:
        pk = self.cleaned_data.get("training", "")
        if not pk.isdigit() or self.group.training_series_id is None:
            return None
        return Occurrence.objects.filter(
            pk=pk, series=self.group.training_series_id
        ).first()


class CommitmentForm(forms.Form):
    text = forms.CharField(
        label=_("Before the next session I commit to"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": EMPTY, "max_length": TOO_LONG},
    )


class CommitmentMarkForm(forms.Form):
    status = forms.ChoiceField(
        label=_("How did it go?"),
        choices=[(status.value, status.label) for status in Commitment.MARKS],
    )


class AbsenceForm(forms.Form):
    """ "I'll be absent" (with an optional note) or "I'll be there after all"."""

    ABSENT, PRESENT = "absent", "present"

    answer = forms.ChoiceField(choices=[(ABSENT, ABSENT), (PRESENT, PRESENT)])
    note = forms.CharField(
        label=_("Note for the group (optional)"), max_length=200, required=False
    )


def form_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's refusal beside the fields it names, the rest on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
