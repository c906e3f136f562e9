from wagtail import hooks
from wagtail.snippets.models import register_snippet

from clubs.viewsets.choosers import (
    club_chooser_viewset,
    series_chooser_viewset,
)
from clubs.viewsets.clubs import CategoryViewSet
from clubs.viewsets.menu import ClubsViewSetGroup
from clubs.viewsets.rewards import RewardViewSet

register_snippet(CategoryViewSet)
# Registered as a snippet group so the agenda snippets in it get their
# publish permission (created for registered snippets after migrate).
register_snippet(ClubsViewSetGroup)


@hooks.register("register_admin_viewset")
def register_choosers():
    return [club_chooser_viewset, series_chooser_viewset]


@hooks.register("register_admin_viewset")
def register_rewards_ledger():
    return RewardViewSet()
