"""With the database task backend, as in production, a registration and the
email about it are written in one transaction: kept together or not at all."""

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from clubs.models import Registration
from clubs.services.registrations import registration_create
from tests.builders import make_occurrence

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def queued_emails():
    return list(
        DBTaskResult.objects.filter(
            task_path="clubs.tasks.send_registration_email"
        ).values_list("args_kwargs__kwargs__registration_id", flat=True)
    )


def test_the_confirmation_is_queued_in_the_registrations_own_transaction(
    database_tasks,
):
    occurrence = make_occurrence()

    with transaction.atomic():
        registration = registration_create(
            occurrence=occurrence, name="Ada Guest", email="ada@example.com"
        )
        # Before the transaction ends: one commit writes both.
        assert queued_emails() == [registration.pk]


def test_a_place_rolled_back_leaves_no_email_queued(database_tasks):
    occurrence = make_occurrence()

    with pytest.raises(RuntimeError), transaction.atomic():
        registration_create(
            occurrence=occurrence, name="Ada Guest", email="ada@example.com"
        )
        raise RuntimeError("the caller's transaction fails")

    assert not Registration.objects.exists()
    assert queued_emails() == []
