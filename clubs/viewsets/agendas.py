"""Agendas (drafts, revisions, preview) and the templates they start from."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import LiveStatusTagColumn, UpdatedAtColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from clubs.forms.agendas import (
    AgendaAdminForm,
    AgendaTemplateAdminForm,
)
from clubs.models import (
    Agenda,
    AgendaTemplate,
)
from clubs.viewsets.listing import local_start_column
from clubs.viewsets.scoping import ClubScopedViewSetMixin

# --- Agendas ------------------------------------------------------------------


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
    list_display = [
        "__str__",
        "occurrence__series__club",
        local_start_column("occurrence", sort_key="occurrence__start"),
        LiveStatusTagColumn(),
        UpdatedAtColumn(),
    ]
    search_fields = ["occurrence__series__title", "occurrence__series__club__name"]
    edit_handler = ObjectList(
        [
            FieldPanel("occurrence"),
            FieldPanel("intro"),
            InlinePanel("items", heading=_("Running order"), label=_("Item")),
        ],
        base_form_class=AgendaAdminForm,
    )


class AgendaTemplateViewSet(ClubScopedSnippetViewSet):
    model = AgendaTemplate
    icon = "doc-empty"
    menu_label = _("Agenda templates")
    list_select_related = ("club",)
    list_display = ["name", "club"]
    search_fields = ["name"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("club"),
            InlinePanel("items", heading=_("Items"), label=_("Item")),
        ],
        base_form_class=AgendaTemplateAdminForm,
    )
