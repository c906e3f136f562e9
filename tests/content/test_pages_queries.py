"""A landing page costs the same number of queries whatever it shows: one
block of each kind, or many heroes, testimonials and lists of meetings."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

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


def one_of_each(club):
    return [
        hero_block(image=make_image()),
        ("rich_text", "<p>We meet every month.</p>"),
        steps_block(),
        quotes_block(1),
        faq_block(),
        reward_terms_block(),
        upcoming_block(club=club, count=3),
    ]


def many_of_each(clubs):
    return [
        *(hero_block(f"Hero {n}", image=make_image()) for n in range(3)),
        *(("rich_text", f"<p>Paragraph {n}.</p>") for n in range(5)),
        steps_block("One", "Two", "Three", "Four", "Five", "Six"),
        quotes_block(20),
        faq_block(*(f"Question {n}?" for n in range(10))),
        reward_terms_block(),
        reward_terms_block(),
        *(upcoming_block(club=club, count=6) for club in clubs),
    ]


def queries_to_render(client, page) -> int:
    cache.clear()  # the page cache, and Wagtail's cached renditions
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.url)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def pages():
    clubs = [make_club() for _ in range(3)]
    for club in clubs:
        make_series(club, recurrence=weekly(), capacity=30)  # a year of meetings
    program = make_reward_program()
    small = make_landing_page(
        body=one_of_each(clubs[0]), reward_program=program, share_image=make_image()
    )
    large = make_landing_page(
        body=many_of_each(clubs), reward_program=program, share_image=make_image()
    )
    for page in (small, large):  # renditions are made on the first view
        assert Client().get(page.url).status_code == 200
    return small, large


def test_many_blocks_cost_what_one_block_of_each_costs(pages):
    small, large = pages
    client = Client()

    small_queries = queries_to_render(client, small)
    large_queries = queries_to_render(client, large)

    body = client.get(large.url).content.decode()
    assert body.count("<blockquote") == 20
    assert body.count("<details") == 10
    assert body.count(">Register<") == 18  # 3 clubs × 6 meetings
    assert body.count("srcset=") == 3
    assert large_queries == small_queries
    # With every cache cold: Wagtail's routing and site lookups, the images,
    # the clubs, one read for all meetings, the reward program.
    assert small_queries <= 20


def test_a_signed_in_member_pays_the_same_for_many_blocks(pages):
    small, large = pages
    client = Client()
    client.force_login(make_user())

    assert queries_to_render(client, large) == queries_to_render(client, small)
