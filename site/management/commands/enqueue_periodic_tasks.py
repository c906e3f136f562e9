"""Queue each periodic job when it is due, for the task worker.

The database task backend's own results are the schedule's memory: a job is
due when the same job is not waiting (READY, or RUNNING) and was last queued
at least its interval ago. So the state survives restarts, and a run that
finds the job waiting or recently queued does nothing, however many machines
run this command from cron.
"""

import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.base import Task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from clubs.jobs import (
    extend_occurrence_horizons,
    issue_waiting_reward_codes,
    release_expired_holds,
    send_due_reminders,
    send_referral_nudges,
    send_stale_referral_alerts,
    submit_waiting_refunds,
)
from content.jobs import flush_link_visits
from masterminds.jobs import (
    keep_session_places,
    lapse_unpaid_seats,
    propose_hot_seats,
)

# Each job and how often it runs (README, "Periodic work", says why).
SCHEDULE: tuple[tuple[Task, timedelta], ...] = (
    (release_expired_holds, timedelta(minutes=5)),
    (submit_waiting_refunds, timedelta(minutes=5)),
    (issue_waiting_reward_codes, timedelta(minutes=5)),
    (send_due_reminders, timedelta(minutes=5)),
    (flush_link_visits, timedelta(minutes=5)),
    (send_referral_nudges, timedelta(hours=1)),
    (propose_hot_seats, timedelta(hours=1)),
    (lapse_unpaid_seats, timedelta(hours=1)),
    (keep_session_places, timedelta(hours=1)),
    (send_stale_referral_alerts, timedelta(days=1)),
    (extend_occurrence_horizons, timedelta(days=1)),
)
# Cron starts a run a little before or after the minute. Without this slack a
# job queued at 10:00:01 would not be due at 10:05:00, and "every 5 minutes"
# would become every 10.
SLACK = timedelta(minutes=1)
# A worker killed mid-task leaves its result RUNNING for good (django-tasks-db
# never resets it); past this age it no longer holds its job back. The jobs
# claim each row they act on, so a second copy never sends anything twice.
RUNNING_AT_MOST = timedelta(hours=1)
# Any fixed number: the PostgreSQL advisory lock that makes runs take turns.
LOCK_KEY = 5_300_712


def enqueue_due() -> list[Task]:
    """Queue the jobs that are due and return them. Runs take turns, so the
    check and the enqueue of one never interleave with another's."""
    with transaction.atomic():
        _take_turns()
        now = timezone.now()
        due = [task for task, every in SCHEDULE if _is_due(task, every, now=now)]
        for task in due:
            # The result row written here is what the next run reads, so it is
            # written inside the lock, not after the commit.
            task.enqueue()
    return due


def _is_due(task: Task, every: timedelta, *, now) -> bool:
    if not isinstance(task.get_backend(), DatabaseBackend):
        return True  # no stored results to remember by (the tests' immediate runs)
    results = DBTaskResult.objects.filter(task_path=task.module_path)
    waiting = results.filter(
        Q(status=TaskResultStatus.READY)
        | Q(status=TaskResultStatus.RUNNING, started_at__gt=now - RUNNING_AT_MOST)
    )
    recent = results.filter(enqueued_at__gt=now - every + SLACK)
    return not waiting.exists() and not recent.exists()


def _take_turns() -> None:
    """Hold the schedule's lock until the transaction ends. On SQLite the
    IMMEDIATE transaction (settings) already took the database's write lock."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("The schedule's lock is taken inside a transaction.")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


class Command(BaseCommand):
    help = (
        "Queue the periodic work that is due (reminders, nudges about untouched "
        "referrals, masterminds' hot seats, members' places and unpaid held seats; "
        "daily, the "
        "hosts' stale-referral alerts and scheduling meetings ahead) for the task "
        "worker. Run it from "
        "cron every few minutes, or with --every."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            metavar="SECONDS",
            help="Keep running, looking for due work every SECONDS.",
        )

    def handle(self, *args, every, verbosity, **options):
        while True:
            for task in enqueue_due():
                if verbosity > 1:
                    self.stdout.write(f"Queued {task.name}")
            if not every:
                return
            time.sleep(every)
            close_old_connections()  # the connection may have gone stale asleep
