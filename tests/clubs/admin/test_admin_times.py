"""Times in the host's admin are on the meeting's (or club's) clock, with the
zone's abbreviation, never in UTC beside a Chicago start."""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tests.builders import make_member, make_registration, make_series

CHICAGO = ZoneInfo("America/Chicago")
REGISTERED = datetime(2025, 12, 10, 21, 15, tzinfo=CHICAGO)  # 03:15 UTC next day

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration(club, time_machine):
    time_machine.move_to(REGISTERED, tick=False)
    series = make_series(club, first_date=date(2026, 1, 6), ends_on=date(2026, 1, 31))
    return make_registration(series.occurrences.get(), name="Ana", email="a@x.org")


def test_registrations_show_when_people_registered_on_the_clubs_clock(
    host_client, registration
):
    page = host_client.get(reverse("club_registrations:index")).content.decode()

    assert "Wed, 10 Dec 2025, 21:15 CST" in page
    assert "Tue, 6 Jan 2026, 07:30 CST" in page
    assert "3:15" not in page  # the UTC time, however Wagtail would write it


def test_the_registrations_export_writes_the_same_local_times(
    host_client, registration
):
    url = reverse("club_registrations:index") + "?export=csv"
    response = host_client.get(url)

    (row,) = csv.DictReader(io.StringIO(response.getvalue().decode()))
    assert row["Registered"] == "2025-12-10 21:15 CST"
    assert row["Starts (local time)"] == "2026-01-06 07:30"


def test_members_joined_on_the_clubs_clock(host_client, club, registration):
    make_member(club, first_name="Mia")  # the clock still reads REGISTERED

    page = host_client.get(reverse("club_memberships:index")).content.decode()

    assert "Joined" in page
    assert "Wed, 10 Dec 2025, 21:15 CST" in page


def test_a_registrations_inspect_page_reads_the_meetings_clock(
    host_client, registration
):
    url = reverse("club_registrations:inspect", args=[registration.pk])

    page = host_client.get(url).content.decode()

    assert "Wed, 10 Dec 2025, 21:15 CST" in page
    assert "3:15" not in page
