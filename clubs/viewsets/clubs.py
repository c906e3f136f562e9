"""Clubs, their members, and business categories."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.snippets.views.snippets import SnippetViewSet

from clubs.forms.clubs import CLUB_FIELDS, TRANSLATED, ClubForm
from clubs.forms.memberships import MembershipStatusForm
from clubs.models import (
    Category,
    Club,
    Membership,
)
from clubs.models.translations import original, translation_panels
from clubs.services.memberships import club_create, membership_set_status
from clubs.viewsets.listing import MembershipFilterSet, zoned_time_column
from clubs.viewsets.scoping import ClubScopedViewSetMixin, ServiceFormMixin


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    menu_label = _("Business categories")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name"]
    search_fields = ["name"]
    panels = [FieldPanel(original("name")), *translation_panels("name")]


# --- Clubs and memberships ----------------------------------------------------


class ClubCreateView(generic.CreateView):
    def save_instance(self):
        club = club_create(club=self.form.save(commit=False), by=self.request.user)
        # Saved by the service, so Wagtail's own entry is written here.
        log(club, "wagtail.create", user=self.request.user)
        return club


class ClubViewSet(ClubScopedViewSetMixin, ModelViewSet):
    model = Club
    name = "clubs"
    icon = "group"
    club_path = "pk"
    add_view_class = ClubCreateView
    copy_view_enabled = False
    list_display = ["name", "slug", "time_zone", "visibility", "join_policy"]
    search_fields = ["name", "slug"]
    panels = [
        *(FieldPanel(name) for name in CLUB_FIELDS),
        *translation_panels(*TRANSLATED),
    ]

    def get_form_class(self, for_update=False):
        return ClubForm


class MembershipEditView(ServiceFormMixin, generic.EditView):
    def save_instance(self):
        try:
            return membership_set_status(
                membership=self.object,
                status=self.form.cleaned_data["status"],
                by=self.request.user,
            )
        except PermissionDenied as error:
            raise ValidationError(
                _("Only the club's hosts can admit, suspend or remove its members.")
            ) from error


class MembershipViewSet(ClubScopedViewSetMixin, ModelViewSet):
    model = Membership
    name = "club_memberships"
    url_prefix = "clubs/memberships"
    icon = "user"
    menu_label = _("Members")
    omit_views = ("add", "delete", "copy")
    copy_view_enabled = False
    edit_view_class = MembershipEditView
    list_select_related = ("club", "person")
    list_display = [
        "person",
        "club",
        "role",
        "status",
        zoned_time_column("joined_at", label=_("Joined"), zone="club.time_zone"),
    ]
    filterset_class = MembershipFilterSet
    search_fields = ["person__first_name", "person__last_name", "person__email"]

    def get_form_class(self, for_update=False):
        return MembershipStatusForm
