"""The session page as the hot-seat email reaches it: signed-out members
sign in and come back to it, it says where the session is, lists each of last
session's commitments once, and saying "I'll be absent" asks first."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from masterminds.jobs import propose_due
from masterminds.models import AbsenceNotice, Commitment
from masterminds.services.agendas import session_agenda_build
from masterminds.services.places import session_places_keep
from masterminds.services.sessions import hot_seats_propose
from tests.builders import PASSWORD, make_category, make_user
from tests.masterminds.builders import (
    make_group,
    make_session_template,
    seat,
    sessions,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    group = make_group(first_session=timezone.localdate() - timedelta(days=40))
    make_session_template(group)
    return group


@pytest.fixture
def ana(group):
    return seat(group, first_name="Ana", last_name="Able", category=make_category())


@pytest.fixture
def ben(group):
    return seat(group, first_name="Ben", last_name="Bold", category=make_category())


def coming(group):
    return next(s for s in sessions(group) if s.start > timezone.now())


def last(group):
    return [s for s in sessions(group) if s.start < timezone.now()][-1]


def session_url(group, occurrence):
    return reverse("mastermind_session", args=[group.club.slug, occurrence.pk])


def hot_seat_email_link(person) -> str:
    """The session link in the hot-seat email `person` received, as a path."""
    (message,) = [m for m in mail.outbox if m.to == [person.email]]
    url = re.search(r"https?://\S+/masterminds/\S+/sessions/\d+/", message.body)
    return "/" + url.group(0).split("/", 3)[3]


def test_a_signed_out_member_signs_in_and_lands_on_the_session(client, group, ana):
    session = coming(group)
    session.start = timezone.now() + timedelta(days=3)
    session.end = session.start + timedelta(hours=2)
    session.save(update_fields=["start", "end"])
    propose_due()
    link = hot_seat_email_link(ana)
    assert link == session_url(group, session)

    response = client.get(link)

    assert response.status_code == 302
    login = reverse("account_login")
    assert response["Location"] == f"{login}?next={link}"
    signed_in = client.post(
        response["Location"], {"login": ana.email, "password": PASSWORD}
    )
    assert signed_in["Location"] == link
    assert client.get(link).status_code == 200


def test_the_history_also_sends_signed_out_members_to_sign_in(client, group, ana):
    history = reverse("mastermind_history", args=[group.club.slug])

    response = client.get(history)

    assert response.status_code == 302
    assert response["Location"].endswith(f"?next={history}")


def test_signed_in_strangers_still_get_404(client, group, ana):
    client.force_login(make_user())

    assert client.get(session_url(group, coming(group))).status_code == 404
    history = reverse("mastermind_history", args=[group.club.slug])
    assert client.get(history).status_code == 404
    absence = reverse("mastermind_absence", args=[group.club.slug, coming(group).pk])
    assert client.get(absence).status_code == 404


def test_the_session_page_says_where_with_a_map_link(client, group, ana):
    club = group.club
    club.venue_name, club.venue_address = "Lakeview Loft", "2 N Clark St, Chicago"
    club.save()
    session = coming(group)
    client.force_login(ana)

    page = client.get(session_url(group, session)).text

    assert "<dt>Where</dt>" in page
    assert "Lakeview Loft<br>2 N Clark St, Chicago" in page
    assert (
        'href="https://www.openstreetmap.org/search?query='
        'Lakeview+Loft%2C+2+N+Clark+St%2C+Chicago"' in page
    )
    # One date's own venue wins over the group's.
    session.venue_name, session.venue_address = "Ana's office", "9 W Lake St"
    session.save()
    page = client.get(session_url(group, session)).text
    assert "Ana&#x27;s office<br>9 W Lake St" in page
    assert "Lakeview Loft" not in page


def test_each_commitment_is_listed_once(client, group, ana, ben):
    Commitment.objects.create(occurrence=last(group), member=ana, text="Call ten")
    Commitment.objects.create(occurrence=last(group), member=ben, text="Raise prices")
    session = coming(group)
    hot_seats_propose(occurrence=session)
    # The agenda carries them too (for the facilitators' draft and the meeting
    # page); the session page lists them live, with the marks, only once.
    session_agenda_build(occurrence=session).save_revision().publish()
    client.force_login(ana)

    page = client.get(session_url(group, session)).text

    assert page.count("Call ten") == 1
    assert page.count("Raise prices") == 1
    assert 'href="#commitments-due"' in page


def test_saying_absent_asks_first_then_can_be_undone(client, group, ana):
    session = coming(group)
    session_places_keep(group=group)
    hot_seats_propose(occurrence=session)
    assert session.hot_seats.filter(member=ana).exists()
    client.force_login(ana)
    absence = reverse("mastermind_absence", args=[group.club.slug, session.pk])

    asked = client.get(absence).text
    assert "Your hot seat goes to the next member in line." in asked
    assert 'class="button button--danger">Yes, I\'ll miss this session' in asked
    assert not AbsenceNotice.objects.exists()  # the first tap only asks

    page = client.post(absence, {"answer": "absent", "note": "At a fair"}, follow=True)
    assert "You told the group you will miss this session." in page.text
    assert not session.hot_seats.filter(member=ana).exists()
    assert not session.registrations.filter(person=ana, status="confirmed").exists()

    page = client.post(absence, {"answer": "present"}, follow=True)
    assert "<strong>You're expected.</strong>" in page.text
    assert session.registrations.filter(person=ana, status="confirmed").exists()


def test_a_note_too_long_is_refused_beside_the_field(client, group, ana):
    session = coming(group)
    client.force_login(ana)
    absence = reverse("mastermind_absence", args=[group.club.slug, session.pk])

    response = client.post(absence, {"answer": "absent", "note": "x" * 201})

    assert response.status_code == 400
    assert "field--error" in response.text
    assert not AbsenceNotice.objects.exists()
