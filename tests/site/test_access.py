"""Who may open what: every URL the resolver knows, asked by four people.

Each named non-admin URL is classified once, in tests/site/urls_table.py
(shared with the cache-header suite), and asked here as

- anonymous: nobody signed in;
- a stranger: signed in, member of no club;
- an outsider: a member (and fellow of a host) of another club;
- the owner: the member whose referral, place, session... it is, or the
  club's host for the hosts' pages.

Anonymous visitors are sent to sign in wherever an account is needed; the
wrong people get 404 on anything a member owns or a host runs, never a hint
that it exists; secret links open for whoever holds them and a forged one is
404; public pages answer everyone. A URL the table does not classify fails
`test_every_url_is_classified_for_the_access_suite`.
"""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import resolve, reverse

from clubs.models import Club
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

ANONYMOUS, STRANGER, OUTSIDER, OWNER = "anonymous", "stranger", "outsider", "owner"
FELLOW = "a member of the host's club"

# MEMBER URLs with an argument that still act only on the person asking
# (join this club, apply to this group): anyone signed in gets their own
# answer. Every other MEMBER URL with an argument points at something a
# member owns, and is 404 to everyone else.
ACTS_ON_THE_ASKER = {
    "club_join",
    "club_leave",
    "club_dues_pay",
    "club_members_calendar_feed",  # 404 to non-members of a members-only club
    "mastermind_apply",
    "mastermind_withdraw",
    "mastermind_leave",
}
# PUBLIC in the cache table (their copy is the visitor's own), but they need
# an account: they share the signed-in member's own link.
SIGNED_IN_SHARING = {"share_copied", "share_qr_svg", "share_qr_png", "share_channel"}
# The table asks these with the wrong method for an access check: the
# referral's thank-you is a form posted to, a GET is 405 before anything else.
METHOD = {"referral_thank": "post"}

NAMES = sorted(
    {name for name, route in patterns() if not is_admin(route) and name in URLS}
    - {None}
)


def _kind(name: str) -> str:
    who, needs, _ = URLS[name]
    if name in SIGNED_IN_SHARING:
        return "self"
    if who == MEMBER:
        return "self" if not needs or name in ACTS_ON_THE_ASKER else "owned"
    return who


def _ask(client, url_world, name: str, role: str, url: str | None = None):
    who, needs, method = URLS[name]
    method = METHOD.get(name, method)
    url = url or url_for(name, needs, url_world["values"])
    client.logout()
    if role != ANONYMOUS:
        owner = url_world["host"] if who == HOST else url_world["member"]
        others = {
            STRANGER: url_world["stranger"],
            OUTSIDER: url_world["outsider"],
            FELLOW: url_world["member"],
        }
        client.force_login(others.get(role, owner))
    return getattr(client, method)(url), f"{name} {method.upper()} {url} as {role}"


def _sent_to_sign_in(response) -> bool:
    if response.status_code != 302:
        return False
    return urlsplit(response["Location"]).path == reverse(settings.LOGIN_URL)


def _answered(response, where, *, missing_ok=False):
    """A real answer for someone allowed: the page, a download, a redirect
    after a post or a 400/405 for an empty post; never a refusal or a crash,
    nor a sign-in prompt."""
    allowed = {200, 204, 302, 400, 405} | ({404} if missing_ok else set())
    assert response.status_code in allowed, f"{where}: {response.status_code}"
    assert not _sent_to_sign_in(response), f"{where}: sent to sign in"


def test_every_url_is_classified_for_the_access_suite():
    unclassified = urls_without_a_class()
    assert not unclassified, "Classify these URLs in URLS: " + ", ".join(unclassified)
    assert len(NAMES) > 80
    assert all(URLS[name][0] != "admin" for name in NAMES)


def test_the_access_suite_knows_what_its_exceptions_mean():
    """The sets above name real MEMBER/PUBLIC URLs: a renamed URL must not
    quietly leave a loose exception behind."""
    assert all(URLS[name][0] == MEMBER for name in ACTS_ON_THE_ASKER)
    assert all(URLS[name][0] == PUBLIC for name in SIGNED_IN_SHARING)
    assert set(METHOD) <= set(URLS)


