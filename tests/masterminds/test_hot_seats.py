"""Hot seats in the database: proposals, absences, swaps and "when is my turn"."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from clubs.models import Attendance, Registration
from clubs.services.meetings import occurrence_cancel
from clubs.services.registrations import registration_cancel, registration_create
from masterminds.models import AbsenceNotice, HotSeat
from masterminds.selectors import hot_seat_forecast, member_next_hot_seat
from masterminds.services import sessions as services
from masterminds.services.applications import membership_leave
from masterminds.services.sessions import (
    absence_notify,
    absence_withdraw,
    hot_seat_swap,
    hot_seats_propose,
)
from tests.builders import make_occurrence, make_user
from tests.masterminds.builders import facilitator_of, make_group, seat, sessions

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    return make_group(hot_seats_per_session=2)


@pytest.fixture
def members(group):
    """Ana, Ben, Cy, Dee and Eve, seated in that order."""
    return {
        name: seat(group, first_name=name)
        for name in ("Ana", "Ben", "Cy", "Dee", "Eve")
    }


@pytest.fixture
def session(group):
    return sessions(group)


def who(hot_seats) -> list[str]:
    return [hot_seat.member.first_name for hot_seat in hot_seats]


def seated_at(occurrence) -> list[str]:
    return who(occurrence.hot_seats.select_related("member").order_by("position"))


def the_day_before(time_machine, occurrence):
    time_machine.move_to(occurrence.start - timedelta(days=1), tick=False)


def test_hot_seats_go_round_and_skip_who_said_they_will_be_absent(
    group, members, session, time_machine
):
    absence_notify(occurrence=session[2], member=members["Eve"])
    seen = []
    for occurrence in session[:4]:
        the_day_before(time_machine, occurrence)
        seen.append(who(hot_seats_propose(occurrence=occurrence)))

    assert seen == [["Ana", "Ben"], ["Cy", "Dee"], ["Ana", "Ben"], ["Eve", "Cy"]]


def test_proposing_again_keeps_the_seats_given(group, members, session):
    first = hot_seats_propose(occurrence=session[0])
    again = hot_seats_propose(occurrence=session[0])

    assert [seat.pk for seat in again] == [seat.pk for seat in first]
    assert HotSeat.objects.count() == 2


def test_a_member_who_will_be_absent_hands_their_hot_seat_on_and_keeps_the_turn(
    group, members, session
):
    hot_seats_propose(occurrence=session[0])

    absence_notify(occurrence=session[0], member=members["Ana"], note="Travelling")

    assert seated_at(session[0]) == ["Cy", "Ben"]
    assert member_next_hot_seat(group=group, person=members["Ana"]) == session[1]


def test_saying_you_will_be_absent_gives_up_your_place(group, members, session):
    place = registration_create(occurrence=session[0], person=members["Ana"])

    absence_notify(occurrence=session[0], member=members["Ana"])

    place.refresh_from_db()
    assert place.status == Registration.Status.CANCELLED
    with pytest.raises(ValidationError) as excinfo:
        absence_notify(occurrence=session[0], member=members["Ana"])
    assert excinfo.value.messages == [str(services.ALREADY_ABSENT)]
    assert AbsenceNotice.objects.count() == 1


def test_a_cancelled_place_counts_as_saying_you_will_be_absent(group, members, session):
    registration_cancel(
        registration=registration_create(occurrence=session[0], person=members["Ana"])
    )

    assert who(hot_seats_propose(occurrence=session[0])) == ["Ben", "Cy"]


def test_coming_after_all_withdraws_the_notice(group, members, session):
    absence_notify(occurrence=session[0], member=members["Ana"])

    absence_withdraw(occurrence=session[0], member=members["Ana"])

    assert who(hot_seats_propose(occurrence=session[0])) == ["Ana", "Ben"]
    with pytest.raises(ValidationError):
        absence_withdraw(occurrence=session[0], member=members["Ana"])


def test_only_the_groups_members_send_absence_notices(group, members, session):
    with pytest.raises(ValidationError) as excinfo:
        absence_notify(occurrence=session[0], member=make_user())
    assert excinfo.value.messages == [str(services.NOT_A_MEMBER)]

    with pytest.raises(ValidationError) as excinfo:
        absence_notify(occurrence=make_occurrence(), member=members["Ana"])
    assert excinfo.value.messages == [str(services.NOT_A_SESSION)]
    assert not AbsenceNotice.objects.exists()


def test_a_facilitator_swap_keeps_the_rotation_fair(group, members, session):
    facilitator = facilitator_of(group)
    [ana_seat, _ben_seat] = hot_seats_propose(occurrence=session[0])

    hot_seat_swap(hot_seat=ana_seat, member=members["Eve"], by=facilitator)

    ana_seat.refresh_from_db()
    assert (ana_seat.member, ana_seat.assigned_by) == (members["Eve"], facilitator)
    assert seated_at(session[0]) == ["Eve", "Ben"]
    turns = hot_seat_forecast(group=group)
    assert turns[members["Ana"].pk] == session[1]  # first in line next time
    assert turns[members["Eve"].pk] == session[0]


def test_swaps_that_would_break_the_rules_are_refused(group, members, session):
    facilitator = facilitator_of(group)
    absence_notify(occurrence=session[0], member=members["Dee"])
    [ana_seat, _ben_seat] = hot_seats_propose(occurrence=session[0])

    with pytest.raises(PermissionDenied):
        hot_seat_swap(hot_seat=ana_seat, member=members["Cy"], by=members["Ben"])
    for member, message in (
        (members["Ben"], "{} already has a hot seat at this session."),
        (members["Dee"], "{} said they will miss this session."),
        (make_user(), "{} holds no seat in this group, so takes no hot seat."),
    ):
        with pytest.raises(ValidationError) as excinfo:
            hot_seat_swap(hot_seat=ana_seat, member=member, by=facilitator)
        assert excinfo.value.messages == [message.format(member)]
    assert seated_at(session[0]) == ["Ana", "Ben"]


def test_hot_seats_change_only_before_the_session(
    group, members, session, time_machine
):
    [ana_seat, _ben_seat] = hot_seats_propose(occurrence=session[0])
    time_machine.move_to(session[0].start + timedelta(minutes=5), tick=False)

    with pytest.raises(ValidationError, match="already started"):
        hot_seat_swap(hot_seat=ana_seat, member=members["Cy"], by=facilitator_of(group))
    with pytest.raises(ValidationError, match="already started"):
        absence_notify(occurrence=session[0], member=members["Ana"])


def test_a_cancelled_session_takes_no_hot_seats_and_its_seats_do_not_count(
    group, members, session
):
    hot_seats_propose(occurrence=session[0])
    occurrence_cancel(occurrence=session[0], reason="Snow")

    with pytest.raises(ValidationError, match="cancelled"):
        hot_seats_propose(occurrence=session[0])
    assert who(hot_seats_propose(occurrence=session[1])) == ["Ana", "Ben"]


def test_a_hot_seat_missed_in_the_attendance_is_still_owed(
    group, members, session, time_machine
):
    hot_seats_propose(occurrence=session[0])
    Attendance.objects.create(
        occurrence=session[0], person=members["Ana"], name="Ana", status="absent"
    )
    the_day_before(time_machine, session[1])

    assert who(hot_seats_propose(occurrence=session[1])) == ["Ana", "Cy"]


def test_members_see_when_their_turn_comes(group, members, session):
    absence_notify(occurrence=session[1], member=members["Cy"])

    turns = {
        name: member_next_hot_seat(group=group, person=person)
        for name, person in members.items()
    }

    assert turns == {
        "Ana": session[0],
        "Ben": session[0],
        "Cy": session[2],  # away at the second session
        "Dee": session[1],
        "Eve": session[1],
    }
    assert member_next_hot_seat(group=group, person=facilitator_of(group)) is None


def test_a_newcomer_joins_the_back_of_the_line(group, members, session, time_machine):
    hot_seats_propose(occurrence=session[0])
    time_machine.move_to(session[0].start + timedelta(days=1), tick=False)
    newcomer = seat(group, first_name="Neo")

    turns = {
        person.first_name: hot_seat_forecast(group=group)[person.pk]
        for person in [*members.values(), newcomer]
    }

    assert turns == {
        "Cy": session[1],
        "Dee": session[1],
        "Eve": session[2],
        "Ana": session[2],
        "Ben": session[3],
        "Neo": session[3],
    }


def test_leaving_hands_a_hot_seat_to_the_next_in_line(group, members, session):
    hot_seats_propose(occurrence=session[0])

    membership_leave(membership=members["Ana"].memberships.get())

    assert seated_at(session[0]) == ["Cy", "Ben"]
