"""The admin's Site history, scoped like the rest of the clubs admin.

Wagtail shows a log entry to anyone with a permission on its model, so a
host would read the audit trail of every club. Here a host who does not see
all clubs reads only the entries about rows of the clubs they run; entries
about other models (or rows deleted since) stay for superusers and editors.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.models import ModelLogEntry

from clubs.models import (
    Agenda,
    AgendaTemplate,
    Attendance,
    Club,
    Membership,
    Occurrence,
    Payment,
    Referral,
    Refund,
    Registration,
    Reward,
    Series,
)
from clubs.selectors.clubs import clubs_managed_by, sees_all_clubs

TO_MEETING = "occurrence__series__club"

# Each club-scoped model and the path from it to its club.
CLUB_PATHS = {
    Club: "pk",
    Membership: "club",
    Series: "club",
    Occurrence: "series__club",
    Registration: TO_MEETING,
    Attendance: TO_MEETING,
    Agenda: TO_MEETING,
    AgendaTemplate: "club",
    Payment: f"registration__{TO_MEETING}",
    Refund: f"payment__registration__{TO_MEETING}",
    Referral: "club",
    Reward: "club",
}


def entries_visible_to(user) -> Q:
    """The model log entries a host may read: about their clubs' rows."""
    clubs = clubs_managed_by(user)
    visible = Q(pk__in=[])
    for model, club_path in CLUB_PATHS.items():
        rows = model._default_manager.filter(**{f"{club_path}__in": clubs})
        visible |= Q(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=rows.values_list(Cast("pk", CharField()), flat=True),
        )
    return visible


class ClubScopedLogEntriesView(LogEntriesView):
    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        user = self.request.user
        if queryset.model is not ModelLogEntry or sees_all_clubs(user):
            return queryset
        return queryset.filter(entries_visible_to(user))
