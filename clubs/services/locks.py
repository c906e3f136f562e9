"""The row lock that every decision about one meeting is made under.

Seats, the waitlist, walk-ins, a moved date, an agenda and a session's hot
seats all depend on the occurrence row and what hangs from it. Each writer
locks that row first, so two people acting at once queue for it instead of
both deciding from the same stale state. Like pretix's lock helper, it
refuses to run outside a transaction: a lock that ends at once guards nothing.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.transaction import TransactionManagementError

from clubs.models import Occurrence


def occurrence_lock(occurrence: Occurrence, *, only: Iterable[str] = ()) -> Occurrence:
    """Lock the occurrence's row until the transaction ends, and return it
    fresh from the database, with its series and club.

    `only` names the fields a caller decides with (as `QuerySet.only()`
    does, "series__club__visibility"); the others then load on first use,
    a query each. Most of the three rows' hundred-odd columns are texts in
    four languages, which a seat never depends on."""
    if not transaction.get_connection().in_atomic_block:
        raise TransactionManagementError("occurrence_lock() needs a transaction.")
    query = Occurrence.objects.select_for_update(of=("self",)).select_related(
        "series__club"
    )
    if only:
        query = query.only(*only)
    return query.get(pk=occurrence.pk)
