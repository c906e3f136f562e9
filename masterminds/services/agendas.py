"""A session's agenda: the group's template, with the hot seats and last
session's commitments written into it.

The agenda is a clubs `Agenda`, so it is drafted, previewed, revised and
published in the Wagtail admin like any club's, and the session page and the
calendar event show the published one. The names are written into the items
rather than rendered live because the calendar event (clubs/calendar/events.py)
reads only the published agenda's items: each hot-seats item's title names
who sits, so the event DESCRIPTION says it too. Last session's commitments go
into the commitments item's notes, which the session page shows and the
calendar leaves out (they are the group's private business).

Building again after a swap or a new commitment writes a fresh draft
revision, which the facilitator publishes.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clubs.models import Agenda, AgendaItemKind, Occurrence, User
from clubs.models.translations import in_every_language, original
from clubs.services.agendas import agenda_from_template
from masterminds.models import Commitment, HotSeat
from masterminds.selectors import commitments_due, group_for_occurrence

NOT_A_SESSION = gettext_lazy("This meeting is not a mastermind session.")
NO_TEMPLATE = gettext_lazy("Choose the group's agenda template first (edit the group).")
TITLE_LENGTH = 150


def session_agenda_build(*, occurrence: Occurrence, user: User | None = None) -> Agenda:
    """The session's agenda as a new draft revision: started from the group's
    template if it has none yet, with hot seats and commitments filled in."""
    group = group_for_occurrence(occurrence)
    if group is None:
        raise ValidationError(NOT_A_SESSION)
    agenda = Agenda.objects.filter(occurrence=occurrence).first()
    if agenda is None:
        if group.agenda_template is None:
            raise ValidationError(NO_TEMPLATE)
        agenda = agenda_from_template(
            occurrence=occurrence, template=group.agenda_template, user=user
        )
    draft = agenda.get_latest_revision_as_object()
    session_agenda_fill(draft)
    draft.save_revision(user=user)
    return draft


def session_agenda_fill(agenda: Agenda) -> Agenda:
    """Write the hot seats into the hot-seats items' titles (spread over them
    in order) and last session's commitments into the commitments items'
    notes. The agenda is changed in memory, not saved."""
    occurrence = agenda.occurrence
    items = list(agenda.items.all())
    hot_items = [item for item in items if item.kind == AgendaItemKind.HOT_SEATS]
    names = [
        seat.member.get_full_name() or str(seat.member)
        for seat in HotSeat.objects.filter(occurrence=occurrence)
        .select_related("member")
        .order_by("position")
    ]
    for item, chunk in zip(hot_items, _spread(names, len(hot_items)), strict=False):
        # Each language's title names the members, replacing the template's.
        titles = in_every_language("title", lambda c=chunk: _hot_seat_title(c))
        for column, title in titles.items():
            setattr(item, column, title[:TITLE_LENGTH])
    notes = commitments_text(occurrence)
    for item in items:
        if item.kind == AgendaItemKind.COMMITMENTS and notes:
            # The members' own words: the original, whatever the admin language.
            setattr(item, original("notes"), notes)
    agenda.items = items
    return agenda


def commitments_text(occurrence: Occurrence) -> str:
    """Last session's commitments, one member a line, with their mark once
    the member has marked it."""
    lines = []
    for commitment in commitments_due(occurrence=occurrence):
        who = commitment.member.get_full_name() or str(commitment.member)
        line = f"{who}: {commitment.text}"
        if commitment.status != Commitment.Status.OPEN:
            line += f" ({commitment.get_status_display()})"
        lines.append(line)
    if not lines:
        return ""
    return "\n".join([_("Last session's commitments:"), *lines])


def _hot_seat_title(names: list[str]) -> str:
    if not names:
        return _("Hot seat")
    if len(names) == 1:
        return _("Hot seat: %(name)s") % {"name": names[0]}
    return _("Hot seats: %(names)s") % {"names": ", ".join(names)}


def _spread(names: list[str], buckets: int) -> list[list[str]]:
    """`names` in order over `buckets` items, as evenly as they go."""
    if buckets == 0:
        return []
    size, extra = divmod(len(names), buckets)
    chunks, start = [], 0
    for index in range(buckets):
        end = start + size + (1 if index < extra else 0)
        chunks.append(names[start:end])
        start = end
    return chunks
