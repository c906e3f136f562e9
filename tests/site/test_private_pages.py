"""Nothing built for a member or a host is kept by a cache between them and
the site: every such page and download is sent `Cache-Control: private,
no-store`.

The test walks the URL resolver. Every named URL must appear in `URLS` (in
tests/site/urls_table.py, shared with the access suite), which says who opens
it and how its address is built; a URL added to the site without an entry
there fails the test, so new pages are covered the day they are written.
"""

import pytest
from django.urls import reverse
from django.utils.cache import get_max_age

from tests.builders import make_user
from tests.site.urls_table import (
    HOST,
    MACHINE,
    MEMBER,
    NOT_BUILT,
    PUBLIC,
    TOKEN,
    URLS,
    is_admin,
    patterns,
    url_for,
    urls_without_a_class,
)

pytestmark = pytest.mark.django_db


def _assert_private_no_store(response, where):
    directives = {
        part.strip().split("=")[0]
        for part in response.get("Cache-Control", "").split(",")
    }
    assert {"private", "no-store"} <= directives, (
        f"{where} answered {response.status_code} with Cache-Control: "
        f"{response.get('Cache-Control')!r}"
    )
    assert "public" not in directives and not get_max_age(response), where


def test_every_url_is_classified():
    unclassified = urls_without_a_class()
    assert not unclassified, "Classify these URLs in URLS: " + ", ".join(unclassified)


def test_every_member_host_and_secret_link_page_is_private_no_store(client, url_world):
    values = url_world["values"]
    asked = set()
    # Pages first, then actions, and last the ones that end the member's
    # place (leaving a club or group, signing out), which later pages need.
    leaving = {"club_leave", "mastermind_leave", "mastermind_withdraw"}
    order = sorted(
        ((name, URLS[name]) for name, route in patterns() if not is_admin(route)),
        key=lambda item: (item[0] in leaving, item[1][2] == "post"),
    )
    for name, (who, needs, method) in order:
        if who == MACHINE or name in asked or name == "account_logout":
            continue
        asked.add(name)
        client.logout()
        if who == HOST:
            client.force_login(url_world["host"])
        elif who in (MEMBER, PUBLIC):
            client.force_login(url_world["member"])
        url = url_for(name, needs, values)
        response = getattr(client, method)(url)

        where = f"{name} {method.upper()} {url}"
        assert response.status_code < 500, where
        if name not in NOT_BUILT:
            assert response.status_code != 404, where
        assert response.status_code not in (401, 403), where
        if who == TOKEN and response.status_code == 404:
            continue  # a link to nothing shows nobody's data
        _assert_private_no_store(response, where)
    assert {"registration_manage", "club_referrals_csv", "referral_detail"} <= asked


def test_every_admin_page_without_arguments_is_private_no_store(client, url_world):
    admin = make_user(is_superuser=True, is_staff=True)
    client.force_login(admin)
    asked = 0
    for name, route in patterns():
        if not is_admin(route) or not name or "<" in route or "(?P" in route:
            continue
        if route == "admin/failwhale/":  # Wagtail's deliberate error page
            continue
        url = reverse(name)
        response = client.get(url)
        assert response.status_code < 500, url
        _assert_private_no_store(response, f"{name} GET {url}")
        asked += 1
    assert asked > 50


def test_the_home_page_stays_public_for_visitors_and_private_for_members(
    client, url_world
):
    """The page cache keeps serving anonymous visitors; the copy built for a
    signed-in member (which greets them) is kept by nobody."""
    anonymous = client.get("/")
    client.force_login(url_world["member"])
    signed_in = client.get("/")

    assert anonymous.status_code == signed_in.status_code == 200
    assert "public" in anonymous["Cache-Control"]
    assert "no-store" not in anonymous["Cache-Control"]
    _assert_private_no_store(signed_in, "the home page, signed in")
