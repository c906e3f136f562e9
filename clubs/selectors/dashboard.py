"""What the host's admin dashboard reads: the next meeting of each series
they run, with its places, in one query."""

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from clubs.models import Occurrence, Registration, User
from clubs.selectors.clubs import clubs_managed_by

NEXT_MEETINGS_LIMIT = 12


def next_meetings_for_host(
    *, user: User, limit: int = NEXT_MEETINGS_LIMIT
) -> QuerySet[Occurrence]:
    """The next meeting (not yet over) of each series of the clubs `user`
    runs in the admin (every club for superusers and editors), soonest first,
    cancelled ones included so the host sees them. Each carries `waitlisted`,
    its series and club, and its agenda if it has one."""
    waitlisted = Q(registrations__status=Registration.Status.WAITLISTED)
    return (
        Occurrence.objects.filter(
            series__club__in=clubs_managed_by(user), end__gte=timezone.now()
        )
        .annotate(
            waitlisted=Count("registrations", filter=waitlisted),
            rank=Window(
                RowNumber(), partition_by=F("series"), order_by=F("start").asc()
            ),
        )
        .filter(rank=1)
        .select_related("series__club", "agenda")
        .order_by("start", "pk")[:limit]
    )
