"""Cancelling a place asks first, and "Changed your mind? Take my place back"
follows while the seat is still free and the meeting still to come; a place
whose money went back is taken by registering again."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from clubs.models import Registration
from clubs.tokens import registration_manage_token
from tests.builders import make_club, make_occurrence
from tests.builders import make_registration as register
from tests.clubs.test_payments_refunds import PRICES, paid_place

pytestmark = pytest.mark.django_db

UNDO = "Take my place back"


def urls(registration) -> dict[str, str]:
    token = registration_manage_token(registration)
    return {
        name: reverse(f"registration_{name}", kwargs={"token": token})
        for name in ("manage", "cancel", "restore")
    }


@pytest.fixture
def occurrence():
    return make_occurrence(capacity=1)


def test_cancelling_asks_first_and_the_first_tap_changes_nothing(client, occurrence):
    gia = register(occurrence, name="Gia", email="gia@example.com")

    manage = client.get(urls(gia)["manage"]).text
    asked = client.get(urls(gia)["cancel"]).text

    assert '/cancel/">Cancel my place</a>' in manage  # a link to the question
    assert "Cancel your place?" in asked
    assert 'class="button button--danger">Yes, cancel my place</button>' in asked
    gia.refresh_from_db()
    assert gia.status == Registration.Status.CONFIRMED


def test_after_cancelling_the_place_can_be_taken_back(client, occurrence, committed):
    gia = register(occurrence, name="Gia", email="gia@example.com")

    page = client.post(urls(gia)["cancel"], follow=True).text
    assert "Changed your mind?" in page and UNDO in page
    mail.outbox.clear()
    with committed():
        page = client.post(urls(gia)["restore"], follow=True).text

    assert "Your place is back." in page
    gia.refresh_from_db()
    occurrence.refresh_from_db()
    assert gia.status == Registration.Status.CONFIRMED
    assert occurrence.confirmed_count == 1
    # The cancellation took the invitation out of their calendar: a new one.
    assert [message.to for message in mail.outbox] == [["gia@example.com"]]
    assert "Cancel my place" in page and UNDO not in page


def test_no_undo_once_the_waitlist_took_the_seat(client, occurrence):
    gia = register(occurrence, name="Gia", email="gia@example.com")
    hal = register(occurrence, name="Hal", email="hal@example.com")
    assert hal.status == Registration.Status.WAITLISTED

    page = client.post(urls(gia)["cancel"], follow=True).text
    assert UNDO not in page
    # A stale page pressed anyway: refused, nothing overbooked.
    page = client.post(urls(gia)["restore"], follow=True).text

    assert "Your seat has gone to someone else." in page
    hal.refresh_from_db()
    gia.refresh_from_db()
    assert hal.status == Registration.Status.CONFIRMED
    assert gia.status == Registration.Status.CANCELLED


def test_no_undo_once_the_meeting_has_started(client, occurrence, time_machine):
    gia = register(occurrence, name="Gia", email="gia@example.com")
    client.post(urls(gia)["cancel"])
    time_machine.move_to(occurrence.start + timedelta(minutes=1))

    assert UNDO not in client.get(urls(gia)["manage"]).text
    client.post(urls(gia)["restore"])
    gia.refresh_from_db()
    assert gia.status == Registration.Status.CANCELLED


@pytest.mark.django_db(transaction=True)
def test_a_refunded_place_is_not_taken_back_but_registered_afresh(client, stripe_fake):
    club = make_club(slug="paid-breakfast", refund_until_hours=48)
    occurrence = make_occurrence(club, capacity=10, **PRICES)
    gia = paid_place(occurrence, stripe_fake)

    page = client.post(urls(gia)["cancel"], follow=True).text

    assert "is on its way back to you" in page
    assert UNDO not in page
    client.post(urls(gia)["restore"])
    gia.refresh_from_db()
    assert gia.status == Registration.Status.CANCELLED


@pytest.mark.django_db(transaction=True)
def test_a_place_paid_and_not_refunded_comes_back_without_paying_twice(
    client, stripe_fake, time_machine
):
    club = make_club(slug="late-breakfast", refund_until_hours=48)
    occurrence = make_occurrence(club, capacity=10, **PRICES)
    gia = paid_place(occurrence, stripe_fake)
    time_machine.move_to(occurrence.start - timedelta(hours=47))  # past the policy
    client.post(urls(gia)["cancel"])

    page = client.post(urls(gia)["restore"], follow=True).text

    gia.refresh_from_db()
    assert gia.status == Registration.Status.CONFIRMED
    assert "Paid online: $25.00" in page
    assert gia.payments.count() == 1
