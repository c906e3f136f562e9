import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse

from clubs.models import User
from tests.builders import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def sign_up(client, **overrides):
    data = {
        "first_name": "Ana",
        "last_name": "Lima",
        "email": "Ana.Lima@Example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **overrides,
    }
    return client.post(reverse("account_signup"), data)


def test_sign_up_creates_a_person_signed_in_by_the_link_in_their_email(client):
    response = sign_up(client)

    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "ana.lima@example.com"
    assert user.get_full_name() == "Ana Lima"
    assert not client.get("/").context["user"].is_authenticated
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[0].body)[0]
    client.post(urlsplit(link).path)
    assert client.get("/").context["user"] == user


def test_sign_up_sends_a_verification_email(client):
    sign_up(client)

    assert [message.to for message in mail.outbox] == [["ana.lima@example.com"]]
    assert "confirm" in mail.outbox[0].body.lower()


def test_sign_up_with_an_email_already_in_use_makes_no_second_account(client):
    """Whatever its case; the page says what it says to a new address
    (tests/site/test_enumeration.py), and the owner is told by email."""
    make_user(email="ana.lima@example.com")

    response = sign_up(client, email="ANA.LIMA@example.com")

    assert response.status_code == 302
    assert "already registered" not in client.get(response.url).content.decode()
    assert User.objects.count() == 1
    assert [message.to for message in mail.outbox] == [["ana.lima@example.com"]]


def test_sign_up_needs_a_name(client):
    response = sign_up(client, first_name="")

    assert response.status_code == 400
    assert response.context["form"].errors["first_name"]
    assert not User.objects.exists()


def test_log_in_with_email_and_password(client):
    user = make_user(email="marcus@example.com")

    response = client.post(
        reverse("account_login"), {"login": "Marcus@Example.com", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.get("/").context["user"] == user


def test_a_wrong_password_is_refused_with_a_message(client):
    make_user(email="marcus@example.com")

    response = client.post(
        reverse("account_login"), {"login": "marcus@example.com", "password": "nope"}
    )

    assert response.status_code == 400
    assert "not correct" in response.content.decode()
    assert not client.get("/").context["user"].is_authenticated


def test_log_in_with_a_code_sent_by_email(client):
    user = make_user(email="priya@example.com")

    response = client.post(
        reverse("account_request_login_code"), {"email": "priya@example.com"}
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", message.body, re.MULTILINE)[1]

    response = client.post(response.url, {"code": code})

    assert response.status_code == 302
    assert client.get("/").context["user"] == user


def test_a_wrong_login_code_does_not_sign_in(client):
    make_user(email="priya@example.com")
    response = client.post(
        reverse("account_request_login_code"), {"email": "priya@example.com"}
    )

    response = client.post(response.url, {"code": "WRONG1"})

    assert response.status_code == 400
    assert not client.get("/").context["user"].is_authenticated


def test_sign_out_is_a_post_from_the_header(client):
    client.force_login(make_user())
    page = client.get("/").content.decode()
    assert f'action="{reverse("account_logout")}"' in page

    client.post(reverse("account_logout"))

    assert not client.get("/").context["user"].is_authenticated
