"""Referral slips: giving one, moving it through its statuses, thanking the
giver, putting the thank-you on an agenda, the emails, and the nudges."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from clubs.jobs import send_referral_nudges
from clubs.models import Referral, ReferralStep, ThankYou
from clubs.services.meetings import occurrence_cancel
from clubs.services.referrals import (
    referral_create,
    referral_move,
    referral_thank,
    thank_you_to_agenda,
)
from tests.builders import make_club, make_membership, make_occurrence, make_user

pytestmark = pytest.mark.django_db
S = Referral.Status


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a commit would trigger (emails) for the block it wraps."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def club():
    return make_club(name="Sunrise Breakfast", slug="sunrise")


@pytest.fixture
def giver(club):
    person = make_user(email="gina@example.com", first_name="Gina", last_name="Giver")
    make_membership(club, person)
    return person


@pytest.fixture
def receiver(club):
    person = make_user(email="rob@example.com", first_name="Rob", last_name="Roofer")
    make_membership(club, person)
    return person


@pytest.fixture
def host(club):
    person = make_user(email="hana@example.com", first_name="Hana", last_name="Host")
    make_membership(club, person, role="organizer")
    return person


@pytest.fixture
def slip(club, giver, receiver):
    """Give a referral from Gina to Rob; keyword arguments override."""

    def give(**fields):
        values = {
            "giver": giver,
            "club": club,
            "receiver": receiver,
            "prospect_name": "Paula Prospect",
            "prospect_email": "paula@example.com",
            "need": "A new roof before winter",
            "temperature": "hot",
            "consent": True,
        } | fields
        return referral_create(**values)

    return give


def refusal(error: ValidationError) -> dict:
    return error.value.message_dict


# Giving a referral


def test_a_referral_is_logged_with_its_first_step_and_the_receiver_is_told(
    slip, receiver, giver, committed
):
    with committed():
        referral = slip(prospect_phone="+1 555 0100", prospect_company="Acme")

    assert referral.status == S.NEW
    assert list(referral.steps.values_list("status", "by")) == [(S.NEW, giver.pk)]
    (email,) = mail.outbox
    assert email.to == ["rob@example.com"]
    assert "Paula Prospect" in email.subject
    assert "paula@example.com" in email.body and "+1 555 0100" in email.body
    assert "A new roof before winter" in email.body
    assert f"/referrals/{referral.pk}/" in email.body


def test_a_referral_can_go_to_a_partner_business_outside_the_club(slip, committed):
    with committed():
        referral = slip(
            receiver=None, partner_name="Pat's Plumbing", partner_contact="pat@x.com"
        )

    assert referral.receiver is None and referral.partner_name == "Pat's Plumbing"
    assert mail.outbox == []  # nobody here to tell


def test_a_referral_can_be_tied_to_a_meeting_of_its_club(slip, club):
    occurrence = make_occurrence(club)
    assert slip(occurrence=occurrence).occurrence == occurrence

    with pytest.raises(ValidationError) as error:
        slip(occurrence=make_occurrence(make_club()))
    assert "occurrence" in refusal(error)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"consent": False}, "consent"),
        ({"prospect_email": "", "prospect_phone": ""}, "prospect_email"),
        ({"prospect_email": "not-an-email"}, "prospect_email"),
        ({"prospect_name": "  "}, "prospect_name"),
        ({"need": ""}, "need"),
        ({"value": Decimal("10")}, "value"),
        ({"receiver": None}, "receiver"),
        ({"partner_name": "Also a partner"}, "partner_name"),
        ({"temperature": "lukewarm"}, "temperature"),
    ],
)
def test_bad_slips_are_refused_beside_the_field_and_nothing_is_written(
    slip, fields, field
):
    with pytest.raises(ValidationError) as error:
        slip(**fields)

    assert field in refusal(error)
    assert not Referral.objects.exists() and not ReferralStep.objects.exists()
    assert mail.outbox == []


def test_a_phone_number_alone_is_enough(slip):
    assert slip(prospect_email="", prospect_phone="555 0100").prospect_phone


def test_nobody_refers_business_to_themselves(slip, giver):
    with pytest.raises(ValidationError) as error:
        slip(receiver=giver)
    assert refusal(error)["receiver"] == ["You can't refer business to yourself."]


def test_the_receiver_must_be_an_active_member_of_that_club(slip, club):
    outsider = make_user()
    make_membership(make_club(), outsider)  # a member elsewhere
    suspended = make_user()
    make_membership(club, suspended, status="suspended")

    for person in (outsider, suspended):
        with pytest.raises(ValidationError) as error:
            slip(receiver=person)
        assert "is not an active member" in refusal(error)["receiver"][0]
    assert not Referral.objects.exists()


def test_the_giver_must_be_an_active_member_of_that_club(slip, club, receiver):
    stranger = make_user()
    with pytest.raises(ValidationError) as error:
        slip(giver=stranger)
    assert "club" in refusal(error)


# Moving it on


def move(referral, status, by, **fields):
    return referral_move(referral=referral, status=status, by=by, **fields)


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


# Nudges


def test_an_untouched_referral_nudges_its_receiver_once(slip, club, time_machine):
    time_machine.move_to("2025-05-01 09:00Z")
    referral = slip()
    mail.outbox.clear()

    time_machine.move_to("2025-05-03 08:59Z")  # 47:59 later: not yet
    send_referral_nudges.enqueue()
    assert mail.outbox == []

    time_machine.move_to("2025-05-03 09:01Z")
    send_referral_nudges.enqueue()
    send_referral_nudges.enqueue()
    time_machine.move_to("2025-05-09 09:00Z")
    send_referral_nudges.enqueue()

    (nudge,) = mail.outbox
    assert nudge.to == ["rob@example.com"]
    assert nudge.subject == "Waiting for you: Paula Prospect, referred by Gina Giver"
    assert "paula@example.com" in nudge.body
    referral.refresh_from_db()
    assert referral.nudged_at is not None


def test_each_club_sets_when_its_nudges_go(slip, club, time_machine):
    club.referral_nudge_hours = 4
    club.save()
    time_machine.move_to("2025-05-01 09:00Z")
    slip()
    mail.outbox.clear()

    time_machine.move_to("2025-05-01 13:01Z")
    send_referral_nudges.enqueue()

    assert len(mail.outbox) == 1


def test_no_nudge_for_referrals_already_moved_or_given_to_partners(
    slip, receiver, time_machine
):
    time_machine.move_to("2025-05-01 09:00Z")
    move(slip(), S.CONTACTED, receiver)
    move(slip(), S.NOT_A_FIT, receiver)
    slip(receiver=None, partner_name="Pat's Plumbing")
    mail.outbox.clear()

    time_machine.move_to("2025-05-10 09:00Z")
    call_command("enqueue_periodic_tasks")

    assert mail.outbox == []


def test_a_nudge_already_claimed_is_not_sent_again(slip, time_machine):
    """Two workers at once: the second finds the claim already taken."""
    time_machine.move_to("2025-05-01 09:00Z")
    referral = slip()
    mail.outbox.clear()
    time_machine.move_to("2025-05-04 09:00Z")
    Referral.objects.filter(pk=referral.pk).update(nudged_at="2025-05-04T08:59Z")

    send_referral_nudges.enqueue()

    assert mail.outbox == []
