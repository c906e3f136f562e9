"""One calendar identity per meeting for life.

Each edit the admin offers is replayed from the registrant's side: their
mailbox, in order, goes through a small iMIP reader (RFC 5546: a REQUEST
with the same UID replaces what is held when its SEQUENCE is at least the
held one, a CANCEL removes it), and what is left must be exactly one entry
per meeting they hold, at the site's own start and end. Their private feed,
expanded as a calendar app would, must show the same entries.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import recurrence
import recurring_ical_events
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from clubs.calendar import occurrence_uid
from clubs.models import Occurrence, Registration
from clubs.services.meetings import (
    occurrence_cancel,
    occurrence_move,
    occurrence_set_capacity,
)
from clubs.services.registrations import registration_cancel, registration_create
from clubs.services.series import series_split, series_update
from tests.builders import feed_token, make_club, make_member, make_series

CHICAGO = ZoneInfo("America/Chicago")
WINDOW = (datetime(2025, 1, 1, tzinfo=CHICAGO), datetime(2027, 1, 1, tzinfo=CHICAGO))

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_before_2026")]


@pytest.fixture
def club():
    return make_club(
        name="Sunrise Breakfast", slug="sunrise", time_zone="America/Chicago"
    )


@pytest.fixture
def series(club):
    """First Tuesdays, 7:30 Chicago, January to June 2026."""
    return make_series(
        club, first_date=date(2026, 1, 6), ends_on=date(2026, 6, 30), capacity=3
    )


@pytest.fixture
def ana(club):
    return make_member(club, email="ana@example.com", first_name="Ana")


@pytest.fixture
def registered(series, ana, committed):
    """Ana holds February and May, each with the invitation emailed."""
    with committed():
        for day in (date(2026, 2, 3), date(2026, 5, 5)):
            registration_create(occurrence=on(series, day), person=ana)
    assert len(mail.outbox) == 2
    return ana


def on(series, day) -> Occurrence:
    return series.occurrences.get(original_start__date=day)


def first_wednesdays():
    return recurrence.Recurrence(
        rrules=[recurrence.Rule(recurrence.MONTHLY, byday=[recurrence.Weekday(2, 1)])]
    )


def weekly_on_tuesdays():
    return recurrence.Recurrence(
        rrules=[recurrence.Rule(recurrence.WEEKLY, byday=[recurrence.Weekday(1)])]
    )


# --- What a calendar app makes of it -------------------------------------------


def invitations(person):
    """The calendar parts of `person`'s mail, oldest first."""
    for message in mail.outbox:
        if person.email not in message.to:
            continue
        for attachment in message.attachments:
            filename, content, mimetype = attachment
            if mimetype.startswith("text/calendar"):
                yield Calendar.from_ical(content)


def _key(event) -> tuple[str, datetime | None]:
    recurrence_id = event.get("RECURRENCE-ID")
    return str(event["UID"]), recurrence_id.dt if recurrence_id else None


def replay(person) -> set[tuple]:
    """What a calendar that received `person`'s invitations now holds."""
    held: dict[tuple, tuple[int, object]] = {}
    for calendar in invitations(person):
        method = str(calendar["METHOD"])
        for event in calendar.walk("VEVENT"):
            key, sequence = _key(event), int(event.get("SEQUENCE", 0))
            if key in held and sequence < held[key][0]:
                continue  # an older version arriving late changes nothing
            if method == "REQUEST":
                held[key] = (sequence, event)
            elif method == "CANCEL":
                held.pop(key, None)
    return {(uid, event.start, event.end) for (uid, _), (_, event) in held.items()}


def feed(client, person) -> set[tuple]:
    """The person's private feed as a calendar app expands it; cancelled
    entries are shown struck through, so they are not meetings held."""
    url = reverse("member_calendar_feed", kwargs={"token": feed_token(person)})
    calendar = Calendar.from_ical(client.get(url).content)
    events = recurring_ical_events.of(calendar).between(*WINDOW)
    return {
        (str(event["UID"]), event.start, event.end)
        for event in events
        if str(event.get("STATUS")) != "CANCELLED"
    }


