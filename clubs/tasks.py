"""The email tasks that clubs' services queue, run by the task worker
(`manage.py db_worker`).

This module sits below the services: it imports the notifications and
nothing that writes, so a service can queue a task without a cycle. Work
that runs on a schedule, some of which calls services, lives in
`clubs/jobs.py`, above them.

Tasks take ids, not objects, and read fresh rows: by the time one runs, the
registration may have been cancelled or the meeting moved again."""

from django.db import transaction
from django_tasks import task
from django_tasks_db import DatabaseBackend

from clubs.notifications import accounts, meetings, payments, referrals, rewards


def enqueue_in_transaction(task, **kwargs) -> None:
    """Queue `task` as part of the caller's transaction.

    With the database backend (production), the task's row is written in
    that transaction: the data and the email about it commit together, in
    one commit instead of two, and neither is ever kept without the other.
    Any other backend would run or send the task outside the transaction, so
    it is queued once the transaction commits, as `on_commit` does."""
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(**kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(**kwargs))


@task()
def send_registration_email(*, registration_id: int) -> None:
    meetings.registration_received(registration_id)


@task()
def send_manage_link(*, registration_id: int) -> None:
    meetings.manage_link_resent(registration_id)


@task()
def send_place_already_held(*, registration_id: int) -> None:
    meetings.place_already_held(registration_id)


@task()
def send_seat_held(*, registration_id: int) -> None:
    meetings.seat_held(registration_id)


@task()
def send_waitlist_promoted(*, registration_id: int) -> None:
    meetings.waitlist_promoted(registration_id)


@task()
def send_waitlist_offered(*, registration_id: int) -> None:
    meetings.waitlist_offered(registration_id)


@task()
def send_place_cancelled(*, registration_id: int) -> None:
    meetings.place_given_up(registration_id)


@task()
def send_late_payment_refunded(*, payment_id: int) -> None:
    payments.late_payment_refunded(payment_id)


@task()
def send_place_already_held_refunded(*, payment_id: int) -> None:
    payments.place_already_held_refunded(payment_id)


@task()
def notify_occurrence_changed(*, occurrence_id: int, change: str) -> None:
    meetings.occurrence_changed(occurrence_id, change)


# Referrals: the receiver hears of a new slip at once, the giver of every step.


@task()
def send_referral_logged(*, referral_id: int) -> None:
    referrals.referral_logged(referral_id)


@task()
def send_referral_moved(*, step_id: int) -> None:
    referrals.referral_moved(step_id)


@task()
def send_referral_thank_you(*, thank_you_id: int) -> None:
    referrals.thank_you_sent(thank_you_id)


# Share links: both sides hear when the friend they brought, or were brought
# by, earns the rewards.


@task()
def send_rewards_granted(*, attribution_id: int) -> None:
    rewards.rewards_granted(attribution_id)


@task()
def send_reward_code_issued(*, reward_id: int) -> None:
    rewards.reward_code_issued(reward_id)


@task()
def send_account_deleted(*, email: str, language: str, first_name: str) -> None:
    # The account is gone by now: the address comes in the task itself, and
    # leaves the queue with it (prune_db_task_results).
    accounts.account_deleted(email=email, language=language, first_name=first_name)
