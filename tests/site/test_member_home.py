"""The member's home (/home/): where signing in lands, with what is next for
them, what waits for them, their link and their numbers; hosts see their
clubs too."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clubs.models import Referral
from masterminds.models import AbsenceNotice, Application
from tests.builders import (
    PASSWORD,
    make_club,
    make_host,
    make_member,
    make_occurrence,
    make_referral,
    make_registration,
    make_series,
    make_user,
    weekly,
)
from tests.content.page_builders import make_landing_page
from tests.masterminds.builders import make_group, seat, sessions

pytestmark = pytest.mark.django_db
HOME = "/home/"


def page_for(client, person):
    client.force_login(person)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def test_signing_in_lands_on_the_member_home(client):
    make_user(email="ana@example.com")

    response = client.post(
        "/accounts/login/", {"login": "ana@example.com", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == reverse("member_home") == HOME


def test_a_visitor_is_asked_to_sign_in(client):
    response = client.get(HOME)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_it_lists_club_meetings_and_the_sessions_of_the_members_groups(client):
    """A seated member need not register for a session to be expected at it:
    the session shows even without a place (issue 13's "Nothing yet")."""
    club = make_club(name="Northside Breakfast", time_zone="America/Chicago")
    breakfast = make_occurrence(club, title="Networking breakfast")
    group = make_group(first_session=timezone.localdate() + timedelta(days=21))
    member = seat(group, first_name="Ana")
    make_registration(breakfast, person=member)
    session = sessions(group)[0]

    html = page_for(client, member)

    assert "Networking breakfast" in html
    assert "Northside Breakfast" in html
    assert f'href="/masterminds/{group.club.slug}/sessions/{session.pk}/"' in html
    assert "Mastermind session" in html
    # 7:30 in the club's own zone, however the server's clock is set.
    assert "07:30" in html and "(America/Chicago)" in html
    assert "Nothing on your calendar yet" not in html


def test_a_session_the_member_will_miss_says_so(client):
    group = make_group()
    member = seat(group)
    AbsenceNotice.objects.create(occurrence=sessions(group)[0], member=member)

    assert "You said you'll be absent" in page_for(client, member)


def test_another_clubs_meetings_and_other_groups_sessions_stay_out(client):
    make_occurrence(make_club(), title="Somebody else's breakfast")
    other = make_group()
    seat(other)
    member = make_user()

    html = page_for(client, member)

    assert "Somebody else" not in html
    assert "Mastermind session" not in html
    assert "Nothing on your calendar yet" in html


def test_it_lists_the_referrals_the_member_has_not_acted_on(client):
    club = make_club()
    giver, member = make_member(club, first_name="Gia"), make_member(club)
    make_referral(giver=giver, club=club, receiver=member, prospect_name="New Nora")
    contacted = make_referral(
        giver=giver, club=club, receiver=member, prospect_name="Called Carl"
    )
    Referral.objects.filter(pk=contacted.pk).update(status="contacted")
    make_referral(giver=member, club=club, receiver=giver, prospect_name="Given Gus")

    html = page_for(client, member)

    assert "New Nora" in html
    assert "Called Carl" not in html
    assert "Given Gus" not in html


def test_it_shows_the_members_next_hot_seat(client):
    group = make_group(hot_seats_per_session=1)
    member = seat(group)
    first = sessions(group)[0]

    html = page_for(client, member)

    assert "Your next hot seat" in html
    assert f"/sessions/{first.pk}/" in html


def test_it_offers_the_members_personal_share_link(client):
    make_landing_page(title="Bring a guest to breakfast")
    member = make_user()

    html = page_for(client, member)

    assert "Bring a guest to breakfast" in html
    assert f"/r/{member.referral_code}/" in html


def test_it_shows_the_members_numbers(client):
    club = make_club()
    member, other = make_member(club), make_member(club)
    won = make_referral(giver=other, club=club, receiver=member)
    Referral.objects.filter(pk=won.pk).update(status="won", value=1200, currency="USD")
    make_referral(giver=member, club=club, receiver=other)

    html = page_for(client, member)

    assert "Referrals given</dt><dd>1</dd>" in html
    assert "Referrals received</dt><dd>1</dd>" in html
    assert "1,200 USD" in html


def test_a_member_who_hosts_nothing_sees_no_host_section(client):
    assert "Clubs you host" not in page_for(client, make_user())


def test_a_host_sees_each_clubs_next_meeting_with_its_count_and_links(client):
    club = make_club(name="Northside Breakfast")
    host = make_host(club)
    meeting = make_occurrence(club, capacity=20)
    make_registration(meeting, person=make_member(club))
    make_registration(meeting, person=make_member(club))

    html = page_for(client, host)

    assert "Clubs you host" in html
    assert "2 of 20 registered" in html
    assert reverse("occurrence_attendance", args=[club.slug, meeting.pk]) in html
    assert reverse("club_meetings:edit", args=[meeting.pk]) in html


def test_a_host_sees_the_referrals_gone_stale_in_their_clubs_only(client):
    club, elsewhere = make_club(), make_club()
    host = make_host(club)
    giver, receiver = make_member(club), make_member(club)
    stale = make_referral(
        giver=giver, club=club, receiver=receiver, prospect_name="Stale Stan"
    )
    make_referral(giver=giver, club=club, receiver=receiver, prospect_name="Fresh Fay")
    outsider = make_referral(
        giver=make_member(elsewhere),
        club=elsewhere,
        receiver=make_member(elsewhere),
        prospect_name="Other Olga",
    )
    a_week_ago = timezone.now() - timedelta(days=8)
    Referral.objects.filter(pk__in=[stale.pk, outsider.pk]).update(
        created_at=a_week_ago
    )

    html = page_for(client, host)

    assert "Stale Stan" in html
    assert "Fresh Fay" not in html
    assert "Other Olga" not in html


def test_a_facilitator_sees_applications_waiting_for_a_decision(client):
    group = make_group()
    facilitator = group.club.memberships.get(role="organizer").person
    waiting = Application.objects.create(
        group=group,
        person=make_user(first_name="Wanda", last_name="Waiting"),
        wants="Accountability",
        business="Wanda's Bakery",
    )
    Application.objects.create(
        group=group,
        person=make_user(first_name="Dora", last_name="Declined"),
        wants="x",
        business="y",
        status=Application.Status.DECLINED,
        decided_at=timezone.now(),
        decided_by=facilitator,
    )

    html = page_for(client, facilitator)

    assert "Wanda Waiting" in html
    assert reverse("mastermind_applications:inspect", args=[waiting.pk]) in html
    assert "Dora Declined" not in html


def _busy_host(meetings: int):
    """A host of a club with `meetings` weekly meetings they registered for,
    as many referrals waiting and stale, and a seat in a group."""
    club = make_club()
    host = make_host(club)
    series = make_series(club, recurrence=weekly())
    for occurrence in series.occurrences.order_by("start")[:meetings]:
        make_registration(occurrence, person=host)
    giver = make_member(club)
    for n in range(meetings):
        make_referral(giver=giver, club=club, receiver=host, prospect_name=f"P{n}")
    Referral.objects.filter(club=club).update(
        created_at=timezone.now() - timedelta(days=8)
    )
    seat(make_group(), host)
    make_landing_page()
    return host


def test_the_member_home_costs_the_same_queries_however_much_there_is(
    client, django_assert_max_num_queries
):
    few, many = _busy_host(1), _busy_host(12)
    client.force_login(few)
    with django_assert_max_num_queries(40) as few_queries:
        client.get(HOME)
    client.force_login(many)
    with django_assert_max_num_queries(len(few_queries.captured_queries)):
        response = client.get(HOME)
    assert response.content.decode().count('<li class="event-card') == 5
