"""Registrations and attendance: read, filter and export (edits happen at the door)."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from clubs.models import (
    Attendance,
    Payment,
    Registration,
)
from clubs.money import Money
from clubs.viewsets.listing import (
    STARTS_LOCAL,
    MeetingExportIndexView,
    ZonedInspectView,
    in_zone,
    local_start_column,
    meeting_filterset,
    zoned_time_column,
)
from clubs.viewsets.scoping import ClubScopedViewSetMixin

# --- Registrations and attendance (read and export) -----------------------------

PAID_PAYMENTS = Prefetch(
    "payments",
    queryset=Payment.objects.filter(status=Payment.Status.PAID),
    to_attr="paid_payments",
)


def _paid(registration: Registration) -> str:
    """ "$15.00 at the door", or empty while nothing is paid (one payment at
    most: a constraint), from the prefetched `paid_payments`."""
    for payment in registration.paid_payments:
        money = Money(payment.amount, payment.currency)
        return f"{money} ({payment.get_method_display()})"
    return ""


MEETING_ZONE = "occurrence.series.time_zone"
MARKED_AFTERWARDS = _("Marked afterwards")


def _checked_in(attendance: Attendance) -> str:
    """When they were seen at the door, on the meeting's clock; or that the
    mark was made after the meeting, when no time was recorded."""
    if attendance.marked_afterwards:
        return str(MARKED_AFTERWARDS)
    return in_zone(attendance.checked_in_at, attendance.occurrence.series.time_zone)


class RegistrationIndexView(MeetingExportIndexView):
    """Exports say what each person paid, as the listing does."""

    def _export_value(self, item, field):
        if field == "paid":
            return _paid(item)
        return super()._export_value(item, field)


class MeetingRecordViewSet(ClubScopedViewSetMixin, ModelViewSet):
    """What was recorded about a meeting's people: listed, inspected and
    exported in the admin, and changed only through the services."""

    club_path = "occurrence__series__club"
    omit_views = ("add", "edit", "delete", "copy")
    form_fields = []  # Wagtail builds the views it omits; none is routed
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = ZonedInspectView
    index_view_class = MeetingExportIndexView


class RegistrationViewSet(MeetingRecordViewSet):
    """Registrations change only through the registration services, so the
    admin lists, inspects and exports them."""

    model = Registration
    name = "club_registrations"
    url_prefix = "clubs/registrations"
    icon = "clipboard-list"
    menu_label = _("Registrations")
    list_select_related = ("occurrence__series__club", "person", "invited_by")
    list_prefetch_related = (PAID_PAYMENTS,)
    ordering = "-created_at"
    list_display = [
        "name",
        "email",
        "occurrence",
        local_start_column("occurrence", sort_key="occurrence__start"),
        "status",
        Column("paid", label=_("Paid"), accessor=_paid),
        zoned_time_column("created_at", label=_("Registered"), zone=MEETING_ZONE),
    ]
    filterset_class = meeting_filterset(
        Registration,
        to_occurrence="occurrence__",
        status_choices=Registration.Status.choices,
    )
    search_fields = ["name", "email"]
    index_view_class = RegistrationIndexView
    list_export = [
        "occurrence.series.club.name",
        "occurrence.series.title",
        "local_start",
        "name",
        "email",
        "get_status_display",
        "is_guest",
        "invited_by",
        "invited_by_name",
        "paid",
        "created_at",
    ]
    export_headings = {
        "occurrence.series.club.name": _("Club"),
        "occurrence.series.title": _("Meeting"),
        "local_start": STARTS_LOCAL,
        "get_status_display": _("Status"),
        "is_guest": _("Guest"),
        "paid": _("Paid"),
        "created_at": _("Registered"),
        "checked_in_at": _("Checked in"),
        "substitute_name": _("Substitute"),
    }
    export_filename = "registrations"


class AttendanceViewSet(MeetingRecordViewSet):
    """Attendance is taken at the door (clubs/views/attendance.py); the admin
    lists, inspects and exports it."""

    model = Attendance
    name = "club_attendance"
    url_prefix = "clubs/attendance"
    icon = "tick"
    menu_label = _("Attendance")
    list_select_related = ("occurrence__series__club", "person")
    ordering = "-occurrence__start"
    list_display = [
        "name",
        "occurrence",
        local_start_column("occurrence", sort_key="occurrence__start"),
        "status",
        Column("substitute_name", label=_("Substitute")),
        Column(
            "checked_in_at",
            label=_("Checked in"),
            accessor=_checked_in,
            sort_key="checked_in_at",
        ),
    ]
    filterset_class = meeting_filterset(
        Attendance,
        to_occurrence="occurrence__",
        status_choices=Attendance.Status.choices,
    )
    search_fields = ["name", "email", "substitute_name"]
    list_export = [
        "occurrence.series.club.name",
        "occurrence.series.title",
        "local_start",
        "name",
        "email",
        "get_status_display",
        "substitute_name",
        "checked_in_at",
    ]
    export_headings = RegistrationViewSet.export_headings
    export_filename = "attendance"
