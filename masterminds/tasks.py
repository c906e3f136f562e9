"""Background work for masterminds, run by the task worker (`manage.py db_worker`).

Tasks take ids, not objects, and read fresh rows when they run."""

from django_tasks import task

from masterminds.notifications import applications as notifications


@task()
def send_application_step(*, application_id: int, step: str, note: str = "") -> None:
    notifications.application_step(application_id, step, note)


@task()
def tell_facilitators(*, application_id: int, step: str) -> None:
    notifications.facilitators_told(application_id, step)
