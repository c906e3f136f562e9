"""Signing up, signing in and the account's own emails stay in the language
the person was reading, and the account remembers it."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from clubs.models import User
from tests.builders import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def url(language, name, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def test_a_member_who_signs_up_from_russian_pages_is_written_to_in_russian(client):
    response = client.post(
        url("ru", "account_signup"),
        {
            "first_name": "Olga",
            "last_name": "Ivanova",
            "email": "olga@example.net",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 302 and response.url.startswith("/ru/")
    assert User.objects.get().language == "ru"
    (message,) = mail.outbox
    links = re.findall(r"https?://\S+", message.body)
    assert links and all("/ru/" in link for link in links)
    assert "/ru/accounts/confirm-email/" in message.body
    # allauth's own Russian, from its catalogue
    assert "подтвердите" in message.subject
    assert message.body.startswith("Вас приветствует")


@pytest.mark.parametrize("language,home", [("ru", "/ru/home/"), ("id", "/id/home/")])
def test_signing_in_lands_on_the_home_in_the_language_being_read(
    client, language, home
):
    make_user(email="ivan@example.net")

    response = client.post(
        url(language, "account_login"),
        {"login": "ivan@example.net", "password": PASSWORD},
    )

    assert response.status_code == 302
    assert response.url == home


def test_the_sign_in_page_stays_in_the_language_being_read(client):
    page = client.get(url("id", "account_login")).content.decode()

    assert '<html lang="id">' in page
    assert 'href="/id/accounts/signup/' in page
    assert 'href="/id/accounts/password/reset/' in page


def test_a_login_code_and_a_password_reset_are_sent_in_the_reader_s_language(client):
    make_user(email="ivan@example.net")

    client.post(url("ru", "account_request_login_code"), {"email": "ivan@example.net"})
    client.post(url("id", "account_reset_password"), {"email": "ivan@example.net"})

    code, reset = mail.outbox
    assert "Код" in code.subject or "код" in code.body  # allauth's Russian
    assert "/id/accounts/password/reset/key/" in reset.body


def test_the_profile_offers_the_four_languages(client):
    person = make_user(email="ivan@example.net")
    client.force_login(person)

    form = client.get(url("ru", "profile_edit")).context["form"]

    choices = [code for code, _name in form.fields["language"].choices if code]
    assert choices == ["en", "es", "id", "ru"]
