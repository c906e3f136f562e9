"""The schema.org Event data of a meeting page, built directly."""

import json
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from clubs.services.meetings import occurrence_cancel, occurrence_move
from clubs.structured_data import event_json_ld
from tests.builders import make_club, make_series

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


def data(occurrence) -> dict:
    occurrence.refresh_from_db()
    return json.loads(event_json_ld(occurrence, club_url="/clubs/x/"))


@pytest.fixture
def meetings():
    series = make_series(make_club(time_zone="UTC"), time_zone="Europe/Berlin")
    return list(series.occurrences.order_by("start")[:3])


def test_a_moved_meeting_names_its_previous_start_in_the_series_zone(meetings):
    moved = meetings[0]
    original = moved.original_start.astimezone(BERLIN)
    occurrence_move(occurrence=moved, start=moved.start + timedelta(days=1, hours=2))

    seen = data(moved)

    assert seen["eventStatus"] == "https://schema.org/EventRescheduled"
    assert seen["previousStartDate"] == original.isoformat()
    assert seen["previousStartDate"].endswith(("+01:00", "+02:00"))
    assert "T07:30:00" in seen["previousStartDate"]
    assert "T09:30:00" in seen["startDate"]


def test_a_meeting_moved_then_cancelled_keeps_its_previous_start(meetings):
    moved = meetings[1]
    original = moved.original_start.astimezone(BERLIN).isoformat()
    occurrence_move(occurrence=moved, start=moved.start + timedelta(hours=1))
    occurrence_cancel(occurrence=moved, reason="Snow")

    seen = data(moved)

    assert seen["eventStatus"] == "https://schema.org/EventCancelled"
    assert seen["previousStartDate"] == original


def test_a_meeting_at_its_scheduled_time_has_no_previous_start(meetings):
    cancelled = meetings[2]
    occurrence_cancel(occurrence=cancelled, reason="Snow")

    assert "previousStartDate" not in data(meetings[0])
    assert "previousStartDate" not in data(cancelled)
