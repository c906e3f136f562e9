"""Forms for the clubs admin: each one collects what a host means, and the
admin views hand it to a service (clubs/services/), never to `form.save()`."""

from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateTimeInput

from clubs import scheduling
from clubs.forms.inputs import InputGuard
from clubs.forms.payments import AmountField, amounts_initial, amounts_to_minor_units
from clubs.models import (
    Occurrence,
)
from clubs.models.translations import original, translations

VENUE_FIELDS = ("venue_name", "venue_address", "online_url")
PRICES = ["member_price", "guest_price"]
OCCURRENCE_TRANSLATIONS = translations("venue_name", "note", "cancel_reason")


class OccurrenceForm(InputGuard, WagtailAdminModelForm):
    """One meeting's time, place, capacity and note, in the series' local
    time. The view sends each kind of change to its own service."""

    start = forms.DateTimeField(widget=AdminDateTimeInput)
    end = forms.DateTimeField(widget=AdminDateTimeInput)
    venue_name = forms.CharField(label=_("Venue"), max_length=120, required=False)
    venue_address = forms.CharField(
        label=_("Venue address"), max_length=255, required=False
    )
    online_url = forms.URLField(
        label=_("Online meeting link"), required=False, assume_scheme="https"
    )
    capacity = forms.IntegerField(
        min_value=0, required=False, help_text=_("Empty means unlimited.")
    )
    note = forms.CharField(
        label=_("Note for this date"), widget=forms.Textarea, required=False
    )
    member_price = AmountField(
        label=_("Price for members on this date"),
        help_text=_("Empty: the series' price."),
    )
    guest_price = AmountField(
        label=_("Price for guests on this date"),
        help_text=_("Empty: the series' price."),
    )

    class Meta:
        model = Occurrence
        # Each language's venue, note and reason, below the original fields.
        fields = OCCURRENCE_TRANSLATIONS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        meeting = self.instance
        # Read now: validating the form writes the typed ones on the instance.
        self.stored_translations = {
            name: getattr(meeting, name) or "" for name in OCCURRENCE_TRANSLATIONS
        }
        self.zone = ZoneInfo(meeting.series.time_zone)
        zone = {"zone": self.zone.key}
        self.fields["start"].label = _("Starts (%(zone)s time)") % zone
        self.fields["end"].label = _("Ends (%(zone)s time)") % zone
        for name in ("start", "end"):
            self.initial[name] = scheduling.wall_clock(
                getattr(meeting, name), self.zone
            )
        for name in (*VENUE_FIELDS, "capacity", "note"):
            self.initial[name] = _original(meeting, name)
        self.currency = meeting.series.currency
        prices = {name: getattr(meeting, name) for name in PRICES}
        self.initial.update(amounts_initial(prices, self.currency))
        if self.currency:
            for name in PRICES:
                self.fields[name].label = f"{self.fields[name].label} ({self.currency})"

    def clean(self):
        data = super().clean()
        amounts_to_minor_units(self, PRICES, self.currency)
        return data

    def clean_start(self):
        return self._in_series_zone(self.cleaned_data["start"])

    def clean_end(self):
        return self._in_series_zone(self.cleaned_data["end"])

    def _in_series_zone(self, value):
        # Django read the typed time in the admin user's zone; what the host
        # typed is the meeting's local time.
        return scheduling.to_utc(timezone.make_naive(value), self.zone)

    def move(self) -> dict | None:
        """`occurrence_move` arguments, when the time or place changed."""
        data, meeting = self.cleaned_data, self.instance
        wanted = {name: data[name] for name in ("start", "end", *VENUE_FIELDS)}
        if all(_original(meeting, name) == value for name, value in wanted.items()):
            return None
        return wanted

    def capacity_changed(self) -> bool:
        return self.cleaned_data["capacity"] != self.instance.capacity

    def prices(self) -> dict | None:
        """`occurrence_set_prices` arguments, when a price changed."""
        wanted = {name: self.cleaned_data[name] for name in PRICES}
        if all(getattr(self.instance, name) == value for name, value in wanted.items()):
            return None
        return wanted

    def translations(self) -> dict | None:
        """`occurrence_set_translations` arguments, when a translation changed."""
        data = self.cleaned_data
        wanted = {name: data.get(name) or "" for name in OCCURRENCE_TRANSLATIONS}
        return None if wanted == self.stored_translations else wanted

    def note_changed(self) -> bool:
        return self.cleaned_data["note"].strip() != _original(self.instance, "note")


def _original(meeting: Occurrence, name: str):
    """The English original of a translated field (what the host edits here,
    whatever language the admin speaks), or the field itself."""
    if name in ("venue_name", "note"):
        return getattr(meeting, original(name)) or ""
    return getattr(meeting, name)


class OccurrenceCancelForm(InputGuard, WagtailAdminModelForm):
    cancel_reason = forms.CharField(
        label=_("Why is it cancelled?"),
        max_length=255,
        help_text=_("Everyone registered gets this in their email."),
    )

    class Meta:
        model = Occurrence
        fields = []
