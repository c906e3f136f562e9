import uuid
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from recurrence.fields import RecurrenceField

from clubs.models.clubs import (
    Club,
    cover_image_field,
    currency_field,
    price_complete,
)
from clubs.validators import validate_time_zone


class Venue(models.Model):
    """Where a meeting happens; empty fields fall back to the level above."""

    venue_name = models.CharField(_("venue"), max_length=120, blank=True)
    venue_address = models.CharField(_("venue address"), max_length=255, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)

    class Meta:
        abstract = True


class Series(Venue):
    """A recurring meeting: "first Tuesday of the month, 7:30 to 9:00, Chicago".

    The rule is expanded on naive wall-clock time from `first_date` and
    `start_time`, and only then placed in `time_zone`, so 7:30 stays 7:30 on
    both sides of a daylight-saving change. Extra dates (RDATE) and exclusions
    (EXDATE) in `recurrence` are stored as the aware instants of those
    meetings' starts.
    """

    class Purpose(models.TextChoices):
        MEETING = "meeting", _("The club's own meeting")
        TRAINING = "training", _("A training or other event hosted by the club")

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="series")
    title = models.CharField(_("title"), max_length=150)
    # A club's "next meeting" is one of its own: a mastermind's training held
    # at the club (a series on the club, open to guests) is not its breakfast.
    purpose = models.CharField(
        _("what it is"),
        max_length=10,
        choices=Purpose.choices,
        default=Purpose.MEETING,
        help_text=_(
            "Only the club's own meetings count as its next meeting in the "
            "directory, on its page and on landing pages."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    # Empty: the club's cover image is shown.
    cover_image = cover_image_field()
    recurrence = RecurrenceField(verbose_name=_("repeats"), include_dtstart=False)
    first_date = models.DateField(_("first date"))
    start_time = models.TimeField(_("starts at (local time)"))
    duration = models.DurationField(_("duration"), default=timedelta(minutes=90))
    time_zone = models.CharField(
        _("time zone"), max_length=64, validators=[validate_time_zone]
    )
    ends_on = models.DateField(
        _("last date"),
        null=True,
        blank=True,
        help_text=_("No meetings after this date. Empty: the series goes on."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty means unlimited.")
    )
    registration_opens_before = models.DurationField(
        _("registration opens this long before"),
        null=True,
        blank=True,
        help_text=_("Empty: as soon as the meeting is on the calendar."),
    )
    registration_closes_before = models.DurationField(
        _("registration closes this long before"), default=timedelta(0)
    )
    guests_allowed = models.BooleanField(_("guests welcome"), default=True)
    max_guests_per_member = models.PositiveSmallIntegerField(
        _("guests each member may invite"), default=2
    )
    # Prices in the currency's minor units (cents); both empty: free.
    member_price = models.PositiveIntegerField(_("member price"), null=True, blank=True)
    guest_price = models.PositiveIntegerField(_("guest price"), null=True, blank=True)
    currency = currency_field()
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["club", "title"]
        verbose_name_plural = _("series")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration__gt=timedelta(0)), name="series_duration_positive"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("first_date")),
                name="series_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=price_complete("member_price", "currency")
                & price_complete("guest_price", "currency"),
                name="series_prices_have_currency",
            ),
        ]

    def __str__(self):
        return f"{self.club}: {self.title}"


def new_occurrence_uid() -> str:
    return uuid.uuid4().hex


class Occurrence(Venue):
    """One dated meeting of a series.

    `original_start` is its place in its series: where the rule puts it.
    Moving the meeting changes `start`/`end`, never `original_start`, so
    registrations, attendance and calendar overrides (RECURRENCE-ID) stay
    attached to it. An edit of the whole series or "this and following" may
    give the row a new `original_start` (or a new series), but never a new
    `calendar_uid`: that is the meeting's identity in every invitation, .ics
    file and member feed, for life (see clubs/calendar/events.py). `moved` says a
    host moved this date on its own; a series edit never sets it.
    `confirmed_count` is the number of confirmed registrations and
    `held_count` the number of seats held while someone pays; the
    registration services keep both under a row lock, and the database
    refuses a total above `capacity`.
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, related_name="occurrences"
    )
    original_start = models.DateTimeField(_("originally scheduled for"))
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    cancel_reason = models.CharField(
        _("reason for cancelling"), max_length=255, blank=True
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty means unlimited.")
    )
    confirmed_count = models.PositiveIntegerField(default=0, editable=False)
    held_count = models.PositiveIntegerField(default=0, editable=False)
    # This date's own prices, in the series' currency; empty: the series' price.
    member_price = models.PositiveIntegerField(_("member price"), null=True, blank=True)
    guest_price = models.PositiveIntegerField(_("guest price"), null=True, blank=True)
    note = models.TextField(_("note for this date"), blank=True)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    calendar_uid = models.CharField(
        max_length=80, unique=True, editable=False, default=new_occurrence_uid
    )
    moved = models.BooleanField(default=False, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    wagtail_reference_index_ignore = True  # a record, not content: README

    class Meta:
        ordering = ["start"]
        verbose_name = _("meeting")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "original_start"], name="occurrence_identity"
            ),
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="occurrence_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True)
                | Q(capacity__gte=F("confirmed_count") + F("held_count")),
                name="occurrence_never_overbooked",
            ),
        ]
        indexes = [models.Index(fields=["start"], name="occurrence_start")]

    def __str__(self):
        local = self.start.astimezone(ZoneInfo(self.series.time_zone))
        return f"{self.series.title}, {local:%Y-%m-%d}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_moved(self) -> bool:
        """Moved by a host, not merely away from where an edited rule now
        puts it (a past meeting keeps the time it had)."""
        return self.moved

    @property
    def seats_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.seats_taken, 0)

    @property
    def seats_taken(self) -> int:
        """Confirmed places plus seats held while people pay."""
        return self.confirmed_count + self.held_count
