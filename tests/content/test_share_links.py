"""Following a member's personal link: `/r/<code>/<page>/`.

The visit is counted for the member and the page, the member is remembered
in a signed first-party cookie (first touch wins), and the visitor lands on
the clean page URL. The link response itself is never cached.
"""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from clubs.cookies import (
    COOKIE,
    Touch,
    touch_from_request,
)
from clubs.models import RewardProgram
from content.models import LinkVisit
from content.services import link_visits_flush
from tests.builders import make_user
from tests.content.page_builders import make_bring_a_friend_page as make_landing_page

pytestmark = pytest.mark.django_db


def link(member, page) -> str:
    return reverse(
        "share_link", kwargs={"code": member.referral_code, "page_id": page.pk}
    )


def remembered(client) -> Touch | None:
    morsel = client.cookies.get(COOKIE)
    if morsel is None or not morsel.value:
        return None
    request = RequestFactory().get("/")
    request.COOKIES[COOKIE] = morsel.value
    return touch_from_request(request)


def visits(member, page) -> int:
    """The member's visits to the page once the cache's counts are flushed."""
    link_visits_flush()
    row = LinkVisit.objects.filter(member=member, page=page).first()
    return row.visits if row else 0


def test_a_link_counts_the_visit_remembers_the_member_and_lands_on_the_page(client):
    program = RewardProgram.objects.create(
        name="Breakfast", referrer_reward="A coffee", friend_reward="A croissant"
    )
    page = make_landing_page(reward_program=program)
    member = make_user()

    response = client.get(link(member, page))

    assert response.status_code == 302
    assert response["Location"] == "/bring-a-friend/"
    assert member.referral_code not in response["Location"]
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    touch = remembered(client)
    assert (touch.code, touch.page_id, touch.program_id) == (
        member.referral_code,
        page.pk,
        program.pk,
    )
    assert abs(touch.at - timezone.now()) < timedelta(minutes=1)
    assert response.cookies[COOKIE]["httponly"]
    assert response.cookies[COOKIE]["samesite"] == "Lax"
    assert visits(member, page) == 1
    assert LinkVisit.objects.get().day == timezone.now().date()


def test_visits_are_counted_per_member_and_page(client):
    page, other_page = make_landing_page(), make_landing_page(slug="second", title="2")
    ana, ben = make_user(), make_user()

    for url, visitor in [
        (link(ana, page), "203.0.113.1"),
        (link(ana, page), "203.0.113.2"),
        (link(ben, page), "203.0.113.1"),
        (link(ana, other_page), "203.0.113.1"),
    ]:
        client.cookies.clear()
        assert client.get(url, REMOTE_ADDR=visitor).status_code == 302

    assert visits(ana, page) == 2
    assert visits(ben, page) == 1
    assert visits(ana, other_page) == 1


def test_an_unknown_code_still_lands_on_the_page_without_cookie_or_count(client):
    page = make_landing_page()
    inactive = make_user(is_active=False)

    for code in ["nosuchcd", inactive.referral_code]:
        url = reverse("share_link", kwargs={"code": code, "page_id": page.pk})
        response = client.get(url)

        assert response.status_code == 302
        assert response["Location"] == "/bring-a-friend/"
        assert COOKIE not in response.cookies
    assert not LinkVisit.objects.exists()


def test_a_missing_or_unpublished_page_is_not_found(client):
    member = make_user()
    page = make_landing_page()
    missing = reverse(
        "share_link", kwargs={"code": member.referral_code, "page_id": page.pk + 999}
    )
    assert client.get(missing).status_code == 404
    assert client.get(link(member, page)).status_code == 302  # remembered
    client.cookies.clear()
    LinkVisit.objects.all().delete()

    page.unpublish()

    response = client.get(link(member, page))
    assert response.status_code == 404
    assert COOKIE not in response.cookies
    assert not LinkVisit.objects.exists()


def test_the_first_link_wins_but_the_second_visit_still_counts(client):
    page = make_landing_page()
    first, second = make_user(), make_user()
    client.get(link(first, page))

    response = client.get(link(second, page))

    assert response.status_code == 302
    assert COOKIE not in response.cookies
    assert remembered(client).code == first.referral_code
    assert visits(first, page) == 1
    assert visits(second, page) == 1


