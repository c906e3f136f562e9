"""Who is credited with a visitor, through the real pages: a member's link,
then a guest registration, a sign-up, or a signed-in registration.

Fair attribution: the first member's link within the window; never a member
referring themselves (any case, any +tag), never someone who already belongs
to a club, and never a second time for the same person.
"""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clubs.cookies import COOKIE
from clubs.models import Attribution, Registration, Reward, RewardProgram, User
from tests.builders import (
    PASSWORD,
    make_club,
    make_membership,
    make_occurrence,
    make_user,
)
from tests.content.page_builders import make_bring_a_friend_page as make_landing_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def program():
    return RewardProgram.objects.create(
        name="Breakfast", referrer_reward="A coffee", friend_reward="A croissant"
    )


@pytest.fixture
def page(program):
    return make_landing_page(reward_program=program)


def follow(client, member, page):
    url = reverse(
        "share_link", kwargs={"code": member.referral_code, "page_id": page.pk}
    )
    response = client.get(url)
    assert response.status_code == 302
    return response


def register(client, occurrence, name="Bea Costa", email="bea@example.com"):
    url = reverse(
        "occurrence_register",
        kwargs={"slug": occurrence.series.club.slug, "pk": occurrence.pk},
    )
    return client.post(url, {"name": name, "email": email})


def test_a_guest_who_followed_a_link_is_credited_to_the_member(
    client, ana, page, program
):
    occurrence = make_occurrence()
    follow(client, ana, page)

    response = register(client, occurrence, email="Bea@Example.com")

    assert response.status_code == 302
    registration = Registration.objects.get()
    attribution = Attribution.objects.get()
    assert attribution.referrer == ana
    assert attribution.email == "bea@example.com"
    assert attribution.name == "Bea Costa"
    assert attribution.registration == registration
    assert attribution.registered_at is not None
    assert attribution.source_page_id == page.pk
    assert attribution.program == program
    assert attribution.person is None
    assert not Reward.objects.exists()  # registering alone earns nothing


def test_a_guest_without_a_link_is_credited_to_nobody(client, ana):
    register(client, make_occurrence())

    assert Registration.objects.count() == 1
    assert not Attribution.objects.exists()


@pytest.mark.parametrize(
    "own_email", ["ANA@example.com", "ana+club@example.com", "Ana+x@EXAMPLE.COM"]
)
def test_a_member_cannot_refer_themselves(client, ana, page, own_email):
    follow(client, ana, page)

    response = register(client, make_occurrence(), name="Ana", email=own_email)

    assert response.status_code == 302
    assert Registration.objects.count() == 1  # the place is still theirs
    assert not Attribution.objects.exists()


def test_someone_already_in_a_club_is_not_a_referral(client, ana, page):
    club = make_club()
    make_membership(club, make_user(email="carla@example.com"))
    make_membership(make_club(), make_user(email="dan@example.com"), role="organizer")
    follow(client, ana, page)

    register(client, make_occurrence(club), name="Carla", email="Carla+1@example.com")
    register(client, make_occurrence(), name="Dan", email="dan@example.com")

    assert Registration.objects.count() == 2
    assert not Attribution.objects.exists()


def test_a_person_is_credited_once_to_the_first_member(client, ana, page):
    ben = make_user()
    follow(client, ana, page)
    register(client, make_occurrence())
    second_page = make_landing_page(slug="second", title="Second")
    other = Client()
    follow(other, ben, second_page)

    register(other, make_occurrence(), name="Bea", email="bea+2@example.com")

    assert Registration.objects.count() == 2
    attribution = Attribution.objects.get()
    assert attribution.referrer == ana
    assert attribution.source_page_id == page.pk


def test_a_second_link_in_the_window_does_not_take_the_credit(client, ana, page):
    ben = make_user()
    follow(client, ana, page)
    follow(client, ben, page)

    register(client, make_occurrence())

    assert Attribution.objects.get().referrer == ana


def test_after_the_window_the_link_earns_no_credit(client, ana, page, settings):
    settings.REFERRAL_WINDOW_DAYS = 60
    with time_machine.travel(timezone.now() - timedelta(days=61)):
        follow(client, ana, page)

    assert client.cookies[COOKIE].value  # the browser still sends it
    register(client, make_occurrence())

    assert Registration.objects.count() == 1
    assert not Attribution.objects.exists()


def test_within_the_window_the_link_still_earns_credit(client, ana, page, settings):
    settings.REFERRAL_WINDOW_DAYS = 60
    with time_machine.travel(timezone.now() - timedelta(days=59)):
        follow(client, ana, page)

    register(client, make_occurrence())

    attribution = Attribution.objects.get()
    assert attribution.referrer == ana
    assert attribution.touched_at < timezone.now() - timedelta(days=58)