@pytest.mark.parametrize("name", NAMES)
def test_each_url_answers_each_person_as_expected(client, url_world, name):
    kind = _kind(name)
    missing = name in NOT_BUILT

    if kind == MACHINE:
        # Stripe's webhook: an unsigned post is refused as a bad request,
        # whoever sends it; nobody's session opens it.
        for role in (ANONYMOUS, STRANGER, OUTSIDER, OWNER):
            response, where = _ask(client, url_world, name, role)
            assert response.status_code == 400, f"{where}: {response.status_code}"
        return

    if name == "account_logout":
        # Signing out: a visitor is just sent home, anyone signed in is
        # asked to confirm.
        response, where = _ask(client, url_world, name, ANONYMOUS)
        assert response.status_code == 302 and not _sent_to_sign_in(response), where
        for role in (STRANGER, OUTSIDER, OWNER):
            response, where = _ask(client, url_world, name, role)
            assert response.status_code == 200, f"{where}: {response.status_code}"
        return

    if kind in ("self", "owned", HOST):
        response, where = _ask(client, url_world, name, ANONYMOUS)
        assert _sent_to_sign_in(response), (
            f"{where}: {response.status_code} {response.get('Location')}"
        )

    if kind == "self":
        for role in (STRANGER, OUTSIDER, OWNER):
            response, where = _ask(client, url_world, name, role)
            _answered(response, where, missing_ok=missing)
    elif kind in ("owned", HOST):
        for role in (STRANGER, OUTSIDER):
            response, where = _ask(client, url_world, name, role)
            assert response.status_code == 404, f"{where}: {response.status_code}"
        if kind == HOST:
            # A member of the host's own club is no host either.
            response, where = _ask(client, url_world, name, FELLOW)
            assert response.status_code == 404, f"{where}: {response.status_code}"
        response, where = _ask(client, url_world, name, OWNER)
        if missing:
            assert response.status_code == 404, f"{where}: {response.status_code}"
        else:
            _answered(response, where)
            assert response.status_code != 404, where
    elif kind == TOKEN:
        for role in (ANONYMOUS, STRANGER, OUTSIDER, OWNER):
            response, where = _ask(client, url_world, name, role)
            _answered(response, where, missing_ok=missing)
            if not missing:
                assert response.status_code != 404, where
        forged = _forged(name, url_world)
        for role in (ANONYMOUS, OWNER):
            response, where = _ask(client, url_world, name, role, url=forged)
            assert response.status_code == 404, f"{where}: {response.status_code}"
    else:
        assert kind == PUBLIC, name
        for role in (ANONYMOUS, STRANGER, OUTSIDER, OWNER):
            response, where = _ask(client, url_world, name, role)
            _answered(response, where, missing_ok=missing)
            if not missing:
                assert response.status_code != 404, where


def _forged(name: str, url_world) -> str:
    """The URL with its secret changed by one character, or replaced by a
    well-formed secret for something else."""
    _, needs, _ = URLS[name]
    values = dict(url_world["values"])
    for key in ("token", "feed_token", "check_in_token"):
        secret = values[key]
        values[key] = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    url = url_for(name, needs, values)
    assert resolve(url).url_name == name
    return url


CLUB_PAGES = sorted(
    name
    for name in NAMES
    if URLS[name][1] in (("slug",), ("slug", "pk")) and _kind(name) in (PUBLIC, "self")
)


@pytest.mark.parametrize("name", CLUB_PAGES)
def test_a_members_only_clubs_pages_are_404_to_everyone_outside_it(
    client, url_world, name
):
    """A members-only club does not exist for anyone outside it: its page,
    meetings, calendars and forms are 404 (or a sign-in prompt) to visitors,
    people of no club and other clubs' members, and open to its members."""
    club = Club.objects.get(slug=url_world["values"]["slug"])
    club.visibility = Club.Visibility.MEMBERS
    club.save(update_fields=["visibility"])

    response, where = _ask(client, url_world, name, ANONYMOUS)
    assert response.status_code == 404 or _sent_to_sign_in(response), (
        f"{where}: {response.status_code}"
    )
    for role in (STRANGER, OUTSIDER):
        response, where = _ask(client, url_world, name, role)
        assert response.status_code == 404, f"{where}: {response.status_code}"
    response, where = _ask(client, url_world, name, OWNER)
    if name == "club_calendar_feed":
        # The public feed address has nothing to publish: members subscribe
        # to club_members_calendar_feed (or their own token feed) instead.
        assert response.status_code == 404, where
    else:
        _answered(response, where)
        assert response.status_code != 404, where
