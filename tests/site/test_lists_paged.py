"""Every list a member or a host reads grows with time, so each is shown a
page at a time, and each page costs the same queries at 1x and 10x the data.

Each test builds 3 rows, counts the page's queries, builds 30 (ten times as
many, past one page of 25), and asks for no more queries than before; then
checks that a page shows at most one page of rows and links to the next.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clubs.models import Attendance, Attribution, Referral, Reward
from clubs.paging import PER_PAGE
from tests.builders import (
    make_club,
    make_host,
    make_member,
    make_referral,
    make_series,
    weekly,
)

pytestmark = pytest.mark.django_db


def same_queries_at_ten_times(client, url, add, assert_max_queries):
    """Build 3, count the page's queries; build 27 more, count again."""
    add(0, 3)
    client.get(url)  # warm the site's caches
    with assert_max_queries(40) as one_times:
        assert client.get(url).status_code == 200
    add(3, 30)
    with assert_max_queries(len(one_times.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def occurrences(club, count):
    """`count` meetings of the club, held (in the past)."""
    found = []
    while len(found) < count:
        series = make_series(
            club,
            recurrence=weekly(),
            first_date=timezone.localdate() - timedelta(days=7 * 60),
        )
        found += list(series.occurrences.order_by("start"))
    return found[:count]


def test_a_members_attendance_history_is_paged(client, django_assert_max_num_queries):
    club = make_club()
    member = make_member(club)
    meetings = occurrences(club, 30)

    def add(start, end):
        Attendance.objects.bulk_create(
            Attendance(occurrence=o, person=member, name="M", status="present")
            for o in meetings[start:end]
        )

    client.force_login(member)
    html = same_queries_at_ten_times(
        client, reverse("my_attendance"), add, django_assert_max_num_queries
    )
    assert html.count("<td>Present</td>") == PER_PAGE
    assert 'rel="next" href="?page=2#history"' in html
    second = client.get(reverse("my_attendance") + "?page=2").content.decode()
    assert second.count("<td>Present</td>") == 30 - PER_PAGE
    assert 'rel="prev" href="?#history"' in second


def test_the_hosts_rewards_ledger_is_paged(client, django_assert_max_num_queries):
    club = make_club()
    host = make_host(club)
    member = make_member(club)

    def add(start, end):
        now = timezone.now()
        for n in range(start, end):
            attribution = Attribution.objects.create(
                referrer=member,
                email_key=f"friend{n}@example.com",
                email=f"friend{n}@example.com",
                name=f"Friend {n}",
                touched_at=now,
            )
            Reward.objects.create(
                attribution=attribution,
                side="friend",
                recipient_name=f"Friend {n:02}",
                recipient_email=f"friend{n}@example.com",
                description="A free breakfast",
                club=club,
                granted_at=now - timedelta(minutes=n),
            )

    client.force_login(host)
    url = reverse("club_rewards", args=[club.slug])
    html = same_queries_at_ten_times(client, url, add, django_assert_max_num_queries)
    assert html.count(">Mark handed over</button>") == PER_PAGE
    assert 'rel="next" href="?waiting=2#to-hand-over"' in html
    second = client.get(url + "?waiting=2&handed=1").content.decode()
    assert second.count(">Mark handed over</button>") == 30 - PER_PAGE
    assert 'rel="prev" href="?handed=1#to-hand-over"' in second


def test_the_hosts_stale_referrals_are_paged(client, django_assert_max_num_queries):
    club = make_club()
    host = make_host(club)
    giver, receiver = make_member(club), make_member(club)

    def add(start, end):
        for n in range(start, end):
            referral = make_referral(
                giver=giver, club=club, receiver=receiver, prospect_name=f"Slip {n:02}"
            )
            old = timezone.now() - timedelta(days=30, minutes=n)
            Referral.objects.filter(pk=referral.pk).update(created_at=old)

    client.force_login(host)
    url = reverse("club_stale_referrals", args=[club.slug])
    html = same_queries_at_ten_times(client, url, add, django_assert_max_num_queries)
    stale = html.split('id="stale"')[1].split('id="thanks"')[0]
    assert stale.count("Slip ") == PER_PAGE
    assert "Slip 29" in stale  # oldest first
    assert 'rel="next" href="?stale=2#stale"' in stale


def test_a_members_own_rewards_are_paged(client, django_assert_max_num_queries):
    club = make_club()
    member = make_member(club)

    def add(start, end):
        now = timezone.now()
        for n in range(start, end):
            attribution = Attribution.objects.create(
                referrer=member,
                email_key=f"friend{n}@example.com",
                email=f"friend{n}@example.com",
                name=f"Friend {n}",
                touched_at=now,
            )
            Reward.objects.create(
                attribution=attribution,
                side="referrer",
                recipient=member,
                recipient_name=str(member),
                recipient_email=member.email,
                description=f"Breakfast {n:02}",
                club=club,
                granted_at=now - timedelta(minutes=n),
            )

    client.force_login(member)
    url = reverse("my_rewards")
    html = same_queries_at_ten_times(client, url, add, django_assert_max_num_queries)
    assert html.count('<li class="reward">') == PER_PAGE
    assert "Breakfast 00" in html and "Breakfast 29" not in html  # newest first
    assert 'rel="next" href="?page=2"' in html
    second = client.get(url + "?page=2").content.decode()
    assert second.count('<li class="reward">') == 30 - PER_PAGE
