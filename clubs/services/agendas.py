"""Agendas: hosts start each meeting's running order from a template."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clubs.models import Agenda, AgendaItem, AgendaTemplate, Occurrence, User
from clubs.services.locks import occurrence_lock


def agenda_templates_for(occurrence: Occurrence):
    """The templates a meeting can start from: its club's and everyone's."""
    return AgendaTemplate.objects.filter(
        Q(club=occurrence.series.club_id) | Q(club__isnull=True)
    )


def agenda_from_template(
    *, occurrence: Occurrence, template: AgendaTemplate, user: User | None = None
) -> Agenda:
    """A draft agenda for `occurrence` with the template's items, in order.

    The draft is saved as a first revision, so it shows in the admin as a
    draft to edit, preview and publish; nothing is public until published."""
    if not agenda_templates_for(occurrence).filter(pk=template.pk).exists():
        raise ValidationError({"template": _("That template belongs to another club.")})
    agenda = Agenda(occurrence=occurrence, live=False, has_unpublished_changes=True)
    agenda.items = [
        AgendaItem(
            kind=item.kind, title=item.title, minutes=item.minutes, sort_order=order
        )
        for order, item in enumerate(template.items.all())
    ]
    with transaction.atomic():
        # Locked, so two hosts clicking at once get one agenda and a message.
        occurrence_lock(occurrence)
        if Agenda.objects.filter(occurrence=occurrence).exists():
            raise ValidationError(_("This meeting already has an agenda."))
        agenda.save()
        agenda.save_revision(user=user, log_action="wagtail.create")
    return agenda
