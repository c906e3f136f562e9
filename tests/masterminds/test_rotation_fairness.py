"""The hot-seat rotation is fair: a property test over random groups, absences
and swaps (masterminds/rotation.py, pure, no database).

What "waits" means here. A member's wait is the number of sessions they are
present at, since their last hot seat (or since they joined), without sitting
in one. Sessions they said they would miss do not count: an absence moves the
member's turn later by exactly the sessions missed, never more, and they are
first in line when they come back. A session where the rotation proposed the
member and the facilitator swapped them out does not count either: that is the
facilitator's explicit choice, and the member keeps their place in the line.

The claim. With n members and k hot seats a session, no present member's wait
ever exceeds ⌈n ÷ k⌉ - 1: everyone sits at the latest at the ⌈n ÷ k⌉-th
session they attend after their last turn. Each swap made at a session where
the member was present but not proposed spends one seat out of turn and may
delay them by one seat: with s such swaps the bound is ⌈(n + s) ÷ k⌉ - 1.
"""

from math import ceil

from hypothesis import given, settings
from hypothesis import strategies as st

from masterminds.rotation import (
    RotationError,
    Session,
    Waiting,
    advance,
    forecast,
    propose,
    swap,
)


def line(members: int) -> list[Waiting]:
    return [Waiting(member, -1) for member in range(members)]


def simulate(data, *, members: int, seats: int, sessions: int, max_swaps: int):
    """Run the rotation session by session, checking every present member's
    wait against the bound after each one."""
    queue = line(members)
    waited = dict.fromkeys(range(members), 0)
    swaps_seen = dict.fromkeys(range(members), 0)
    everyone = list(range(members))
    for session in range(sessions):
        absent = data.draw(st.frozensets(st.sampled_from(everyone)), label="absent")
        present = [member for member in everyone if member not in absent]
        proposed = propose(queue, seats=seats, absent=absent)
        assert len(proposed) == len(set(proposed)) == min(seats, len(present))
        assert not set(proposed) & absent

        sitting, swaps = list(proposed), 0
        for _ in range(data.draw(st.integers(0, max_swaps), label="swaps")):
            bench = [member for member in present if member not in sitting]
            if not bench:
                break
            out = data.draw(st.sampled_from(sitting), label="out")
            into = data.draw(st.sampled_from(bench), label="into")
            sitting = swap(sitting, out=out, into=into, absent=absent)
            swaps += 1

        for member in present:
            if member in sitting:
                waited[member], swaps_seen[member] = 0, 0
            elif member not in proposed:
                waited[member] += 1
                swaps_seen[member] += swaps
            bound = ceil((members + swaps_seen[member]) / seats) - 1
            assert waited[member] <= bound, (
                f"member {member} waited {waited[member]} sessions they attended, "
                f"more than {bound} (n={members}, k={seats}, "
                f"swaps={swaps_seen[member]}) at session {session}"
            )
        queue = advance(queue, seated=sitting, session=session)


@settings(max_examples=300, deadline=None)
@given(
    data=st.data(),
    members=st.integers(1, 12),
    seats=st.integers(1, 4),
    sessions=st.integers(1, 30),
)
def test_nobody_present_waits_longer_than_members_over_seats(
    data, members, seats, sessions
):
    simulate(data, members=members, seats=seats, sessions=sessions, max_swaps=0)


@settings(max_examples=300, deadline=None)
@given(
    data=st.data(),
    members=st.integers(1, 12),
    seats=st.integers(1, 4),
    sessions=st.integers(1, 30),
)
def test_swaps_delay_the_others_by_at_most_one_seat_each(
    data, members, seats, sessions
):
    simulate(data, members=members, seats=seats, sessions=sessions, max_swaps=2)


def test_with_everyone_present_the_seats_go_round_in_seat_order():
    queue, seen = line(5), []
    for session in range(5):
        sitting = propose(queue, seats=2)
        seen.append(sitting)
        queue = advance(queue, seated=sitting, session=session)

    assert seen == [[0, 1], [2, 3], [4, 0], [1, 2], [3, 4]]


def test_an_absent_member_is_skipped_and_comes_first_when_back():
    queue = line(4)

    first = propose(queue, seats=1, absent={0})
    queue = advance(queue, seated=first, session=0)
    second = propose(queue, seats=1)

    assert (first, second) == ([1], [0])


def test_a_swapped_out_member_keeps_their_turn_for_next_time():
    queue = line(6)
    proposed = propose(queue, seats=2)
    sitting = swap(proposed, out=0, into=5)
    queue = advance(queue, seated=sitting, session=0)

    assert proposed == [0, 1]
    assert sitting == [5, 1]
    assert propose(queue, seats=2) == [0, 2]


def test_a_newcomer_waits_behind_those_already_waiting():
    queue = [Waiting(0, 3), Waiting(1, 1), Waiting(2, 2), Waiting(9, 3)]

    assert propose(queue, seats=3) == [1, 2, 0]


def test_seats_already_given_are_kept_and_the_rest_filled():
    assert propose(line(4), seats=2, seated=[3]) == [3, 0]


def test_impossible_swaps_say_why():
    for args, code in (
        ({"out": 7, "into": 2}, "not_seated"),
        ({"out": 0, "into": 1}, "already_seated"),
        ({"out": 0, "into": 2, "absent": {2}}, "absent"),
    ):
        try:
            swap([0, 1], **args)
        except RotationError as error:
            assert error.code == code
        else:
            raise AssertionError(f"{args} was allowed")


def test_the_forecast_follows_the_proposals_absences_and_given_seats():
    plan = [Session(), Session(absent=frozenset({4})), Session(seated=(1,))]

    turns = forecast(line(5), seats=2, sessions=plan, first=10)

    # Session 0 seats 0 and 1; session 1 skips the absent 4 for 2 and 3;
    # session 2 keeps the seat given to 1 and fills the other with 4.
    assert turns == {0: 0, 1: 0, 2: 1, 3: 1, 4: 2}
