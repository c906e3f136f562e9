"""Editing a series: all of its meetings, or "this one and the following".

Occurrences are identified by where the rule puts them (`original_start`), so
a new start time or time zone would otherwise turn every meeting into a new
one and orphan everybody's registration. Both edits therefore match meetings
by their local date: the meeting of 7 July stays the meeting of 7 July, with
its registrations, attendance and agenda, whatever time it now starts.

The matched meeting keeps its row, even when "this and following" puts it in
a new series, so it keeps its page address and its calendar identity
(`Occurrence.calendar_uid`): a person who holds its invitation gets an update
of that entry, never a second one. Past meetings keep their times and are not
marked moved.
"""

import copy
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from recurrence import Recurrence

from clubs import scheduling
from clubs.models import Occurrence, Registration, Series
from clubs.services.locks import occurrence_lock
from clubs.services.meetings import (
    DROPPED_REASON,
    first_rule_date,
    horizon,
    occurrence_cancel,
    occurrence_move,
    occurrence_set_capacity,
    occurrences_sync,
    series_create,
)
from clubs.services.registrations import waitlist_promote
from clubs.tasks import notify_occurrence_changed

# What a new series started by `series_split` inherits from the old one.
INHERITED_FIELDS = [
    "club",
    "title",
    "description",
    "cover_image",
    "start_time",
    "duration",
    "time_zone",
    "ends_on",
    "capacity",
    "registration_opens_before",
    "registration_closes_before",
    "guests_allowed",
    "max_guests_per_member",
    "venue_name",
    "venue_address",
    "online_url",
]


def recurrence_with_dates(
    *,
    rules: Recurrence,
    extra_dates: Iterable[date],
    excluded_dates: Iterable[date],
    start_time: time,
    time_zone: str,
) -> Recurrence:
    """The rules of `rules` plus extra and excluded dates, stored as the
    instants of those meetings' starts (see `scheduling.instants_for_dates`)."""
    at = Series(start_time=start_time, time_zone=time_zone)
    return Recurrence(
        rrules=list(rules.rrules),
        exrules=list(rules.exrules),
        rdates=scheduling.instants_for_dates(at, sorted(set(extra_dates))),
        exdates=scheduling.instants_for_dates(at, sorted(set(excluded_dates))),
    )


def recurrence_dates(series: Series) -> tuple[list[date], list[date]]:
    """The series' extra and excluded dates, as local dates."""
    zone = ZoneInfo(series.time_zone)

    def local(instants):
        return sorted(scheduling.wall_clock(at, zone).date() for at in instants)

    return local(series.recurrence.rdates), local(series.recurrence.exdates)


def series_update(*, series: Series, **changes) -> Series:
    """Change every meeting of a series.

    `changes` are Series fields, plus `extra_dates` / `excluded_dates` as
    local dates. A new `recurrence` brings its own extra and excluded dates
    unless those are passed too; without one, the old dates are kept and
    stored again at any new time. Meetings keep their identity by local
    date (past ones too, so no past date is created twice). Meetings still
    to come that were not moved one by one follow a new time or length (and
    everybody registered hears of it); those whose capacity was not set one
    by one follow a new capacity. Past meetings keep the times they had.
    Dates the edited rule no longer gives are cancelled, with an email to
    everybody registered, or deleted when nobody was."""
    with transaction.atomic():
        before = Series.objects.select_for_update().get(pk=series.pk)
        after = _edited(before, changes)
        after.sequence = before.sequence + 1
        after.save()
        not_moved = _rekey(before, after)
        _cancel_dropped(after)
        occurrences_sync(series=after)
        _follow_series(before, after, not_moved)
    after.refresh_from_db()
    return after


def _edited(before: Series, changes: dict) -> Series:
    """A validated copy of `before` with `changes` applied; extra and excluded
    dates are stored again at the (possibly new) time and zone."""
    changes = dict(changes)
    rules = changes.pop("recurrence", None)
    extra = changes.pop("extra_dates", None)
    excluded = changes.pop("excluded_dates", None)
    after = copy.copy(before)
    for field, value in changes.items():
        setattr(after, field, value)
    if rules is None:
        rules, dated = before.recurrence, before
    else:  # a passed-in recurrence was stored at the edited time and zone
        dated = Series(recurrence=rules, time_zone=after.time_zone)
    old_extra, old_excluded = recurrence_dates(dated)
    after.recurrence = recurrence_with_dates(
        rules=rules,
        extra_dates=old_extra if extra is None else extra,
        excluded_dates=old_excluded if excluded is None else excluded,
        start_time=after.start_time,
        time_zone=after.time_zone,
    )
    after.first_date = first_rule_date(after)
    after.full_clean()
    return after


