"""Facilitators run their groups in the Wagtail admin: create one through the
service, set its rules, propose the next session's hot seats and swap them."""

import pytest
from django.urls import reverse

from clubs.demo.people import _hosts_group
from clubs.models import Club, Membership
from masterminds.demo import facilitators_work_in_admin
from masterminds.models import Application, HotSeat, MastermindGroup
from masterminds.services.applications import application_submit, application_waitlist
from masterminds.services.sessions import hot_seats_propose
from tests.builders import make_category, make_user
from tests.masterminds.builders import facilitator_of, make_group, seat, sessions

pytestmark = pytest.mark.django_db


def in_admin(person):
    _hosts_group()
    person.groups.add(facilitators_work_in_admin())
    return person


def test_a_host_creates_a_group_and_facilitates_it(client):
    host = in_admin(make_user(first_name="Rosa"))
    client.force_login(host)

    response = client.post(
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

    assert response.status_code == 302
    group = MastermindGroup.objects.get(club__slug="growth-circle")
    assert group.seat_limit == 6
    assert group.club.kind == Club.Kind.MASTERMIND
    assert Membership.objects.get(club=group.club, person=host).role == "organizer"
    assert "Growth Circle" in client.get(reverse("mastermind_groups:index")).text
    menu = client.get(reverse("wagtailadmin_home")).text
    assert "Masterminds" in menu


def test_raising_the_seat_limit_seats_the_waitlist(client):
    group = make_group(seat_limit=1)
    seat(group, category=make_category())
    facilitator = in_admin(facilitator_of(group))
    application = application_submit(
        group=group,
        person=make_user(),
        wants="Peers",
        business="Bakery",
        category=make_category(),
    )
    application_waitlist(application=application, by=facilitator)
    client.force_login(facilitator)

    response = client.post(
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

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED


def test_a_facilitator_proposes_hot_seats_and_swaps_one(client):
    group = make_group(hot_seats_per_session=2)
    ana, ben, cy = (seat(group, first_name=name) for name in ("Ana", "Ben", "Cy"))
    client.force_login(in_admin(facilitator_of(group)))
    next_session = reverse("mastermind_groups:next_session", args=[group.pk])

    client.post(next_session, {"action": "propose"})

    upcoming = sessions(group)[0]
    assert [seat.member for seat in upcoming.hot_seats.order_by("position")] == [
        ana,
        ben,
    ]
    page = client.get(next_session).text
    assert "Swap Ana" in page
    ben_seat = upcoming.hot_seats.get(member=ben)

    response = client.post(
        reverse("mastermind_hot_seats:edit", args=[ben_seat.pk]),
        {"member": str(cy.pk)},
    )

    assert response.status_code == 302
    assert [seat.member for seat in upcoming.hot_seats.order_by("position")] == [
        ana,
        cy,
    ]


def test_a_swap_the_service_refuses_shows_why(client):
    group = make_group(hot_seats_per_session=2)
    ana, ben = seat(group, first_name="Ana"), seat(group, first_name="Ben")
    hot_seats_propose(occurrence=sessions(group)[0])
    client.force_login(in_admin(facilitator_of(group)))
    ana_seat = HotSeat.objects.get(member=ana)

    response = client.post(
        reverse("mastermind_hot_seats:edit", args=[ana_seat.pk]),
        {"member": str(ben.pk)},
    )

    assert response.status_code == 200
    assert "already has a hot seat at this session" in response.text
    ana_seat.refresh_from_db()
    assert ana_seat.member == ana


def test_another_groups_facilitator_gets_404_everywhere(client):
    group, other = make_group(), make_group()
    ana = seat(group, first_name="Ana")
    seat(group, first_name="Ben")
    hot_seats_propose(occurrence=sessions(group)[0])
    client.force_login(in_admin(facilitator_of(other)))
    hot_seat = HotSeat.objects.get(member=ana)

    for url in [
        reverse("mastermind_groups:edit", args=[group.pk]),
        reverse("mastermind_groups:next_session", args=[group.pk]),
        reverse("mastermind_hot_seats:edit", args=[hot_seat.pk]),
    ]:
        assert client.get(url).status_code == 404
    swap = reverse("mastermind_hot_seats:edit", args=[hot_seat.pk])
    assert client.post(swap, {"member": str(ana.pk)}).status_code == 404
    assert "Ana" not in client.get(reverse("mastermind_hot_seats:index")).text
