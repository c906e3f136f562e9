"""Columns, filters and exports shared by the meeting-related listings.

Columns read as plain words ("Club", "Starts"), and every time is shown on the
wall clock where the meeting happens, with its zone's abbreviation ("07:30
CST"): a host in Chicago should never have to convert a UTC registration time
in their head.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import django_filters
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.coreutils import multigetattr

from clubs import dates, scheduling
from clubs.models import (
    Membership,
    Occurrence,
    Series,
)
from clubs.selectors.clubs import clubs_managed_by
from clubs.viewsets.exports import ExportIndexView

# --- Listing helpers ----------------------------------------------------------

STARTS_LOCAL = _("Starts (local time)")
STARTS = _("Starts")
CLUB = _("Club")


def local_start(occurrence: Occurrence):
    """A meeting's start on the wall clock where it happens."""
    zone = ZoneInfo(occurrence.series.time_zone)
    return scheduling.wall_clock(occurrence.start, zone)


def in_zone(moment: datetime | None, time_zone: str) -> str:
    """ "Tue, 6 Jan 2026, 07:30 CST": a moment on the wall clock of `time_zone`
    in the admin's language, with that zone's abbreviation; "" for no moment."""
    if moment is None:
        return ""
    zone = ZoneInfo(time_zone)
    when = dates.format_moment(moment, "weekday_short_year", time_zone=zone)
    return f"{when} {moment.astimezone(zone).tzname()}"


def local_start_column(accessor: str = "", sort_key: str = "start") -> Column:
    def value(row):
        occurrence = multigetattr(row, accessor) if accessor else row
        return in_zone(occurrence.start, occurrence.series.time_zone)

    return Column("local_start", label=STARTS, accessor=value, sort_key=sort_key)


def zoned_time_column(
    name: str, *, label, zone: str, sort_key: str | None = None, empty=""
) -> Column:
    """The row's `name` time in the zone at dotted path `zone` (the meeting's
    series, or the club), or `empty` when it has none."""

    def value(row):
        moment = multigetattr(row, name)
        return in_zone(moment, multigetattr(row, zone)) if moment else empty

    return Column(name, label=label, accessor=value, sort_key=sort_key or name)


def _managed_clubs(request):
    return clubs_managed_by(request.user)


def _managed_series(request):
    return Series.objects.filter(
        club__in=clubs_managed_by(request.user)
    ).select_related("club")


def meeting_filterset(model, *, to_occurrence: str, status_choices):
    """Filters by club, series, status and meeting date, for rows that are
    (`to_occurrence=""`) or belong to (`"occurrence__"`) a meeting."""

    class Meta:
        fields = []

    Meta.model = model
    filters = {
        "club": django_filters.ModelChoiceFilter(
            label=_("Club"),
            field_name=f"{to_occurrence}series__club",
            queryset=_managed_clubs,
        ),
        "series": django_filters.ModelChoiceFilter(
            label=_("Series"),
            field_name=f"{to_occurrence}series",
            queryset=_managed_series,
        ),
        "status": django_filters.ChoiceFilter(
            label=_("Status"), choices=status_choices
        ),
        "date": django_filters.DateFromToRangeFilter(
            label=_("Meeting date"),
            field_name=f"{to_occurrence}start",
            widget=DateRangePickerWidget,
        ),
        "Meta": Meta,
    }
    return type(f"{model.__name__}FilterSet", (WagtailFilterSet,), filters)


class MembershipFilterSet(WagtailFilterSet):
    club = django_filters.ModelChoiceFilter(label=_("Club"), queryset=_managed_clubs)

    class Meta:
        model = Membership
        fields = ["club", "status", "role"]


class SeriesFilterSet(WagtailFilterSet):
    club = django_filters.ModelChoiceFilter(label=_("Club"), queryset=_managed_clubs)

    class Meta:
        model = Series
        fields = ["club"]


class MeetingExportIndexView(ExportIndexView):
    """Exports name each meeting's local start, not only the UTC instant."""

    def to_row_dict(self, item):
        return {field: self._export_value(item, field) for field in self.list_export}

    def _export_value(self, item, field):
        if field == "local_start":
            return f"{local_start(item.occurrence):%Y-%m-%d %H:%M}"
        if field in self.zoned_fields:
            return self._zoned(item, field)
        return multigetattr(item, field)

    zoned_fields = ("created_at", "checked_in_at")

    def _zoned(self, item, field) -> str:
        """A recorded time on the meeting's clock, as the listing shows it."""
        if field == "checked_in_at" and item.marked_afterwards:
            return str(_("Marked afterwards"))
        zone = ZoneInfo(item.occurrence.series.time_zone)
        moment = multigetattr(item, field)
        return "" if moment is None else f"{moment.astimezone(zone):%Y-%m-%d %H:%M %Z}"


def record_time_zone(record) -> str | None:
    """The zone a meeting record's times are read in: its meeting's, through
    whatever it hangs off (a payment's registration, a refund's payment), or
    its club's."""
    for path in ("occurrence", "registration", "payment"):
        if (related := getattr(record, path, None)) is not None:
            return record_time_zone(related)
    if hasattr(record, "series"):
        return record.series.time_zone
    if hasattr(record, "club"):
        return record.club.time_zone
    return None


class ZonedInspectView(generic.InspectView):
    """Wagtail's inspect page, with each recorded time on the meeting's clock."""

    def get_field_display_value(self, field_name, field):
        if isinstance(field, models.DateTimeField):
            moment = getattr(self.object, field_name)
            zone = record_time_zone(self.object)
            if moment is None or zone is None:
                return moment or "-"
            return in_zone(moment, zone)
        return super().get_field_display_value(field_name, field)
