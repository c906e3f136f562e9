"""The admin's Site history, scoped like the rest of the clubs admin.

Wagtail shows a log entry to anyone with a permission on its model, so a
host would read the audit trail of every club. Here a host who does not see
all clubs reads only the entries about rows of the clubs they run; entries
about other models (or rows deleted since) stay for superusers and editors.
The filters offer only the people, actions and types of those entries: a
host never reads another club's hosts' names in the user filter.

Masterminds adds its models' paths to their club with `scope_to_club`.
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, IntegerField, Q, Value
from django.db.models.functions import Cast
from wagtail.admin.filters import ContentTypeFilter
from wagtail.admin.views.reports.audit_logging import (
    LogEntriesView,
    SiteHistoryReportFilterSet,
)
from wagtail.log_actions import registry as log_actions
from wagtail.models import ModelLogEntry, PageLogEntry

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


def scope_to_club(model, club_path: str) -> None:
    """Another app's club-scoped model, and the path from it to its club."""
    CLUB_PATHS[model] = club_path


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


def readable_entries(user, log_models=None) -> list:
    """Per log model, the entries `user` reads in Site history. A host reads
    every entry about their own clubs' rows, whatever model permissions
    their group has (referrals have no admin view, yet moving one is
    recorded), and none about other clubs."""
    querysets = []
    for log_model in log_models or log_actions.get_log_entry_models():
        if log_model is ModelLogEntry and not sees_all_clubs(user):
            querysets.append(ModelLogEntry.objects.filter(entries_visible_to(user)))
        else:
            querysets.append(log_model.objects.viewable_by_user(user))
    return querysets


def _readable(user, values) -> set:
    found = set()
    for entries in readable_entries(user):
        found.update(values(entries))
    return found


class ClubScopedFilterSet(SiteHistoryReportFilterSet):
    """Wagtail's filters, their choices taken from the entries the user reads
    (Wagtail's own list every page editor, and every action and type)."""

    object_type = ContentTypeFilter(
        label=SiteHistoryReportFilterSet.base_filters["object_type"].label,
        method="filter_object_type",
        queryset=lambda request: ContentType.objects.filter(
            pk__in=_readable(request.user, lambda e: e.get_content_type_ids())
        ).order_by("model"),
    )

    def get_action_choices(self):
        actions = _readable(self.request.user, lambda entries: entries.get_actions())
        return [choice for choice in log_actions.get_choices() if choice[0] in actions]

    def get_users_queryset(self):
        User = get_user_model()
        ids = _readable(self.request.user, lambda entries: entries.get_user_ids())
        return User.objects.filter(pk__in=ids).order_by(User.USERNAME_FIELD)

    class Meta:
        model = PageLogEntry
        fields = []


class ClubScopedLogEntriesView(LogEntriesView):
    filterset_class = ClubScopedFilterSet

    def get_filtered_queryset(self):
        """Wagtail's union of every log model's entries, each model's taken
        from `readable_entries` instead of its permissions alone."""
        self.log_models = list(log_actions.get_log_entry_models())
        queryset = None
        readable = readable_entries(self.request.user, self.log_models)
        for index, entries in enumerate(readable):
            rows = entries.values("pk", "timestamp").annotate(
                log_model_index=Value(index, output_field=IntegerField())
            )
            rows = self.filter_queryset(rows).order_by()
            queryset = rows if queryset is None else queryset.union(rows, all=True)
        return queryset.order_by("-timestamp")
