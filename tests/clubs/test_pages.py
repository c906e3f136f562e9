import html
import json
import re

import pytest
from django.conf import settings
from django.urls import reverse

from clubs.links import registration_manage_url
from clubs.models import Club, Registration
from clubs.services.meetings import occurrence_cancel, occurrence_move
from tests.builders import (
    make_club,
    make_membership,
    make_occurrence,
    make_registration,
    make_series,
    make_user,
)

pytestmark = pytest.mark.django_db


def page_url(occurrence):
    return reverse(
        "occurrence_detail",
        kwargs={"slug": occurrence.series.club.slug, "pk": occurrence.pk},
    )


def register_url(occurrence):
    return reverse(
        "occurrence_register",
        kwargs={"slug": occurrence.series.club.slug, "pk": occurrence.pk},
    )


def json_ld(response):
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return json.loads(match[1])


def test_the_directory_lists_public_clubs_with_their_next_meeting(client):
    club = make_club(name="Northside Breakfast")
    make_series(club)
    make_club(name="Secret Circle", visibility=Club.Visibility.MEMBERS)

    page = client.get(reverse("club_directory")).content.decode()

    assert "Northside Breakfast" in page and "Next meeting" in page
    assert "Secret Circle" not in page


def test_a_members_only_club_is_hidden_from_strangers(client):
    club = make_club(visibility=Club.Visibility.MEMBERS)
    occurrence = make_occurrence(club)
    member = make_user()
    make_membership(club, member)

    assert client.get(reverse("club_detail", args=[club.slug])).status_code == 404
    assert client.get(page_url(occurrence)).status_code == 404
    client.force_login(member)
    assert client.get(page_url(occurrence)).status_code == 200


def test_the_club_page_lists_upcoming_meetings_and_links_its_feed(client):
    occurrence = make_occurrence(capacity=20)
    club = occurrence.series.club

    page = client.get(reverse("club_detail", args=[club.slug])).content.decode()

    assert page_url(occurrence) in page
    assert "20 seats left" in page
    feed = reverse("club_calendar_feed", args=[club.slug])
    assert f'type="text/calendar" title="{club.name}" href="{feed}"' in page or (
        'rel="alternate" type="text/calendar"' in page and feed in page
    )


def test_joining_an_open_club_and_asking_to_join_a_closed_one(client):
    open_club = make_club(join_policy=Club.JoinPolicy.OPEN)
    closed = make_club(join_policy=Club.JoinPolicy.APPROVAL)
    person = make_user()
    client.force_login(person)

    client.post(reverse("club_join", args=[open_club.slug]))
    client.post(reverse("club_join", args=[closed.slug]))

    statuses = dict(person.memberships.values_list("club__slug", "status"))
    assert statuses == {open_club.slug: "active", closed.slug: "pending"}


def test_a_member_leaves_a_club(client):
    club = make_club()
    person = make_user()
    membership = make_membership(club, person)
    client.force_login(person)
    page = client.get(reverse("club_detail", args=[club.slug])).text
    leave = reverse("club_leave", args=[club.slug])
    assert f'<a href="{leave}">Leave this club</a>' in page  # a step, not a form

    asked = client.get(leave).text
    membership.refresh_from_db()
    assert membership.status == "active"  # the first tap only asks
    assert f"Leave {club.name}?" in asked
    assert 'class="button button--danger">Yes, leave the club</button>' in asked
    client.post(leave)

    membership.refresh_from_db()
    assert membership.status == "left"
    assert client.get(leave).status_code == 404  # nothing left to leave


def test_a_stranger_has_no_club_to_leave(client):
    club = make_club()
    client.force_login(make_user())

    assert client.get(reverse("club_leave", args=[club.slug])).status_code == 404


def test_the_meeting_page_describes_the_event_for_search_engines(client):
    occurrence = make_occurrence(capacity=30)
    make_registration(occurrence)

    data = json_ld(client.get(page_url(occurrence)))

    assert data["@type"] == "Event"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["startDate"].endswith(("-06:00", "-05:00"))  # Chicago, with offset
    assert "07:30:00" in data["startDate"]
    assert (data["maximumAttendeeCapacity"], data["remainingAttendeeCapacity"]) == (
        30,
        29,
    )
    assert data["url"].endswith(page_url(occurrence))
    assert data["organizer"]["name"] == occurrence.series.club.name


def test_moved_and_cancelled_meetings_say_so(client):
    moved, cancelled = make_series().occurrences.order_by("start")[:2]
    occurrence_move(occurrence=moved, start=moved.start.replace(hour=15))
    occurrence_cancel(occurrence=cancelled, reason="Venue closed for repairs")

    moved_page = client.get(page_url(moved))
    cancelled_page = client.get(page_url(cancelled))

    assert json_ld(moved_page)["eventStatus"].endswith("EventRescheduled")
    assert "New time." in moved_page.content.decode()
    assert json_ld(cancelled_page)["eventStatus"].endswith("EventCancelled")
    assert "Venue closed for repairs" in cancelled_page.content.decode()


