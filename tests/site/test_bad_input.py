"""Input that once answered 500 (issue #15): each gets a 4xx with the reason
beside the field, or is ignored for the default, and writes nothing.

The NUL-byte cases fail only on PostgreSQL (its text cannot hold NUL), so CI
runs this module with DATABASE_URL set too."""

from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from clubs.models import Attendance, Referral, Registration
from clubs.services.referrals import referral_move, referral_thank
from masterminds.models import Application
from tests.builders import (
    make_club,
    make_host,
    make_member,
    make_occurrence,
    make_registration,
    make_user,
)
from tests.clubs.referral_builders import give
from tests.content.page_builders import make_landing_page
from tests.masterminds.builders import make_group

pytestmark = pytest.mark.django_db

# Well-formed, and 312 characters: longer than any email column (254).
LONG_EMAIL = "a" * 64 + "@" + ".".join(["b" * 63, "c" * 63, "d" * 63, "e" * 51])
LONG_EMAIL += ".com"
ESC = "\x1b"


def test_the_long_email_is_one_django_would_otherwise_accept():
    from django.core.validators import validate_email

    assert len(LONG_EMAIL) == 312
    validate_email(LONG_EMAIL)


@pytest.fixture
def club():
    return make_club(slug="breakfast", name="Breakfast")


@pytest.fixture
def occurrence(club):
    return make_occurrence(club)


@pytest.fixture
def host(club):
    return make_host(club, first_name="Hana", last_name="Host")


def signed_in(client, person):
    client.force_login(person)
    return client


# --- Emails longer than the column --------------------------------------------


def test_a_guest_with_a_312_character_email_is_told_beside_the_field(
    client, occurrence
):
    response = client.post(
        reverse(
            "occurrence_register", args=[occurrence.series.club.slug, occurrence.pk]
        ),
        {"name": "Gus Guest", "email": LONG_EMAIL},
    )

    assert response.status_code == 400
    assert "254" in " ".join(response.context["form"].errors["email"])
    assert not Registration.objects.exists()


def test_a_walk_in_with_a_312_character_email_is_told_beside_the_field(
    client, occurrence, host
):
    url = reverse("occurrence_attendance", args=["breakfast", occurrence.pk])

    response = signed_in(client, host).post(
        url,
        {
            "action": "walk_in",
            "walk_in-name": "Wes Walker",
            "walk_in-email": LONG_EMAIL,
        },
    )

    assert response.status_code == 400
    assert "254" in " ".join(response.context["walk_in_form"].errors["email"])
    assert not Attendance.objects.exists()
    assert not Registration.objects.exists()


def test_a_member_adding_a_312_character_email_is_told_beside_the_field(client, club):
    from allauth.account.models import EmailAddress

    client = signed_in(client, make_member(club))
    client.get(reverse("account_email"))  # allauth records the first address
    before = EmailAddress.objects.count()

    response = client.post(
        reverse("account_email"), {"email": LONG_EMAIL, "action_add": ""}
    )

    assert response.status_code == 400
    assert "254" in " ".join(response.context["form"].errors["email"])
    assert EmailAddress.objects.count() == before


# --- NUL bytes where PostgreSQL would choke -----------------------------------


def test_a_share_code_with_a_nul_byte_is_not_found(client):
    page = make_landing_page()

    response = client.get(f"/r/ab%00cd/{page.pk}/")

    assert response.status_code == 404


def test_a_feed_token_with_a_nul_byte_is_not_found(client, club):
    assert client.get("/calendar/ab%00cd.ics").status_code == 404
    assert client.get("/calendar/ab%00cd/clubs/breakfast.ics").status_code == 404


def test_a_manage_or_check_in_token_with_a_nul_byte_is_not_found(client):
    assert client.get("/registrations/ab%00cd/").status_code == 404
    assert client.get("/check-in/ab%00cd/").status_code == 404


def test_a_slip_for_a_club_with_a_nul_byte_starts_on_the_members_club(client, club):
    member = make_member(club)

    response = signed_in(client, member).get(reverse("referral_create") + "?club=b%00")

    assert response.status_code == 200
    assert response.context["form"].initial["club"] == club


# --- Numbers that only look like numbers --------------------------------------


@pytest.mark.parametrize("number", ["²", "٣", "99999999999999999999", "-1"])
def test_a_slip_link_naming_a_strange_meeting_number_is_ignored(
    client, club, occurrence, number
):
    member = make_member(club)

    response = signed_in(client, member).get(
        reverse("referral_create"), {"club": "breakfast", "occurrence": number}
    )

    assert response.status_code == 200


