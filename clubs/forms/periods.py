"""Forms for taking attendance and choosing a report's period.

The forms check the shape of the input; the attendance services decide what
is allowed (a named substitute, a meeting that is not cancelled)."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clubs.models import Club
from clubs.selectors.attendance import report_default_period

MAX_REPORT_DAYS = 5 * 366


class ReportPeriodForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data=None, *, club: Club):
        self.default_start, self.default_end = report_default_period(club)
        # Only a query string with a period in it binds the form: a bare visit
        # shows the default period, not "this field is required".
        bound = data if data and ({"start", "end"} & set(data)) else None
        super().__init__(
            bound, initial={"start": self.default_start, "end": self.default_end}
        )

    def clean(self):
        cleaned = super().clean()
        start = cleaned.get("start") or self.default_start
        end = cleaned.get("end") or self.default_end
        if start > end:
            raise ValidationError(_("The period must start before it ends."))
        if (end - start).days > MAX_REPORT_DAYS:
            raise ValidationError(_("Choose a period of five years or less."))
        cleaned["start"], cleaned["end"] = start, end
        return cleaned

    def period(self) -> tuple[date, date]:
        """The chosen period, or the default one when the input is missing or
        wrong (the page then shows why beside the form)."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return self.default_start, self.default_end
