"""Small helpers that build a mastermind group and the people in it."""

from datetime import timedelta
from itertools import count

from django.utils import timezone

from clubs.models import AgendaItemKind, AgendaTemplate, Membership
from masterminds.models import MastermindGroup
from masterminds.services.groups import mastermind_create
from tests.builders import make_club, make_membership, make_series, make_user

_sequence = count(1)

SESSION_ORDER = [
    (AgendaItemKind.WINS, "Wins", 10),
    (AgendaItemKind.TRAINING, "Training topic", 20),
    (AgendaItemKind.HOT_SEATS, "Hot seat", 20),
    (AgendaItemKind.HOT_SEATS, "Hot seat", 20),
    (AgendaItemKind.REFERRAL_EXCHANGE, "Referral exchange", 10),
    (AgendaItemKind.COMMITMENTS, "Commitments", 10),
]


def make_group(
    *,
    facilitator=None,
    seat_limit: int = 8,
    one_member_per_category: bool = True,
    hot_seats_per_session: int = 2,
    first_session=None,
    training: bool = False,
) -> MastermindGroup:
    """A group through the service, with monthly sessions (first Tuesdays)
    from `first_session` (default: tomorrow), and optionally a training
    series in a public club."""
    n = next(_sequence)
    group = mastermind_create(
        name=f"Mastermind {n}",
        slug=f"mastermind-{n}",
        time_zone="America/Chicago",
        by=facilitator or make_user(first_name="Fran", last_name=f"Facilitator{n}"),
        seat_limit=seat_limit,
        one_member_per_category=one_member_per_category,
        hot_seats_per_session=hot_seats_per_session,
    )
    group.session_series = make_series(
        group.club,
        title="Mastermind session",
        guests_allowed=False,
        first_date=first_session or timezone.localdate() + timedelta(days=1),
    )
    if training:
        group.training_series = make_series(
            make_club(), title="Monthly training", purpose="training"
        )
    group.full_clean()
    group.save()
    return group


def facilitator_of(group: MastermindGroup):
    return (
        Membership.objects.get(club=group.club, role=Membership.Role.ORGANIZER)
    ).person


def seat(group: MastermindGroup, person=None, *, category=None, **fields):
    """A seated member, as an approved application leaves them."""
    person = person or make_user(category=category, **fields)
    make_membership(group.club, person)
    return person


def sessions(group: MastermindGroup) -> list:
    return list(group.session_series.occurrences.order_by("start"))


def make_session_template(group: MastermindGroup) -> AgendaTemplate:
    """Wins, training, two hot seats, referrals and commitments, made the
    template the group's session agendas are built from."""
    template = AgendaTemplate.objects.create(name="Session", club=group.club)
    for kind, title, minutes in SESSION_ORDER:
        template.items.add(
            template.items.model(kind=kind, title=title, minutes=minutes)
        )
    template.save()  # a cluster keeps its items in memory until saved
    group.agenda_template = template
    group.save()
    return template
