"""What facilitators do to applications and hot seats, in the audit trail
beside the clubs' own actions (clubs/audit.py): who, when, before and after.
Facilitators read it in Site history, scoped to their groups."""

from django.utils.translation import gettext_lazy as _

from clubs.audit import audit as clubs_audit
from clubs.audit import define_actions

ACTIONS = define_actions(
    {
        "masterminds.application_declined": _("Application declined"),
        "masterminds.application_waitlisted": _("Application waitlisted"),
        "masterminds.application_promoted": _("Moved up from the waitlist"),
        "masterminds.hot_seat_swapped": _("Hot seat swapped"),
    }
)


def audit(instance, action: str, *, by, before=None, after=None):
    """`clubs.audit.audit`, with this module's actions known to it."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown mastermind audit action {action!r}")
    return clubs_audit(instance, action, by=by, before=before, after=after)
