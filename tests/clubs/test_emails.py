import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import transaction

from clubs.notifications.email import email_enqueue

pytestmark = pytest.mark.django_db(transaction=True)


def message():
    email = EmailMultiAlternatives(
        "Your seat is confirmed", "See you Tuesday.", "hosts@example.com", ["a@b.com"]
    )
    email.attach_alternative("<p>See you <b>Tuesday</b>.</p>", "text/html")
    return email


def test_a_queued_email_arrives_whole():
    email_enqueue(message())

    (sent,) = mail.outbox
    assert sent.subject == "Your seat is confirmed"
    assert sent.to == ["a@b.com"]
    assert sent.alternatives[0][0] == "<p>See you <b>Tuesday</b>.</p>"


def test_with_the_database_backend_a_rolled_back_email_is_never_sent(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    with pytest.raises(RuntimeError), transaction.atomic():
        email_enqueue(message())
        raise RuntimeError("the registration failed halfway")
    email_enqueue(message())

    assert DBTaskResult.objects.count() == 1
    from django.core.management import call_command

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert [m.subject for m in mail.outbox] == ["Your seat is confirmed"]
