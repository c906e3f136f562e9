"""Forms for the members' pages. They check the shape of the input; the
services in masterminds/services/ decide what is allowed, and their refusals
are shown on the form (`form_errors`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clubs.forms.inputs import InputGuard, query_id
from clubs.models import Category, Occurrence
from masterminds.models import MastermindGroup
from masterminds.services.applications import NO_BUSINESS, NO_WANTS, TOO_LONG


class ApplicationForm(InputGuard, forms.Form):
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
        pk = query_id(self.cleaned_data.get("training", ""))
        if pk is None or self.group.training_series_id is None:
            return None
        return Occurrence.objects.filter(
            pk=pk, series=self.group.training_series_id
        ).first()


class DecisionForm(InputGuard, forms.Form):
    DECISIONS = [
        ("approve", _("Approve")),
        ("waitlist", _("Waitlist")),
        ("decline", _("Decline")),
    ]
    decision = forms.ChoiceField(choices=DECISIONS)
    note = forms.CharField(
        label=_("Note to the applicant"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
