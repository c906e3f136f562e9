"""Moving a referral through its statuses, who may, and what the giver
hears; then thanking the giver for closed business and putting the
thank-you on an agenda."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from clubs.models import Referral, ThankYou
from clubs.services.meetings import occurrence_cancel
from clubs.services.referrals import referral_thank, thank_you_to_agenda
from tests.builders import make_club, make_membership, make_occurrence, make_user
from tests.clubs.referral_builders import move, refusal

pytestmark = pytest.mark.django_db
S = Referral.Status


@pytest.fixture
def host(club):
    person = make_user(email="hana@example.com", first_name="Hana", last_name="Host")
    make_membership(club, person, role="organizer")
    return person


# Moving it on


def test_the_receiver_moves_it_step_by_step_and_each_step_is_timestamped(
    slip, receiver, time_machine
):
    time_machine.move_to("2025-03-03 09:00Z")
    referral = slip()
    time_machine.move_to("2025-03-04 10:00Z")
    move(referral, S.CONTACTED, receiver)
    time_machine.move_to("2025-03-10 10:00Z")
    move(referral, S.MEETING, receiver, note="Site visit on Friday")
    time_machine.move_to("2025-03-20 10:00Z")
    move(referral, S.WON, receiver, value=Decimal("12500.00"), currency="usd")

    referral.refresh_from_db()
    assert referral.status == S.WON
    assert (referral.value, referral.currency) == (Decimal("12500.00"), "USD")
    assert referral.first_contacted_at.isoformat().startswith("2025-03-04T10:00")
    assert referral.closed_at.isoformat().startswith("2025-03-20T10:00")
    assert referral.status_changed_at == referral.closed_at
    steps = list(referral.steps.values_list("status", "note"))
    assert steps == [
        (S.NEW, ""),
        (S.CONTACTED, ""),
        (S.MEETING, "Site visit on Friday"),
        (S.WON, ""),
    ]


@pytest.mark.parametrize(
    "path",
    [
        [S.CONTACTED, S.MEETING, S.LOST],
        [S.CONTACTED, S.NOT_A_FIT],
        [S.MEETING, S.WON],
        [S.WON],
        [S.LOST],
        [S.NOT_A_FIT],
    ],
)
def test_steps_may_be_skipped_forward(slip, receiver, path):
    referral = slip()
    for status in path:
        value = {"value": Decimal(0), "currency": "EUR"} if status == S.WON else {}
        move(referral, status, receiver, **value)
    referral.refresh_from_db()
    assert referral.status == path[-1]
    assert referral.first_contacted_at is not None
    assert referral.closed_at is not None


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ([S.CONTACTED], S.CONTACTED),  # no standing still
        ([S.CONTACTED], S.NEW),  # no going back
        ([S.MEETING], S.CONTACTED),
        ([S.LOST], S.CONTACTED),  # no reopening
        ([S.LOST], S.WON),  # no switching between outcomes
        ([S.NOT_A_FIT], S.LOST),
        ([S.WON], S.LOST),
        ([S.CONTACTED], "thanked"),  # not a status
    ],
)
def test_moves_backwards_or_out_of_a_closed_status_are_refused(
    slip, receiver, path, refused
):
    referral = slip()
    for status in path:
        value = {"value": Decimal(5), "currency": "EUR"} if status == S.WON else {}
        move(referral, status, receiver, **value)
    steps = referral.steps.count()

    with pytest.raises(ValidationError) as error:
        value = {"value": Decimal(5), "currency": "EUR"} if refused == S.WON else {}
        move(referral, refused, receiver, **value)

    assert "status" in refusal(error)
    referral.refresh_from_db()
    assert referral.status == path[-1] and referral.steps.count() == steps


@pytest.mark.parametrize(
    ("status", "fields", "field"),
    [
        (S.WON, {}, "value"),
        (S.WON, {"value": Decimal("-1"), "currency": "USD"}, "value"),
        (S.WON, {"value": Decimal("1.234"), "currency": "USD"}, "value"),
        (S.WON, {"value": Decimal("10"), "currency": ""}, "currency"),
        (S.WON, {"value": Decimal("10"), "currency": "dollars"}, "currency"),
        (S.CONTACTED, {"value": Decimal("10")}, "value"),
        (S.LOST, {"value": Decimal("0"), "currency": "USD"}, "value"),
    ],
)
def test_value_rules(slip, receiver, status, fields, field):
    referral = slip()
    with pytest.raises(ValidationError) as error:
        move(referral, status, receiver, **fields)
    assert field in refusal(error)
    referral.refresh_from_db()
    assert referral.status == S.NEW and referral.value is None


def test_a_win_worth_nothing_yet_is_allowed(slip, receiver):
    referral = move(slip(), S.WON, receiver, value=Decimal(0), currency="GBP")
    assert referral.value == 0


def test_only_the_receiver_or_a_host_moves_a_members_referral(
    slip, giver, receiver, host
):
    referral = slip()
    for person in (giver, make_user()):
        with pytest.raises(PermissionDenied):
            move(referral, S.CONTACTED, person)
    move(referral, S.CONTACTED, host)
    assert referral.steps.last().by == host


def test_the_giver_follows_up_a_referral_to_a_partner_business(slip, giver):
    referral = slip(receiver=None, partner_name="Pat's Plumbing")
    move(referral, S.WON, giver, value=Decimal(900), currency="USD")
    referral.refresh_from_db()
    assert referral.status == S.WON


def test_the_giver_is_told_of_every_step_and_warmly_of_a_win(slip, receiver, committed):
    referral = slip()
    mail.outbox.clear()

    with committed():
        move(referral, S.CONTACTED, receiver, note="Called her today")
    with committed():
        move(referral, S.WON, receiver, value=Decimal("4200"), currency="USD")

    contacted, won = mail.outbox
    assert contacted.to == won.to == ["gina@example.com"]
    assert contacted.subject == "Your referral of Paula Prospect: contacted"
    assert "Called her today" in contacted.body
    assert won.subject.startswith("Won:")
    assert "4200" in won.body and "USD" in won.body
    # The giver's emails don't repeat the prospect's contact details.
    assert "paula@example.com" not in contacted.body + won.body


def test_the_giver_is_not_emailed_about_their_own_step(slip, giver, committed):
    referral = slip(receiver=None, partner_name="Pat's Plumbing")
    with committed():
        move(referral, S.CONTACTED, giver)
    assert mail.outbox == []


# Thank you for closed business


@pytest.fixture
def won(slip, receiver):
    referral = slip()
    return move(referral, S.WON, receiver, value=Decimal(100), currency="USD")


def test_the_receiver_thanks_the_giver_once_and_the_giver_gets_the_note(
    won, receiver, committed
):
    mail.outbox.clear()
    with committed():
        thank_you = referral_thank(
            referral=won, by=receiver, note="Thanks, Gina: a great client!"
        )

    assert thank_you.referral == won
    (email,) = mail.outbox
    assert email.to == ["gina@example.com"]
    assert email.subject == "Rob Roofer thanks you for closed business"
    assert "Thanks, Gina: a great client!" in email.body

    with pytest.raises(ValidationError, match="already thanked"):
        referral_thank(referral=won, by=receiver, note="Again")
    assert ThankYou.objects.count() == 1


def test_only_the_receiver_thanks_and_only_a_won_referral(
    slip, won, giver, host, receiver
):
    for person in (giver, host):
        with pytest.raises(PermissionDenied):
            referral_thank(referral=won, by=person, note="Thanks")
    with pytest.raises(ValidationError, match="once the deal is won"):
        referral_thank(referral=slip(), by=receiver, note="Too early")
    with pytest.raises(ValidationError) as error:
        referral_thank(referral=won, by=receiver, note="  ")
    assert "note" in refusal(error)
    assert not ThankYou.objects.exists()


def test_hosts_put_a_thank_you_on_a_coming_meeting_of_the_club(
    won, receiver, host, giver, club
):
    thank_you = referral_thank(referral=won, by=receiver, note="Thank you!")
    meeting = make_occurrence(club)

    with pytest.raises(PermissionDenied):
        thank_you_to_agenda(thank_you=thank_you, occurrence=meeting, by=giver)
    with pytest.raises(ValidationError):
        thank_you_to_agenda(
            thank_you=thank_you, occurrence=make_occurrence(make_club()), by=host
        )
    occurrence_cancel(occurrence=meeting, reason="Snow")
    meeting.refresh_from_db()
    with pytest.raises(ValidationError):
        thank_you_to_agenda(thank_you=thank_you, occurrence=meeting, by=host)

    next_meeting = make_occurrence(club)
    thank_you_to_agenda(thank_you=thank_you, occurrence=next_meeting, by=host)
    thank_you.refresh_from_db()
    assert thank_you.on_agenda_of == next_meeting
