"""Forms for the clubs admin: each one collects what a host means, and the
admin views hand it to a service (clubs/services/), never to `form.save()`."""

import zoneinfo
from datetime import date, timedelta

import recurrence
from django import forms
from django.core.exceptions import ValidationError
from django.utils.dates import WEEKDAYS as WEEKDAY_NAMES
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.images.widgets import AdminImageChooser

from clubs.forms.inputs import InputGuard
from clubs.forms.payments import (
    AmountField,
    CurrencyField,
    amounts_initial,
    amounts_to_minor_units,
)
from clubs.models import (
    Occurrence,
    Series,
)
from clubs.models.translations import original, translations
from clubs.selectors.clubs import (
    clubs_managed_by,
)
from clubs.services.series import recurrence_dates, recurrence_with_dates


class DateListField(forms.CharField):
    """Dates typed one per line (or separated by commas), as a sorted list."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(day.isoformat() for day in value)
        return value

    def to_python(self, value) -> list[date]:
        days = set()
        for token in super().to_python(value).replace(",", " ").split():
            try:
                days.add(date.fromisoformat(token))
            except ValueError:
                raise ValidationError(
                    _("“%(value)s” is not a date; write dates like 2026-12-24.")
                    % {"value": token}
                ) from None
        return sorted(days)


MONTHLY, WEEKLY, EVERY_N_WEEKS = "monthly", "weekly", "every_n_weeks"


FREQUENCIES = [
    (MONTHLY, _("Monthly, on one weekday (e.g. the first Tuesday)")),
    (WEEKLY, _("Every week")),
    (EVERY_N_WEEKS, _("Every few weeks")),
]


WEEKS_OF_MONTH = [
    (1, pgettext_lazy("week of the month", "First")),
    (2, pgettext_lazy("week of the month", "Second")),
    (3, pgettext_lazy("week of the month", "Third")),
    (4, pgettext_lazy("week of the month", "Fourth")),
    (-1, pgettext_lazy("week of the month", "Last")),
]


# Monday is 0, as in recurrence.Weekday; Django translates the names.
WEEKDAYS = sorted(WEEKDAY_NAMES.items())


TIME_ZONES = [(name, name) for name in sorted(zoneinfo.available_timezones())]


# The Series fields SeriesForm edits as they are; the rest it derives.
# The people-facing text is edited as its English original (`title_en`),
# and each language below the schedule (SERIES_TRANSLATIONS).
TRANSLATED = ("title", "description", "venue_name")
SERIES_TRANSLATIONS = translations(*TRANSLATED)
SERIES_FIELDS = [
    original("title"),
    "purpose",
    original("description"),
    "cover_image",
    "first_date",
    "start_time",
    "time_zone",
    "ends_on",
    original("venue_name"),
    "venue_address",
    "online_url",
    "capacity",
    "guests_allowed",
    "max_guests_per_member",
    "member_price",
    "guest_price",
    "currency",
    *SERIES_TRANSLATIONS,
]
PRICES = ["member_price", "guest_price"]


class SeriesForm(InputGuard, WagtailAdminModelForm):
    """A series as hosts think of it ("the first Tuesday, 7:30, 90 minutes"),
    turned into a recurrence rule for `series_create` / `series_update` /
    `series_split`. Pass `split_from` (an occurrence) for "this and following"."""

    frequency = forms.ChoiceField(label=_("How often"), choices=FREQUENCIES)
    week_of_month = forms.TypedChoiceField(
        label=_("Which week of the month"),
        choices=WEEKS_OF_MONTH,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("For monthly meetings."),
    )
    weekday = forms.TypedChoiceField(
        label=pgettext_lazy("the weekday meetings are on", "On"),
        choices=WEEKDAYS,
        coerce=int,
    )
    every_weeks = forms.IntegerField(
        label=_("Every how many weeks"),
        min_value=2,
        max_value=12,
        required=False,
        help_text=_("For meetings every few weeks."),
    )
    duration_minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=5, max_value=24 * 60, initial=90
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=[("", _("The club's time zone")), *TIME_ZONES],
        required=False,
    )
    opens_days_before = forms.IntegerField(
        label=_("Registration opens (days before)"),
        min_value=0,
        required=False,
        help_text=_("Empty: as soon as the meeting is on the calendar."),
    )
    closes_hours_before = forms.IntegerField(
        label=_("Registration closes (hours before)"), min_value=0, initial=0
    )
    extra_dates = DateListField(
        label=_("Extra dates"),
        required=False,
        help_text=_("Meetings off the usual pattern, one date per line (2026-12-24)."),
    )
    excluded_dates = DateListField(
        label=_("Skipped dates"),
        required=False,
        help_text=_("Dates with no meeting, one per line (2026-12-24)."),
    )
    member_price = AmountField(
        label=_("Price for members"),
        help_text=_("What members pay for each meeting, e.g. 15.00. Empty: free."),
    )
    guest_price = AmountField(
        label=_("Price for guests"),
        help_text=_("What guests pay for each meeting, e.g. 25.00. Empty: free."),
    )
    currency = CurrencyField(label=_("Currency"))

    class Meta:
        model = Series
        fields = ["club", *SERIES_FIELDS]
        # Named here: this form is built before wagtail.images registers
        # its chooser for every image ForeignKey.
        widgets = {"cover_image": AdminImageChooser}

    field_order = [
        "club",
        original("title"),
        "purpose",
        original("description"),
        "frequency",
        "week_of_month",
        "weekday",
        "every_weeks",
        "first_date",
        "start_time",
        "duration_minutes",
        "time_zone",
        "ends_on",
        "extra_dates",
        "excluded_dates",
    ]

    def __init__(self, *args, split_from: Occurrence | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.split_from = split_from
        if self.instance.pk:
            del self.fields["club"]
            self.fields["time_zone"].required = True
            self.initial.update(_series_initial(self.instance))
            prices = {name: getattr(self.instance, name) for name in PRICES}
            self.initial.update(amounts_initial(prices, self.instance.currency))
        else:
            self.fields["club"].queryset = clubs_managed_by(self.for_user)
        if split_from is not None:
            del self.fields["first_date"]
        self.fields["ends_on"].label = _("Last date (optional)")
        # Left out, a series stays what it was (new ones: the club's meeting).
        self.fields["purpose"].required = False

    def clean(self):
        data = super().clean()
        frequency = data.get("frequency")
        if frequency == MONTHLY and data.get("week_of_month") is None:
            self.add_error("week_of_month", _("Pick which week of the month."))
        if frequency == EVERY_N_WEEKS and not data.get("every_weeks"):
            self.add_error("every_weeks", _("Say how many weeks apart."))
        if not data.get("time_zone") and data.get("club"):
            data["time_zone"] = data["club"].time_zone
        if frequency in (WEEKLY, EVERY_N_WEEKS) and data.get("first_date"):
            # Every few weeks counts from the first meeting's week, so the
            # first date must be a meeting day: the next chosen weekday.
            first, weekday = data["first_date"], data.get("weekday", 0)
            data["first_date"] = first + timedelta((weekday - first.weekday()) % 7)
        data["purpose"] = data.get("purpose") or self.instance.purpose
        currency = data.get("currency", "")
        amounts_to_minor_units(self, PRICES, currency, currency_field="currency")
        return data

    def rules(self) -> recurrence.Recurrence:
        data = self.cleaned_data
        weekday = data["weekday"]
        if data["frequency"] == MONTHLY:
            rule = recurrence.Rule(
                recurrence.MONTHLY,
                byday=[recurrence.Weekday(weekday, data["week_of_month"])],
            )
        else:
            every = data["every_weeks"] if data["frequency"] == EVERY_N_WEEKS else 1
            rule = recurrence.Rule(
                recurrence.WEEKLY,
                interval=every,
                byday=[recurrence.Weekday(weekday)],
            )
        return recurrence.Recurrence(rrules=[rule])

    def changes(self) -> dict:
        """Keyword arguments for `series_update` and `series_split`."""
        data = self.cleaned_data
        opens = data["opens_days_before"]
        return {
            **{name: data[name] for name in SERIES_FIELDS if name in data},
            "recurrence": self.rules(),
            "extra_dates": data["extra_dates"],
            "excluded_dates": data["excluded_dates"],
            "duration": timedelta(minutes=data["duration_minutes"]),
            "registration_opens_before": None if opens is None else timedelta(opens),
            "registration_closes_before": timedelta(hours=data["closes_hours_before"]),
        }

    def create_kwargs(self) -> dict:
        """Keyword arguments for `series_create`."""
        fields = self.changes()
        fields["recurrence"] = recurrence_with_dates(
            rules=fields["recurrence"],
            extra_dates=fields.pop("extra_dates"),
            excluded_dates=fields.pop("excluded_dates"),
            start_time=fields["start_time"],
            time_zone=fields["time_zone"],
        )
        fields["title"] = fields.pop(original("title"))
        return {"club": self.cleaned_data["club"], **fields}


def _series_initial(series: Series) -> dict:
    extra, excluded = recurrence_dates(series)
    opens = series.registration_opens_before
    return {
        "duration_minutes": int(series.duration.total_seconds() // 60),
        "opens_days_before": None if opens is None else opens.days,
        "closes_hours_before": int(
            series.registration_closes_before.total_seconds() // 3600
        ),
        "extra_dates": extra,
        "excluded_dates": excluded,
        **_rule_initial(series),
    }


def _rule_initial(series: Series) -> dict:
    """The form's "how often" fields for the rules this form writes; other
    rules (made outside the admin) show as the nearest of these."""
    rules = series.recurrence.rrules
    if not rules:
        return {"frequency": WEEKLY, "weekday": series.first_date.weekday()}
    rule = rules[0]
    day = rule.byday[0] if rule.byday else series.first_date.weekday()
    weekday = getattr(day, "number", day)
    if rule.freq == recurrence.MONTHLY:
        week = getattr(day, "index", None) or 1
        return {"frequency": MONTHLY, "weekday": weekday, "week_of_month": week}
    if rule.interval > 1:
        return {
            "frequency": EVERY_N_WEEKS,
            "weekday": weekday,
            "every_weeks": rule.interval,
        }
    return {"frequency": WEEKLY, "weekday": weekday}
