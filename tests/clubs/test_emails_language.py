"""Every email is written in its recipient's language, links included, even
when the task worker sends it long after the request that caused it."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from clubs.models import Registration
from clubs.notifications.email import email_send
from tests.builders import make_occurrence, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def register_as_guest(client, occurrence, *, language):
    with translation.override(language):
        url = reverse(
            "occurrence_register", args=[occurrence.series.club.slug, occurrence.pk]
        )
    return client.post(url, {"name": "Lucía Pérez", "email": "lucia@example.net"})


def test_a_guest_who_registers_in_spanish_gets_a_spanish_email(client):
    occurrence = make_occurrence()

    register_as_guest(client, occurrence, language="es")

    registration = Registration.objects.get()
    assert registration.language == "es"
    (email,) = mail.outbox
    assert email.subject.startswith("Ya tienes tu plaza: ")
    assert "Tu plaza está confirmada." in email.body
    assert "Hello" not in email.body
    assert "/es/registrations/" in email.body  # the manage link stays Spanish
    assert "Lucía Pérez" in email.body


def test_an_english_guest_still_gets_english(client):
    occurrence = make_occurrence()

    register_as_guest(client, occurrence, language="en")

    (email,) = mail.outbox
    assert email.subject.startswith("You're in: ")
    assert "Your place is confirmed." in email.body
    assert "/es/" not in email.body


def test_the_worker_writes_in_the_guest_language(client, settings):
    """With the database backend the email leaves from `db_worker`, a
    process with no request and so no language of its own."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    occurrence = make_occurrence()
    register_as_guest(client, occurrence, language="es")
    assert mail.outbox == []

    with translation.override("en"):
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    (email,) = mail.outbox
    assert email.subject.startswith("Ya tienes tu plaza: ")
    assert "/es/registrations/" in email.body


def test_a_subject_keeps_to_one_line_and_text_is_not_html_escaped():
    member = make_user(first_name="Seán", last_name="O'Brien\nBcc: x@example.com")
    occurrence = make_occurrence()
    registration = Registration.objects.create(
        occurrence=occurrence,
        person=member,
        name=str(member),
        email=member.email,
        status=Registration.Status.CONFIRMED,
    )

    email_send(
        to=member.email,
        language="en",
        template="clubs/emails/registration",
        context={
            "registration": registration,
            "occurrence": occurrence,
            "meeting": f"{member.last_name}'s breakfast",
        },
    )

    (email,) = mail.outbox
    assert "\n" not in email.subject
    assert "O'Brien" in email.subject
    assert "Hello Seán O'Brien" in email.body
