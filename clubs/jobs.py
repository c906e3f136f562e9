"""Clubs' periodic work, queued on a schedule by `manage.py
enqueue_periodic_tasks` (clubsite) and run by the task worker.

Jobs sit above the services, which they may call; nothing below imports
them. Each returns what it did, for the worker's log."""

from django_tasks import task

from clubs.notifications import meetings, referrals
from clubs.services.meetings import occurrences_extend_all
from clubs.services.payments import refunds_submit_waiting
from clubs.services.registrations import holds_release_expired
from clubs.services.rewards import reward_codes_issue_waiting
from clubs.services.subscription_refunds import (
    subscription_refunds_submit_waiting,
)


@task()
def send_due_reminders() -> int:
    return meetings.due_reminders()


@task()
def extend_occurrence_horizons() -> None:
    occurrences_extend_all()


@task()
def send_referral_nudges() -> int:
    """Each referral still *new* after its club's nudge delay, once."""
    return referrals.due_referral_nudges()


@task()
def send_stale_referral_alerts() -> int:
    """The hosts hear once of each referral still *new* a week after."""
    return referrals.due_stale_alerts()


@task()
def release_expired_holds() -> int:
    """Seats held for payment whose time ran out go back, and the waitlist
    moves (registering releases a meeting's own expired holds at once)."""
    return holds_release_expired()


@task()
def submit_waiting_refunds() -> int:
    """Refunds that Stripe could not be reached for, asked again: meetings'
    and those of subscriptions paid too late (a seat gone to someone else)."""
    return refunds_submit_waiting() + subscription_refunds_submit_waiting()


@task()
def issue_waiting_reward_codes() -> int:
    """Discount codes that Stripe could not be reached for, asked again; each
    person is emailed their code once it is made."""
    return reward_codes_issue_waiting()