def _rekey(before: Series, after: Series) -> set[int]:
    """Give each meeting the identity the edited rule gives its local date.
    Returns the ids of the meetings that had not been moved one by one."""
    occurrences = list(after.occurrences.all())
    not_moved = {o.pk for o in occurrences if o.start == o.original_start}
    if (before.start_time, before.time_zone) == (after.start_time, after.time_zone):
        return not_moved
    old_zone, new_zone = ZoneInfo(before.time_zone), ZoneInfo(after.time_zone)
    for occurrence in occurrences:
        day = scheduling.wall_clock(occurrence.original_start, old_zone).date()
        local = datetime.combine(day, after.start_time)
        occurrence.original_start = scheduling.to_utc(local, new_zone)
    Occurrence.objects.bulk_update(occurrences, ["original_start"])
    return not_moved


def _cancel_dropped(series: Series) -> None:
    """Cancel, with an email, the coming meetings the rule no longer gives
    that people registered for (`occurrences_sync` would do it silently)."""
    wanted = scheduling.original_starts(series, until=horizon())
    dropped = (
        series.occurrences.exclude(original_start__in=wanted)
        .filter(start__gte=timezone.now(), status=Occurrence.Status.SCHEDULED)
        .filter(_has_active_registrations())
        .distinct()
    )
    for occurrence in dropped:
        occurrence_cancel(occurrence=occurrence, reason=DROPPED_REASON)


def _has_active_registrations() -> Q:
    return Q(registrations__isnull=False) & ~Q(
        registrations__status=Registration.Status.CANCELLED
    )


def _follow_series(before: Series, after: Series, not_moved: set[int]) -> None:
    """Carry a new time, length and capacity to the meetings still to come."""
    coming = after.occurrences.filter(start__gte=timezone.now()).order_by("start")
    for occurrence in coming:
        if occurrence.pk in not_moved:
            occurrence = _follow_time(occurrence, after)
        if (
            occurrence.capacity == before.capacity
            and after.capacity != before.capacity
            and not occurrence.is_cancelled
        ):
            occurrence_set_capacity(occurrence=occurrence, capacity=after.capacity)


def _follow_time(occurrence: Occurrence, series: Series) -> Occurrence:
    start = occurrence.original_start
    end = start + series.duration
    if (occurrence.start, occurrence.end) == (start, end):
        return occurrence
    if occurrence.is_cancelled:
        # Nobody is told about a cancelled meeting's new time; it keeps its
        # place in the calendar as an exclusion at the rule's time.
        Occurrence.objects.filter(pk=occurrence.pk).update(start=start, end=end)
        occurrence.start, occurrence.end = start, end
        return occurrence
    return occurrence_move(occurrence=occurrence, start=start, end=end)


def series_split(*, series: Series, from_occurrence: Occurrence, **changes) -> Series:
    """Change "this meeting and the following": the old series ends the day
    before `from_occurrence` and a new one, with `changes`, starts that day.

    Each coming meeting of the old series whose local date the new schedule
    has becomes that date's meeting of the new series: the row moves over
    with its registrations, attendance, agenda, note, venue, capacity set
    one by one, move or cancellation, and keeps its page and calendar
    identity; people whose meeting now starts at another time or place are
    told. A meeting whose
    date the new schedule does not have keeps its registrations and is
    cancelled, with an email to everybody registered. Splitting from the
    first meeting changes the whole series (`series_update`)."""
    split_day = _local_date(from_occurrence, series)
    _validate_split(series, from_occurrence, split_day)
    if split_day <= series.first_date:
        return series_update(series=series, **changes)
    with transaction.atomic():
        old = Series.objects.select_for_update().get(pk=series.pk)
        following = list(
            old.occurrences.filter(original_start__gte=_midnight(old, split_day))
        )
        new = series_create(**_split_fields(old, split_day, changes))
        _end_before(old, split_day)
        _hand_over(following, old, new)
        occurrences_sync(series=old)
    return new


def _validate_split(series: Series, occurrence: Occurrence, split_day: date) -> None:
    if occurrence.series_id != series.pk:
        raise ValidationError(_("That meeting belongs to another series."))
    if occurrence.start <= timezone.now():
        raise ValidationError(
            _("Only a meeting still to come can start a new schedule.")
        )
    if series.ends_on and split_day > series.ends_on:
        raise ValidationError(_("That meeting is after the series' last date."))


