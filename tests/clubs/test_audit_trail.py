"""The audit trail: a host's change to a membership, registration, attendance
mark, referral, reward or payment says who made it, when, and what it was
before and after; organizers read it in the admin's Site history."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from clubs.models import Membership, Payment, Registration
from clubs.services.attendance import (
    attendance_add_walk_in,
    attendance_check_in,
    attendance_mark,
)
from clubs.services.attribution import reward_fulfil
from clubs.services.memberships import membership_set_status
from clubs.services.payments import (
    checkout_start,
    payment_record_at_door,
    payment_refund_by_host,
    payment_undo_at_door,
)
from clubs.services.referrals import referral_move
from tests.builders import make_club, make_host, make_member, make_occurrence
from tests.builders import make_registration as register
from tests.clubs.test_rewards_ledger import qualify

pytestmark = pytest.mark.django_db

PRICES = {"member_price": 1500, "guest_price": 2500, "currency": "USD"}
SITE_HISTORY = "/admin/reports/site-history/"


@pytest.fixture
def club():
    return make_club(name="Sunrise Breakfast", slug="sunrise")


@pytest.fixture
def host(club):
    return make_host(club, first_name="Hana", last_name="Host")


@pytest.fixture
def occurrence(club):
    return make_occurrence(club, **PRICES)


def entry(instance) -> ModelLogEntry:
    """The one audit entry about `instance`."""
    return ModelLogEntry.objects.for_instance(instance).get()


def assert_recorded(log, *, action, by, before, after):
    assert log.action == action
    assert log.user == by
    assert timezone.now() - log.timestamp < timedelta(minutes=1)
    assert log.data == {"before": before, "after": after}


def test_a_host_suspending_a_member_is_recorded(club, host):
    member = make_member(club, first_name="Mia")
    membership = Membership.objects.get(person=member)

    membership_set_status(membership=membership, status="suspended", by=host)

    log = entry(membership)
    assert_recorded(
        log,
        action="clubs.membership_changed",
        by=host,
        before={"status": "active"},
        after={"status": "suspended"},
    )
    assert log.message == "Membership changed: status Active → Suspended"


def test_admitting_a_member_in_the_admin_is_recorded(client, club, host):
    """The admin's edit view saves through the service (so Wagtail writes no
    `wagtail.edit` of its own): the service's entry is the record."""
    applicant = make_member(club, status="pending")
    membership = Membership.objects.get(person=applicant)
    client.force_login(host)

    client.post(
        reverse("club_memberships:edit", args=[membership.pk]), {"status": "active"}
    )

    assert_recorded(
        entry(membership),
        action="clubs.membership_changed",
        by=host,
        before={"status": "pending"},
        after={"status": "active"},
    )


def test_a_host_marking_and_re_marking_attendance_is_recorded(occurrence, host):
    registration = register(occurrence, name="Sam", email="sam@example.com")

    mark = attendance_mark(
        occurrence=occurrence, registration=registration, status="present", by=host
    )
    attendance_mark(
        occurrence=occurrence,
        registration=registration,
        status="substitute",
        substitute_name="Sue",
        by=host,
    )

    first, second = ModelLogEntry.objects.for_instance(mark).order_by("timestamp")
    assert_recorded(
        first,
        action="clubs.attendance_marked",
        by=host,
        before={},
        after={"status": "present", "substitute_name": ""},
    )
    assert_recorded(
        second,
        action="clubs.attendance_marked",
        by=host,
        before={"status": "present", "substitute_name": ""},
        after={"status": "substitute", "substitute_name": "Sue"},
    )
    assert second.message == (
        "Attendance marked: attendance Present → Substitute came, substitute — → Sue"
    )


def test_a_host_checking_in_and_a_walk_in_are_recorded(occurrence, host):
    registration = register(occurrence, name="Sam", email="sam@example.com")

    attendance_check_in(registration=registration, by=host)
    walk_in = attendance_add_walk_in(occurrence=occurrence, name="Wes", by=host)

    registration.refresh_from_db()
    for attendance in (registration.attendance, walk_in):
        assert_recorded(
            entry(attendance),
            action="clubs.attendance_marked",
            by=host,
            before={},
            after={"status": "present", "substitute_name": ""},
        )


def test_a_second_scan_and_a_self_check_in_add_nothing(occurrence, host):
    registration = register(occurrence, name="Sam", email="sam@example.com")
    attendance_check_in(registration=registration, by=host)
    attendance_check_in(registration=registration, by=host)
    other = register(occurrence, name="Ola", email="ola@example.com")
    attendance_check_in(registration=other, by=None)

    assert ModelLogEntry.objects.filter(action="clubs.attendance_marked").count() == 1


def test_a_host_moving_a_referral_is_recorded(club, host):
    from tests.builders import make_referral

    giver, receiver = make_member(club), make_member(club)
    referral = make_referral(giver=giver, club=club, receiver=receiver)

    referral_move(
        referral=referral, status="won", by=host, value=Decimal("1200"), currency="usd"
    )

    assert_recorded(
        entry(referral),
        action="clubs.referral_moved",
        by=host,
        before={"status": "new", "value": None, "currency": ""},
        after={"status": "won", "value": "1200", "currency": "USD"},
    )


def test_a_host_handing_a_reward_over_is_recorded(club, host, marcus):
    reward = qualify(marcus, club, "Dana Whitlock", "dana@x.net").first()

    reward_fulfil(reward=reward, by=host)

    reward.refresh_from_db()
    assert_recorded(
        entry(reward),
        action="clubs.reward_handed_over",
        by=host,
        before={"fulfilled_at": None},
        after={"fulfilled_at": reward.fulfilled_at.isoformat()},
    )


