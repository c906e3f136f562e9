"""The rewards ledger in the admin: read, filter and export.

Rewards are granted by `clubs.services.attribution` when a friend qualifies,
and handed over through `reward_fulfil` (the hosts' ledger page), so the
admin never adds or edits one. Hosts see the rewards of the clubs they host.
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.viewsets.model import ModelViewSet

from clubs.models import Reward
from clubs.selectors.clubs import clubs_managed_by
from clubs.viewsets.exports import ExportIndexView
from clubs.viewsets.listing import ZonedInspectView, zoned_time_column
from clubs.viewsets.scoping import ClubScopedViewSetMixin


def _managed_clubs(request):
    return clubs_managed_by(request.user)


class RewardFilterSet(WagtailFilterSet):
    club = django_filters.ModelChoiceFilter(label=_("Club"), queryset=_managed_clubs)
    side = django_filters.ChoiceFilter(label=_("Reward"), choices=Reward.Side.choices)
    handed_over = django_filters.BooleanFilter(
        label=_("Handed over"),
        field_name="fulfilled_at",
        lookup_expr="isnull",
        exclude=True,
    )

    class Meta:
        model = Reward
        fields = ["club", "side", "handed_over"]


class RewardViewSet(ClubScopedViewSetMixin, ModelViewSet):
    model = Reward
    name = "rewards"
    url_prefix = "clubs/rewards"
    icon = "pick"
    menu_label = _("Rewards ledger")
    menu_order = 210
    add_to_admin_menu = True
    omit_views = ("add", "edit", "delete", "copy")
    form_fields = []  # Wagtail builds the views it omits; none is routed
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = ZonedInspectView
    index_view_class = ExportIndexView
    list_select_related = ("club", "attribution__referrer")
    ordering = "-granted_at"
    list_display = [
        "recipient_name",
        "description",
        "side",
        "club",
        zoned_time_column("granted_at", label=_("Granted"), zone="club.time_zone"),
        zoned_time_column(
            "fulfilled_at", label=_("Handed over"), zone="club.time_zone"
        ),
    ]
    inspect_view_fields = [
        "recipient_name",
        "description",
        "side",
        "club",
        "attribution",
        "granted_at",
        "fulfilled_at",
        "fulfilled_by",
    ]
    filterset_class = RewardFilterSet
    search_fields = ["recipient_name", "description"]
    list_export = [
        "club.name",
        "recipient_name",
        "get_side_display",
        "description",
        "attribution.name",
        "attribution.referrer_label",
        "granted_at",
        "fulfilled_at",
    ]
    export_headings = {
        "club.name": _("Club"),
        "get_side_display": _("Reward"),
        "attribution.name": _("Friend"),
        "attribution.referrer_label": _("Brought by"),
    }
    export_filename = "rewards"