def _local_date(occurrence: Occurrence, series: Series) -> date:
    zone = ZoneInfo(series.time_zone)
    return scheduling.wall_clock(occurrence.original_start, zone).date()


def _midnight(series: Series, day: date) -> datetime:
    return scheduling.to_utc(
        datetime.combine(day, time.min), ZoneInfo(series.time_zone)
    )


def _split_fields(old: Series, split_day: date, changes: dict) -> dict:
    """What `series_create` needs for the new series: the old series' settings
    and its extra and excluded dates from `split_day` on, overlaid by changes."""
    changes = dict(changes)
    fields = {name: getattr(old, name) for name in INHERITED_FIELDS}
    extra, excluded = recurrence_dates(old)
    rules = changes.pop("recurrence", old.recurrence)
    extra = changes.pop("extra_dates", [day for day in extra if day >= split_day])
    excluded = changes.pop("excluded_dates", [d for d in excluded if d >= split_day])
    fields.update(changes, first_date=split_day)
    fields["recurrence"] = recurrence_with_dates(
        rules=rules,
        extra_dates=extra,
        excluded_dates=excluded,
        start_time=fields["start_time"],
        time_zone=fields["time_zone"] or old.club.time_zone,
    )
    return fields


def _end_before(old: Series, split_day: date) -> None:
    extra, excluded = recurrence_dates(old)
    old.ends_on = split_day - timedelta(days=1)
    old.recurrence = recurrence_with_dates(
        rules=old.recurrence,
        extra_dates=[day for day in extra if day < split_day],
        excluded_dates=[day for day in excluded if day < split_day],
        start_time=old.start_time,
        time_zone=old.time_zone,
    )
    old.sequence += 1
    old.full_clean()
    old.save()


def _hand_over(following: list[Occurrence], old: Series, new: Series) -> None:
    slots = {_local_date(o, new): o for o in new.occurrences.all()}
    for occurrence in following:
        slot = slots.get(_local_date(occurrence, old))
        if slot is not None:
            _carry_over(occurrence, slot, new=new, old_capacity=old.capacity)
        elif (
            not occurrence.is_cancelled
            and occurrence.registrations.filter(
                ~Q(status=Registration.Status.CANCELLED)
            ).exists()
        ):
            occurrence_cancel(occurrence=occurrence, reason=DROPPED_REASON)


def _carry_over(
    occurrence: Occurrence, slot: Occurrence, *, new: Series, old_capacity
) -> None:
    """Make `occurrence` the new series' meeting of its date. The row itself
    goes over, so its page, places, attendance, agenda, per-date changes and
    calendar identity stay; the new series' fresh row for that date (`slot`)
    gives way. People whose meeting now starts at another time or place hear
    of it under the identity they hold, with a raised SEQUENCE."""
    occurrence = occurrence_lock(occurrence)
    before = _where(occurrence)
    slot.delete()
    occurrence.series, occurrence.original_start = new, slot.original_start
    if occurrence.moved:
        occurrence.moved = occurrence.start != occurrence.original_start
    else:
        occurrence.start, occurrence.end = slot.start, slot.end
    if occurrence.capacity == old_capacity:
        occurrence.capacity = slot.capacity
    _validate_seats(occurrence)
    occurrence.sequence += 1
    occurrence.full_clean(exclude=["series"])
    occurrence.save()
    waitlist_promote(occurrence=occurrence)
    if not occurrence.is_cancelled and _where(occurrence) != before:
        transaction.on_commit(
            lambda: notify_occurrence_changed.enqueue(
                occurrence_id=occurrence.pk, change="moved"
            )
        )


def _validate_seats(occurrence: Occurrence) -> None:
    if occurrence.capacity is None or occurrence.seats_taken <= (occurrence.capacity):
        return
    raise ValidationError(
        {
            "capacity": _(
                "%(count)s people are already confirmed for %(meeting)s; the "
                "capacity cannot be lower."
            )
            % {"count": occurrence.seats_taken, "meeting": occurrence}
        }
    )


def _where(occurrence: Occurrence) -> tuple:
    """What people registered for a meeting need to hear about if it changes."""
    series = occurrence.series
    return (
        occurrence.start,
        occurrence.end,
        occurrence.venue_name or series.venue_name,
        occurrence.venue_address or series.venue_address,
        occurrence.online_url or series.online_url,
    )