def test_a_member_registers_in_one_click(client):
    occurrence = make_occurrence()
    member = make_user()
    client.force_login(member)

    response = client.post(register_url(occurrence), follow=True)

    page = html.unescape(response.content.decode())
    assert "You're in" in page
    assert "You're registered." in page
    assert occurrence.registrations.get().person == member


def test_a_guest_registers_with_name_and_email_and_gets_a_check_in_code(client):
    """The page says to look in the inbox (it says the same to everyone); the
    place's own page, linked from the email, has the check-in code."""
    occurrence = make_occurrence()

    response = client.post(
        register_url(occurrence),
        {
            "name": "Dana Whitlock",
            "email": "Dana@Example.net",
            "invited_by_name": " Rosa from the bakery ",
        },
        follow=True,
    )

    registration = occurrence.registrations.get()
    assert (registration.email, registration.invited_by_name) == (
        "dana@example.net",
        "Rosa from the bakery",
    )
    assert "Look in your inbox" in response.content.decode()
    manage = registration_manage_url(registration).removeprefix(settings.SITE_URL)
    page = client.get(manage).content.decode()
    assert "Confirmed" in page and "<svg" in page  # the QR code to check in


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "", "email": "dana@example.net"}, "name", "required"),
        ({"name": "Dana", "email": "dana-at-example"}, "email", "valid email"),
    ],
)
def test_bad_guest_input_is_refused_beside_the_field(client, data, field, message):
    occurrence = make_occurrence()

    response = client.post(register_url(occurrence), data)

    assert response.status_code == 400
    assert message in str(response.context["guest_form"].errors[field])
    assert not occurrence.registrations.exists()


def test_registering_twice_takes_no_second_place_and_says_nothing_on_the_page(
    client,
):
    """Who is coming is nobody else's business: the owner is told by email
    (tests/clubs/test_enumeration.py compares the two answers)."""
    occurrence = make_occurrence()
    make_registration(occurrence, email="dana@example.net", name="Dana")

    response = client.post(
        register_url(occurrence), {"name": "Dana", "email": "dana@example.net"}
    )

    assert response.status_code == 302
    assert "already" not in client.get(response.url).content.decode()
    assert occurrence.registrations.count() == 1


def test_registering_for_a_cancelled_meeting_is_refused(client):
    occurrence = make_occurrence()
    occurrence_cancel(occurrence=occurrence, reason="Snow")

    response = client.post(
        register_url(occurrence), {"name": "Dana", "email": "dana@example.net"}
    )

    assert response.status_code == 400
    assert "cancelled" in response.content.decode()


def test_the_manage_link_cancels_a_place_and_promotes_the_waitlist(client):
    occurrence = make_occurrence(capacity=1)
    seated = make_registration(occurrence, email="a@example.com", name="A")
    waiting = make_registration(occurrence, email="b@example.com", name="B")
    url = registration_manage_url(seated).removeprefix(settings.SITE_URL)

    page = client.get(url).content.decode()
    cancel = url + "cancel/"
    assert f'href="{cancel}"' in page
    asked = client.get(cancel).content.decode()
    assert "Your seat goes to the next person waiting." in asked
    assert seated.occurrence.registrations.get(pk=seated.pk).status == "confirmed"
    response = client.post(cancel, follow=True)

    assert "Your place is cancelled" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


def test_a_forged_manage_link_is_not_found(client):
    assert client.get("/registrations/not-a-real-token/").status_code == 404


def test_page_queries_do_not_grow_with_meetings_or_people(
    client, django_assert_max_num_queries
):
    club = make_club()
    member = make_user()
    make_membership(club, member)
    for _ in range(3):
        series = make_series(club)
    occurrence = series.occurrences.order_by("start").first()
    for n in range(25):
        make_registration(occurrence, email=f"p{n}@example.com", name=f"P{n}")
    client.force_login(member)

    # Two of them: the site's default share image (Settings → Sharing), and
    # the trainings held at the club, listed apart from its own meetings.
    with django_assert_max_num_queries(14):
        client.get(reverse("club_detail", args=[club.slug]))
    with django_assert_max_num_queries(14):
        client.get(page_url(occurrence))
    with django_assert_max_num_queries(8):
        client.get(reverse("club_directory"))


def test_a_member_sees_their_meetings_and_their_private_feed(
    client, django_assert_max_num_queries
):
    member = make_user()
    for n in range(3):
        occurrence = make_occurrence(title=f"Breakfast {n}")
        make_registration(occurrence, member)
    make_registration(make_occurrence(title="Someone else's"))
    client.force_login(member)

    with django_assert_max_num_queries(7):  # one of them: what they paid
        response = client.get(reverse("my_meetings"))

    page = response.content.decode()
    assert page.count("Breakfast ") == 3 and "Someone else" not in page
    assert 'href="/accounts/calendar/my-meetings.ics"' in page
    assert 'rel="alternate" type="text/calendar"' in page
