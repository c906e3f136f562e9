"""Members are expected at every session without registering: the session
is in their "Your meetings", their calendar feed and on its page as "You're
expected", until they say they will be absent (which they can undo) or leave
the group. Seats, the waitlist and payments keep their rules."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from clubs.models import Registration
from clubs.services.registrations import registration_cancel
from masterminds.jobs import keep_session_places
from masterminds.models import AbsenceNotice
from masterminds.selectors import seated
from masterminds.services.applications import (
    application_approve,
    application_submit,
    membership_leave,
)
from masterminds.services.places import session_places_keep
from masterminds.services.sessions import absence_notify, absence_withdraw
from tests.builders import PASSWORD, feed_token, make_category, make_user
from tests.masterminds.builders import facilitator_of, make_group, seat, sessions

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    return make_group(first_session=timezone.localdate() - timedelta(days=40))


def upcoming(group):
    return [s for s in sessions(group) if s.start > timezone.now()]


def places(person, group):
    return Registration.objects.filter(
        person=person, occurrence__series=group.session_series
    ).exclude(status=Registration.Status.CANCELLED)


def approve(group, person=None):
    person = person or make_user(first_name="Ana", last_name="Able")
    application = application_submit(
        group=group,
        person=person,
        wants="Peers who keep me honest.",
        business="Roofing",
        category=make_category(),
    )
    application_approve(application=application, by=facilitator_of(group))
    return person


def test_an_approved_member_is_expected_at_every_session_to_come(client, group):
    ana = approve(group)

    coming = upcoming(group)
    assert {p.occurrence_id for p in places(ana, group)} == {s.pk for s in coming}
    assert all(p.status == "confirmed" for p in places(ana, group))
    assert not places(ana, group).filter(occurrence__start__lt=timezone.now())
    client.login(email=ana.email, password=PASSWORD)
    meetings = client.get(reverse("my_meetings")).text
    assert meetings.count(group.club.name) == len(coming)
    session = client.get(
        reverse("mastermind_session", args=[group.club.slug, coming[0].pk])
    ).text
    assert "<strong>You're expected.</strong>" in session


def test_the_sessions_reach_the_members_own_calendar_feed(client, group):
    ana = approve(group)

    feed = client.get(reverse("member_calendar_feed", args=[feed_token(ana)]))

    events = Calendar.from_ical(feed.content).walk("VEVENT")
    uids = {str(event["UID"]).split("@")[0] for event in events}
    assert uids == {s.calendar_uid for s in upcoming(group)}


def test_places_are_made_quietly_and_once(group):
    ana = seat(group)  # seated without the service: as the admin or old data do
    mail.outbox.clear()

    made = session_places_keep(group=group)
    again = keep_session_places.call()

    assert made == 2 * len(upcoming(group))  # Ana's and the facilitator's
    assert again == 0
    assert places(ana, group).count() == len(upcoming(group))
    assert mail.outbox == []  # no invitation per session: the feed carries them


def test_facilitators_are_expected_too(group):
    session_places_keep(group=group)

    assert places(facilitator_of(group), group).count() == len(upcoming(group))


def test_saying_absent_drops_the_place_and_coming_after_all_brings_it_back(
    client, group
):
    ana = approve(group)
    session = upcoming(group)[0]

    absence_notify(occurrence=session, member=ana)
    assert not places(ana, group).filter(occurrence=session).exists()
    keep_session_places.call()  # the hourly run respects the absence
    assert not places(ana, group).filter(occurrence=session).exists()
    client.login(email=ana.email, password=PASSWORD)
    assert (
        session.calendar_uid
        not in client.get(reverse("member_calendar_feed", args=[feed_token(ana)])).text
    )

    absence_withdraw(occurrence=session, member=ana)

    assert places(ana, group).get(occurrence=session).status == "confirmed"
    assert not AbsenceNotice.objects.filter(member=ana).exists()


def test_a_place_cancelled_on_the_meeting_page_stays_cancelled(group):
    ana = approve(group)
    session = upcoming(group)[0]

    registration_cancel(registration=places(ana, group).get(occurrence=session))
    session_places_keep(group=group)

    assert not places(ana, group).filter(occurrence=session).exists()


def test_a_member_who_leaves_is_no_longer_expected_and_one_who_returns_is(group):
    ana = approve(group)
    membership_leave(membership=seated(group).get(person=ana))

    session_places_keep(group=group)
    assert not places(ana, group).exists()

    approve(group, ana)
    assert places(ana, group).count() == len(upcoming(group))


def test_a_small_room_never_overbooks(group):
    session = upcoming(group)[0]
    session.capacity = 2
    session.save(update_fields=["capacity"])
    people = [seat(group) for _ in range(3)]

    session_places_keep(group=group)

    session.refresh_from_db()
    statuses = sorted(
        Registration.objects.filter(occurrence=session, person__in=people).values_list(
            "status", flat=True
        )
    )
    # The facilitator took one of the two seats too.
    assert session.confirmed_count == 2
    assert statuses.count("confirmed") == 1
    assert statuses.count("waitlisted") == 2


def test_a_session_with_a_price_is_left_for_members_to_choose(group, stripe_fake):
    session = upcoming(group)[0]
    session.member_price, session.guest_price = 2000, 2000
    session.save(update_fields=["member_price", "guest_price"])
    series = session.series
    series.currency = "USD"
    series.save(update_fields=["currency"])
    ana = seat(group)

    session_places_keep(group=group)

    assert not places(ana, group).filter(occurrence=session).exists()
    assert places(ana, group).count() == len(upcoming(group)) - 1
    assert not Registration.objects.filter(status=Registration.Status.HELD).exists()