@pytest.mark.parametrize("number", ["²", "٣", "99999999999999999999"])
def test_an_application_naming_a_strange_training_number_is_taken_without_it(
    client, number
):
    group = make_group(training=True, one_member_per_category=False)
    applicant = make_user()
    url = reverse("mastermind_apply", args=[group.club.slug])
    client = signed_in(client, applicant)

    assert client.get(url, {"training": number}).status_code == 200
    response = client.post(
        url, {"wants": "Accountability", "business": "Roofing", "training": number}
    )

    assert response.status_code == 302
    assert Application.objects.get(person=applicant).training is None


# --- A `next` that is not a URL -----------------------------------------------


def test_a_thank_you_put_on_the_agenda_with_a_next_that_is_no_url_goes_back(
    client, club, host
):
    giver, receiver = make_member(club), make_member(club)
    referral = give(giver, club, receiver)
    referral_move(
        referral=referral,
        status=Referral.Status.WON,
        by=receiver,
        value=Decimal(9),
        currency="USD",
    )
    referral_thank(referral=referral, by=receiver, note="Thanks")
    meeting = make_occurrence(club)

    response = signed_in(client, host).post(
        reverse("referral_agenda", args=[referral.pk]),
        {"occurrence": meeting.pk, "next": "not-a-url"},
    )

    assert response.status_code == 302
    assert response.url == reverse("referral_detail", args=[referral.pk])


# --- Report periods in the year 9999 ------------------------------------------

REPORTS = [
    "club_attendance_report",
    "club_attendance_csv",
    "club_referrals_report",
    "club_referrals_csv",
    "club_referrals_graph",
    "club_payments",
    "club_payments_csv",
]
FAR = [
    {"start": "9999-12-30", "end": "9999-12-31"},
    {"period": "custom", "start": "9999-12-30", "end": "9999-12-31"},
    {"start": "9999-12-30"},
    {"end": "9999-12-31"},
    {"start": "0001-01-01", "end": "0001-01-02"},
    {"period": "custom", "start": "0001-01-01", "end": "0001-01-01"},
]


@pytest.mark.parametrize("name", REPORTS)
@pytest.mark.parametrize("query", FAR)
def test_a_report_period_at_the_ends_of_the_calendar_is_refused(
    client, club, host, name, query
):
    response = signed_in(client, host).get(reverse(name, args=["breakfast"]), query)

    assert response.status_code in (200, 400)


@pytest.mark.parametrize("query", FAR)
def test_the_landing_page_funnel_in_the_year_9999_is_refused(client, query):
    admin = make_user(is_staff=True, is_superuser=True)

    response = signed_in(client, admin).get(reverse("landing_page_funnel"), query)

    assert response.status_code in (200, 400)


# --- Control characters -------------------------------------------------------


def test_a_guest_name_with_a_control_character_is_refused_beside_the_field(
    client, occurrence
):
    response = client.post(
        reverse("occurrence_register", args=["breakfast", occurrence.pk]),
        {"name": f"Gus{ESC}[31m Guest", "email": "gus@example.com"},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["name"]
    assert not Registration.objects.exists()


def test_a_slip_with_a_control_character_in_a_name_is_refused(client, club):
    giver, receiver = make_member(club), make_member(club)

    response = signed_in(client, giver).post(
        reverse("referral_create"),
        {
            "club": club.slug,
            "receiver": receiver.pk,
            "prospect_name": f"Paula{ESC} Prospect",
            "prospect_email": "paula@example.com",
            "need": "A new roof\nbefore winter\tplease",
            "consent": "on",
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["prospect_name"]
    assert not Referral.objects.exists()


def test_the_referral_graph_is_valid_xml_whatever_the_names(client, club, host):
    giver = make_member(club, first_name=f"Gina{ESC}\x07", last_name="Giver")
    receiver = make_member(club, first_name="Rob", last_name=f"<Roofer>{ESC}")
    give(giver, club, receiver)

    response = signed_in(client, host).get(
        reverse("club_referrals_graph", args=["breakfast"])
    )

    assert response.status_code == 200
    ElementTree.fromstring(response.content)  # raises on invalid XML


def test_a_guest_registration_keeps_newlines_out_of_a_name_but_text_keeps_them(
    client, occurrence
):
    make_registration(occurrence)
    response = client.post(
        reverse("occurrence_register", args=["breakfast", occurrence.pk]),
        {"name": "Gus\nGuest", "email": "gus@example.com"},
    )

    assert response.status_code == 400
