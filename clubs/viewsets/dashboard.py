"""The host's panel on the Wagtail dashboard: each series' next meeting, its
places, and the three places a host goes from there (the meeting in the
admin, the door sheet, the agenda)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from clubs.models import Agenda, Occurrence
from clubs.selectors.dashboard import next_meetings_for_host
from clubs.viewsets.listing import in_zone
from clubs.viewsets.meetings import OccurrenceViewSet, with_next


@dataclass(frozen=True)
class NextMeeting:
    occurrence: Occurrence
    starts: str
    edit_url: str
    door_url: str
    agenda_url: str
    agenda_label: str


def _agenda_link(occurrence: Occurrence) -> tuple[str, str]:
    agenda = getattr(occurrence, "agenda", None)
    if agenda is None:
        url = reverse(f"{OccurrenceViewSet.name}:agenda", args=[occurrence.pk])
        return url, str(_("Create agenda"))
    url = reverse(Agenda.snippet_viewset.get_url_name("edit"), args=[agenda.pk])
    return url, str(_("Agenda") if agenda.live else _("Agenda (draft)"))


def next_meeting(occurrence: Occurrence, *, back_to: str) -> NextMeeting:
    agenda_url, agenda_label = _agenda_link(occurrence)
    edit = reverse(f"{OccurrenceViewSet.name}:edit", args=[occurrence.pk])
    door = reverse(
        "occurrence_attendance", args=[occurrence.series.club.slug, occurrence.pk]
    )
    return NextMeeting(
        occurrence=occurrence,
        starts=in_zone(occurrence.start, occurrence.series.time_zone),
        edit_url=with_next(edit, back_to),
        door_url=door,
        agenda_url=agenda_url,
        agenda_label=agenda_label,
    )


class NextMeetingsPanel(Component):
    name = "next_meetings"
    order = 50  # above Wagtail's own panels: it is what hosts come for
    template_name = "clubs/admin/next_meetings_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        back_to = self.request.get_full_path()
        context["meetings"] = [
            next_meeting(occurrence, back_to=back_to)
            for occurrence in next_meetings_for_host(user=self.request.user)
        ]
        context["meetings_url"] = reverse(f"{OccurrenceViewSet.name}:index")
        return context
