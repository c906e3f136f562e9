"""Agendas: hosts start each meeting's running order from a template that
fits its series, and publish it only knowingly when it overruns the meeting."""

from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from clubs import dates
from clubs.models import Agenda, AgendaItem, AgendaTemplate, Occurrence, User
from clubs.models.translations import original, translations
from clubs.services.locks import occurrence_lock


def agenda_templates_for(occurrence: Occurrence) -> QuerySet[AgendaTemplate]:
    """The templates a meeting can start from: its club's and everyone's that
    name no series or name this meeting's, those made for its series first.
    So a training is offered the training's running order, not only the
    breakfast's."""
    return (
        AgendaTemplate.objects.filter(
            Q(club=occurrence.series.club_id) | Q(club__isnull=True)
        )
        .annotate(
            series_named=Count("series", distinct=True),
            fits=Count("series", filter=Q(series=occurrence.series_id)),
        )
        .filter(Q(series_named=0) | Q(fits__gt=0))
        .annotate(
            made_for_it=Case(
                When(fits__gt=0, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("made_for_it", "name", "pk")
    )


def agenda_overrun(*, occurrence: Occurrence, minutes: Iterable[int]) -> timedelta:
    """How far a running order of items this long runs past the meeting's
    end; zero when it fits. Items follow one another from the start, so
    none can begin before the meeting does."""
    ends = occurrence.start + timedelta(minutes=sum(minutes))
    return max(ends - occurrence.end, timedelta(0))


def agenda_check_fits(*, occurrence: Occurrence, minutes: Iterable[int]) -> None:
    """Refuse a running order that overruns the meeting, saying by how much,
    in the meeting's own clock time."""
    minutes = list(minutes)
    over = agenda_overrun(occurrence=occurrence, minutes=minutes)
    if over:
        raise ValidationError(
            agenda_overrun_message(occurrence=occurrence, minutes=minutes)
        )


def agenda_overrun_message(*, occurrence: Occurrence, minutes: Iterable[int]) -> str:
    minutes = list(minutes)
    over = agenda_overrun(occurrence=occurrence, minutes=minutes)
    zone = ZoneInfo(occurrence.series.time_zone)
    ends = occurrence.start + timedelta(minutes=sum(minutes))
    late = int(over.total_seconds() // 60)
    return ngettext(
        "The running order ends at %(ends)s, %(late)d minute after the meeting "
        "ends (%(end)s).",
        "The running order ends at %(ends)s, %(late)d minutes after the meeting "
        "ends (%(end)s).",
        late,
    ) % {"ends": _clock(ends, zone), "end": _clock(occurrence.end, zone), "late": late}


def _clock(moment: datetime, zone: ZoneInfo) -> str:
    return dates.format_time_of_day(moment, time_zone=zone)


def agenda_from_template(
    *, occurrence: Occurrence, template: AgendaTemplate, user: User | None = None
) -> Agenda:
    """A draft agenda for `occurrence` with the template's items, in order.

    The draft is saved as a first revision, so it shows in the admin as a
    draft to edit, preview and publish; nothing is public until published."""
    if not agenda_templates_for(occurrence).filter(pk=template.pk).exists():
        raise ValidationError(
            {"template": _("That template is for another club or series.")}
        )
    agenda = Agenda(occurrence=occurrence, live=False, has_unpublished_changes=True)
    # Every language's title comes along, so the agenda reads as the
    # template did in each language until a host edits it.
    titles = [original("title"), *translations("title")]
    agenda.items = [
        AgendaItem(
            kind=item.kind,
            minutes=item.minutes,
            sort_order=order,
            **{name: getattr(item, name) for name in titles},
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
