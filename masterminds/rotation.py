"""Fair hot-seat rotation: who brings a problem to the group at each session.

Everything here is pure: no queries, no clock. The selectors build the input
from the database (masterminds/selectors/) and the services write the
result as HotSeat rows (masterminds/services/sessions.py).

Sessions are numbered 0, 1, 2 ... in date order, cancelled ones left out. The
whole state of the rotation is one number per member, `since`: the session at
which they last had a hot seat or, for someone who never had one, the last
session held before they joined (-1 if they joined before the first). The
line is a list, and a member's place in it breaks ties: members who sat at the
same session stand in the order they sat, behind them those who joined then,
in seat order (who joined first, first). So with everyone present the seats go
round the group in a fixed cycle.

A proposal seats the present members who have waited longest (smallest
`since`), ties broken by place in line. Members who said they will be absent
are skipped and keep their `since`, so they are first in line when they come
back.

Why nobody waits longer than ⌈n ÷ k⌉ sessions they attend (n members, k hot
seats a session). Take a member m who last sat at session t. At every session
m attends without being proposed, the k proposed members all rank ahead of m:
each waited since t or earlier. Once one of them sits, its `since` passes t and
it can never rank ahead of m again; a member ranked behind m never overtakes
m either, because `since` only grows. So the members who sit ahead of m are all
different people, at most n - 1 of them, and m sits at the latest at the
⌈n ÷ k⌉-th session m attends after t.

Swaps. The facilitator may replace a proposed member A with someone else, B.
B's turn counts (B goes to the back of the line) and A keeps the turn it was
owed, so A ranks ahead of everyone who waited less the next time. A swap
spends one seat out of order, so each swap at a session m attends unproposed
can delay m by one seat: m then sits by the ⌈(n + s) ÷ k⌉-th session it
attends, s being the number of such swaps. Being swapped out is the
facilitator's explicit choice and does not count towards one's own wait.
tests/masterminds/test_rotation_fairness.py checks all of this with hypothesis.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field


class RotationError(ValueError):
    """A swap the rotation cannot make; `code` says why, for the message."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Waiting:
    """One member in the line: their id and the session they wait since."""

    member: int
    since: int


@dataclass(frozen=True)
class Session:
    """What is known of a session ahead: who said they will be absent and who
    already holds a hot seat there (kept, and the free seats are filled)."""

    absent: frozenset[int] = field(default_factory=frozenset)
    seated: tuple[int, ...] = ()


def ranked(queue: Sequence[Waiting]) -> list[Waiting]:
    """The line in order: longest waiting first, then place in line."""
    return sorted(queue, key=lambda waiting: waiting.since)  # a stable sort


def propose(
    queue: Sequence[Waiting],
    *,
    seats: int,
    absent: Collection[int] = (),
    seated: Sequence[int] = (),
) -> list[int]:
    """Who sits at the next session: `seated` (seats already given) followed by
    the present members who waited longest, until `seats` are filled."""
    if seats < 1:
        raise ValueError("A session has at least one hot seat.")
    chosen = list(seated)
    for waiting in ranked(queue):
        if len(chosen) >= seats:
            break
        if waiting.member not in absent and waiting.member not in chosen:
            chosen.append(waiting.member)
    return chosen


def swap(
    seated: Sequence[int], *, out: int, into: int, absent: Collection[int] = ()
) -> list[int]:
    """Give `out`'s hot seat to `into`, in the same position."""
    if out not in seated:
        raise RotationError("not_seated", "That member has no hot seat here.")
    if into in seated:
        raise RotationError("already_seated", "That member already sits.")
    if into in absent:
        raise RotationError("absent", "That member will be absent.")
    return [into if member == out else member for member in seated]


def advance(
    queue: Sequence[Waiting], *, seated: Sequence[int], session: int
) -> list[Waiting]:
    """The line after `session` was held with `seated` in the hot seats, in
    that order: they go to the back of the line, in the order they sat."""
    members = {waiting.member for waiting in queue}
    return [waiting for waiting in queue if waiting.member not in seated] + [
        Waiting(member, session) for member in seated if member in members
    ]


def forecast(
    queue: Sequence[Waiting], *, seats: int, sessions: Sequence[Session], first: int
) -> dict[int, int]:
    """For each member, the position in `sessions` (numbered from `first`) of
    their next hot seat, assuming the rotation's proposals stand. Members whose
    turn lies beyond the sessions given are left out."""
    turns: dict[int, int] = {}
    for offset, session in enumerate(sessions):
        chosen = propose(
            queue, seats=seats, absent=session.absent, seated=session.seated
        )
        for member in chosen:
            turns.setdefault(member, offset)
        queue = advance(queue, seated=chosen, session=first + offset)
    return turns