def test_a_door_payment_and_its_undo_are_recorded(occurrence, host):
    registration = register(occurrence, name="Sam", email="sam@example.com")

    payment = payment_record_at_door(registration=registration, by=host)
    pk = payment.pk
    payment_undo_at_door(payment=payment, by=host)

    recorded, undone = ModelLogEntry.objects.filter(object_id=str(pk)).order_by(
        "timestamp"
    )
    paid = {"status": "paid", "method": "door", "amount": 2500, "currency": "USD"}
    assert_recorded(
        recorded, action="clubs.payment_recorded", by=host, before={}, after=paid
    )
    assert_recorded(
        undone, action="clubs.payment_undone", by=host, before=paid, after={}
    )
    assert not Payment.objects.filter(pk=pk).exists()


def test_paying_at_the_door_for_a_held_seat_records_the_registration_confirmed(
    occurrence, host, stripe_fake
):
    held = register(occurrence, name="Hal", email="hal@example.com")
    checkout_start(registration=held, return_url="http://testserver/x/")
    held.refresh_from_db()
    assert held.status == Registration.Status.HELD

    payment_record_at_door(registration=held, by=host)

    assert_recorded(
        entry(held),
        action="clubs.registration_changed",
        by=host,
        before={"status": "held"},
        after={"status": "confirmed"},
    )


def test_a_host_refunding_a_payment_is_recorded(occurrence, host):
    registration = register(occurrence, name="Sam", email="sam@example.com")
    payment = Payment.objects.create(
        registration=registration,
        amount=2500,
        currency="USD",
        method=Payment.Method.STRIPE,
        status=Payment.Status.PAID,
        paid_at=timezone.now(),
    )

    payment_refund_by_host(payment=payment, by=host)

    online = {"method": "stripe", "amount": 2500, "currency": "USD"}
    log = entry(payment)
    assert_recorded(
        log,
        action="clubs.payment_refunded",
        by=host,
        before={"status": "paid", **online},
        after={"status": "refunded", **online},
    )
    assert "status Paid → Refunded" in log.message


def test_organizers_read_the_trail_in_site_history(client, club, host, admin_user):
    member = make_member(club, first_name="Zelda", last_name="Zimmer")
    membership = Membership.objects.get(person=member)
    membership_set_status(membership=membership, status="removed", by=host)

    for reader in (admin_user, host):
        client.force_login(reader)
        response = client.get(SITE_HISTORY)

        assert response.status_code == 200
        html = response.content.decode()
        assert "Membership changed: status Active → Removed" in html
        assert "Zelda Zimmer" in html
        assert "Hana Host" in html


def test_members_cannot_read_site_history(client, club, host):
    member = make_member(club)
    membership_set_status(
        membership=Membership.objects.get(person=member), status="suspended", by=host
    )
    client.force_login(make_member(club))

    response = client.get(SITE_HISTORY)

    assert response.status_code == 302
    assert "Membership changed" not in response.content.decode()


def test_a_host_of_another_club_does_not_read_this_clubs_trail(client, club, host):
    member = make_member(club, first_name="Zelda", last_name="Zimmer")
    membership = Membership.objects.get(person=member)
    membership_set_status(membership=membership, status="removed", by=host)
    stranger = make_host(make_club(name="Riverside Breakfast"))
    client.force_login(stranger)

    for url in (SITE_HISTORY, SITE_HISTORY + "results/"):
        response = client.get(url)

        assert response.status_code == 200
        html = response.content.decode()
        assert "status Active → Removed" not in html
        assert "Zelda Zimmer" not in html


def test_a_facilitator_seating_an_applicant_is_recorded():
    from masterminds.services.applications import (
        application_approve,
        application_submit,
    )
    from tests.builders import make_category, make_user
    from tests.masterminds.builders import facilitator_of, make_group

    group = make_group(one_member_per_category=False)
    facilitator = facilitator_of(group)
    application = application_submit(
        group=group,
        person=make_user(),
        category=make_category(),
        wants="Accountability while I hire my first two people.",
        business="Bookkeeping for restaurants",
    )

    application_approve(application=application, by=facilitator)

    membership = Membership.objects.get(club=group.club, person=application.person)
    assert_recorded(
        entry(membership),
        action="clubs.membership_changed",
        by=facilitator,
        before={},
        after={"status": "active", "role": "member"},
    )


def test_site_history_filters_name_no_other_clubs_host(client, club, host):
    """The user, action and type filters offer what the host's own entries
    hold, never another club's host or what happened there."""
    from wagtail.log_actions import log
    from wagtail.models import Page

    from clubs.models import Referral
    from tests.builders import make_referral

    other = make_club(name="Riverside Breakfast")
    bruno = make_host(other, first_name="Bruno", last_name="Bravo")
    theirs = Membership.objects.get(person=make_member(other))
    membership_set_status(membership=theirs, status="suspended", by=bruno)
    log(Page.objects.get(depth=1), "wagtail.edit", user=bruno)  # a page of theirs
    giver, receiver = make_member(club), make_member(club)
    referral = make_referral(giver=giver, club=club, receiver=receiver)
    referral_move(referral=referral, status="contacted", by=host)
    client.force_login(host)

    response = client.get(SITE_HISTORY)

    html = response.content.decode()
    assert "Bruno" not in html
    assert "Membership changed" not in html
    assert "Hana Host" in html and "Referral moved" in html
    form = response.context["filters"].form
    assert [user.pk for user in form.fields["user"].queryset] == [host.pk]
    types = form.fields["object_type"].queryset
    assert [t.model_class() for t in types] == [Referral]
