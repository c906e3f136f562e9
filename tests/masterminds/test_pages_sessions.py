"""A session's page (agenda, hot seats, last session's commitments, the
viewer's own forms) and a member's history: members and facilitators only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clubs.models import Agenda, AgendaItem
from masterminds.models import AbsenceNotice, Commitment, HotSeat
from masterminds.services import commitments as commitment_rules
from masterminds.services.applications import membership_leave
from masterminds.services.commitments import commitment_mark, commitment_record
from masterminds.services.sessions import hot_seats_propose
from tests.builders import PASSWORD, make_category, make_user
from tests.masterminds.builders import facilitator_of, make_group, seat, sessions

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    """Monthly sessions since about two months ago."""
    return make_group(first_session=timezone.localdate() - timedelta(days=70))


@pytest.fixture
def coming(group):
    """The next session."""
    return next(s for s in sessions(group) if s.start > timezone.now())


@pytest.fixture
def ana(group):
    return seat(group, first_name="Ana", last_name="Able", category=make_category())


@pytest.fixture
def ben(group):
    return seat(group, first_name="Ben", last_name="Bold", category=make_category())


def login(client, person):
    assert client.login(email=person.email, password=PASSWORD)
    return client


def url(group, occurrence, name="mastermind_session", *more):
    return reverse(name, args=[group.club.slug, occurrence.pk, *more])


def text(response) -> str:
    return response.content.decode()


def commit(occurrence, member, words):
    return commitment_record(
        occurrence=occurrence, member=member, text=words, by=member
    )


def test_the_session_page_shows_agenda_hot_seats_and_last_commitments(
    client, group, held, coming, ana, ben
):
    agenda = Agenda.objects.create(occurrence=coming, live=True)
    AgendaItem.objects.create(agenda=agenda, kind="wins", title="Wins", minutes=10)
    hot_seats_propose(occurrence=coming)
    commit(held[-1], ana, "Call three past clients")
    commit(held[-1], ben, "Hire a bookkeeper")
    login(client, ana)

    response = client.get(url(group, coming))

    page = text(response)
    assert response.status_code == 200
    for heading in ("Agenda", "Hot seats", "Last session's commitments"):
        assert f">{heading}</h2>" in page
    assert "Wins" in page
    assert 'Ana Able <strong class="badge">you</strong>' in page
    assert "Ben Bold" in page
    assert "Call three past clients" in page and "Hire a bookkeeper" in page
    assert page.count("Not marked yet") == 2
    referral = f"{reverse('referral_create')}?club={group.club.slug}&amp;occurrence="
    assert f"{referral}{coming.pk}" in page
    assert "Take attendance" not in page


def test_a_session_to_come_shows_the_rotations_proposal(client, group, coming, ana):
    login(client, ana)

    page = text(client.get(url(group, coming)))

    assert "As the rotation proposes it" in page
    assert "Ana Able" in page
    assert "not published the agenda yet" in page


def test_facilitators_see_the_session_and_strangers_do_not(client, group, coming, ana):
    login(client, facilitator_of(group))
    response = client.get(url(group, coming))
    assert response.status_code == 200
    assert url(group, coming, "occurrence_attendance") in text(response)

    client.logout()
    signed_out = client.get(url(group, coming))
    assert signed_out.status_code == 302  # to sign in, then back (test_access.py)
    login(client, make_user())
    assert client.get(url(group, coming)).status_code == 404
    assert (
        client.get(reverse("mastermind_history", args=[group.club.slug])).status_code
        == 404
    )


def test_another_groups_session_is_not_found_under_this_group(client, group, ana):
    other = make_group()
    login(client, ana)

    assert client.get(url(group, sessions(other)[0])).status_code == 404
    assert client.get(url(other, sessions(other)[0])).status_code == 404


def test_a_member_records_their_commitment_at_the_session(client, group, held, ana):
    login(client, ana)

    response = client.post(
        url(group, held[-1], "mastermind_commitment"),
        {"text": "Send ten proposals"},
        follow=True,
    )

    assert "Your commitment is recorded." in text(response)
    assert Commitment.objects.get(member=ana).text == "Send ten proposals"


def test_a_commitment_before_the_session_or_empty_is_refused(
    client, group, held, coming, ana
):
    login(client, ana)

    early = client.post(url(group, coming, "mastermind_commitment"), {"text": "Go"})
    empty = client.post(url(group, held[-1], "mastermind_commitment"), {"text": " "})

    assert early.status_code == 400
    assert str(commitment_rules.NOT_YET) in text(early)
    assert empty.status_code == 400
    assert str(commitment_rules.EMPTY) in text(empty)
    assert not Commitment.objects.exists()


def test_a_member_marks_their_own_commitment(client, group, held, coming, ana):
    commitment = commit(held[-1], ana, "Call three past clients")
    login(client, ana)

    response = client.post(
        url(group, coming, "mastermind_commitment_mark", commitment.pk),
        {"status": "partly"},
        follow=True,
    )

    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.PARTLY
    assert "Marked: Partly done." in text(response)


def test_someone_elses_commitment_cannot_be_marked(
    client, group, held, coming, ana, ben
):
    commitment = commit(held[-1], ben, "Hire a bookkeeper")
    login(client, ana)

    response = client.post(
        url(group, coming, "mastermind_commitment_mark", commitment.pk),
        {"status": "done"},
    )

    assert response.status_code == 404
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.OPEN


def test_a_mark_that_is_not_offered_is_refused(client, group, held, coming, ana):
    commitment = commit(held[-1], ana, "Call three past clients")
    login(client, ana)

    response = client.post(
        url(group, coming, "mastermind_commitment_mark", commitment.pk),
        {"status": "open"},
    )

    assert response.status_code == 400
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.OPEN


def test_saying_you_will_be_absent_and_then_coming_after_all(
    client, group, coming, ana
):
    login(client, ana)
    absence = url(group, coming, "mastermind_absence")

    response = client.post(absence, {"answer": "absent", "note": "Away"}, follow=True)
    assert AbsenceNotice.objects.get(member=ana).note == "Away"
    assert "I'll be there after all" in text(response)

    response = client.post(absence, {"answer": "present"}, follow=True)
    assert not AbsenceNotice.objects.exists()
    assert "Glad you can come after all." in text(response)


def test_absence_for_a_session_already_held_is_refused(client, group, held, ana):
    login(client, ana)

    response = client.post(
        url(group, held[-1], "mastermind_absence"), {"answer": "absent"}
    )

    assert response.status_code == 400
    assert "already started" in text(response)
    assert not AbsenceNotice.objects.exists()


def test_the_history_shows_the_members_own_commitments_and_rate(
    client, group, held, ana, ben
):
    mine = commit(held[0], ana, "Call three past clients")
    commitment_mark(commitment=mine, status="done", by=ana)
    commit(held[0], ben, "Hire a bookkeeper")
    login(client, ana)

    page = text(client.get(reverse("mastermind_history", args=[group.club.slug])))

    assert "Call three past clients" in page
    assert "Hire a bookkeeper" not in page
    assert "100% kept: 1 done and 0 partly done of 1 marked." in page
    for occurrence in held:
        assert url(group, occurrence) in page


def test_the_session_page_costs_the_same_however_many_members(
    client, group, held, coming, ana, django_assert_max_num_queries
):
    group.seat_limit = 30
    group.save()
    login(client, ana)
    client.get(url(group, coming))

    with django_assert_max_num_queries(40) as few:
        client.get(url(group, coming))
    for n in range(12):
        member = seat(group, category=make_category())
        commit(held[-1], member, f"Promise number {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url(group, coming))
    assert text(response).count("Promise number") == 12


def test_a_member_who_left_no_longer_sees_the_sessions(client, group, coming, ana):
    membership = ana.memberships.get(club=group.club)
    membership_leave(membership=membership)
    login(client, ana)

    assert client.get(url(group, coming)).status_code == 404
    assert (
        client.get(reverse("mastermind_history", args=[group.club.slug])).status_code
        == 404
    )


def test_the_history_costs_the_same_however_many_members_sat(
    client, group, held, ana, django_assert_max_num_queries
):
    group.seat_limit = 30
    group.save()
    history = reverse("mastermind_history", args=[group.club.slug])
    login(client, ana)
    client.get(history)

    with django_assert_max_num_queries(30) as few:
        client.get(history)
    for n in range(10):
        member = seat(group, category=make_category(), first_name=f"Sitter{n}")
        for occurrence in held:
            HotSeat.objects.create(occurrence=occurrence, member=member, position=n + 1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(history)
    assert text(response).count("Sitter9") == len(held)
