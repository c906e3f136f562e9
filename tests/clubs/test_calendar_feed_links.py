"""Every calendar feed a page offers works for the person viewing it, and a
members-only club's members subscribe through their own secret address."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from icalendar import Calendar

from clubs.models import Club
from clubs.services.calendars import calendar_token_rotate
from tests.builders import (
    feed_token,
    make_club,
    make_member,
    make_occurrence,
    make_user,
)
from tests.masterminds.builders import make_group, seat, sessions

pytestmark = pytest.mark.django_db


class _FeedLinks(HTMLParser):
    """The addresses a page offers calendar apps: `<link rel="alternate"
    type="text/calendar">` in the head and links to feeds in the body."""

    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        href = attrs.get("href") or ""
        if tag == "link" and attrs.get("type") == "text/calendar":
            self.hrefs.append(href)
        elif tag == "a" and urlsplit(href).path.endswith(".ics"):
            self.hrefs.append(href)


def feed_links(client, page_url) -> list[str]:
    response = client.get(page_url)
    assert response.status_code == 200
    parser = _FeedLinks()
    parser.feed(response.content.decode())
    return [urlsplit(href).path for href in parser.hrefs]


def assert_feeds_work(client, page_url) -> list[str]:
    links = feed_links(client, page_url)
    for path in links:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Type"].startswith("text/calendar"), path
        Calendar.from_ical(response.content)
    return links


def club_feeds(links) -> list[str]:
    """The subscriptions, leaving out single meetings' downloads."""
    return [path for path in links if not path.endswith("/event.ics")]


def page_urls(occurrence) -> list[str]:
    club = occurrence.series.club
    return [
        reverse("club_detail", args=[club.slug]),
        reverse("occurrence_detail", args=[club.slug, occurrence.pk]),
    ]


@pytest.mark.parametrize("viewer", ["anonymous", "stranger", "member"])
def test_a_public_club_links_its_public_feed_for_everyone(client, viewer):
    occurrence = make_occurrence()
    club = occurrence.series.club
    if viewer != "anonymous":
        client.force_login(make_member(club) if viewer == "member" else make_user())

    public_feed = reverse("club_calendar_feed", args=[club.slug])
    for url in page_urls(occurrence):
        assert set(club_feeds(assert_feeds_work(client, url))) == {public_feed}


def test_a_members_only_club_links_its_members_own_working_feed(client):
    occurrence = make_occurrence(club=make_club(visibility=Club.Visibility.MEMBERS))
    club = occurrence.series.club
    member = make_member(club)
    client.force_login(member)

    # The token exists only as a hash: pages link the feed for the signed-in
    # member; the address with the token is shown once, when made.
    members_feed = reverse("club_members_calendar_feed", args=[club.slug])
    for url in page_urls(occurrence):
        assert set(club_feeds(assert_feeds_work(client, url))) == {members_feed}


def test_mastermind_pages_link_a_working_feed_to_members_only(client):
    group = make_group()
    group_page = reverse("mastermind_detail", args=[group.club.slug])
    assert feed_links(client, group_page) == []
    client.force_login(make_user())
    assert feed_links(client, group_page) == []

    member = seat(group)
    client.force_login(member)
    session = sessions(group)[0]
    session_page = reverse("mastermind_session", args=[group.club.slug, session.pk])
    for url in [group_page, session_page, *page_urls(session)]:
        feeds = club_feeds(assert_feeds_work(client, url))
        assert set(feeds) == {
            reverse("club_members_calendar_feed", args=[group.club.slug])
        }


def member_club_feed(person, club, token=None) -> str:
    return reverse(
        "member_club_calendar_feed",
        kwargs={"token": token or feed_token(person), "slug": club.slug},
    )


def test_a_members_token_opens_the_members_only_clubs_feed(client):
    club = make_club(visibility=Club.Visibility.MEMBERS)
    occurrence = make_occurrence(club=club)
    member = make_member(club)

    response = client.get(member_club_feed(member, club))

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == club.name
    assert any(
        str(event["SUMMARY"]).endswith(occurrence.series.title)
        for event in calendar.walk("VEVENT")
    )


def test_a_wrong_or_replaced_token_or_a_non_member_gets_a_404(client):
    club = make_club(visibility=Club.Visibility.MEMBERS)
    make_occurrence(club=club)
    member = make_member(club)
    old = member_club_feed(member, club)
    stranger = make_user()
    suspended = make_member(club, status="suspended")

    assert client.get(member_club_feed(member, club, "wrong-token")).status_code == 404
    assert client.get(member_club_feed(stranger, club)).status_code == 404
    assert client.get(member_club_feed(suspended, club)).status_code == 404
    new = calendar_token_rotate(person=member)
    assert client.get(old).status_code == 404
    assert client.get(member_club_feed(member, club, new)).status_code == 200
