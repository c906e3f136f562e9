"""Background work for clubs, run by the task worker (`manage.py db_worker`).

Tasks take ids, not objects, and read fresh rows: by the time one runs, the
registration may have been cancelled or the meeting moved again."""

from django_tasks import task

from clubs import notifications


@task()
def send_registration_email(*, registration_id: int) -> None:
    notifications.registration_received(registration_id)


@task()
def send_waitlist_promoted(*, registration_id: int) -> None:
    notifications.waitlist_promoted(registration_id)


@task()
def notify_occurrence_changed(*, occurrence_id: int, change: str) -> None:
    notifications.occurrence_changed(occurrence_id, change)


@task()
def send_due_reminders() -> int:
    return notifications.due_reminders()


@task()
def extend_occurrence_horizons() -> None:
    # Imported here: the services enqueue the tasks above, so importing them at
    # the top would be circular.
    from clubs.services.meetings import occurrences_extend_all

    occurrences_extend_all()


# Referrals (clubs/referral_notifications.py): the receiver hears of a new
# slip at once, the giver of every step, and untouched slips nudge once.
# The module is imported when a task runs, so the services that queue these
# tasks never load the email code.


@task()
def send_referral_logged(*, referral_id: int) -> None:
    from clubs import referral_notifications

    referral_notifications.referral_logged(referral_id)


@task()
def send_referral_moved(*, step_id: int) -> None:
    from clubs import referral_notifications

    referral_notifications.referral_moved(step_id)


@task()
def send_referral_thank_you(*, thank_you_id: int) -> None:
    from clubs import referral_notifications

    referral_notifications.thank_you_sent(thank_you_id)


@task()
def send_referral_nudges() -> int:
    from clubs import referral_notifications

    return referral_notifications.due_referral_nudges()


# Share links (clubs/attribution_notifications.py): both sides hear when the
# friend they brought, or were brought by, earns the rewards.


@task()
def send_rewards_granted(*, attribution_id: int) -> None:
    from clubs import attribution_notifications

    attribution_notifications.rewards_granted(attribution_id)


# Referrals still new a week after they were given: the club's hosts hear of
# each once (clubs/referral_notifications.py).


@task()
def send_stale_referral_alerts() -> int:
    from clubs import referral_notifications

    return referral_notifications.due_stale_alerts()
