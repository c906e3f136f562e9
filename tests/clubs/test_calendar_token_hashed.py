"""Feed tokens are stored hashed: the member sees theirs once, when made; the
database holds only its SHA-256; tokens from before keep working."""

import hashlib
import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from clubs.models import Club, User
from tests.builders import make_club, make_member, make_occurrence, make_registration

SETTINGS = "/accounts/calendar/"


def shown_address(page: str) -> str | None:
    match = re.search(r'id="calendar-feed-url" type="url" value="([^"]+)"', page)
    return match and match[1]


@pytest.mark.django_db
def test_a_member_makes_a_link_sees_it_once_and_it_works(client):
    member = make_member(make_club(visibility=Club.Visibility.MEMBERS))
    make_registration(make_occurrence(), member)
    client.force_login(member)

    first = client.get(SETTINGS).text
    assert shown_address(first) is None
    assert "Make my calendar link" in first

    shown = client.post(SETTINGS, follow=True).text
    address = shown_address(shown)
    assert address and "shown only this once" in shown
    assert "All meetings of" in shown  # the members-only club's feed, same token
    token = re.search(r"/calendar/([^/]+)\.ics", address)[1]
    assert client.get(address.replace("http://127.0.0.1:8000", "")).status_code == 200

    again = client.get(SETTINGS).text
    assert shown_address(again) is None and token not in again
    assert "Get a new link" in again

    stored = User.objects.filter(pk=member.pk).values().get()
    assert token not in repr(stored)
    assert stored["calendar_token_hash"] == hashlib.sha256(token.encode()).hexdigest()


@pytest.mark.django_db
def test_a_new_link_kills_the_old_one(client):
    member = make_member(make_club())
    client.force_login(member)
    old = shown_address(client.post(SETTINGS, follow=True).text)
    new = shown_address(client.post(SETTINGS, follow=True).text)
    client.logout()

    assert old != new
    assert client.get(old.replace("http://127.0.0.1:8000", "")).status_code == 404
    assert client.get(new.replace("http://127.0.0.1:8000", "")).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_tokens_from_before_the_change_keep_working(client):
    """The migration hashes every stored token: calendars subscribed before
    it keep updating."""
    before, after = (
        [("clubs", "0024_translated_text_originals")],
        [("clubs", "0025_calendar_token_stored_hashed")],
    )
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    OldUser = executor.loader.project_state(before).apps.get_model("clubs", "User")
    OldUser.objects.create(
        email="early@example.com", calendar_token="an-old-token-from-2025"
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    response = client.get(
        reverse("member_calendar_feed", args=["an-old-token-from-2025"])
    )
    assert response.status_code == 200
    assert (
        client.get(reverse("member_calendar_feed", args=["wrong"])).status_code == 404
    )
