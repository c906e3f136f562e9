"""A mastermind member deletes their account (clubs.services.erasure, with
masterminds' @erasure_step): their seat goes to the waitlist as if they
left, their applications, commitments and hot seats go with them, and the
other members keep theirs."""

import pytest
from django.utils import timezone

from clubs.models import Membership, Registration, User
from clubs.services.erasure import erase_person
from masterminds.models import Application, Commitment, HotSeat
from masterminds.services.applications import application_submit, application_waitlist
from tests.builders import make_category, make_user
from tests.masterminds.builders import facilitator_of, make_group, seat, sessions

pytestmark = pytest.mark.django_db


def _apply(group, person):
    return application_submit(
        group=group,
        person=person,
        wants="Accountability for my sales calls.",
        business="Harbor Plumbing",
        category=make_category(),
    )


def test_an_erased_members_seat_goes_to_the_waitlist(committed):
    group = make_group(seat_limit=1)
    facilitator = facilitator_of(group)
    mia = make_user(first_name="Mia", email="mia.mm@example.com")
    _apply(group, mia)
    seat(group, mia)
    Application.objects.filter(person=mia).update(
        status="approved", decided_at=timezone.now()
    )
    ana = make_user(first_name="Ana")
    waiting = _apply(group, ana)
    application_waitlist(application=waiting, by=facilitator)
    session = sessions(group)[0]
    Commitment.objects.create(occurrence=session, member=mia, text="Call ten leads")
    HotSeat.objects.create(occurrence=session, member=mia, position=1)

    with committed():
        erase_person(person=mia, by=None)

    assert not User.objects.filter(pk=mia.pk).exists()
    assert Application.objects.filter(group=group).count() == 1
    waiting.refresh_from_db()
    assert waiting.status == Application.Status.APPROVED
    assert Membership.objects.get(club=group.club, person=ana).status == "active"
    assert not Commitment.objects.filter(text="Call ten leads").exists()
    assert HotSeat.objects.filter(occurrence=session).exclude(member=ana).count() == 0
    # Her places at the sessions to come went too; the room is Ana's.
    assert not Registration.objects.filter(
        occurrence=session, name="Former member"
    ).exclude(status="cancelled")
