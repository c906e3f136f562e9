from wagtail import hooks

from clubs import audit
from clubs.viewsets.history import scope_to_club
from masterminds.audit import ACTIONS
from masterminds.models import Application, HotSeat
from masterminds.viewsets import MastermindsViewSetGroup

# Facilitators read the trail of their own groups' applications and seats.
scope_to_club(Application, "group__club")
scope_to_club(HotSeat, "occurrence__series__club")


@hooks.register("register_admin_viewset")
def register_masterminds():
    return MastermindsViewSetGroup()


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    audit.register(actions, ACTIONS)
