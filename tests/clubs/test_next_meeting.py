"""A club's "next meeting" is one of its own meetings: never the mastermind
training (or any other hosted event) held on the club, which starts sooner."""

import re
from datetime import time
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from clubs.models import Series
from clubs.selectors.referrals import next_meetings
from tests.builders import make_club, make_series, weekly

pytestmark = pytest.mark.django_db


@pytest.fixture
def club():
    """A breakfast on first Tuesdays at 7:30 and, weekly from tomorrow at
    6:00 (so always sooner), a training another group holds at the club."""
    club = make_club(name="Northside Breakfast")
    make_series(club, title="Networking breakfast")
    make_series(
        club,
        title="Referral skills training",
        purpose=Series.Purpose.TRAINING,
        recurrence=weekly(),
        start_time=time(6, 0),
    )
    return club


def first_start(club, purpose):
    series = club.series.get(purpose=purpose)
    return series.occurrences.order_by("start").first().start


def local_iso(instant, club):
    return instant.astimezone(ZoneInfo(club.time_zone)).isoformat()


def test_the_directory_gives_the_clubs_own_next_meeting(club):
    breakfast = first_start(club, Series.Purpose.MEETING)
    training = first_start(club, Series.Purpose.TRAINING)
    assert training < breakfast  # the training really is sooner

    page = Client().get(reverse("club_directory")).content.decode()

    assert f'datetime="{local_iso(breakfast, club)}"' in page
    assert local_iso(training, club) not in page


def test_a_club_with_only_a_training_has_no_next_meeting_in_the_directory():
    club = make_club(name="Quiet Club")
    make_series(club, title="Training", purpose=Series.Purpose.TRAINING)

    page = Client().get(reverse("club_directory")).content.decode()

    assert "No meeting scheduled yet." in page


def test_the_club_page_lists_its_own_meetings_and_the_trainings_apart(club):
    page = Client().get(reverse("club_detail", args=[club.slug])).content.decode()

    upcoming, hosted = re.split(r'<h2 id="hosted">', page)
    own = upcoming.split('<h2 id="upcoming">')[1]
    assert "Networking breakfast" in own
    assert "Referral skills training" not in own
    assert "Trainings held here" in hosted
    assert "Referral skills training" in hosted


def test_a_club_without_trainings_shows_no_trainings_section():
    club = make_club()
    make_series(club)

    page = Client().get(reverse("club_detail", args=[club.slug])).content.decode()

    assert "Trainings held here" not in page


def test_thank_yous_are_read_out_at_the_clubs_own_meetings(club):
    titles = {occurrence.series.title for occurrence in next_meetings(club)}

    assert titles == {"Networking breakfast"}
