"""Landing pages are built once and served from the site cache to every
anonymous visitor, personal share links included; a signed-in member always
gets a page of their own."""

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from clubs.cookies import (
    Touch,
    remember_touch,
)
from tests.builders import make_club, make_series, make_user
from tests.content.page_builders import (
    hero_block,
    make_article,
    make_article_index,
    make_landing_page,
    make_reward_program,
    reward_terms_block,
    translate,
    upcoming_block,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def page():
    club = make_club()
    make_series(club, capacity=10)
    return make_landing_page(
        body=[hero_block(), upcoming_block(club=club), reward_terms_block()],
        reward_program=make_reward_program(),
    )


def test_an_anonymous_landing_page_may_be_kept_by_any_cache(page):
    response = Client().get(page.url)

    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "public" in cache_control
    assert f"s-maxage={settings.CACHE_MIDDLEWARE_SECONDS}" in cache_control
    # Shared caches keep it; a browser asks again, so a visitor who signs in
    # next sees their own page, not the copy their browser kept.
    assert "max-age=0" in cache_control
    assert "cookie" not in response.get("Vary", "").lower()
    assert not response.cookies  # no session, no csrftoken
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_the_second_anonymous_visit_is_served_from_the_cache(
    page, django_assert_num_queries
):
    first = Client().get(page.url)

    with django_assert_num_queries(0):
        second = Client().get(page.url)

    assert second.status_code == 200
    assert second.content == first.content


def test_a_visitor_who_came_through_a_share_link_gets_the_cached_page(
    page, django_assert_num_queries, rf
):
    member = make_user()
    cached = Client().get(page.url)
    visitor = Client()
    # The cookie /r/<code>/<page>/ sets: a signed first touch.
    carrier = HttpResponse()
    touch = Touch(
        code=member.referral_code, page_id=page.pk, program_id=None, at=timezone.now()
    )
    assert remember_touch(rf.get("/"), carrier, touch)
    visitor.cookies.update(carrier.cookies)

    with django_assert_num_queries(0):
        response = visitor.get(page.url)

    assert response.content == cached.content
    assert member.referral_code not in response.content.decode()


def test_a_signed_in_member_gets_a_fresh_private_page_never_the_cached_one(page):
    Client().get(page.url)  # cached for visitors
    member = make_user(first_name="Marta")
    client = Client()
    client.force_login(member)

    response = client.get(page.url)

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert "cookie" in response["Vary"].lower()
    body = response.content.decode()
    assert "Sign out" in body
    templates = [template.name for template in response.templates]
    assert "content/includes/share_panel.html" in templates


def test_the_member_page_is_not_served_to_the_next_visitor(page):
    member = make_user()
    client = Client()
    client.force_login(member)
    client.get(page.url)

    anonymous = Client().get(page.url)

    assert "Sign out" not in anonymous.content.decode()
    assert "Sign in" in anonymous.content.decode()


def test_each_language_has_its_own_cached_copy(page):
    spanish = translate(page, title="Trae a un amigo al desayuno")
    english = Client().get(page.url)

    response = Client().get(spanish.url)

    assert spanish.url.startswith("/es/")
    assert response.status_code == 200
    assert "Trae a un amigo al desayuno" in response.content.decode()
    assert english.content != response.content


def test_the_other_content_pages_are_cacheable_too():
    index = make_article_index()
    article = make_article(index)

    for url in ("/", index.url, article.url):
        response = Client().get(url)
        assert response.status_code == 200, url
        assert "public" in response["Cache-Control"], url
        assert not response.cookies, url
        assert "cookie" not in response.get("Vary", "").lower(), url
