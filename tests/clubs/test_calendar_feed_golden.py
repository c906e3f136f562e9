"""The member feed, byte for byte: a fixed member's feed must come out
exactly as the saved copy (tests/clubs/fixtures/member_feed.ics), written by
the feed builder before it was made faster. Any change to what calendar apps
download shows up here as a diff. Regenerate only for a deliberate change:
SAVE_GOLDEN=1 pytest tests/clubs/test_calendar_feed_golden.py"""

import os
from datetime import timedelta
from pathlib import Path
from uuid import UUID

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clubs.calendar.feeds import member_feed
from clubs.models import Agenda, AgendaItem, Occurrence, Series
from clubs.services.meetings import occurrence_cancel, occurrence_move
from tests.builders import make_club, make_registration, make_series, make_user
from tests.clubs.report_builders import NOW

GOLDEN = Path(__file__).parent / "fixtures" / "member_feed.ics"


@pytest.fixture
def member(time_machine):
    time_machine.move_to(NOW, tick=False)
    member = make_user(email="golden@example.com")
    for n, zone in enumerate(["America/Chicago", "Europe/Berlin", "Asia/Jakarta"]):
        club = make_club(slug=f"golden-{n}", name=f"Golden {n}", time_zone=zone)
        series = make_series(club, title=f"Breakfast {n}", time_zone=zone)
        series = make_series(club, title=f"Lunch {n}", capacity=1 if n else None)
        _shape(series, member)
    # Random identities, made fixed so the bytes can be compared.
    for n, series in enumerate(Series.objects.order_by("pk")):
        Series.objects.filter(pk=series.pk).update(uid=UUID(int=n + 1))
    for n, occurrence in enumerate(Occurrence.objects.order_by("pk")):
        Occurrence.objects.filter(pk=occurrence.pk).update(
            calendar_uid=UUID(int=1000 + n)
        )
    return member


def _shape(series, member) -> None:
    occurrences = list(series.occurrences.order_by("start")[:8])
    for index, occurrence in enumerate(occurrences):
        if occurrence.capacity == 1:
            make_registration(occurrence)  # the member waits
        make_registration(occurrence, member)
        if index % 3 == 1:
            agenda = Agenda.objects.create(
                occurrence=occurrence, intro="Welcome", live=True
            )
            AgendaItem.objects.create(
                agenda=agenda, kind="wins", title="Wins", minutes=20
            )
    moved = occurrences[2]
    occurrence_move(occurrence=moved, start=moved.start + timedelta(hours=1))
    occurrence_cancel(occurrence=occurrences[3], reason="Holiday")


@pytest.mark.django_db(reset_sequences=True)
def test_the_member_feed_is_byte_for_byte_the_saved_one(member):
    body = member_feed(member)
    if os.environ.get("SAVE_GOLDEN"):
        GOLDEN.write_bytes(body)
    assert body.count(b"BEGIN:VEVENT") == 24
    assert body == GOLDEN.read_bytes()


@pytest.mark.django_db
def test_rebuilding_the_feed_costs_the_same_queries_at_ten_times_the_places():
    member = make_user()
    for occurrence in make_series().occurrences.order_by("start")[:2]:
        make_registration(occurrence, member)
    agenda = Agenda.objects.create(occurrence=occurrence, live=True)
    AgendaItem.objects.create(agenda=agenda, kind="wins", title="Wins", minutes=20)
    with CaptureQueriesContext(connection) as one_times:
        assert member_feed(member).count(b"BEGIN:VEVENT") == 2

    for n in range(3):
        club = make_club(time_zone=["Europe/Berlin", "Asia/Jakarta", "UTC"][n])
        for occurrence in make_series(club).occurrences.order_by("start")[:6]:
            make_registration(occurrence, member)
            agenda = Agenda.objects.create(occurrence=occurrence, live=True)
            AgendaItem.objects.create(
                agenda=agenda, kind="wins", title="Wins", minutes=20
            )
    with CaptureQueriesContext(connection) as ten_times:
        assert member_feed(member).count(b"BEGIN:VEVENT") == 20

    assert len(ten_times) == len(one_times)
