"""Club and meeting pages are served from the page cache to anonymous
visitors: no cookie, no `Vary: Cookie`, and a guest form that posts without
a CSRF cookie yet refuses a post from another site (clubs.cached_forms).
The copy is forgotten when a place is taken or the meeting changes."""

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clubs.models import Registration
from clubs.services.registrations import registration_cancel
from tests.builders import make_club, make_member, make_occurrence, make_registration

pytestmark = pytest.mark.django_db

GUEST = {"name": "Ana Guest", "email": "ana@example.com"}
OWN_ORIGIN = "http://testserver"


@pytest.fixture
def club():
    return make_club(name="Northside Breakfast", slug="northside")


@pytest.fixture
def occurrence(club):
    return make_occurrence(club, capacity=3)


def meeting_url(occurrence):
    club = occurrence.series.club
    return reverse("occurrence_detail", args=[club.slug, occurrence.pk])


def register_url(occurrence):
    club = occurrence.series.club
    return reverse("occurrence_register", args=[club.slug, occurrence.pk])


def form_token(page) -> str:
    body = page.content.decode()
    marker = 'name="form_token" value="'
    assert marker in body, "the guest form carries no form token"
    return body.split(marker, 1)[1].split('"', 1)[0]


def test_the_second_anonymous_visit_to_a_meeting_is_served_from_the_cache(
    occurrence, django_assert_num_queries
):
    first = Client().get(meeting_url(occurrence))

    with django_assert_num_queries(0):
        second = Client().get(meeting_url(occurrence))

    assert first.status_code == second.status_code == 200
    assert second.content == first.content


def test_the_second_anonymous_visit_to_a_club_is_served_from_the_cache(
    club, occurrence, django_assert_num_queries
):
    url = reverse("club_detail", args=[club.slug])
    first = Client().get(url)

    with django_assert_num_queries(0):
        second = Client().get(url)

    assert second.status_code == 200
    assert second.content == first.content


@pytest.mark.parametrize("page", ["meeting", "club"])
def test_an_anonymous_page_sets_no_cookie_and_any_cache_may_keep_it(occurrence, page):
    club = occurrence.series.club
    url = meeting_url(occurrence) if page == "meeting" else f"/clubs/{club.slug}/"

    response = Client().get(url)

    assert response.status_code == 200
    assert not response.cookies  # no csrftoken, no session
    assert "cookie" not in response.get("Vary", "").lower()
    assert "public" in response["Cache-Control"]
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_a_signed_in_member_never_gets_the_cached_copy(club, occurrence):
    Client().get(meeting_url(occurrence))  # cached for visitors
    member = make_member(club, first_name="Marta")
    client = Client()
    client.force_login(member)

    response = client.get(meeting_url(occurrence))

    body = response.content.decode()
    assert "Sign out" in body
    assert "Register as a guest" not in body  # members register in one click
    assert "private" in response["Cache-Control"]


def test_a_guest_registers_from_the_cached_page_without_any_cookie(occurrence):
    Client().get(meeting_url(occurrence))  # the copy later visitors get
    guest = Client(enforce_csrf_checks=True)
    page = guest.get(meeting_url(occurrence))

    response = guest.post(
        register_url(occurrence),
        {**GUEST, "form_token": form_token(page)},
        HTTP_ORIGIN=OWN_ORIGIN,
    )

    assert response.status_code == 302
    assert Registration.objects.filter(email="ana@example.com").exists()


def test_a_post_from_another_site_is_refused(occurrence):
    page = Client().get(meeting_url(occurrence))

    response = Client(enforce_csrf_checks=True).post(
        register_url(occurrence),
        {**GUEST, "form_token": form_token(page)},
        HTTP_ORIGIN="https://evil.example",
    )

    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_a_post_that_names_no_origin_is_refused(occurrence):
    page = Client().get(meeting_url(occurrence))

    response = Client(enforce_csrf_checks=True).post(
        register_url(occurrence), {**GUEST, "form_token": form_token(page)}
    )

    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_an_old_browser_is_let_in_by_its_referer(occurrence):
    page = Client().get(meeting_url(occurrence))

    response = Client(enforce_csrf_checks=True).post(
        register_url(occurrence),
        {**GUEST, "form_token": form_token(page)},
        HTTP_REFERER=OWN_ORIGIN + meeting_url(occurrence),
    )

    assert response.status_code == 302
    assert Registration.objects.count() == 1


def test_a_form_left_open_too_long_comes_back_with_what_was_typed(occurrence):
    with time_machine.travel(timezone.now() - timezone.timedelta(days=2)):
        page = Client().get(meeting_url(occurrence))
        token = form_token(page)

    response = Client(enforce_csrf_checks=True).post(
        register_url(occurrence),
        {**GUEST, "form_token": token},
        HTTP_ORIGIN=OWN_ORIGIN,
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert "This form was open for a long time" in body
    assert 'value="ana@example.com"' in body
    assert form_token(response) != token  # a fresh one to send it again with
    assert not Registration.objects.exists()


def test_a_token_from_another_meeting_is_not_accepted(club, occurrence):
    other = make_occurrence(club, title="Lunch")
    page = Client().get(meeting_url(other))

    response = Client(enforce_csrf_checks=True).post(
        register_url(occurrence),
        {**GUEST, "form_token": form_token(page)},
        HTTP_ORIGIN=OWN_ORIGIN,
    )

    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_a_members_post_still_needs_djangos_token(club, occurrence):
    member = make_member(club)
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)

    response = client.post(register_url(occurrence), HTTP_ORIGIN=OWN_ORIGIN)

    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_the_page_shows_the_place_a_guest_just_took(occurrence):
    before = Client().get(meeting_url(occurrence)).content.decode()
    assert "3 of 3 left" in before

    Client().post(register_url(occurrence), GUEST)

    after = Client().get(meeting_url(occurrence)).content.decode()
    assert "2 of 3 left" in after


def test_the_page_shows_a_place_given_up(occurrence):
    registration = make_registration(occurrence)
    assert "2 of 3 left" in Client().get(meeting_url(occurrence)).content.decode()

    registration_cancel(registration=registration)

    assert "3 of 3 left" in Client().get(meeting_url(occurrence)).content.decode()


def test_the_club_page_shows_a_changed_meeting(club, occurrence):
    url = reverse("club_detail", args=[club.slug])
    Client().get(url)
    series = occurrence.series
    series.title = "Sunrise networking"
    series.save()

    assert "Sunrise networking" in Client().get(url).content.decode()
