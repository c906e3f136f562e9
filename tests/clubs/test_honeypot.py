"""A hidden field stops form-filling bots without bothering people: a bot
that fills it in gets the usual answer and nothing else (no place, no
account, no email); a person never sees it."""

import pytest
from django.urls import reverse

from clubs.models import Registration, User
from tests.builders import PASSWORD, make_occurrence

pytestmark = pytest.mark.django_db


def register_url(occurrence) -> str:
    kwargs = {"slug": occurrence.series.club.slug, "pk": occurrence.pk}
    return reverse("occurrence_register", kwargs=kwargs)


GUEST = {"name": "Dana Whitlock", "email": "dana@example.net"}


def test_a_bot_filling_the_hidden_field_gets_no_place_and_no_email(
    client, mailoutbox, committed
):
    occurrence = make_occurrence()

    with committed():
        bot = client.post(
            register_url(occurrence), {**GUEST, "website": "http://spam.example"}
        )

    assert bot.status_code == 302  # the answer a person gets
    assert bot["Location"] == register_url(occurrence).replace("register", "registered")
    assert not Registration.objects.exists()
    assert not mailoutbox


def test_a_person_who_leaves_it_empty_registers_as_before(
    client, mailoutbox, committed
):
    occurrence = make_occurrence()

    with committed():
        person = client.post(register_url(occurrence), {**GUEST, "website": ""})

    assert person.status_code == 302
    assert Registration.objects.get().email == "dana@example.net"
    assert [message.to for message in mailoutbox] == [["dana@example.net"]]


def test_the_hidden_field_is_hidden_by_the_stylesheet_not_an_inline_style(client):
    """The Content Security Policy refuses inline styles: an inline-hidden
    field would show. Hidden by a class, it is also out of the tab order."""
    occurrence = make_occurrence()
    meeting = reverse(
        "occurrence_detail",
        kwargs={"slug": occurrence.series.club.slug, "pk": occurrence.pk},
    )

    for url in [meeting, reverse("account_signup")]:
        page = client.get(url).content.decode()
        field = page.split('name="website"')[0].rsplit("<input", 1)[1]
        field += page.split('name="website"')[1].split(">", 1)[0]
        assert 'class="honeypot"' in field and 'tabindex="-1"' in field, url
        assert "style=" not in field, url


def test_a_bot_signing_up_through_the_hidden_field_gets_no_account(
    client, mailoutbox, committed
):
    data = {
        "first_name": "Bot",
        "last_name": "Bot",
        "email": "bot@example.net",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "website": "http://spam.example",
    }

    with committed():
        response = client.post(reverse("account_signup"), data)

    assert response.status_code == 302
    assert not User.objects.exists()
    assert not mailoutbox
