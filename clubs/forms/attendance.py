"""Forms for taking attendance and choosing a report's period.

The forms check the shape of the input; the attendance services decide what
is allowed (a named substitute, a meeting that is not cancelled)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clubs.forms.inputs import InputGuard
from clubs.models import Attendance, Occurrence, Payment


class AttendanceMarkForm(InputGuard, forms.Form):
    """One tap on a person's row: which registration, and which mark."""

    registration = forms.ModelChoiceField(
        queryset=None,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("That person is not on this meeting.")},
    )
    status = forms.ChoiceField(choices=Attendance.Status.choices)
    substitute_name = forms.CharField(
        label=_("Substitute's name"), max_length=150, required=False
    )

    def __init__(self, *args, occurrence: Occurrence, **kwargs):
        super().__init__(*args, **kwargs)
        # Cancelled registrations stay choosable so the service can say why
        # they can't be marked, rather than a bare "invalid choice".
        self.fields["registration"].queryset = occurrence.registrations.all()

    @property
    def registration_id(self) -> int | None:
        """The row the host tapped, to show a refusal beside that person."""
        try:
            return int(self.data.get("registration", ""))
        except ValueError:
            return None


class WalkInForm(InputGuard, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(
        label=_("Email (optional)"),
        required=False,
        help_text=_("A member's email links the visit to their record."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "walk_in")
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "off"
        self.fields["email"].widget.attrs["autocomplete"] = "off"


class CheckInForm(InputGuard, forms.Form):
    """No fields: the POST itself is the host's confirmation."""


class DoorPaymentForm(InputGuard, forms.Form):
    """The host's "Paid" tap on a person's row of a paid meeting."""

    registration = forms.ModelChoiceField(
        queryset=None,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("That person is not on this meeting.")},
    )

    def __init__(self, *args, occurrence: Occurrence, **kwargs):
        super().__init__(*args, **kwargs)
        # Cancelled places stay choosable, so the service can say why.
        self.fields["registration"].queryset = occurrence.registrations.all()


class DoorPaymentUndoForm(InputGuard, forms.Form):
    """ "Undo" beside a payment the host took at this meeting's door."""

    payment = forms.ModelChoiceField(
        queryset=None,
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _("That payment is not on this meeting any more.")
        },
    )

    def __init__(self, *args, occurrence: Occurrence, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payment"].queryset = Payment.objects.filter(
            registration__occurrence=occurrence, method=Payment.Method.DOOR
        ).select_related("registration")
