"""The audit trail: who changed what, when, from what to what.

A host's change to a membership, registration, attendance mark, referral,
reward or payment is written to Wagtail's own log (`ModelLogEntry`), so
organizers read it in the admin under Reports → Site history and in a
record's History, beside the `wagtail.create`/`wagtail.edit` entries
Wagtail writes for the admin's own create and edit views. Members' own
changes to their own data are not recorded here.

`data` holds {"before": {...}, "after": {...}}: JSON-safe values only.
"""

from datetime import date, datetime

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter, log

# action name → its label (the Site history filter and the message)
ACTIONS = {
    "clubs.membership_changed": _("Membership changed"),
    "clubs.registration_changed": _("Registration changed"),
    "clubs.attendance_marked": _("Attendance marked"),
    "clubs.referral_moved": _("Referral moved"),
    "clubs.reward_handed_over": _("Reward handed over"),
    "clubs.payment_recorded": _("Payment recorded"),
    "clubs.payment_undone": _("Payment undone"),
    "clubs.payment_refunded": _("Payment refunded"),
    "clubs.person_erased": _("Account deleted and personal data erased"),
    "clubs.prospect_erased": _("Prospect's details erased"),
}


def audit(instance, action: str, *, by, before=None, after=None):
    """Log `action` on `instance` by the host `by`, with the fields that
    changed before and after (values made JSON-safe)."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}")
    return log(
        instance=instance,
        action=action,
        user=by,
        data={"before": _safe(before or {}), "after": _safe(after or {})},
    )


def audit_erasure(instance, *, by, action: str = "clubs.person_erased"):
    """Log an erasure without what was erased: the entry is titled by the
    row's number, never its name, and holds no values. `by` is None when a
    member deleted their own account."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}")
    title = f"{instance._meta.verbose_name} #{instance.pk}"
    return log(instance=instance, action=action, user=by, title=title, data={})


def _safe(values: dict) -> dict:
    return {key: _value(value) for key, value in values.items()}


def _value(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)  # Decimal, a choice's value, a person: their text


class ChangeFormatter(LogFormatter):
    """ "Referral moved: status new → contacted"."""

    def format_message(self, log_entry):
        data = log_entry.data or {}
        before, after = data.get("before") or {}, data.get("after") or {}
        model = log_entry.content_type.model_class()
        changes = [
            f"{_field_name(model, key)} {_shown(model, key, before.get(key))}"
            f" → {_shown(model, key, after.get(key))}"
            for key in dict.fromkeys([*before, *after])
        ]
        label = str(self.label)
        return f"{label}: {', '.join(changes)}" if changes else label


def _field(model, key: str):
    try:
        return model._meta.get_field(key)
    except (AttributeError, FieldDoesNotExist):
        return None


def _field_name(model, key: str) -> str:
    """The field's translated name ("status", "estado"), or its key."""
    field = _field(model, key)
    return str(field.verbose_name) if field is not None else key


def _shown(model, key: str, value) -> str:
    """A value as people read it: a choice's translated label ("Suspended")."""
    if value in (None, ""):
        return "—"
    choices = dict(getattr(_field(model, key), "flatchoices", None) or ())
    return str(choices.get(value, value))


def register(actions) -> None:
    """For the `register_log_actions` hook."""
    for action, label in ACTIONS.items():
        formatter = type(
            "ChangeFormatter", (ChangeFormatter,), {"label": label, "message": label}
        )
        actions.register_action(action)(formatter)


def changed_fields(instance, fields) -> dict:
    return {field: getattr(instance, field) for field in fields}


__all__ = ["ACTIONS", "audit", "audit_erasure", "changed_fields", "register"]
