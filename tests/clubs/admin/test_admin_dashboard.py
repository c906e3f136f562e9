"""The admin dashboard shows a host their clubs' next meetings with places,
and links to the meeting, its door sheet and its agenda; only their clubs."""

import re
from datetime import date, time, timedelta

import pytest
from django.urls import reverse

from clubs.services.agendas import agenda_from_template
from tests.builders import (
    make_agenda_template,
    make_club,
    make_registration,
    make_series,
    make_user,
    weekly,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_before_2026")]


@pytest.fixture
def breakfast(club):
    """First Tuesdays at 7:30 in Chicago from 6 January, two seats."""
    return make_series(
        club, first_date=date(2026, 1, 6), ends_on=date(2026, 4, 30), capacity=2
    )


@pytest.fixture
def theirs():
    return make_series(make_club(name="Hilltop Experts"), title="Hilltop lunch")


def panel(client) -> str:
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    match = re.search(r'id="next-meetings-section".*?</section>', page, flags=re.S)
    assert match, "no next-meetings panel"
    return match.group(0)


def test_the_host_sees_the_next_meeting_with_its_places_and_links(
    host_client, club, breakfast, theirs
):
    meeting = breakfast.occurrences.order_by("start").first()
    make_registration(meeting)
    make_registration(meeting)
    make_registration(meeting, name="Wanda Wait", email="wanda@example.com")
    agenda = agenda_from_template(
        occurrence=meeting, template=make_agenda_template(club)
    )

    html = panel(host_client)

    assert "Your next meetings" in html
    assert "Networking breakfast" in html
    assert "Tue, 6 Jan 2026, 07:30 CST" in html
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Confirmed: 2 of 2 · Waitlist: 1" in text
    assert reverse("club_meetings:edit", args=[meeting.pk]) in html
    door = reverse("occurrence_attendance", args=[club.slug, meeting.pk])
    assert door in html
    assert reverse("wagtailsnippets_clubs_agenda:edit", args=[agenda.pk]) in html
    assert "Agenda (draft)" in html
    assert "Hilltop" not in html
    assert "Tue 03 Feb 2026" not in html  # one meeting per series: the next


def test_a_meeting_without_an_agenda_links_to_creating_one(host_client, breakfast):
    meeting = breakfast.occurrences.order_by("start").first()

    html = panel(host_client)

    assert reverse("club_meetings:agenda", args=[meeting.pk]) in html
    assert "Create agenda" in html


def test_each_series_shows_its_next_meeting_soonest_first(host_client, club, breakfast):
    make_series(
        club,
        title="Referral skills training",
        recurrence=weekly(),
        first_date=date(2025, 12, 17),
        start_time=time(18, 0),
        duration=timedelta(minutes=60),
    )

    html = panel(host_client)

    assert html.index("Referral skills training") < html.index("Networking breakfast")
    assert "Wed, 17 Dec 2025, 18:00 CST" in html


def test_a_superuser_sees_every_club(client, breakfast, theirs):
    client.force_login(make_user(is_superuser=True, is_staff=True))

    html = panel(client)

    assert "Networking breakfast" in html
    assert "Hilltop lunch" in html


def test_the_panel_needs_the_same_queries_for_one_club_or_many(
    client, django_assert_max_num_queries
):
    admin = make_user(is_superuser=True, is_staff=True)
    client.force_login(admin)
    make_series(make_club(), capacity=5)
    with django_assert_max_num_queries(60) as one:
        panel(client)
    for n in range(6):
        series = make_series(make_club(), title=f"Series {n}", capacity=5)
        make_registration(series.occurrences.order_by("start").first())

    with django_assert_max_num_queries(len(one.captured_queries)):
        html = panel(client)
    assert html.count("Door sheet</a>") == 7
