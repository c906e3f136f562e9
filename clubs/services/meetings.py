"""Scheduling: series, their occurrences, and per-date moves and cancellations."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from recurrence import Recurrence

from clubs import scheduling
from clubs.audit import audit
from clubs.caching import club_pages_forget
from clubs.models import Club, Occurrence, Payment, Registration, Series, User
from clubs.models.translations import in_every_language, original, translations
from clubs.services.locks import occurrence_lock
from clubs.services.payments import occurrence_refund_all
from clubs.services.registrations import waitlist_promote
from clubs.tasks import notify_occurrence_changed

# Stored as the cancellation reason, in every language it is translated into.
DROPPED_REASON = _("No longer on the schedule")


def horizon() -> date:
    """How far ahead occurrences exist as rows (a daily task rolls it forward)."""
    return timezone.localdate() + timedelta(days=settings.OCCURRENCE_HORIZON_DAYS)


def series_create(
    *,
    club: Club,
    title: str,
    recurrence: Recurrence,
    first_date: date,
    start_time: time,
    duration: timedelta,
    time_zone: str | None = None,
    **fields,
) -> Series:
    """Create a series and its occurrences up to the horizon.

    `first_date` moves forward to the first date the rule gives, so DTSTART
    always agrees with the RRULE (RFC 5545 leaves a mismatch undefined)."""
    series = Series(
        club=club,
        title=title,
        recurrence=recurrence,
        first_date=first_date,
        start_time=start_time,
        duration=duration,
        time_zone=time_zone or club.time_zone,
        **fields,
    )
    series.first_date = first_rule_date(series)
    series.full_clean()
    with transaction.atomic():
        series.save()
        occurrences_sync(series=series)
    return series


def first_rule_date(series: Series) -> date:
    if not series.recurrence.rrules:
        return series.first_date
    start = datetime.combine(series.first_date, series.start_time)
    first = min(
        rule.to_dateutil_rrule(dtstart=start).after(start, inc=True) or start
        for rule in series.recurrence.rrules
    )
    return first.date()


def occurrences_sync(*, series: Series, until: date | None = None) -> None:
    """Make the occurrence rows match the rule, from the first date to `until`.

    New dates get a row. Dates the rule no longer gives are deleted when nobody
    registered (or paid), and cancelled otherwise, so nobody's place or
    payment silently vanishes.
    Moved occurrences keep their identity (`original_start`) either way."""
    wanted = set(scheduling.original_starts(series, until=until or horizon()))
    existing = dict(series.occurrences.values_list("original_start", "pk"))
    Occurrence.objects.bulk_create(
        [
            Occurrence(
                series=series,
                original_start=start,
                start=start,
                end=start + series.duration,
                capacity=series.capacity,
            )
            for start in sorted(wanted - existing.keys())
        ],
        ignore_conflicts=True,
    )
    dropped = series.occurrences.filter(
        original_start__in=existing.keys() - wanted, start__gte=timezone.now()
    ).annotate(active=Count("registrations", filter=_active_registrations()))
    # A payment outlives a cancelled place, so a date with one is cancelled too.
    paid = Payment.objects.filter(registration__occurrence=OuterRef("pk"))
    dropped.filter(active=0).exclude(Exists(paid)).delete()
    dropped.exclude(status=Occurrence.Status.CANCELLED).update(
        status=Occurrence.Status.CANCELLED,
        sequence=F("sequence") + 1,
        **in_every_language("cancel_reason", DROPPED_REASON),
    )
    club_pages_forget(series.club_id)  # rows written without a signal


def occurrences_extend_all() -> None:
    """Roll every open-ended series forward to the horizon (a daily task)."""
    today = timezone.localdate()
    for series in Series.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    ):
        occurrences_sync(series=series)


def _active_registrations() -> Q:
    return ~Q(registrations__status=Registration.Status.CANCELLED)


def occurrence_move(
    *,
    occurrence: Occurrence,
    start: datetime,
    end: datetime | None = None,
    venue_name: str | None = None,
    venue_address: str | None = None,
    online_url: str | None = None,
) -> Occurrence:
    """Move one meeting to a new time or place; everyone registered hears of it."""
    if occurrence.is_cancelled:
        raise ValidationError(_("A cancelled meeting cannot be moved."))
    end = end or start + (occurrence.end - occurrence.start)
    if end <= start:
        raise ValidationError({"end": _("The meeting must end after it starts.")})
    with transaction.atomic():
        occurrence = occurrence_lock(occurrence)
        occurrence.start, occurrence.end = start, end
        occurrence.moved = start != occurrence.original_start
        for field, value in [
            (original("venue_name"), venue_name),
            ("venue_address", venue_address),
            ("online_url", online_url),
        ]:
            if value is not None:
                setattr(occurrence, field, value)
        _changed(occurrence)
        transaction.on_commit(
            lambda: notify_occurrence_changed.enqueue(
                occurrence_id=occurrence.pk, change="moved"
            )
        )
    return occurrence


def occurrence_cancel(
    *, occurrence: Occurrence, reason: str, by: User | None = None
) -> Occurrence:
    """Cancel one meeting; everyone registered gets a cancelled calendar
    entry, and everyone who paid online gets their money back. The audit
    trail says who did it (`by`, else the admin's signed-in user), why, and
    how many places and refunds it touched."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"cancel_reason": _("Tell people why it is cancelled.")})
    with transaction.atomic():
        occurrence = occurrence_lock(occurrence)
        if occurrence.is_cancelled:
            raise ValidationError(_("This meeting is already cancelled."))
        before = {"status": occurrence.status, "cancel_reason": ""}
        occurrence.status = Occurrence.Status.CANCELLED
        # What the host typed is the original, whatever language they browse in.
        setattr(occurrence, original("cancel_reason"), reason)
        _changed(occurrence)
        refunds = occurrence_refund_all(occurrence=occurrence)
        places = occurrence.registrations.exclude(status=Registration.Status.CANCELLED)
        audit(
            occurrence,
            "clubs.meeting_cancelled",
            by=by,
            before=before,
            after={
                "status": occurrence.status,
                "cancel_reason": reason,
                "registrations": places.count(),
                "refunds": len(refunds),
            },
        )
        transaction.on_commit(
            lambda: notify_occurrence_changed.enqueue(
                occurrence_id=occurrence.pk, change="cancelled"
            )
        )
    return occurrence


def occurrence_set_capacity(
    *, occurrence: Occurrence, capacity: int | None
) -> Occurrence:
    """Change one meeting's capacity (None: unlimited), never below the number
    already confirmed. Extra seats go to the waitlist at once, first come first."""
    with transaction.atomic():
        occurrence = occurrence_lock(occurrence)
        if capacity is not None and capacity < occurrence.seats_taken:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(count)s people are already confirmed; the capacity "
                        "cannot be lower."
                    )
                    % {"count": occurrence.seats_taken}
                }
            )
        occurrence.capacity = capacity
        _changed(occurrence)
        waitlist_promote(occurrence=occurrence)
    return occurrence


