"""A referral still new a week after it was given: the club's hosts hear of
it by email, once, from the periodic work."""

from functools import partial

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from clubs.jobs import send_stale_referral_alerts
from clubs.models import Referral
from clubs.notifications import referrals as referral_notifications
from clubs.services.referrals import referral_move
from tests.builders import make_club, make_membership, make_referral, make_user

pytestmark = pytest.mark.django_db
S = Referral.Status
GIVEN = "2025-05-01 09:00Z"
A_WEEK_LATER = "2025-05-08 09:01Z"


@pytest.fixture
def hosts(club):
    """An organizer and a co-host; a co-host who stepped down and a plain
    member are not hosts."""
    people = {}
    for email, role, status in [
        ("olga@example.com", "organizer", "active"),
        ("cora@example.com", "cohost", "active"),
        ("lena@example.com", "cohost", "left"),
        ("mo@example.com", "member", "active"),
    ]:
        people[email] = make_user(email=email, first_name=email.split("@")[0])
        make_membership(club, people[email], role=role, status=status)
    return people


@pytest.fixture
def slip(club, giver, receiver):
    """Give a referral from Gina to Rob (no temperature); keyword arguments
    override."""
    return partial(make_referral, giver=giver, club=club, receiver=receiver)


def alerts():
    return [m for m in mail.outbox if m.subject.startswith("Still new after a week")]


def test_each_active_host_hears_once_a_week_after(slip, hosts, time_machine):
    time_machine.move_to(GIVEN)
    referral = slip()

    time_machine.move_to("2025-05-08 08:59Z")  # a minute short of a week
    call_command("enqueue_periodic_tasks")
    assert alerts() == []

    time_machine.move_to(A_WEEK_LATER)
    call_command("enqueue_periodic_tasks")
    call_command("enqueue_periodic_tasks")
    time_machine.move_to("2025-05-20 09:00Z")
    call_command("enqueue_periodic_tasks")

    sent = alerts()
    assert sorted(m.to[0] for m in sent) == ["cora@example.com", "olga@example.com"]
    alert = sent[0]
    assert alert.subject == "Still new after a week: 1 referral in Sunrise Breakfast"
    assert "Paula Prospect, from Gina Giver to Rob Roofer, given 1 May" in alert.body
    assert f"/referrals/{referral.pk}/" in alert.body
    assert reverse("club_stale_referrals", args=["sunrise"]) in alert.body
    referral.refresh_from_db()
    assert referral.hosts_alerted_at is not None


def test_no_alert_for_referrals_already_moved_on(slip, receiver, hosts, time_machine):
    time_machine.move_to(GIVEN)
    referral_move(referral=slip(), status=S.CONTACTED, by=receiver)
    referral_move(referral=slip(), status=S.NOT_A_FIT, by=receiver)

    time_machine.move_to(A_WEEK_LATER)
    send_stale_referral_alerts.enqueue()

    assert alerts() == []


def test_an_alert_already_claimed_is_not_sent_again(slip, hosts, time_machine):
    """Two workers at once: the second finds the claim already taken."""
    time_machine.move_to(GIVEN)
    referral = slip()
    time_machine.move_to(A_WEEK_LATER)
    Referral.objects.filter(pk=referral.pk).update(hosts_alerted_at="2025-05-08T09Z")

    send_stale_referral_alerts.enqueue()

    assert alerts() == []


def test_one_email_per_host_lists_what_went_stale_in_their_club(
    slip, hosts, receiver, time_machine
):
    other = make_club(name="Harbour Lunch", slug="harbour")
    elsewhere = make_user(email="hal@example.com", first_name="Hal")
    make_membership(other, elsewhere, role="organizer")
    make_membership(other, receiver)
    time_machine.move_to(GIVEN)
    slip(prospect_name="Paula Prospect")
    slip(prospect_name="Pedro Prospect")
    slip(receiver=None, partner_name="Pat's Plumbing", prospect_name="Priya Prospect")
    giver_there = make_user(first_name="Gus")
    make_membership(other, giver_there)
    slip(club=other, giver=giver_there, prospect_name="Quinn Prospect")

    time_machine.move_to(A_WEEK_LATER)
    send_stale_referral_alerts.enqueue()

    by_host = {m.to[0]: m for m in alerts()}
    assert set(by_host) == {"olga@example.com", "cora@example.com", "hal@example.com"}
    sunrise = by_host["olga@example.com"]
    assert sunrise.subject == "Still new after a week: 3 referrals in Sunrise Breakfast"
    for name in ["Paula", "Pedro", "Priya"]:
        assert f"{name} Prospect" in sunrise.body
    assert "Pat's Plumbing" in sunrise.body
    assert "Quinn" not in sunrise.body
    assert "Quinn Prospect" in by_host["hal@example.com"].body


def test_a_long_list_points_to_the_hosts_page(slip, hosts, time_machine, monkeypatch):
    monkeypatch.setattr(referral_notifications, "STALE_LISTED", 2)
    time_machine.move_to(GIVEN)
    for name in ["Ann", "Bea", "Cal"]:
        slip(prospect_name=f"{name} Prospect")

    time_machine.move_to(A_WEEK_LATER)
    send_stale_referral_alerts.enqueue()

    body = alerts()[0].body
    assert "Ann Prospect" in body and "Bea Prospect" in body
    assert "Cal Prospect" not in body
    assert "And 1 more." in body
