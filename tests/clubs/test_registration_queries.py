"""What one registration costs the database, and what it leaves for later.

A guest's POST reads the meeting once to find it (and that its club is
visible), locks it, writes the place and the seat count, looks for a share
link's credit, and queues the confirmation: the email is rendered by the
task worker, never on the request path. A member's one click adds only
what knowing who they are costs. A rule that reads one more thing of the
meeting, or a duplicate check, shows up here as a query.
"""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from clubs.models import Registration
from tests.builders import make_member, make_occurrence

pytestmark = pytest.mark.django_db

# Find the meeting, SAVEPOINT, lock it, count the seat, insert the place,
# look for a credit, RELEASE SAVEPOINT (in production: BEGIN and COMMIT).
GUEST_QUERIES = 7


@pytest.fixture
def queued(settings, enqueued_tasks):
    """Tasks are recorded, not run: what the request itself costs."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    return enqueued_tasks


@pytest.fixture
def occurrence():
    return make_occurrence(capacity=2)


@pytest.fixture
def url(occurrence):
    return reverse(
        "occurrence_register",
        kwargs={"slug": occurrence.series.club.slug, "pk": occurrence.pk},
    )


def test_a_guest_registers_in_a_handful_of_queries(
    client, url, occurrence, queued, committed, django_assert_max_num_queries
):
    with django_assert_max_num_queries(GUEST_QUERIES), committed():
        response = client.post(url, {"name": "Gina Guest", "email": "gina@example.com"})

    assert response.status_code == 302
    place = occurrence.registrations.get()
    assert place.status == Registration.Status.CONFIRMED
    assert queued == ["clubs.tasks.send_registration_email"]
    assert mail.outbox == []  # written by the worker, not while the guest waits


def test_a_full_meeting_waitlists_in_as_many(
    client, url, occurrence, queued, committed, django_assert_max_num_queries
):
    for n in range(2):
        client.post(url, {"name": f"Guest {n}", "email": f"guest{n}@example.com"})

    with django_assert_max_num_queries(GUEST_QUERIES), committed():
        client.post(url, {"name": "Wanda Waiting", "email": "wanda@example.com"})

    wanda = occurrence.registrations.get(email="wanda@example.com")
    assert wanda.status == Registration.Status.WAITLISTED
    occurrence.refresh_from_db()
    assert occurrence.confirmed_count == 2


def test_a_member_registers_with_one_click_in_as_many_and_the_login(
    client, url, occurrence, queued, committed, django_assert_max_num_queries
):
    member = make_member(occurrence.series.club)
    client.force_login(member)
    # Who they are: the user, after the session (a query too when sessions
    # live in the database, as without REDIS_URL).
    login = 1 + settings.SESSION_ENGINE.endswith(".db")

    with django_assert_max_num_queries(GUEST_QUERIES + login), committed():
        response = client.post(url)

    assert response.status_code == 302
    place = occurrence.registrations.get(person=member)
    assert place.status == Registration.Status.CONFIRMED
    assert queued == ["clubs.tasks.send_registration_email"]
