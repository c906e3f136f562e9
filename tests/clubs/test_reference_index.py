"""Wagtail's reference index holds what editors look up "usage" for: pages,
images, documents, and the clubs and series that pages and images point at.
Records (places, attendance, payments, memberships, meetings, referrals) are
left out: each save of one used to queue a task that wrote a row nobody read,
on every registration."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.models import Collection, ReferenceIndex

from clubs.models import Registration
from tests.builders import make_club, make_member, make_occurrence
from tests.content.page_builders import make_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(enqueued_tasks):
    """The paths of the tasks queued while the test runs."""
    return enqueued_tasks


def register_url(occurrence):
    # Resolving a URL loads the admin's URLs, which register the viewsets'
    # models with the index, as on a live server.
    return reverse(
        "occurrence_register",
        kwargs={"slug": occurrence.series.club.slug, "pk": occurrence.pk},
    )


def test_registering_queues_no_reference_index_work(client, queued, committed):
    occurrence = make_occurrence(capacity=10)
    url = register_url(occurrence)
    member = make_member(occurrence.series.club)
    rows = ReferenceIndex.objects.count()  # the club's and series' own
    queued.clear()

    with committed():
        client.post(url, {"name": "Gina Guest", "email": "gina@example.com"})
    client.force_login(member)
    with committed():
        client.post(url)

    assert occurrence.registrations.filter(status="confirmed").count() == 2
    assert queued == [
        "clubs.tasks.send_registration_email",
        "clubs.tasks.send_registration_email",
    ]
    registration_type = ContentType.objects.get_for_model(Registration)
    assert not ReferenceIndex.objects.filter(base_content_type=registration_type)
    assert ReferenceIndex.objects.count() == rows


def test_an_image_still_shows_the_club_it_covers(client):
    register_url(make_occurrence())
    # A transactional test run before may have emptied what migrations made.
    Collection.get_first_root_node() or Collection.add_root(name="Root")
    image = make_image("Northside diner")
    club = make_club(name="Northside Breakfast")

    club.cover_image = image
    club.save()

    usage = ReferenceIndex.get_references_to(image).group_by_source_object()
    assert [source for source, _references in usage] == [club]
