"""The audit trail: who changed what, when, from what to what.

A host's change to a membership, registration, attendance mark, referral,
reward or payment is written to Wagtail's own log (`ModelLogEntry`), so
organizers read it in the admin under Reports → Site history and in a
record's History, beside the `wagtail.create`/`wagtail.edit` entries
Wagtail writes for the admin's own create and edit views. Members' own
changes to their own data are not recorded here.

`data` holds {"before": {...}, "after": {...}}: JSON-safe values only.

The admin's own edits of series and meetings save through services, so
their views log `wagtail.edit` (and `wagtail.create`) themselves, with the
same before and after (`log_edit`), and History reads "Edited: capacity
40 → 30". Masterminds adds its actions with `define_actions`.
"""

from datetime import date, datetime

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _
from modeltranslation.fields import TranslationField
from modeltranslation.manager import get_translatable_fields_for_model
from wagtail.log_actions import LogFormatter, log

from clubs.models.translations import original

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
    "clubs.meeting_cancelled": _("Meeting cancelled"),
}
# Values recorded that are no field of the model: how they read.
LABELS = {
    "registrations": _("places"),
    "refunds": _("refunds"),
}
# Bookkeeping that changes with every edit and tells a reader nothing.
NOT_SHOWN = {"sequence", "updated_at", "created_at"}


def define_actions(actions: dict) -> dict:
    """Another app's actions (with their labels), for `audit` and the hook."""
    ACTIONS.update(actions)
    return actions


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


def log_edit(instance, *, by, before: dict):
    """Wagtail's own `wagtail.edit` entry for an edit saved through a
    service, with the fields that changed (`before` is `snapshot(instance)`
    taken before the edit); nothing when nothing changed."""
    after = snapshot(instance)
    changed = [key for key in after if before.get(key) != after[key]]
    if not changed:
        return None
    return log(
        instance=instance,
        action="wagtail.edit",
        user=by,
        content_changed=True,
        data={
            "before": {key: before.get(key) for key in changed},
            "after": {key: after[key] for key in changed},
        },
    )


def snapshot(instance) -> dict:
    """The row's stored values (JSON-safe), read again from the database:
    a bound form has already written what was typed onto `instance`."""
    if instance.pk is None:
        return {}
    stored = type(instance)._default_manager.filter(pk=instance.pk).first()
    if stored is None:
        return {}
    translated = set(get_translatable_fields_for_model(type(instance)) or ())
    columns = {original(name): name for name in translated}
    values = {}
    for field in type(instance)._meta.concrete_fields:
        if field.primary_key or field.name in NOT_SHOWN | translated:
            continue
        value = stored.__dict__[field.attname]
        if field.name in columns or isinstance(field, TranslationField):
            value = value or ""  # a language left empty, stored as NULL or ""
        # The original text is recorded under the field's own name.
        values[columns.get(field.name, field.name)] = value
    return _safe(values)


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
            for key in _in_order(model, [*before, *after])
        ]
        label = str(self.heading())
        return f"{label}: {', '.join(changes)}" if changes else label

    def heading(self):
        return self.label


def _in_order(model, keys: list) -> list:
    """The model's fields in their order, then the other values: PostgreSQL
    (jsonb) keeps no order of its own."""
    fields = [field.name for field in model._meta.fields] if model else []
    others = list(LABELS)

    def rank(key):
        if key in fields:
            return (0, fields.index(key), key)
        return (1, others.index(key) if key in others else len(others), key)

    return sorted(dict.fromkeys(keys), key=rank)


def _field(model, key: str):
    try:
        field = model._meta.get_field(key)
    except (AttributeError, FieldDoesNotExist):
        return None
    return field if field.concrete else None  # not `registrations`, a relation


def _field_name(model, key: str) -> str:
    """The field's translated name ("status", "estado"), or its key."""
    field = _field(model, key)
    if field is not None:
        return str(field.verbose_name)
    return str(LABELS.get(key, key))


def _shown(model, key: str, value) -> str:
    """A value as people read it: a choice's translated label ("Suspended")."""
    if value in (None, ""):
        return "—"
    choices = dict(getattr(_field(model, key), "flatchoices", None) or ())
    return str(choices.get(value, value))


class EditFormatter(ChangeFormatter):
    """Wagtail's "Edited" (in Wagtail's own words and translations), with
    the changed fields when the entry has them."""

    def __init__(self, wagtails):
        self.label, self.message = wagtails.label, wagtails.message

    def format_message(self, log_entry):
        if not (log_entry.data or {}).get("after"):
            return str(self.message)
        return super().format_message(log_entry)

    def heading(self):
        return self.message


def register(actions, table: dict | None = None) -> None:
    """For the `register_log_actions` hook."""
    for action, label in (ACTIONS if table is None else table).items():
        formatter = type(
            "ChangeFormatter", (ChangeFormatter,), {"label": label, "message": label}
        )
        actions.register_action(action)(formatter)


def register_edit(actions) -> None:
    """Replace the formatter of Wagtail's `wagtail.edit` (registered before,
    by Wagtail's own hook) by one that shows what changed; the action keeps
    its one place in the filter."""
    actions.formatters["wagtail.edit"] = EditFormatter(
        actions.formatters["wagtail.edit"]
    )


def changed_fields(instance, fields) -> dict:
    return {field: getattr(instance, field) for field in fields}


__all__ = [
    "ACTIONS",
    "audit",
    "audit_erasure",
    "changed_fields",
    "define_actions",
    "log_edit",
    "register",
    "snapshot",
]
