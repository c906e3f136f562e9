"""The guest form on a meeting page: a visitor a member's share link brought
reads "Marcus B. invited you" and is credited to Marcus without choosing
anyone; strangers never see the members' names; and the greeting never
reaches another visitor through the page cache."""

import pytest
from django.test import Client
from django.urls import reverse

from clubs.models import Attribution, Registration
from tests.builders import make_club, make_member, make_occurrence, make_user
from tests.content.page_builders import make_bring_a_friend_page

pytestmark = pytest.mark.django_db

GREETING = "</strong> invited you."
FREE_TEXT = "Who invited you? (optional)"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.CACHE_MIDDLEWARE_SECONDS = 300


@pytest.fixture
def club():
    return make_club(name="Northside Breakfast", slug="northside")


@pytest.fixture
def occurrence(club):
    return make_occurrence(club)


@pytest.fixture
def marcus(club):
    return make_member(club, first_name="Marcus", last_name="Bell")


@pytest.fixture
def lena(club):
    return make_member(club, first_name="Lena", last_name="Ortiz")


@pytest.fixture
def landing():
    return make_bring_a_friend_page()


def visitor(member=None, landing=None) -> Client:
    """A fresh browser; with a member, one that followed their share link."""
    client = Client()
    if member is not None:
        url = reverse(
            "share_link", kwargs={"code": member.referral_code, "page_id": landing.pk}
        )
        assert client.get(url).status_code == 302
    return client


def meeting_url(occurrence) -> str:
    return reverse(
        "occurrence_detail", args=[occurrence.series.club.slug, occurrence.pk]
    )


def register_url(occurrence) -> str:
    return reverse(
        "occurrence_register", args=[occurrence.series.club.slug, occurrence.pk]
    )


def test_a_visitor_from_a_share_link_is_greeted_by_the_members_public_name(
    occurrence, marcus, landing
):
    response = visitor(marcus, landing).get(meeting_url(occurrence))

    page = response.content.decode()
    assert "<strong>Marcus B.</strong> invited you." in page
    assert "Marcus Bell" not in page  # first name and initial only
    assert FREE_TEXT not in page  # nothing to choose: the link says who


def test_registering_credits_the_member_whose_link_it_was(occurrence, marcus, landing):
    client = visitor(marcus, landing)

    response = client.post(
        register_url(occurrence), {"name": "Dana Whitlock", "email": "dana@x.example"}
    )

    assert response.status_code == 302
    registration = Registration.objects.get()
    attribution = Attribution.objects.get()
    assert (attribution.referrer, attribution.registration) == (marcus, registration)
    assert registration.invited_by_name == ""


def test_strangers_never_see_the_member_list(occurrence, marcus, lena):
    make_member(
        occurrence.series.club, first_name="Hana", last_name="Host", role="organizer"
    )

    page = visitor().get(meeting_url(occurrence)).content.decode()

    assert "<select" not in page
    for name in ("Marcus", "Bell", "Lena", "Ortiz", "Hana Host"):
        assert name not in page
    assert FREE_TEXT in page
    assert GREETING not in page


def test_a_stranger_may_say_who_invited_them_in_their_own_words(occurrence, marcus):
    response = visitor().post(
        register_url(occurrence),
        {"name": "Dana", "email": "dana@x.example", "invited_by_name": "Marcus"},
    )

    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.invited_by_name == "Marcus"
    assert registration.invited_by is None  # a host matches the name, not us
    assert not Attribution.objects.exists()


def test_a_stranger_cannot_pick_a_member_by_id(occurrence, marcus):
    visitor().post(
        register_url(occurrence),
        {"name": "Dana", "email": "dana@x.example", "invited_by": marcus.pk},
    )

    assert Registration.objects.get().invited_by is None


def test_a_link_of_someone_who_left_greets_nobody(occurrence, landing):
    gone = make_user(first_name="Gone", last_name="Away")
    client = visitor(gone, landing)
    gone.is_active = False
    gone.save()

    page = client.get(meeting_url(occurrence)).content.decode()

    assert GREETING not in page and "Gone" not in page
    assert FREE_TEXT in page


def test_a_too_long_free_text_name_is_refused_beside_the_field(occurrence):
    response = visitor().post(
        register_url(occurrence),
        {"name": "Dana", "email": "dana@x.example", "invited_by_name": "x" * 151},
    )

    assert response.status_code == 400
    assert response.context["guest_form"].errors["invited_by_name"]
    assert not Registration.objects.exists()


# --- The page cache -----------------------------------------------------------------


def test_the_greeting_is_kept_by_no_cache(occurrence, marcus, landing):
    response = visitor(marcus, landing).get(meeting_url(occurrence))

    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert "x-referral" in response["Vary"].lower()


def test_the_next_visitor_never_sees_the_greeting(occurrence, marcus, landing):
    visitor(marcus, landing).get(meeting_url(occurrence))

    page = visitor().get(meeting_url(occurrence)).content.decode()

    assert GREETING not in page and "Marcus" not in page
    assert FREE_TEXT in page


def test_each_referred_visitor_is_greeted_by_their_own_member(
    occurrence, marcus, lena, landing
):
    visitor().get(meeting_url(occurrence))  # a stranger's copy, first

    for_marcus = visitor(marcus, landing).get(meeting_url(occurrence))
    for_lena = visitor(lena, landing).get(meeting_url(occurrence))
    stranger = visitor().get(meeting_url(occurrence))

    assert "<strong>Marcus B.</strong> invited you." in for_marcus.content.decode()
    assert "<strong>Lena O.</strong> invited you." in for_lena.content.decode()
    assert "Marcus" not in for_lena.content.decode()
    assert GREETING not in stranger.content.decode()
