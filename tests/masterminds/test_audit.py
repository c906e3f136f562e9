"""A facilitator's declines, waitlist moves and hot-seat swaps are in the
audit trail, and the facilitator reads them in Site history; the
facilitator of another group does not."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from masterminds.models import Application, HotSeat
from masterminds.services.applications import (
    application_decline,
    application_submit,
    application_waitlist,
)
from masterminds.services.sessions import hot_seats_propose
from tests.builders import make_category, make_user
from tests.masterminds.builders import facilitator_of, make_group, seat, sessions
from tests.masterminds.test_admin_groups import in_admin

pytestmark = pytest.mark.django_db

SITE_HISTORY = "/admin/reports/site-history/"


def apply(group, **person):
    return application_submit(
        group=group,
        person=make_user(**person),
        wants="Peers who push me.",
        business="Bakery",
        category=make_category(),
    )


def entry(instance) -> ModelLogEntry:
    return ModelLogEntry.objects.for_instance(instance).get()


def test_declining_an_application_is_recorded():
    group = make_group()
    facilitator = facilitator_of(group)
    application = apply(group)

    application_decline(application=application, by=facilitator, note="Not now.")

    log = entry(application)
    assert (log.action, log.user) == ("masterminds.application_declined", facilitator)
    assert log.data == {
        "before": {"status": "pending", "note": ""},
        "after": {"status": "declined", "note": "Not now."},
    }
    assert log.message == (
        "Application declined: status Waiting for a decision → Declined,"
        " note to the applicant — → Not now."
    )


def test_waitlisting_and_moving_up_from_the_waitlist_are_recorded(client):
    group = make_group(seat_limit=1)
    seat(group, category=make_category())
    facilitator = in_admin(facilitator_of(group))
    application = apply(group)
    application_waitlist(application=application, by=facilitator)
    client.force_login(facilitator)

    client.post(
        reverse("mastermind_groups:edit", args=[group.pk]),
        {
            "seat_limit": "2",
            "one_member_per_category": "on",
            "hot_seats_per_session": "2",
            "session_series": str(group.session_series_id),
            "training_series": "",
            "agenda_template": "",
        },
    )

    waitlisted, promoted = ModelLogEntry.objects.for_instance(application).order_by(
        "timestamp"
    )
    assert waitlisted.action == "masterminds.application_waitlisted"
    assert waitlisted.data["after"]["status"] == Application.Status.WAITLISTED
    assert (promoted.action, promoted.user) == (
        "masterminds.application_promoted",
        facilitator,
    )
    assert promoted.data == {
        "before": {"status": "waitlisted", "note": ""},
        "after": {"status": "approved", "note": ""},
    }


def test_a_hot_seat_swap_is_recorded_and_read_by_its_facilitator_only(client):
    group = make_group(hot_seats_per_session=2)
    seat(group, first_name="Ana", last_name="Lee")
    ben = seat(group, first_name="Ben", last_name="Lee")
    cy = seat(group, first_name="Cy", last_name="Lee")
    hot_seats_propose(occurrence=sessions(group)[0])
    facilitator = in_admin(facilitator_of(group))
    client.force_login(facilitator)
    ben_seat = HotSeat.objects.get(member=ben)

    client.post(
        reverse("mastermind_hot_seats:edit", args=[ben_seat.pk]),
        {"member": str(cy.pk)},
    )

    log = entry(ben_seat)
    assert (log.action, log.user) == ("masterminds.hot_seat_swapped", facilitator)
    assert log.data == {"before": {"member": "Ben Lee"}, "after": {"member": "Cy Lee"}}
    assert "Hot seat swapped" in client.get(SITE_HISTORY).text
    other = Client()
    other.force_login(in_admin(facilitator_of(make_group())))
    assert "Hot seat swapped" not in other.get(SITE_HISTORY).text


def test_a_group_created_in_the_admin_is_logged_as_wagtail_does(client):
    from masterminds.models import MastermindGroup

    host = in_admin(make_user(first_name="Rosa"))
    client.force_login(host)

    client.post(
        reverse("mastermind_groups:add"),
        {
            "name": "Growth Circle",
            "slug": "growth-circle",
            "time_zone": "America/Chicago",
            "description": "Eight owners, one table.",
            "seat_limit": "6",
            "one_member_per_category": "on",
            "hot_seats_per_session": "2",
        },
    )

    group = MastermindGroup.objects.get(club__slug="growth-circle")
    log = ModelLogEntry.objects.for_instance(group).get(action="wagtail.create")
    assert log.user == host
