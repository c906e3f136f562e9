"""The demo mastermind: seven of eight seats taken, one per category, a
pending application, a training open to guests, six months of fair hot seats
and commitments, and the next session's agenda published."""

import math

import pytest
from django.utils import timezone

from clubs.demo import meetings as demo_meetings
from clubs.demo import people as clubs_demo
from clubs.models import Attendance, Club
from clubs.selectors.agendas import (
    agenda_text,
    published_agenda,
)
from clubs.services.agendas import agenda_templates_for
from masterminds import demo
from masterminds.models import Application, Commitment, HotSeat, MastermindGroup
from masterminds.selectors import (
    commitments_due,
    hot_seat_forecast,
    seated_members,
    sessions,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    people = clubs_demo.seed()
    demo_meetings.seed(people)
    demo.seed(people)
    return people


def counts():
    return [
        model.objects.count()
        for model in (MastermindGroup, Application, HotSeat, Commitment, Attendance)
    ]


def test_seven_of_eight_seats_one_per_category(seeded):
    group = MastermindGroup.objects.get(club__slug=demo.GROUP_SLUG)
    members = seated_members(group)
    assert group.seat_limit == 8
    assert len(members) == 7
    assert len({member.category_id for member in members}) == 7
    assert "marcus.bell@example.com" in {member.email for member in members}
    assert group.club.memberships.get(
        person__email="rosa.delgado@example.com"
    ).role == ("organizer")
    assert group.applications.get().status == Application.Status.PENDING
    training = group.training_series
    assert training.guests_allowed
    assert training.club.visibility == Club.Visibility.PUBLIC


def test_six_months_of_fair_hot_seats_and_commitments(seeded):
    group = MastermindGroup.objects.get(club__slug=demo.GROUP_SLUG)
    past = list(sessions(group).filter(end__lt=timezone.now()))
    assert len(past) >= 6
    bound = math.ceil(7 / group.hot_seats_per_session)
    sat = [
        set(session.hot_seats.values_list("member_id", flat=True)) for session in past
    ]
    assert all(len(seats) == 2 for seats in sat)
    for start in range(len(past) - bound + 1):
        window = set().union(*sat[start : start + bound])
        assert len(window) == 7  # everyone sits within ⌈7 ÷ 2⌉ sessions
    marked = Commitment.objects.exclude(status=Commitment.Status.OPEN)
    assert marked.filter(status=Commitment.Status.DONE).exists()
    assert (
        marked.filter(status=Commitment.Status.NOT_DONE).exists()
        or marked.filter(status=Commitment.Status.PARTLY).exists()
    )
    assert Attendance.objects.filter(occurrence=past[0]).count() == 7


def test_the_next_session_has_its_agenda_and_hot_seats(seeded):
    group = MastermindGroup.objects.get(club__slug=demo.GROUP_SLUG)
    upcoming = sessions(group).filter(start__gt=timezone.now()).first()
    agenda = published_agenda(upcoming)
    assert agenda is not None
    assert [item.minutes for item in agenda.items.all()] == [10, 20, 20, 20, 10, 10]
    names = [seat.member.get_full_name() for seat in upcoming.hot_seats.all()]
    assert len(names) == 2
    for name in names:
        assert f"Hot seat: {name}" in agenda_text(agenda)
    due = commitments_due(occurrence=upcoming)
    assert due.exists()
    notes = agenda.items.get(kind="commitments").notes
    assert due.first().text in notes
    marcus = seeded["marcus.bell@example.com"]
    assert marcus.pk in hot_seat_forecast(group=group)


def test_seeding_again_changes_nothing(seeded):
    before = counts()

    demo.seed(seeded)

    assert counts() == before


def test_the_demo_members_are_expected_at_the_next_session_and_know_where(seeded):
    group = MastermindGroup.objects.get()
    upcoming = sessions(group).filter(start__gt=timezone.now()).first()

    expected = upcoming.registrations.filter(status="confirmed")
    assert set(expected.values_list("person", flat=True)) >= {
        member.pk for member in seated_members(group)
    }
    assert group.club.venue_address


def test_the_training_is_offered_its_own_running_order_not_the_breakfasts(seeded):
    group = MastermindGroup.objects.get(club__slug=demo.GROUP_SLUG)
    training = group.training_series.occurrences.order_by("start").last()
    breakfast = (
        training.series.club.series.exclude(pk=training.series_id)
        .get(title__icontains="breakfast")
        .occurrences.last()
    )

    assert [t.name for t in agenda_templates_for(training)] == [
        "Training running order"
    ]
    assert [t.name for t in agenda_templates_for(breakfast)] == [
        "Breakfast running order"
    ]
