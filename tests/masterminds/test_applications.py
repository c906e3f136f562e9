"""Applying for a seat, the facilitators' decisions, leaving and the waitlist."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from clubs.models import Membership
from masterminds.models import Application
from masterminds.selectors import group_for_person, seated_members
from masterminds.services import applications as services
from masterminds.services.applications import (
    application_approve,
    application_decline,
    application_submit,
    application_waitlist,
    application_withdraw,
    membership_leave,
    waitlist_fill,
)
from tests.builders import make_category, make_user
from tests.masterminds.builders import facilitator_of, make_group, seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    return make_group(seat_limit=2, training=True)


@pytest.fixture
def facilitator(group):
    return facilitator_of(group)


def apply(group, person=None, *, category=None, **fields):
    fields.setdefault("wants", "Accountability while I hire my first two people.")
    fields.setdefault("business", "Bookkeeping for restaurants")
    return application_submit(
        group=group,
        person=person or make_user(),
        category=category or make_category(),
        **fields,
    )


def membership(group, person):
    return Membership.objects.filter(club=group.club, person=person).first()


def error_text(excinfo) -> str:
    return " ".join(excinfo.value.messages)


# --- Applying ----------------------------------------------------------------------


def test_an_application_reaches_the_applicant_and_the_facilitators(
    group, facilitator, committed
):
    applicant = make_user(first_name="Ana")
    training = group.training_series.occurrences.first()
    with committed():
        application = apply(group, applicant, training=training)

    assert application.status == Application.Status.PENDING
    assert application.training == training
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {applicant.email, facilitator.email}
    assert "received your application" in by_recipient[applicant.email].subject
    assert "Accountability" in by_recipient[facilitator.email].body


def test_applying_twice_is_refused_and_keeps_one_application(group):
    applicant = make_user()
    apply(group, applicant)

    with pytest.raises(ValidationError) as excinfo:
        apply(group, applicant)

    assert error_text(excinfo) == str(services.ALREADY_APPLIED)
    assert Application.objects.filter(person=applicant).count() == 1


def test_a_waitlisted_applicant_cannot_apply_again_either(group, facilitator):
    application = apply(group)
    application_waitlist(application=application, by=facilitator)

    with pytest.raises(ValidationError, match="already applied"):
        apply(group, application.person)


def test_members_and_facilitators_need_no_seat(group, facilitator):
    member = seat(group)

    with pytest.raises(ValidationError) as as_member:
        apply(group, member)
    with pytest.raises(ValidationError) as as_facilitator:
        apply(group, facilitator)

    assert error_text(as_member) == str(services.ALREADY_MEMBER)
    assert error_text(as_facilitator) == str(services.FACILITATOR)
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"wants": "  "}, "wants", services.NO_WANTS),
        ({"business": ""}, "business", services.NO_BUSINESS),
        ({"wants": "x" * 1001}, "wants", services.TOO_LONG),
    ],
)
def test_an_incomplete_application_says_what_is_missing(group, fields, field, message):
    with pytest.raises(ValidationError) as excinfo:
        apply(group, **fields)

    assert excinfo.value.message_dict[field] == [str(message)]
    assert not Application.objects.exists()


def test_a_group_with_one_member_per_category_asks_for_the_category(group):
    with pytest.raises(ValidationError) as excinfo:
        application_submit(
            group=group, person=make_user(), wants="Grow", business="Plumbing"
        )

    assert excinfo.value.message_dict["category"] == [str(services.NO_CATEGORY)]


def test_an_application_cannot_claim_another_groups_training(group):
    other = make_group(training=True)

    with pytest.raises(ValidationError) as excinfo:
        apply(group, training=other.training_series.occurrences.first())

    assert excinfo.value.message_dict["training"] == [str(services.NOT_OUR_TRAINING)]


# --- Deciding ----------------------------------------------------------------------


def test_approval_seats_the_applicant_under_their_category(
    group, facilitator, committed
):
    category = make_category("Commercial insurance")
    applicant = make_user()
    application = apply(group, applicant, category=category)
    mail.outbox.clear()

    with committed():
        application_approve(application=application, by=facilitator, note="Welcome!")

    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED
    assert application.decided_by == facilitator
    seat_held = membership(group, applicant)
    assert (seat_held.status, seat_held.role) == ("active", "member")
    assert seat_held.joined_at is not None
    applicant.refresh_from_db()
    assert applicant.category == category
    assert group_for_person(person=applicant, slug=group.club.slug) == group
    [email] = mail.outbox
    assert email.to == [applicant.email]
    assert "Welcome" in email.subject
    assert "Welcome!" in email.body


def test_approval_over_the_seat_limit_is_refused_and_changes_nothing(
    group, facilitator, committed
):
    seat(group, category=make_category())
    seat(group, category=make_category())
    application = apply(group)
    mail.outbox.clear()

    with committed(), pytest.raises(ValidationError) as excinfo:
        application_approve(application=application, by=facilitator)

    assert (
        error_text(excinfo)
        == "All 2 seats are taken. Waitlist the application, or free a seat."
    )
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING
    assert membership(group, application.person) is None
    assert mail.outbox == []


def test_a_second_member_in_a_taken_category_is_refused(group, facilitator):
    insurance = make_category("Commercial insurance")
    seat(group, first_name="Ivan", last_name="Insurer", category=insurance)
    application = apply(group, category=insurance)

    with pytest.raises(ValidationError) as excinfo:
        application_approve(application=application, by=facilitator)

    assert "Ivan Insurer already holds the seat for Commercial insurance" in (
        error_text(excinfo)
    )
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING
    assert membership(group, application.person) is None


def test_without_the_category_rule_two_members_may_share_one():
    group = make_group(one_member_per_category=False)
    insurance = make_category()
    seat(group, category=insurance)
    application = apply(group, category=insurance)

    application_approve(application=application, by=facilitator_of(group))

    assert len(seated_members(group)) == 2


def test_only_facilitators_decide(group):
    application = apply(group)
    member = seat(group)

    for decide in (application_approve, application_decline, application_waitlist):
        with pytest.raises(PermissionDenied):
            decide(application=application, by=member)
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING


def test_a_declined_applicant_is_told_and_the_decision_stands(
    group, facilitator, committed
):
    application = apply(group)
    mail.outbox.clear()

    with committed():
        application_decline(application=application, by=facilitator, note="Not now.")

    [email] = mail.outbox
    assert email.to == [application.person.email]
    assert "Not now." in email.body
    with pytest.raises(ValidationError, match="already been decided"):
        application_approve(application=application, by=facilitator)
    assert membership(group, application.person) is None


def test_a_waitlisted_applicant_is_told(group, facilitator, committed):
    application = apply(group)
    mail.outbox.clear()

    with committed():
        application_waitlist(application=application, by=facilitator)

    [email] = mail.outbox
    assert "waitlist" in email.subject
    with pytest.raises(ValidationError, match="already on the waitlist"):
        application_waitlist(application=application, by=facilitator)


def test_only_the_applicant_withdraws_and_may_apply_again(group, committed):
    application = apply(group)
    mail.outbox.clear()

    with pytest.raises(ValidationError):
        application_withdraw(application=application, by=make_user())
    with committed():
        application_withdraw(application=application, by=application.person)

    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    assert "withdrew" in mail.outbox[0].subject
    apply(group, application.person)


# --- Leaving and the waitlist -------------------------------------------------------


def test_a_freed_seat_goes_to_the_first_waitlisted_applicant_who_can_take_it(
    group, facilitator, committed
):
    insurance, law = make_category("Insurance"), make_category("Law")
    leaving = seat(group, category=make_category())
    seat(group, category=insurance)
    blocked = apply(group, category=insurance)  # first, but the category is held
    waiting = apply(group, category=law)
    for application in (blocked, waiting):
        application_waitlist(application=application, by=facilitator)
    mail.outbox.clear()

    with committed():
        membership_leave(membership=membership(group, leaving))

    assert membership(group, leaving).status == Membership.Status.LEFT
    blocked.refresh_from_db()
    waiting.refresh_from_db()
    assert blocked.status == Application.Status.WAITLISTED
    assert waiting.status == Application.Status.APPROVED
    assert waiting.decided_by is None
    assert membership(group, waiting.person).status == Membership.Status.ACTIVE
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert "A seat opened up" in subjects[waiting.person.email]
    assert "took the free seat" in subjects[facilitator.email]


def test_leaving_a_full_group_with_nobody_waiting_just_frees_the_seat(group):
    member = seat(group)

    membership_leave(membership=membership(group, member))

    assert seated_members(group) == []
    with pytest.raises(ValidationError):
        membership_leave(membership=membership(group, member))


def test_raising_the_seat_limit_fills_seats_from_the_waitlist(group, facilitator):
    seat(group), seat(group)
    application = apply(group)
    application_waitlist(application=application, by=facilitator)

    assert waitlist_fill(group=group) == []
    group.seat_limit = 3
    group.save()
    assert waitlist_fill(group=group) == [application]


def test_someone_who_left_may_apply_and_be_seated_again(group, facilitator):
    application = apply(group)
    application_approve(application=application, by=facilitator)
    membership_leave(membership=membership(group, application.person))

    again = apply(group, application.person, category=application.category)
    application_approve(application=again, by=facilitator)

    assert membership(group, application.person).status == Membership.Status.ACTIVE


def test_the_applicant_hears_of_every_step_even_when_they_follow_quickly(
    group, facilitator, committed
):
    leaving = seat(group)
    seat(group)
    applicant = make_user()
    with committed():
        application = apply(group, applicant)
        application_waitlist(application=application, by=facilitator, note="Soon!")
        membership_leave(membership=membership(group, leaving))

    to_applicant = [m for m in mail.outbox if m.to == [applicant.email]]
    assert [m.subject.split(" ")[:3] for m in to_applicant] == [
        ["We", "received", "your"],
        ["You", "are", "on"],
        ["A", "seat", "opened"],
    ]
    assert "Soon!" in to_applicant[1].body