def occurrence_set_note(*, occurrence: Occurrence, note: str) -> Occurrence:
    """A note for this date only ("Parking is behind the building")."""
    with transaction.atomic():
        occurrence = occurrence_lock(occurrence)
        setattr(occurrence, original("note"), note.strip())
        _changed(occurrence)
    return occurrence


def occurrence_set_translations(*, occurrence: Occurrence, **columns) -> Occurrence:
    """Hosts' translations of one meeting's venue, note and cancellation
    reason (`note_es=...`); calendars get the new text with a new SEQUENCE."""
    allowed = set(translations("venue_name", "note", "cancel_reason"))
    if unknown := set(columns) - allowed:
        raise ValueError(f"Not a translation of a meeting: {sorted(unknown)}")
    with transaction.atomic():
        occurrence = occurrence_lock(occurrence)
        for column, value in columns.items():
            setattr(occurrence, column, (value or "").strip())
        _changed(occurrence)
    return occurrence


def _changed(occurrence: Occurrence) -> None:
    """Save an edited occurrence and raise SEQUENCE on it and on its series'
    feed entry, so calendar apps replace what they hold."""
    occurrence.sequence += 1
    occurrence.full_clean(exclude=["series"])
    occurrence.save()
    Series.objects.filter(pk=occurrence.series_id).update(
        sequence=F("sequence") + 1, updated_at=timezone.now()
    )
