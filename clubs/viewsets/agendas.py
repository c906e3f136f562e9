"""Agendas (drafts, revisions, preview) and the templates they start from."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList, Panel
from wagtail.admin.ui.tables import Column, LiveStatusTagColumn, UpdatedAtColumn
from wagtail.snippets.views import snippets
from wagtail.snippets.views.snippets import SnippetViewSet

from clubs.forms.agendas import (
    AgendaAdminForm,
    AgendaTemplateAdminForm,
)
from clubs.models import (
    Agenda,
    AgendaTemplate,
)
from clubs.models.translations import original, translation_panels
from clubs.services.agendas import agenda_overrun, agenda_overrun_message
from clubs.viewsets.listing import CLUB, local_start_column
from clubs.viewsets.scoping import ClubScopedViewSetMixin

# --- Agendas ------------------------------------------------------------------


class AgendaTimingPanel(Panel):
    """Warns, above the running order, when it runs past the meeting's end:
    the host sees it before choosing to publish."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "clubs/admin/agenda_timing_panel.html"

        @property
        def minutes(self) -> list[int]:
            return [item.minutes or 0 for item in self.instance.items.all()]

        def is_shown(self):
            occurrence = getattr(self.instance, "occurrence", None)
            if self.instance.occurrence_id is None or occurrence is None:
                return False
            return bool(agenda_overrun(occurrence=occurrence, minutes=self.minutes))

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["message"] = agenda_overrun_message(
                occurrence=self.instance.occurrence, minutes=self.minutes
            )
            return context


class PublishingFormMixin:
    """Tell the agenda form whether the host pressed "Publish", the one
    action that checks the running order against the meeting's time."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "publishing": self.action == "publish"}


class AgendaCreateView(PublishingFormMixin, snippets.CreateView):
    pass


class AgendaEditView(PublishingFormMixin, snippets.EditView):
    pass


class ClubScopedSnippetViewSet(ClubScopedViewSetMixin, SnippetViewSet):
    def register_chooser_viewset(self):
        # Nothing chooses these snippets, and a chooser would list every
        # club's rows to any host.
        pass


class AgendaViewSet(ClubScopedSnippetViewSet):
    model = Agenda
    icon = "list-ol"
    menu_label = _("Agendas")
    club_path = "occurrence__series__club"
    copy_view_enabled = False
    list_select_related = ("occurrence__series__club",)
    add_view_class = AgendaCreateView
    edit_view_class = AgendaEditView
    list_display = [
        "__str__",
        Column("club", label=CLUB, accessor="occurrence.series.club"),
        local_start_column("occurrence", sort_key="occurrence__start"),
        LiveStatusTagColumn(),
        UpdatedAtColumn(),
    ]
    search_fields = ["occurrence__series__title", "occurrence__series__club__name"]
    edit_handler = ObjectList(
        [
            FieldPanel("occurrence"),
            FieldPanel(original("intro")),
            AgendaTimingPanel(),
            InlinePanel("items", heading=_("Running order"), label=_("Item")),
            FieldPanel("publish_anyway"),
            *translation_panels("intro"),
        ],
        base_form_class=AgendaAdminForm,
    )


def _series_names(template) -> str:
    return ", ".join(s.title for s in template.series.all()) or _("Any")


class AgendaTemplateViewSet(ClubScopedSnippetViewSet):
    model = AgendaTemplate
    icon = "doc-empty"
    menu_label = _("Agenda templates")
    list_select_related = ("club",)
    list_prefetch_related = ("series",)
    list_display = [
        "name",
        Column("club", label=CLUB, accessor="club"),
        Column("series", label=_("For series"), accessor=_series_names),
    ]
    search_fields = ["name"]
    edit_handler = ObjectList(
        [
            FieldPanel(original("name")),
            FieldPanel("club"),
            FieldPanel("series", widget=forms.CheckboxSelectMultiple),
            InlinePanel("items", heading=_("Items"), label=_("Item")),
            *translation_panels("name"),
        ],
        base_form_class=AgendaTemplateAdminForm,
    )
