"""Visitors brought, on the champions leaderboard: people a member's share
link brought to register for one of the club's meetings, and guests the
member invited who came; each person once per member."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clubs.cookies import Touch
from clubs.models import Attendance, Attribution, Occurrence, Registration
from clubs.selectors import referral_reports as reports
from clubs.services.registrations import registration_create
from tests.builders import make_club, make_membership, make_user
from tests.clubs.report_builders import CHICAGO, NOW
from tests.clubs.report_builders import meeting as report_meeting

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


@pytest.fixture
def club(hosted_club):
    return hosted_club


@pytest.fixture
def ana(club):
    ana = make_user(first_name="Ana", last_name="Member", email="ana@example.com")
    make_membership(club, ana)
    return ana


@pytest.fixture
def ben(club):
    ben = make_user(first_name="Ben", last_name="Member")
    make_membership(club, ben)
    return ben


def meeting(club, when: datetime) -> Occurrence:
    """A meeting at `when`, of a series where members may bring ten guests."""
    return report_meeting(club, when, start_time=when.time(), max_guests_per_member=10)


def next_meeting(club) -> Occurrence:
    return meeting(club, datetime(2026, 6, 2, 7, 30, tzinfo=CHICAGO))


def through_link(member, occurrence, email, name="Vera Visitor"):
    """A visitor followed `member`'s share link, then registered."""
    touch = Touch(
        code=member.referral_code, page_id=None, program_id=None, at=timezone.now()
    )
    return registration_create(
        occurrence=occurrence, name=name, email=email, touch=touch
    )


def invited(member, occurrence, email, *, came: bool):
    """A guest registered as `member`'s, marked at the door afterwards."""
    registration = Registration.objects.create(
        occurrence=occurrence,
        name="Gus Guest",
        email=email,
        invited_by=member,
        status="confirmed",
    )
    Attendance.objects.create(
        occurrence=occurrence,
        registration=registration,
        name=registration.name,
        email=email,
        status="present" if came else "absent",
    )
    return registration


def board(club, period, rank_by="visitors"):
    return {
        c.person.first_name: (c.visitors, c.rank)
        for c in reports.champions_leaderboard(
            club=club, period=period, rank_by=rank_by, currencies=[]
        )
    }


def test_a_visitor_the_members_link_brought_counts_once_registered(
    client, club, host, ana, period
):
    through_link(ana, next_meeting(club), "vera@example.net")
    client.force_login(host)

    page = client.get(reverse("club_referrals_report", args=[club.slug])).content
    page = page.decode()

    assert Attribution.objects.get().referrer == ana
    assert board(club, period) == {"Ana": (1, 1)}
    assert "Visitors brought</th>" in page
    assert "share link" in page  # the column says what it counts


def test_one_person_counts_once_per_member_however_they_came(
    club, ana, ben, period, time_machine
):
    earlier = meeting(club, datetime(2026, 4, 7, 7, 30, tzinfo=CHICAGO))
    later = meeting(club, datetime(2026, 5, 5, 7, 30, tzinfo=CHICAGO))
    time_machine.move_to(datetime(2026, 4, 1, 9, tzinfo=CHICAGO), tick=False)
    invited(ana, earlier, "gus@example.net", came=True)
    through_link(ana, earlier, "vera@example.net")
    time_machine.move_to(datetime(2026, 5, 1, 9, tzinfo=CHICAGO), tick=False)
    invited(ana, later, "gus@example.net", came=True)  # the same guest again
    invited(ana, later, "vera@example.net", came=True)  # credited, then invited
    invited(ben, later, "nina@example.net", came=True)
    invited(ben, later, "absent@example.net", came=False)  # never came

    assert board(club, period) == {"Ana": (2, 1), "Ben": (1, 2)}


def test_only_visitors_who_registered_in_the_period_for_this_club_count(
    club, ana, period, time_machine
):
    other = make_club(slug="southside")
    time_machine.move_to(datetime(2026, 3, 30, 9, tzinfo=CHICAGO), tick=False)
    through_link(
        ana, meeting(club, datetime(2026, 4, 7, 7, 30, tzinfo=CHICAGO)), "a@x.net"
    )
    time_machine.move_to(NOW, tick=False)
    through_link(ana, next_meeting(other), "b@x.net")

    assert Attribution.objects.filter(referrer=ana).count() == 2
    assert board(club, period) == {}
    assert board(other, reports.period_for(other, **_dates(period))) == {"Ana": (1, 1)}


def test_refused_credit_brings_no_visitor(club, ana, ben, period):
    occurrence = next_meeting(club)
    through_link(ana, occurrence, "Ana+breakfast@Example.com")  # herself
    through_link(ana, occurrence, ben.email)  # already a member

    assert not Attribution.objects.exists()
    assert board(club, period) == {}


def test_visitors_are_one_query_however_many(
    club, ana, ben, period, django_assert_num_queries
):
    occurrence = next_meeting(club)
    through_link(ana, occurrence, "first@example.net")
    # The scores (referrals and visitors, one UNION ALL) and the names.
    with django_assert_num_queries(2):
        board(club, period)

    for n in range(8):
        through_link([ana, ben][n % 2], occurrence, f"visitor{n}@example.net")
        invited(
            ben, meeting(club, NOW - timedelta(days=n + 1)), f"g{n}@x.net", came=True
        )
    with django_assert_num_queries(2):
        assert board(club, period) == {"Ben": (12, 1), "Ana": (5, 2)}
    with django_assert_num_queries(1):
        assert dict(reports.visitors_brought(club=club, period=period)) == {
            ana.pk: 5,
            ben.pk: 12,
        }


def _dates(period):
    return {"start": period.start, "end": period.end}
