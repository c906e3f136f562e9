"""Template helpers for agendas (clubs/templates/clubs/agendas/)."""

from django import template

from clubs.selectors import agendas

register = template.Library()


@register.filter
def agenda_schedule(agenda) -> list:
    """`(starts_at, item)` pairs, each item starting when the one before ends."""
    if agenda is None:
        return []
    return list(agendas.agenda_schedule(agenda))
