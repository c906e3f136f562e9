"""`manage.py enqueue_periodic_tasks` queues each job on its own interval, and
never while the same job still waits. It reads the database task backend's
results, so these tests run on that backend instead of the immediate one; the
worker's part is played by the backend's own claim() and set_successful()."""

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from clubsite.management.commands.enqueue_periodic_tasks import enqueue_due

REMINDERS = "clubs.jobs.send_due_reminders"
NUDGES = "clubs.jobs.send_referral_nudges"
HOT_SEATS = "masterminds.jobs.propose_hot_seats"
SEAT_HOLDS = "masterminds.jobs.lapse_unpaid_seats"
SESSION_PLACES = "masterminds.jobs.keep_session_places"
STALE_ALERTS = "clubs.jobs.send_stale_referral_alerts"
HORIZONS = "clubs.jobs.extend_occurrence_horizons"
HOLDS = "clubs.jobs.release_expired_holds"
REFUNDS = "clubs.jobs.submit_waiting_refunds"
REWARD_CODES = "clubs.jobs.issue_waiting_reward_codes"
LINK_VISITS = "content.jobs.flush_link_visits"
EVERY_FIVE_MINUTES = sorted([REMINDERS, HOLDS, REFUNDS, REWARD_CODES, LINK_VISITS])
HOURLY = [NUDGES, HOT_SEATS, SEAT_HOLDS, SESSION_PLACES]
EVERY_JOB = sorted([*EVERY_FIVE_MINUTES, *HOURLY, STALE_ALERTS, HORIZONS])
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _database_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run():
    call_command("enqueue_periodic_tasks")


def waiting() -> list[str]:
    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    return sorted(ready.values_list("task_path", flat=True))


def start(task_path: str) -> None:
    DBTaskResult.objects.get(task_path=task_path, status="READY").claim("worker")


def finish_waiting() -> None:
    for result in DBTaskResult.objects.filter(status=TaskResultStatus.READY):
        result.claim("worker")
        result.set_successful(None)


@pytest.mark.django_db
def test_the_first_run_queues_every_job():
    run()

    assert waiting() == EVERY_JOB


@pytest.mark.django_db
def test_nothing_is_queued_while_the_same_job_still_waits(time_machine):
    time_machine.move_to(START, tick=False)
    run()
    run()
    assert DBTaskResult.objects.count() == len(EVERY_JOB)

    # The worker is down for two days: every interval has passed, yet each
    # job still waits in the queue, so none is queued a second time.
    time_machine.move_to(START + timedelta(days=2), tick=False)
    run()
    assert DBTaskResult.objects.count() == len(EVERY_JOB)

    start(REMINDERS)
    time_machine.move_to(START + timedelta(days=2, minutes=30), tick=False)
    run()
    assert DBTaskResult.objects.count() == len(EVERY_JOB)


@pytest.mark.django_db
def test_a_finished_job_is_queued_again_once_its_interval_has_passed(time_machine):
    time_machine.move_to(START, tick=False)
    run()
    finish_waiting()

    time_machine.move_to(START + timedelta(minutes=5), tick=False)
    run()
    assert waiting() == EVERY_FIVE_MINUTES

    finish_waiting()
    time_machine.move_to(START + timedelta(hours=1), tick=False)
    run()
    assert waiting() == sorted([*EVERY_FIVE_MINUTES, *HOURLY])

    finish_waiting()
    time_machine.move_to(START + timedelta(days=1), tick=False)
    run()
    assert waiting() == EVERY_JOB


@pytest.mark.django_db
def test_a_run_cron_starts_a_little_early_still_finds_the_job_due(time_machine):
    time_machine.move_to(START + timedelta(seconds=1), tick=False)
    run()
    finish_waiting()

    time_machine.move_to(START + timedelta(minutes=5), tick=False)
    run()

    assert waiting() == EVERY_FIVE_MINUTES


@pytest.mark.django_db
def test_a_job_left_running_by_a_killed_worker_is_queued_again(time_machine):
    time_machine.move_to(START, tick=False)
    run()
    start(REMINDERS)  # and the worker dies: the result stays RUNNING

    time_machine.move_to(START + timedelta(minutes=59), tick=False)
    run()
    assert REMINDERS not in waiting()

    time_machine.move_to(START + timedelta(hours=1, minutes=1), tick=False)
    run()
    assert REMINDERS in waiting()


@pytest.mark.django_db
def test_a_backend_that_keeps_no_results_runs_every_job_every_time(settings):
    """The immediate backend (the tests', a development shortcut) remembers
    nothing, so nothing can be skipped: every run runs everything."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }

    first, second = enqueue_due(), enqueue_due()

    assert sorted(task.module_path for task in first) == EVERY_JOB
    assert sorted(task.module_path for task in second) == EVERY_JOB
    assert DBTaskResult.objects.count() == 0


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs PostgreSQL: set DATABASE_URL (SQLite serialises writers anyway)",
)
@pytest.mark.django_db(transaction=True)
def test_runs_started_at_once_on_several_machines_queue_each_job_once():
    machines = 8
    together = threading.Barrier(machines)

    def machine(_):
        try:
            together.wait()
            return len(enqueue_due())
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=machines) as pool:
        queued = sum(pool.map(machine, range(machines)))

    assert queued == len(EVERY_JOB)
    assert waiting() == EVERY_JOB
