"""Giving a referral slip through the service: what it takes, what is
refused beside which field, and the nudge its receiver gets when it sits
untouched."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from clubs.jobs import send_referral_nudges
from clubs.models import Referral, ReferralStep
from tests.builders import make_club, make_membership, make_occurrence, make_user
from tests.clubs.referral_builders import move, refusal

pytestmark = pytest.mark.django_db
S = Referral.Status


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
