"""Share-link visits are counted in the cache and flushed to the database.

Following a link writes nothing to the database (no hot row per member, page
and day); a flush moves the counts into `LinkVisit`, exactly once, even when
a flush dies halfway. Run with REDIS_URL set, the same tests use Redis.
"""

from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content import visit_buffer
from content.models import LinkVisit
from content.services import link_visits_flush
from tests.builders import make_user
from tests.content.page_builders import make_bring_a_friend_page as make_landing_page

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def link(member, page) -> str:
    return reverse(
        "share_link", kwargs={"code": member.referral_code, "page_id": page.pk}
    )


def follow(client, member, page, *, visitor: int) -> None:
    client.cookies.clear()
    response = client.get(link(member, page), REMOTE_ADDR=f"203.0.113.{visitor}")
    assert response.status_code == 302


def counted(member, page) -> int:
    return sum(
        LinkVisit.objects.filter(member=member, page=page).values_list(
            "visits", flat=True
        )
    )


def test_following_a_link_writes_nothing_to_the_database(client):
    page = make_landing_page()
    member = make_user()
    follow(client, member, page, visitor=1)  # warms the site's root paths

    with CaptureQueriesContext(connection) as queries:
        follow(client, member, page, visitor=2)

    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []
    assert not LinkVisit.objects.exists()  # waiting in the cache


def test_many_visits_are_counted_exactly_after_a_flush(client, no_rate_limits):
    page = make_landing_page()
    ana, ben = make_user(), make_user()
    for visitor in range(40):
        follow(client, ana, page, visitor=visitor)
    for visitor in range(7):
        follow(client, ben, page, visitor=visitor)

    assert link_visits_flush() == 47

    assert counted(ana, page) == 40
    assert counted(ben, page) == 7
    assert visit_buffer.pending_count() == 0


def test_a_repeated_visitor_is_counted_once_a_day(client):
    page = make_landing_page()
    ana = make_user()
    for _ in range(5):
        follow(client, ana, page, visitor=9)

    link_visits_flush()

    assert counted(ana, page) == 1


def test_two_flushes_never_count_a_visit_twice(client):
    page = make_landing_page()
    ana = make_user()
    follow(client, ana, page, visitor=1)
    follow(client, ana, page, visitor=2)

    link_visits_flush()
    assert link_visits_flush() == 0
    follow(client, ana, page, visitor=3)
    link_visits_flush()

    assert counted(ana, page) == 3
    assert LinkVisit.objects.count() == 1  # added to the day's row


def test_a_flush_that_dies_after_its_commit_is_not_counted_again(client):
    page = make_landing_page()
    ana = make_user()
    follow(client, ana, page, visitor=1)
    follow(client, ana, page, visitor=2)

    with mock.patch.object(visit_buffer, "batch_done", side_effect=RuntimeError):
        with pytest.raises(RuntimeError):
            link_visits_flush()
    assert counted(ana, page) == 2
    follow(client, ana, page, visitor=3)  # arrives while the batch is stuck

    link_visits_flush()  # finds the applied batch: clears it only
    link_visits_flush()  # then the visit that came after

    assert counted(ana, page) == 3
    assert visit_buffer.pending_count() == 0


def test_a_flush_that_dies_before_its_commit_loses_nothing(client):
    page = make_landing_page()
    ana = make_user()
    follow(client, ana, page, visitor=1)

    with mock.patch("content.services._visits_add", side_effect=RuntimeError):
        with pytest.raises(RuntimeError):
            link_visits_flush()
    assert counted(ana, page) == 0

    link_visits_flush()

    assert counted(ana, page) == 1


def test_the_periodic_work_flushes_the_visits(client):
    page = make_landing_page()
    ana = make_user()
    follow(client, ana, page, visitor=1)

    call_command("enqueue_periodic_tasks")  # the tests' tasks run at once

    assert counted(ana, page) == 1


def test_the_members_share_page_shows_visits_not_yet_flushed(client):
    page = make_landing_page()
    ana = make_user()
    for visitor in range(3):
        follow(client, ana, page, visitor=visitor)

    client.force_login(ana)
    response = client.get(reverse("my_share_links"))

    assert response.context["record"].totals.funnel.visits == 3
    assert "<dt>Visits</dt><dd>3</dd>" in response.content.decode()
