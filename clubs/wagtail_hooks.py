from wagtail import hooks
from wagtail.snippets.models import register_snippet

from clubs import audit
from clubs.selectors.clubs import clubs_managed_by
from clubs.viewsets.account import SiteLanguagePanel
from clubs.viewsets.choosers import (
    chooser_values_checked,
    club_chooser_viewset,
    series_chooser_viewset,
)
from clubs.viewsets.clubs import CategoryViewSet
from clubs.viewsets.dashboard import NextMeetingsPanel
from clubs.viewsets.menu import ClubsViewSetGroup
from clubs.viewsets.rewards import RewardViewSet
from clubs.viewsets.users import bulk_delete_erases

chooser_values_checked()
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


@hooks.register("construct_homepage_panels")
def add_next_meetings_panel(request, panels):
    """Hosts land on their next meetings; people who run no club see nothing."""
    if clubs_managed_by(request.user).exists():
        panels.append(NextMeetingsPanel(request))


@hooks.register("register_account_settings_panel")
def keep_the_site_language_in_step(request, user, profile):
    return SiteLanguagePanel(request, user, profile)


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    audit.register(actions)


@hooks.register("before_bulk_action")
def erase_people_deleted_in_bulk(request, action_type, objects, action):
    return bulk_delete_erases(request, action_type, objects, action)


# After Wagtail's own hook (order 0, and its app comes after ours), so the
# edit entries our views write show what changed.
@hooks.register("register_log_actions", order=100)
def show_what_edits_changed(actions):
    audit.register_edit(actions)
