"""A landing page's "Come to the next breakfast" offers the club's own
meetings; a training held at the club appears only where an editor chose it."""

import re
from datetime import time

import pytest
from django.test import Client

from clubs.models import Series
from clubs.selectors.meetings import upcoming_occurrences_for
from tests.builders import make_club, make_series, weekly
from tests.content.page_builders import make_landing_page, upcoming_block

pytestmark = pytest.mark.django_db


@pytest.fixture
def club():
    """A monthly breakfast, and a weekly training from tomorrow at 6:00
    (always sooner than the breakfast) held at the same club."""
    club = make_club(name="Northside Breakfast", slug="northside")
    make_series(club, title="Networking breakfast")
    make_series(
        club,
        title="Referral skills training",
        purpose=Series.Purpose.TRAINING,
        recurrence=weekly(),
        start_time=time(6, 0),
    )
    return club


def register_links(body: str) -> list[str]:
    return re.findall(r'href="/clubs/([^"]+#register)"', body)


def test_the_clubs_block_offers_its_breakfasts_and_not_the_training(club):
    breakfast = club.series.get(title="Networking breakfast")
    first = breakfast.occurrences.order_by("start").first()
    page = make_landing_page(
        body=[upcoming_block(club=club, count=2, heading="Come to the next breakfast")]
    )

    body = Client().get(page.url).content.decode()

    assert "Referral skills training" not in body
    # The first Register a guest taps is the next breakfast.
    assert register_links(body)[0] == f"northside/meetings/{first.pk}/#register"
    assert body.count(">Register<") == 2


def test_an_editor_who_picks_the_training_gets_the_training(club):
    training = club.series.get(purpose=Series.Purpose.TRAINING)
    page = make_landing_page(
        body=[
            upcoming_block(club=club, count=2, heading="Breakfasts"),
            upcoming_block(series=training, count=2, heading="Trainings"),
        ]
    )

    body = Client().get(page.url).content.decode()

    breakfasts, trainings = body.split(">Trainings<")
    assert "Referral skills training" not in breakfasts
    assert breakfasts.count(">Register<") == 2
    assert trainings.count("Referral skills training") >= 2
    assert trainings.count(">Register<") == 2


def test_one_read_serves_a_club_and_a_training_of_that_club(
    club, django_assert_num_queries
):
    training = club.series.get(purpose=Series.Purpose.TRAINING)

    with django_assert_num_queries(1):
        found = upcoming_occurrences_for(clubs=[club], series=[training], per_source=3)

    assert [m.series.title for m in found[("club", club.pk)]] == [
        "Networking breakfast"
    ] * 3
    assert [m.series_id for m in found[("series", training.pk)]] == [training.pk] * 3
