"""A referral landing page as visitors read it: its blocks, the reward terms,
and the next meetings with a way to register."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from clubs.models import Club
from clubs.selectors.meetings import upcoming_occurrences_for
from content.models import LandingPage
from tests.builders import make_club, make_series, make_user, weekly
from tests.content.page_builders import (
    faq_block,
    hero_block,
    make_image,
    make_landing_page,
    make_reward_program,
    quotes_block,
    reward_terms_block,
    steps_block,
    upcoming_block,
)

pytestmark = pytest.mark.django_db


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_a_visitor_reads_every_block_of_the_page():
    image = make_image(title="Members at breakfast")
    page = make_landing_page(
        body=[
            hero_block("Grow through people who know you", image=image),
            ("rich_text", "<p>We meet <b>every month</b>.</p>"),
            steps_block("Open the link", "Pick a breakfast", "Come along"),
            quotes_block(2),
            faq_block("Do I have to pay?", "Can I bring a colleague?"),
            (
                "call_to_action",
                {
                    "heading": "Questions?",
                    "text": "",
                    "button_label": "Write to us",
                    "button_url": "https://example.com/contact",
                },
            ),
        ]
    )

    body = html(Client().get(page.url))

    assert "<h1" in body and page.title in body
    assert "Grow through people who know you" in body
    assert "<b>every month</b>" in body
    steps_list = re.search(r"<ol[^>]*>(.*?)</ol>", body, re.S).group(1)
    assert steps_list.count("<li>") == 3 and "Pick a breakfast" in steps_list
    assert body.count("<blockquote") == 2
    assert "<figcaption" in body and "Ana 1" in body and "Ana&#x27;s Bakery" in body
    assert body.count("<details") == 2
    assert "<summary>Can I bring a colleague?</summary>" in body
    assert 'href="https://example.com/contact"' in body


def test_the_hero_image_comes_in_several_sizes_with_its_alt_text():
    page = make_landing_page(body=[hero_block(image=make_image())])

    body = html(Client().get(page.url))

    img = re.search(r"<img [^>]*>", body).group(0)
    assert 'alt="Members"' in img
    assert "srcset=" in img and "480w" in img and "960w" in img and "1440w" in img
    assert "sizes=" in img


def test_the_reward_terms_show_what_each_side_gets_and_when():
    program = make_reward_program(qualifying_action="attended")
    page = make_landing_page(body=[reward_terms_block()], reward_program=program)

    body = html(Client().get(page.url))

    assert "What you both get" in body
    assert "A free breakfast at the next meeting" in body
    assert "Your first breakfast on the house" in body
    assert "attends their first meeting" in body
    assert "One reward per friend" in body


def test_without_a_reward_program_the_terms_block_shows_nothing():
    page = make_landing_page(body=[hero_block(), reward_terms_block()])

    body = html(Client().get(page.url))

    assert "What you both get" not in body


def test_upcoming_meetings_link_to_each_meetings_registration_form():
    club = make_club(
        name="Northside Breakfast", slug="northside", venue_name="Café Luna"
    )
    series = make_series(club, capacity=20, time_zone="America/Chicago")
    page = make_landing_page(body=[upcoming_block(club=club, count=2)])
    first, second = series.occurrences.order_by("start")[:2]

    body = html(Client().get(page.url))

    assert body.count(">Register<") == 2
    assert f'href="/clubs/northside/meetings/{first.pk}/#register"' in body
    assert f'href="/clubs/northside/meetings/{second.pk}/#register"' in body
    assert "Café Luna" in body
    assert "20 seats left" in body
    # 7:30 in Chicago, whatever the server's zone, and the offset says so.
    assert "07:30" in body and "America/Chicago" in body
    assert re.search(r'datetime="\d{4}-\d\d-\d\dT07:30:00-0[56]:00"', body)

    # The register link leads to a page with the guest form at that anchor.
    occurrence_page = html(Client().get(f"/clubs/northside/meetings/{first.pk}/"))
    assert 'id="register"' in occurrence_page
    assert "Register as a guest" in occurrence_page


def test_anonymous_pages_carry_no_forms_so_they_can_be_cached():
    club = make_club()
    make_series(club)
    page = make_landing_page(
        body=[hero_block(), upcoming_block(club=club), reward_terms_block()]
    )

    body = html(Client().get(page.url))

    assert "<form" not in body
    assert "csrfmiddlewaretoken" not in body


def test_one_series_only_shows_that_series_meetings():
    club = make_club()
    breakfast = make_series(club, title="Breakfast")
    make_series(club, title="Expert webinar", recurrence=weekly())
    page = make_landing_page(body=[upcoming_block(series=breakfast, count=3)])

    body = html(Client().get(page.url))

    assert body.count(">Register<") == 3
    assert "Breakfast" in body
    assert "Expert webinar" not in body


def test_cancelled_past_and_members_only_meetings_are_not_offered():
    club = make_club()
    series = make_series(club, recurrence=weekly())
    cancelled = series.occurrences.order_by("start").first()
    cancelled.status = "cancelled"
    cancelled.save()
    private = make_club(visibility=Club.Visibility.MEMBERS)
    make_series(private, title="Members-only supper")
    page = make_landing_page(
        body=[upcoming_block(club=club, count=2), upcoming_block(club=private, count=2)]
    )

    body = html(Client().get(page.url))

    assert f"/meetings/{cancelled.pk}/" not in body
    assert "Members-only supper" not in body
    assert body.count(">Register<") == 2
    assert "No meetings are scheduled right now" in body


def test_the_selector_reads_every_source_in_one_query(django_assert_num_queries):
    clubs = [make_club() for _ in range(3)]
    for club in clubs:
        make_series(club, recurrence=weekly())
        make_series(club, title="Second series", recurrence=weekly())
    one_series = clubs[0].series.first()

    with django_assert_num_queries(1):
        found = upcoming_occurrences_for(clubs=clubs, series=[one_series], per_source=4)

    for club in clubs:
        meetings = found[("club", club.pk)]
        assert len(meetings) == 4
        assert meetings == sorted(meetings, key=lambda occurrence: occurrence.start)
        assert all(m.series.club_id == club.pk for m in meetings)
        assert meetings[0].start >= timezone.now()
    series_meetings = found[("series", one_series.pk)]
    assert len(series_meetings) == 4
    assert {m.series_id for m in series_meetings} == {one_series.pk}
    assert series_meetings[-1].start - series_meetings[0].start >= timedelta(weeks=3)


def test_a_hero_without_a_button_label_points_to_the_meetings():
    club = make_club()
    make_series(club)
    page = make_landing_page(body=[hero_block(), upcoming_block(club=club)])

    body = html(Client().get(page.url))

    assert 'href="#meetings"' in body
    assert 'id="meetings"' in body


def test_signed_in_members_get_the_share_panel_slot_and_visitors_do_not():
    page = make_landing_page()
    member = make_user()
    client = Client()
    client.force_login(member)

    anonymous = Client().get(page.url)
    personal = client.get(page.url)

    panel = "content/includes/share_panel.html"
    assert panel in [template.name for template in personal.templates]
    assert panel not in [template.name for template in anonymous.templates]
    assert isinstance(personal.context["page"], LandingPage)
