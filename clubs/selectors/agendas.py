"""Reading published agendas: for the occurrence page and calendar entries."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from clubs import dates
from clubs.models import Agenda, Occurrence, ThankYou


def published_agenda(occurrence: Occurrence) -> Agenda | None:
    """The agenda as last published (drafts stay in Wagtail's revisions), with
    the thank-yous for closed business that hosts put on it."""
    thank_yous = ThankYou.objects.select_related(
        "referral__giver", "referral__receiver"
    )
    return (
        Agenda.objects.filter(occurrence=occurrence, live=True)
        .select_related("occurrence__series")
        .prefetch_related("items", Prefetch("occurrence__thank_yous", thank_yous))
        .first()
    )


def agenda_text(agenda: Agenda | None) -> str:
    """Plain-text running order with clock times, for calendar descriptions."""
    if agenda is None:
        return ""
    lines = [agenda.intro] if agenda.intro else []
    for at, item in agenda_schedule(agenda):
        owner = f" ({item.owner})" if item.owner else ""
        clock = dates.format_time_of_day(at, time_zone=at.tzinfo)
        length = _("%(minutes)s min") % {"minutes": item.minutes}
        lines.append(f"{clock} {item.title}{owner}, {length}")
    return "\n".join(lines)


# Where a feed of many agendas hands their items over, as a list (the feeds
# read agendas and items as values: a model instance and a related manager
# per agenda, made only to hand back prefetched rows, were a tenth of a member
# feed's build).
RUNNING_ORDER = "running_order"


def agenda_schedule(agenda: Agenda):
    """Each item with its local start time, one after another from the start."""
    zone = ZoneInfo(agenda.occurrence.series.time_zone)
    at = agenda.occurrence.start.astimezone(zone)
    items = getattr(agenda, RUNNING_ORDER, None)
    for item in agenda.items.all() if items is None else items:
        yield at, item
        at += timedelta(minutes=item.minutes)
