"""Editing one meeting in the admin goes through the meeting services."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from clubs.demo.people import _hosts_group
from clubs.models import Occurrence, Registration
from tests.builders import (
    make_membership,
    make_registration,
    make_series,
    make_user,
)

CHICAGO = ZoneInfo("America/Chicago")

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(club, time_machine):
    time_machine.move_to(date(2025, 12, 1))
    series = make_series(
        club, first_date=date(2026, 1, 6), ends_on=date(2026, 3, 31), capacity=2
    )
    return series.occurrences.get(original_start__date=date(2026, 2, 3))


def edit_data(meeting, **changes):
    data = {
        "start": meeting.start.astimezone(CHICAGO).strftime("%Y-%m-%d %H:%M"),
        "end": meeting.end.astimezone(CHICAGO).strftime("%Y-%m-%d %H:%M"),
        "venue_name": meeting.venue_name,
        "venue_address": meeting.venue_address,
        "online_url": meeting.online_url,
        "capacity": "" if meeting.capacity is None else meeting.capacity,
        "note": meeting.note,
    }
    return {**data, **changes}


def edit(client, meeting, **changes):
    url = reverse("club_meetings:edit", args=[meeting.pk])
    return client.post(url, edit_data(meeting, **changes))


def test_moving_a_meeting_tells_the_people_registered(host_client, meeting, committed):
    make_registration(meeting, email="ana@example.com", name="Ana")
    mail.outbox.clear()

    with committed():
        response = edit(
            host_client,
            meeting,
            start="2026-02-04 09:00",
            end="2026-02-04 10:30",
            venue_name="The Hilltop Café",
        )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.start == datetime(2026, 2, 4, 9, 0, tzinfo=CHICAGO)
    assert meeting.original_start == datetime(2026, 2, 3, 7, 30, tzinfo=CHICAGO)
    assert meeting.venue_name == "The Hilltop Café"
    assert meeting.sequence == 1
    (email,) = mail.outbox
    assert email.to == ["ana@example.com"]
    assert email.subject.startswith("New time or place")


def test_times_are_read_in_the_meetings_zone_whatever_the_hosts_zone(
    client, club, meeting
):
    host = make_user(time_zone="Asia/Tokyo")
    host.groups.add(_hosts_group())
    make_membership(club, host, role="cohost")
    client.force_login(host)

    edit(client, meeting, start="2026-02-03 08:00", end="2026-02-03 09:30")

    meeting.refresh_from_db()
    assert meeting.start == datetime(2026, 2, 3, 8, 0, tzinfo=CHICAGO)


def test_a_meeting_that_ends_before_it_starts_is_refused_beside_the_field(
    host_client, meeting
):
    response = edit(host_client, meeting, end="2026-02-03 07:00")

    assert response.status_code == 200
    assert response.context["form"].errors["end"] == [
        "The meeting must end after it starts."
    ]
    meeting.refresh_from_db()
    assert meeting.sequence == 0


def test_capacity_below_the_people_confirmed_is_refused_beside_the_field(
    host_client, meeting
):
    make_registration(meeting)
    make_registration(meeting)

    response = edit(host_client, meeting, capacity=1)

    assert response.status_code == 200
    assert "already confirmed" in response.context["form"].errors["capacity"][0]
    meeting.refresh_from_db()
    assert meeting.capacity == 2


def test_more_seats_move_the_waitlist_up(host_client, meeting, committed):
    make_registration(meeting)
    make_registration(meeting)
    waiting = make_registration(meeting, email="wait@example.com", name="W")
    mail.outbox.clear()

    with committed():
        edit(host_client, meeting, capacity=3)

    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["A seat opened up"]


def test_a_note_for_one_date(host_client, meeting):
    edit(host_client, meeting, note="  Parking is behind the building.  ")

    meeting.refresh_from_db()
    assert meeting.note == "Parking is behind the building."
    assert meeting.sequence == 1


def test_saving_without_changes_changes_nothing(host_client, meeting):
    response = edit(host_client, meeting)

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.sequence == 0


def test_cancelling_needs_a_reason(host_client, meeting):
    url = reverse("club_meetings:cancel", args=[meeting.pk])

    response = host_client.post(url, {"cancel_reason": "  "})

    assert response.status_code == 200
    assert "cancel_reason" in response.context["form"].errors
    meeting.refresh_from_db()
    assert meeting.status == Occurrence.Status.SCHEDULED


def test_cancelling_tells_everyone_registered(host_client, meeting, committed):
    make_registration(meeting, email="ana@example.com", name="Ana")
    mail.outbox.clear()
    url = reverse("club_meetings:cancel", args=[meeting.pk])

    with committed():
        response = host_client.post(url, {"cancel_reason": "The venue flooded."})

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Occurrence.Status.CANCELLED
    assert meeting.cancel_reason == "The venue flooded."
    (email,) = mail.outbox
    assert email.subject.startswith("Cancelled")


def test_a_cancelled_meeting_cannot_be_moved(host_client, meeting):
    url = reverse("club_meetings:cancel", args=[meeting.pk])
    host_client.post(url, {"cancel_reason": "Holiday."})
    meeting.refresh_from_db()

    response = edit(host_client, meeting, start="2026-02-04 07:30")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "A cancelled meeting cannot be moved."
    ]


def test_the_meetings_list_offers_the_hosts_actions(host_client, meeting):
    page = host_client.get(reverse("club_meetings:index")).content.decode()

    assert reverse("club_meetings:cancel", args=[meeting.pk]) in page
    assert reverse("club_meetings:following", args=[meeting.pk]) in page
    assert reverse("club_meetings:agenda", args=[meeting.pk]) in page


def test_the_meeting_page_offers_the_hosts_actions(host_client, meeting):
    url = reverse("club_meetings:edit", args=[meeting.pk])

    page = host_client.get(url).content.decode()

    assert reverse("club_meetings:cancel", args=[meeting.pk]) in page
    assert reverse("club_meetings:following", args=[meeting.pk]) in page
    assert "Starts (America/Chicago time)" in page
    assert 'value="2026-02-03 07:30"' in page