def site(person) -> set[tuple]:
    """The meetings the site says `person` holds, where it says they are."""
    held = Registration.objects.filter(
        person=person, status=Registration.Status.CONFIRMED
    ).exclude(occurrence__status=Occurrence.Status.CANCELLED)
    return {
        (occurrence_uid(r.occurrence), r.occurrence.start, r.occurrence.end)
        for r in held.select_related("occurrence__series")
    }


def club_subscription(client, club) -> set[tuple]:
    """The club's public feed as a subscribed calendar app expands it."""
    url = reverse("club_calendar_feed", kwargs={"slug": club.slug})
    calendar = Calendar.from_ical(client.get(url).content)
    events = recurring_ical_events.of(calendar).between(*WINDOW)
    return {
        (event.start, event.end)
        for event in events
        if str(event.get("STATUS")) != "CANCELLED"
    }


def club_meetings(club) -> set[tuple]:
    held = Occurrence.objects.filter(
        series__club=club, status=Occurrence.Status.SCHEDULED
    )
    return {(occurrence.start, occurrence.end) for occurrence in held}


def assert_one_true_entry_each(client, person, *, meetings: int):
    expected = site(person)
    assert len(expected) == meetings
    assert replay(person) == expected
    assert feed(client, person) == expected
    club = person.memberships.get().club
    assert club_subscription(client, club) == club_meetings(club)


def local(instant) -> str:
    return instant.astimezone(CHICAGO).strftime("%m-%d %H:%M")


# --- Each edit the admin offers -------------------------------------------------


def test_moving_one_meeting(client, series, registered, committed):
    with committed():
        occurrence_move(
            occurrence=on(series, date(2026, 5, 5)),
            start=datetime(2026, 5, 6, 9, 0, tzinfo=CHICAGO),
        )

    assert_one_true_entry_each(client, registered, meetings=2)


def test_cancelling_one_meeting(client, series, registered, committed):
    with committed():
        occurrence_cancel(occurrence=on(series, date(2026, 5, 5)), reason="Snow")

    assert_one_true_entry_each(client, registered, meetings=1)


def test_changing_one_meetings_capacity(client, series, registered, committed):
    with committed():
        occurrence_set_capacity(occurrence=on(series, date(2026, 5, 5)), capacity=10)

    assert_one_true_entry_each(client, registered, meetings=2)


def test_a_new_time_for_the_whole_series(client, series, registered, committed):
    uids = {uid for uid, *_ in site(registered)}

    with committed():
        series_update(series=series, start_time=time(8, 0))

    assert_one_true_entry_each(client, registered, meetings=2)
    assert {uid for uid, *_ in site(registered)} == uids
    assert sorted(local(start) for _, start, _ in site(registered)) == [
        "02-03 08:00",
        "05-05 08:00",
    ]


def test_a_new_rule_that_keeps_the_dates(client, series, registered, committed):
    uids = {uid for uid, *_ in site(registered)}

    with committed():
        series_update(
            series=series, recurrence=weekly_on_tuesdays(), start_time=time(8, 0)
        )

    assert_one_true_entry_each(client, registered, meetings=2)
    assert {uid for uid, *_ in site(registered)} == uids


def test_a_new_rule_that_drops_the_dates(client, series, registered, committed):
    with committed():
        series_update(series=series, recurrence=first_wednesdays())

    assert_one_true_entry_each(client, registered, meetings=0)


def test_this_and_following_from_the_first_meeting(
    client, series, registered, committed
):
    uids = {uid for uid, *_ in site(registered)}

    with committed():
        series_split(
            series=series,
            from_occurrence=on(series, date(2026, 1, 6)),
            start_time=time(8, 0),
        )

    assert_one_true_entry_each(client, registered, meetings=2)
    assert {uid for uid, *_ in site(registered)} == uids


