"""The form both reports choose their period with, from the query string.

The attendance report offers From and To; the referral report also offers
named periods (`presets`: this quarter, last quarter...), whose dates fill
From and To so that switching to "The dates below" starts from the period on
screen. Wrong input never fails the page: the form says why beside itself
and `period()` falls back to the report's default."""

from collections.abc import Sequence
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clubs.forms.inputs import InputGuard
from clubs.models import Club
from clubs.periods import Period, club_today, period_for, preset_dates

MAX_REPORT_DAYS = 5 * 366
# Wide enough for any club's past and plans, and narrow enough that every
# day's bounds, and the months of a chart, exist in every time zone.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)
CUSTOM = "custom"
PRESET_LABELS = {
    "this_quarter": _("This quarter"),
    "last_quarter": _("Last quarter"),
    "last_12_months": _("Last 12 months"),
}


def _date_field(label, **options) -> forms.DateField:
    widget = forms.DateInput(attrs={"type": "date"})
    return forms.DateField(label=label, required=False, widget=widget, **options)


class ReportPeriodForm(InputGuard, forms.Form):
    start = _date_field(_("From"))
    end = _date_field(_("To"))

    def __init__(
        self, data=None, *, club: Club, default: str, presets: Sequence[str] = ()
    ):
        self.club, self.presets = club, tuple(presets)
        self.today = club_today(club)
        self.default = preset_dates(default, self.today)
        # Only a query string with the form's fields binds it: a bare visit
        # shows the default period, not "this field is required".
        names = set(self.base_fields) | ({"period"} if self.presets else set())
        bound = data if data and (names & set(data)) else None
        preset = bound.get("period", "") if bound is not None else None
        if self.presets and preset in ("", *self.presets):
            bound = self._with_dates_of(bound, preset or default)
        start, end = self.default
        super().__init__(bound, initial={"period": default, "start": start, "end": end})
        if self.presets:
            self._offer_presets()

    def _with_dates_of(self, data, preset: str):
        data = data.copy()
        start, end = preset_dates(preset, self.today)
        data["start"], data["end"] = start.isoformat(), end.isoformat()
        return data

    def _offer_presets(self) -> None:
        choices = [(name, PRESET_LABELS[name]) for name in self.presets]
        self.fields["period"] = forms.ChoiceField(
            label=_("Period"),
            choices=[*choices, (CUSTOM, _("The dates below"))],
            required=False,
        )
        self.fields["end"].help_text = _("Used when the period is “The dates below”.")
        self.order_fields(["period"])

    def clean(self):
        cleaned = super().clean()
        if self.presets and cleaned.get("period") != CUSTOM:
            return cleaned  # a preset, its dates filled in by __init__
        start, end = cleaned.get("start"), cleaned.get("end")
        if self.presets and not (start and end):
            raise ValidationError(_("Give both dates, or choose a period."))
        cleaned["start"], cleaned["end"] = _checked(
            start or self.default[0], end or self.default[1]
        )
        return cleaned

    def period(self) -> Period:
        """The chosen period, or the default one when the input is missing or
        wrong (the page then shows why beside the form)."""
        start, end = self.default
        if self.is_bound and self.is_valid():
            start, end = self.cleaned_data["start"], self.cleaned_data["end"]
        return period_for(self.club, start=start, end=end)

    def refusal(self) -> str:
        """Why the period was refused, in one line, for a download that has
        no page to show the form on."""
        fallback = _("Check the period.") if self.presets else _("Check the dates.")
        return " ".join(self.non_field_errors()) or str(fallback)


def _checked(start: date, end: date) -> tuple[date, date]:
    if start > end:
        raise ValidationError(_("The period must start before it ends."))
    if (end - start).days > MAX_REPORT_DAYS:
        raise ValidationError(_("Choose a period of five years or less."))
    if start < FIRST_DAY or end > LAST_DAY:
        raise ValidationError(
            _("Choose dates between %(first)s and %(last)s.")
            % {"first": FIRST_DAY.year, "last": LAST_DAY.year}
        )
    return start, end