def test_after_the_window_a_new_link_takes_over(client, settings):
    settings.REFERRAL_WINDOW_DAYS = 30
    page = make_landing_page()
    first, second = make_user(), make_user()
    with time_machine.travel(timezone.now() - timedelta(days=31)):
        client.get(link(first, page))

    response = client.get(link(second, page))

    assert COOKIE in response.cookies
    assert remembered(client).code == second.referral_code


def test_a_spanish_page_keeps_its_language_prefix(client):
    page = make_landing_page()
    spanish = Locale.objects.create(language_code="es")
    translation = page.copy_for_translation(spanish, copy_parents=True)
    translation.title = "Trae a un amigo"
    translation.save_revision().publish()
    member = make_user()

    response = client.get(link(member, translation))

    assert response.status_code == 302
    assert response["Location"] == "/es/bring-a-friend/"
    assert remembered(client).page_id == translation.pk
    assert visits(member, translation) == 1


def test_link_previews_are_not_counted_as_visitors(client):
    page = make_landing_page()
    member = make_user()

    for agent in [
        "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient)",
        "facebookexternalhit/1.1",
        "WhatsApp/2.23.20.0 A",
        "Twitterbot/1.0",
    ]:
        response = client.get(link(member, page), HTTP_USER_AGENT=agent)
        assert response.status_code == 302
        assert COOKIE not in response.cookies
    assert not LinkVisit.objects.exists()


def test_a_member_trying_their_own_link_is_not_counted(client):
    page = make_landing_page()
    member = make_user()
    client.force_login(member)

    response = client.get(link(member, page))

    assert response.status_code == 302
    assert COOKIE not in response.cookies
    assert not LinkVisit.objects.exists()


def test_a_link_only_answers_get_and_head(client):
    page = make_landing_page()
    member = make_user()

    assert client.post(link(member, page)).status_code == 405
    assert client.head(link(member, page)).status_code == 302
    assert not LinkVisit.objects.exists()


def test_following_a_link_keeps_no_ip_address_or_browser(client):
    page = make_landing_page()
    member = make_user()

    client.get(
        link(member, page),
        REMOTE_ADDR="203.0.113.77",
        HTTP_USER_AGENT="Mozilla/5.0 UniqueBrowser/9.9",
    )

    assert visits(member, page) == 1
    assert "sessionid" not in client.cookies  # no session was started for it
    dump = StringIO()
    call_command("dumpdata", "clubs", "content", "sessions", stdout=dump)
    assert "203.0.113.77" not in dump.getvalue()
    assert "UniqueBrowser" not in dump.getvalue()


def test_following_a_link_costs_a_few_queries(client, django_assert_max_num_queries):
    """A member's first link of the day reads who they are; after that the
    cache knows them and where the page is, and the visits are counted there
    until the next flush: a burst of visitors touches no database."""
    page = make_landing_page()
    members = [make_user() for _ in range(3)]
    client.get(link(members[0], page))  # remembers where the page is

    for member in members[1:]:
        client.cookies.clear()
        with django_assert_max_num_queries(1):
            assert client.get(link(member, page)).status_code == 302
        client.cookies.clear()
        with django_assert_max_num_queries(0):
            another_visitor = {"REMOTE_ADDR": "203.0.113.9"}
            response = client.get(link(member, page), **another_visitor)
            assert response.status_code == 302
    assert visits(members[2], page) == 2


def test_a_visitor_counts_once_per_link_and_day_however_often_they_follow_it(
    client, time_machine
):
    """Reloading a link, or a script following it, never inflates a member's
    visits or the funnel built on them; tomorrow the visitor counts again."""
    page = make_landing_page()
    ana = make_user()

    for _ in range(5):
        client.cookies.clear()
        assert client.get(link(ana, page)).status_code == 302
    assert visits(ana, page) == 1

    time_machine.move_to(timezone.now() + timedelta(days=1))
    client.get(link(ana, page))
    link_visits_flush()
    rows = LinkVisit.objects.filter(member=ana, page=page)
    assert sorted(rows.values_list("visits", flat=True)) == [1, 1]


def test_a_renamed_page_is_reached_at_its_new_address(client):
    member = make_user()
    page = make_landing_page()
    old = client.get(link(member, page))["Location"]

    page.slug = "a-new-address"
    page.save_revision().publish()

    new = client.get(link(member, page))["Location"]
    assert new != old and new.endswith("/a-new-address/")
