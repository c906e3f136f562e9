"""Issue 13: the home page leads somewhere. It lists the next meetings of the
public clubs and the way to every referral page and guide; visitors are
offered a meeting, not an account; a signed-in member is shown their home,
never "Create your account"; and the anonymous page stays cacheable."""

from datetime import time, timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from clubs.models import Club
from clubs.services.meetings import occurrence_cancel
from content.demo.pages import HOME_BODY
from tests.builders import make_club, make_occurrence, make_series, make_user, weekly
from tests.content.page_builders import (
    home_page,
    make_article,
    make_article_index,
    make_landing_page,
)

pytestmark = pytest.mark.django_db


def home_html(client=None) -> str:
    response = (client or Client()).get("/")
    assert response.status_code == 200
    return response.content.decode()


def with_signup_buttons():
    home = home_page()
    home.hero_button_label = "Join a club"
    home.hero_button_url = "/accounts/signup/"
    home.body = [
        (
            "call_to_action",
            {
                "heading": "Come as a guest",
                "text": "",
                "button_label": "Create your account",
                "button_url": "/accounts/signup/",
            },
        )
    ]
    home.save_revision().publish()


def test_it_lists_the_next_public_meetings_soonest_first_in_the_clubs_zone():
    later = make_occurrence(
        make_club(name="Southside Lunch", time_zone="Europe/Madrid"),
        title="Lunch and referrals",
        recurrence=weekly(),
        first_date=timezone.localdate() + timedelta(days=20),
        start_time=time(13, 15),
    )
    sooner = make_occurrence(
        make_club(name="Northside Breakfast", time_zone="America/Chicago"),
        title="Networking breakfast",
        recurrence=weekly(),
        first_date=timezone.localdate() + timedelta(days=2),
    )

    html = home_html()

    assert html.index(f"/meetings/{sooner.pk}/") < html.index(f"/meetings/{later.pk}/")
    assert "Northside Breakfast" in html and "Southside Lunch" in html
    assert "07:30" in html and "(America/Chicago)" in html
    assert "13:15" in html and "(Europe/Madrid)" in html
    for occurrence in (sooner, later):
        club = occurrence.series.club
        assert f'href="/clubs/{club.slug}/meetings/{occurrence.pk}/#register"' in html


def test_members_only_clubs_and_cancelled_meetings_stay_off_it():
    make_occurrence(
        make_club(visibility=Club.Visibility.MEMBERS), title="Private dinner"
    )
    cancelled = make_occurrence(make_club(), title="Called-off breakfast")
    occurrence_cancel(occurrence=cancelled, reason="Snow")

    html = home_html()

    assert "Private dinner" not in html
    assert f"/meetings/{cancelled.pk}/" not in html
    assert "Called-off breakfast" in html  # its later dates still stand


def test_it_leads_to_every_live_referral_page_and_guide():
    landing = make_landing_page(title="Bring a guest to breakfast")
    index = make_article_index(title="Guides")
    guide = make_article(index, title="Running a breakfast guests come back to")
    draft = make_article(index, title="Unfinished thoughts", live=False)

    html = home_html()

    for page in (landing, index, guide):
        assert f'href="{page.url}"' in html
    assert draft.title not in html


def test_come_as_a_guest_leads_to_a_meeting_not_to_sign_up():
    """The demo's "Come as a guest" offers meetings to choose from."""
    cta = next(value for kind, value in HOME_BODY if kind == "call_to_action")

    assert cta["heading"] == "Come as a guest"
    assert cta["button_url"] == "/clubs/"
    response = Client().get(cta["button_url"])
    assert response.status_code == 200
    assert "Create your account" not in cta["button_label"]


def test_a_signed_in_member_is_shown_their_home_not_told_to_sign_up(client):
    with_signup_buttons()
    client.force_login(make_user(first_name="Ana"))

    html = home_html(client)

    assert "Welcome back, Ana." in html
    assert 'href="/home/"' in html
    assert "Create your account" not in html
    assert "Join a club" not in html


def test_a_visitor_still_sees_the_editors_buttons_and_no_welcome():
    with_signup_buttons()

    html = home_html()

    assert "Create your account" in html and "Join a club" in html
    assert "Welcome back" not in html
    assert 'href="/home/"' not in html


def test_the_anonymous_home_page_is_cacheable_and_a_members_is_private(client):
    make_occurrence(make_club())
    anonymous = Client().get("/")
    client.force_login(make_user())
    signed_in = client.get("/")

    assert "public" in anonymous["Cache-Control"]
    assert f"s-maxage={settings.CACHE_MIDDLEWARE_SECONDS}" in anonymous["Cache-Control"]
    assert not anonymous.cookies
    assert "private" in signed_in["Cache-Control"]


def test_the_home_page_costs_the_same_queries_however_many_meetings_and_pages(
    django_assert_max_num_queries,
):
    make_series(make_club(), recurrence=weekly())
    make_landing_page()
    index = make_article_index()
    make_article(index)
    with django_assert_max_num_queries(30) as few:
        Client().get("/")
    for _ in range(3):
        make_series(make_club(), recurrence=weekly())
        make_landing_page()
        make_article(index)

    with django_assert_max_num_queries(len(few.captured_queries)):
        html = home_html()
    assert html.count('class="event-card"') == 6
