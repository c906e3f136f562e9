"""Background work for masterminds, run by the task worker (`manage.py db_worker`).

Tasks take ids, not objects, and read fresh rows when they run."""

from django_tasks import task

from masterminds import notifications


@task()
def send_application_step(*, application_id: int, step: str, note: str = "") -> None:
    notifications.application_step(application_id, step, note)


@task()
def tell_facilitators(*, application_id: int, step: str) -> None:
    notifications.facilitators_told(application_id, step)


@task()
def propose_hot_seats() -> int:
    """Seat each group's next session from the rotation a few days ahead, and
    tell each member seated there, once. Returns how many were told."""
    from masterminds import hot_seat_emails

    return hot_seat_emails.propose_due()