def test_a_tampered_cookie_earns_no_credit(client, ana, page):
    ben = make_user()
    follow(client, ana, page)
    client.cookies[COOKIE] = client.cookies[COOKIE].value.replace(
        ana.referral_code, ben.referral_code
    )

    register(client, make_occurrence())

    assert Registration.objects.count() == 1
    assert not Attribution.objects.exists()


def test_a_visitor_who_signs_up_is_credited_without_a_reward(client, ana, page):
    follow(client, ana, page)

    response = client.post(
        reverse("account_signup"),
        {
            "first_name": "Bea",
            "last_name": "Costa",
            "email": "bea@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 302
    bea = User.objects.get(email="bea@example.com")
    attribution = Attribution.objects.get()
    assert attribution.referrer == ana
    assert attribution.person == bea
    assert attribution.name == "Bea Costa"
    assert attribution.signed_up_at is not None
    assert attribution.registered_at is None
    assert not Reward.objects.exists()


def test_signing_up_after_registering_as_a_guest_ties_the_account(client, ana, page):
    occurrence = make_occurrence()
    follow(client, ana, page)
    register(client, occurrence, email="bea+club@example.com")
    client.cookies.pop(COOKIE)  # even without the cookie any more

    client.post(
        reverse("account_signup"),
        {
            "first_name": "Bea",
            "last_name": "Costa",
            "email": "bea@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    attribution = Attribution.objects.get()
    assert attribution.person == User.objects.get(email="bea@example.com")
    assert attribution.signed_up_at is not None
    assert attribution.registration == Registration.objects.get()


def test_a_signed_in_non_member_who_followed_a_link_is_credited(client, ana, page):
    bea = make_user(email="bea@example.com", first_name="Bea", last_name="Costa")
    client.force_login(bea)
    follow(client, ana, page)
    occurrence = make_occurrence()

    response = client.post(
        reverse(
            "occurrence_register",
            kwargs={"slug": occurrence.series.club.slug, "pk": occurrence.pk},
        )
    )

    assert response.status_code == 302
    attribution = Attribution.objects.get()
    assert attribution.referrer == ana
    assert attribution.person == bea
    assert attribution.registration == Registration.objects.get(person=bea)


def test_a_signed_in_member_who_followed_a_link_is_not_credited(client, ana, page):
    bea = make_user(email="bea@example.com")
    club = make_club()
    make_membership(club, bea)
    client.force_login(bea)
    follow(client, ana, page)
    occurrence = make_occurrence(club)

    client.post(
        reverse(
            "occurrence_register",
            kwargs={"slug": club.slug, "pk": occurrence.pk},
        )
    )

    assert Registration.objects.filter(person=bea).exists()
    assert not Attribution.objects.exists()


def test_a_credited_guest_registering_again_keeps_their_first_meeting(
    client, ana, page
):
    first, second = make_occurrence(), make_occurrence()
    follow(client, ana, page)
    register(client, first)

    register(client, second)

    attribution = Attribution.objects.get()
    assert attribution.registration.occurrence == first


def test_someone_waiting_to_be_admitted_is_not_a_referral(client, ana, page):
    club = make_club(join_policy="approval")
    make_membership(club, make_user(email="carla@example.com"), status="pending")
    follow(client, ana, page)

    register(client, make_occurrence(), name="Carla", email="carla@example.com")

    assert Registration.objects.count() == 1
    assert not Attribution.objects.exists()


def test_an_account_credited_once_is_not_credited_again_under_a_new_email(
    client, ana, page
):
    bea = make_user(email="bea@example.com")
    client.force_login(bea)
    follow(client, ana, page)
    first = make_occurrence()
    client.post(
        reverse(
            "occurrence_register",
            kwargs={"slug": first.series.club.slug, "pk": first.pk},
        )
    )
    User.objects.filter(pk=bea.pk).update(email="bea@newjob.example")
    other = Client()
    other.force_login(bea)
    follow(other, make_user(), page)
    second = make_occurrence()

    response = other.post(
        reverse(
            "occurrence_register",
            kwargs={"slug": second.series.club.slug, "pk": second.pk},
        )
    )

    assert response.status_code == 302
    assert Registration.objects.filter(person=bea).count() == 2
    attribution = Attribution.objects.get()
    assert (attribution.referrer, attribution.person) == (ana, bea)


def test_signing_up_does_not_stamp_someone_elses_credit(client, ana, page):
    bea = make_user(email="bea+work@example.com")
    client.force_login(bea)
    follow(client, ana, page)
    occurrence = make_occurrence()
    client.post(
        reverse(
            "occurrence_register",
            kwargs={"slug": occurrence.series.club.slug, "pk": occurrence.pk},
        )
    )
    other = Client()

    other.post(
        reverse("account_signup"),
        {
            "first_name": "Bea",
            "last_name": "Home",
            "email": "bea+home@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert User.objects.filter(email="bea+home@example.com").exists()
    attribution = Attribution.objects.get()
    assert attribution.person == bea
    assert attribution.signed_up_at is None  # bea+work had her account before
