"""Content's periodic work, queued by `manage.py enqueue_periodic_tasks`
(clubsite) and run by the task worker."""

from django_tasks import task

from content.services import link_visits_flush


@task()
def flush_link_visits() -> int:
    """Share-link visits counted in the cache go into the database."""
    return link_visits_flush()