def test_this_and_following_from_a_later_meeting(client, series, registered, committed):
    uids = {uid for uid, *_ in site(registered)}

    with committed():
        series_split(
            series=series,
            from_occurrence=on(series, date(2026, 4, 7)),
            start_time=time(8, 0),
            title="Breakfast, new time",
        )

    assert_one_true_entry_each(client, registered, meetings=2)
    assert {uid for uid, *_ in site(registered)} == uids
    assert sorted(local(start) for _, start, _ in site(registered)) == [
        "02-03 07:30",
        "05-05 08:00",
    ]


def test_this_and_following_with_a_rule_that_drops_the_date(
    client, series, registered, committed
):
    with committed():
        series_split(
            series=series,
            from_occurrence=on(series, date(2026, 4, 7)),
            recurrence=first_wednesdays(),
        )

    assert_one_true_entry_each(client, registered, meetings=1)


def test_edits_one_after_another(client, series, registered, committed):
    may = on(series, date(2026, 5, 5))
    with committed():
        occurrence_move(
            occurrence=may, start=datetime(2026, 5, 5, 12, 0, tzinfo=CHICAGO)
        )
        series_update(series=series, start_time=time(8, 0), duration=timedelta(hours=1))
        series_split(
            series=series,
            from_occurrence=on(series, date(2026, 3, 3)),
            start_time=time(7, 0),
        )
        series_update(series=series, start_time=time(6, 45))

    assert_one_true_entry_each(client, registered, meetings=2)
    may.refresh_from_db()
    assert local(may.start) == "05-05 12:00"


# --- The meeting's page and file, from the first email ---------------------------


def _first_invitation_url(person) -> str:
    calendar = next(invitations(person))
    return str(next(iter(calendar.walk("VEVENT")))["URL"])


def test_the_first_emails_links_still_work_after_this_and_following(
    client, series, registered, committed
):
    may = on(series, date(2026, 5, 5))
    mail.outbox.pop(0)  # February's
    page = _first_invitation_url(registered)
    with committed():
        new = series_split(
            series=series,
            from_occurrence=on(series, date(2026, 4, 7)),
            start_time=time(8, 0),
        )

    response = client.get(page, follow=True)
    assert response.status_code == 200
    assert response.context["occurrence"] == on(new, date(2026, 5, 5))
    ics = client.get(
        reverse("occurrence_ics", kwargs={"slug": "sunrise", "pk": may.pk}),
        follow=True,
    )
    assert ics.status_code == 200
    event = next(iter(Calendar.from_ical(ics.content).walk("VEVENT")))
    assert local(event.start) == "05-05 08:00"
    assert str(event["UID"]) == occurrence_uid(on(new, date(2026, 5, 5)))


# --- Past meetings ---------------------------------------------------------------


def test_a_series_edit_never_marks_a_past_meeting_rescheduled(
    client, series, time_machine
):
    january = on(series, date(2026, 1, 6))
    time_machine.move_to(datetime(2026, 2, 10, 12, 0, tzinfo=CHICAGO))

    series_update(series=series, start_time=time(8, 0))

    page = client.get(
        reverse("occurrence_detail", kwargs={"slug": "sunrise", "pk": january.pk})
    )
    assert "EventScheduled" in page.content.decode()
    assert "EventRescheduled" not in page.content.decode()
    january.refresh_from_db()
    assert local(january.start) == "01-06 07:30"


def test_giving_up_a_place_takes_it_out_of_the_calendar(
    client, series, registered, committed
):
    """The invitation put the meeting in their calendar; cancelling their own
    place sends the CANCEL that takes it out again."""
    place = registered.registrations.get(occurrence=on(series, date(2026, 2, 3)))

    with committed():
        registration_cancel(registration=place)

    assert_one_true_entry_each(client, registered, meetings=1)
    cancel = mail.outbox[-1]
    assert cancel.subject.startswith("Place cancelled: ")
    (ics, _, mimetype) = cancel.attachments[0]
    assert mimetype == "text/calendar; method=CANCEL"
