"""Facilitators decide applications in the Wagtail admin, through the services:
a refusal is shown as the service writes it, and changes nothing."""

import pytest
from django.urls import reverse

from clubs.demo.people import _hosts_group
from clubs.models import Membership
from masterminds.demo import facilitators_work_in_admin
from masterminds.models import Application
from masterminds.services.applications import application_submit
from tests.builders import make_category, make_user
from tests.masterminds.builders import facilitator_of, make_group, seat

pytestmark = pytest.mark.django_db


def admin_facilitator(group):
    person = facilitator_of(group)
    _hosts_group()
    person.groups.add(facilitators_work_in_admin())
    return person


def apply(group, person=None, category=None):
    return application_submit(
        group=group,
        person=person or make_user(),
        wants="Accountability for my sales calls.",
        business="Harbor Plumbing",
        category=category or make_category(),
    )


def decide(client, application, decision, note=""):
    url = reverse("mastermind_applications:decide", args=[application.pk])
    return client.post(url, {"decision": decision, "note": note}, follow=True)


def test_a_facilitator_approves_an_application_in_the_admin(client):
    group = make_group()
    application = apply(group)
    client.force_login(admin_facilitator(group))

    listing = client.get(reverse("mastermind_applications:index"))
    assert application.person.get_full_name() in listing.content.decode()
    inspect = client.get(
        reverse("mastermind_applications:inspect", args=[application.pk])
    )
    assert 'name="decision" value="approve"' in inspect.content.decode()

    response = decide(client, application, "approve", note="Welcome!")

    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED
    assert Membership.objects.get(
        club=group.club, person=application.person
    ).status == (Membership.Status.ACTIVE)


def test_approving_over_the_seat_limit_shows_why_and_changes_nothing(client):
    group = make_group(seat_limit=1)
    seat(group, category=make_category())
    application = apply(group)
    client.force_login(admin_facilitator(group))

    response = decide(client, application, "approve")

    assert "All 1 seats are taken" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING
    assert not Membership.objects.filter(
        club=group.club, person=application.person
    ).exists()


def test_approving_into_a_taken_category_shows_who_holds_it(client):
    group = make_group()
    florist = make_category("Florist")
    seat(group, category=florist, first_name="Flora", last_name="Bloom")
    application = apply(group, category=florist)
    client.force_login(admin_facilitator(group))

    response = decide(client, application, "approve")

    assert "Flora Bloom already holds the seat for Florist" in (
        response.content.decode()
    )
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING


def test_waitlist_and_decline_buttons_decide(client):
    group = make_group()
    waiting, declined = apply(group), apply(group)
    client.force_login(admin_facilitator(group))

    decide(client, waiting, "waitlist")
    decide(client, declined, "decline", note="Not this year.")

    waiting.refresh_from_db()
    declined.refresh_from_db()
    assert (waiting.status, declined.status) == ("waitlisted", "declined")
    assert declined.note == "Not this year."


def test_a_facilitator_of_another_group_cannot_see_or_decide(client):
    group, other = make_group(), make_group()
    application = apply(group)
    client.force_login(admin_facilitator(other))

    inspect = reverse("mastermind_applications:inspect", args=[application.pk])
    assert client.get(inspect).status_code == 404
    assert decide(client, application, "approve").status_code == 404
    listing = client.get(reverse("mastermind_applications:index"))
    assert application.person.get_full_name() not in listing.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING
