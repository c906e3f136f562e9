"""No account enumeration: a known and an unknown address get the same
answer on sign-up, login by code, password reset and guest registration
(same status, same page but for the CSRF token, the same number of emails,
each to its own address); the owner of a known address learns it by email."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from clubs.models import Registration, User
from tests.builders import PASSWORD, make_occurrence, make_registration, make_user

pytestmark = pytest.mark.django_db

KNOWN, UNKNOWN = "known@example.net", "unknown@example.net"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def answer(url, data, mailoutbox, committed):
    """What a stranger sees of one POST and where it leads, and the emails
    it sent."""
    client = Client()
    mailoutbox.clear()
    with committed():
        response = client.post(url, data)
    page = client.get(response["Location"]) if response.status_code == 302 else None
    body = (page or response).content.decode()
    return {
        "status": response.status_code,
        "location": response.get("Location"),
        "page": CSRF.sub("", body).replace(data["email"], "EMAIL"),
        "emails": [message.to for message in mailoutbox],
    }


def assert_same_answer(known, unknown):
    assert known["status"] == unknown["status"]
    assert known["location"] == unknown["location"]
    assert known["page"] == unknown["page"]
    assert known["emails"] == [[KNOWN]]
    assert unknown["emails"] == [[UNKNOWN]]


def test_sign_up(mailoutbox, committed):
    make_user(email=KNOWN)
    url = reverse("account_signup")

    def sign_up(email):
        data = {
            "first_name": "Ana",
            "last_name": "Lima",
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
        }
        return answer(url, data, mailoutbox, committed)

    known, unknown = sign_up(KNOWN), sign_up(UNKNOWN)

    assert_same_answer(known, unknown)
    assert User.objects.filter(email=KNOWN).count() == 1


@pytest.mark.parametrize(
    "url_name", ["account_request_login_code", "account_reset_password"]
)
def test_login_code_and_password_reset(url_name, mailoutbox, committed):
    make_user(email=KNOWN)
    url = reverse(url_name)

    known = answer(url, {"email": KNOWN}, mailoutbox, committed)
    unknown = answer(url, {"email": UNKNOWN}, mailoutbox, committed)

    assert_same_answer(known, unknown)


def test_guest_registration(mailoutbox, committed):
    occurrence = make_occurrence()
    place = make_registration(occurrence, name="Dana", email=KNOWN)
    kwargs = {"slug": occurrence.series.club.slug, "pk": occurrence.pk}
    url = reverse("occurrence_register", kwargs=kwargs)

    known = answer(url, {"name": "Dana", "email": KNOWN}, mailoutbox, committed)
    told = mailoutbox[0]
    unknown = answer(url, {"name": "Dana", "email": UNKNOWN}, mailoutbox, committed)

    assert_same_answer(known, unknown)
    assert Registration.objects.filter(email=KNOWN).count() == 1
    assert "already have a place" in told.subject
    assert reverse("registration_manage", args=["X"]).split("X")[0] in told.body
    assert place.occurrence.series.title in told.body


def test_a_guest_who_already_has_a_place_is_told_in_their_language(
    mailoutbox, committed
):
    occurrence = make_occurrence()
    make_registration(occurrence, name="Dana", email=KNOWN, language="es")
    kwargs = {"slug": occurrence.series.club.slug, "pk": occurrence.pk}
    url = reverse("occurrence_register", kwargs=kwargs)  # an English page

    answer(url, {"name": "Dana", "email": KNOWN}, mailoutbox, committed)

    assert mailoutbox[0].body.startswith("Hola")
