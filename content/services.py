"""Counting what members do with their personal share links."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import Page

from clubs.models import User
from clubs.services.erasure import erasure_step
from content import visit_buffer
from content.models import LinkShare, LinkVisit, LinkVisitFlush

# Batches are remembered long enough for any flush that died to be finished.
FLUSHES_KEPT = timedelta(days=7)


def link_visit_record(*, member_id: int, page_id: int) -> None:
    """Count one visit through `member`'s link to a page, today. No IP address,
    no identity: only the number. Kept in the cache until the next flush, so
    following a link writes nothing to the database."""
    visit_buffer.visit_add(
        member_id=member_id, page_id=page_id, day=timezone.now().date()
    )


def link_visits_flush() -> int:
    """Move the visits waiting in the cache into `LinkVisit`, in one
    transaction; return how many. Safe to run at any time and from several
    places at once: a batch is applied at most once (its id is recorded with
    the counts), and one a flush left behind is finished by the next."""
    batch = visit_buffer.batch_take()
    if batch is None:
        return 0
    try:
        with transaction.atomic():
            LinkVisitFlush.objects.create(
                batch=batch.batch_id, visits=sum(batch.counts.values())
            )
            _visits_add(batch.counts)
    except IntegrityError:
        # Already applied (a flush died before clearing the cache), or being
        # applied by a simultaneous flush: either way, it is counted once.
        if not LinkVisitFlush.objects.filter(batch=batch.batch_id).exists():
            raise
        visit_buffer.batch_done(batch.batch_id)
        return 0
    visit_buffer.batch_done(batch.batch_id)
    LinkVisitFlush.objects.filter(flushed_at__lt=timezone.now() - FLUSHES_KEPT).delete()
    return sum(batch.counts.values())


def link_visits_last_flushed():
    """When visits were last moved into the database (None: never)."""
    last = LinkVisitFlush.objects.order_by("-flushed_at").first()
    return last.flushed_at if last else None


def _visits_add(counts: dict) -> None:
    """Add each (member, page, day)'s visits to its row, creating rows that do
    not exist yet; counts of members or pages deleted since are dropped."""
    members = set(
        User.objects.filter(pk__in={m for m, _, _ in counts}).values_list(
            "pk", flat=True
        )
    )
    pages = set(
        Page.objects.filter(pk__in={p for _, p, _ in counts}).values_list(
            "pk", flat=True
        )
    )
    counts = {k: n for k, n in counts.items() if k[0] in members and k[1] in pages}
    existing = LinkVisit.objects.select_for_update().filter(
        member_id__in={m for m, _, _ in counts},
        page_id__in={p for _, p, _ in counts},
        day__in={d for _, _, d in counts},
    )
    rows = {(r.member_id, r.page_id, r.day): r for r in existing}
    changed = [r for k, r in rows.items() if k in counts]
    for row in changed:
        row.visits += counts[(row.member_id, row.page_id, row.day)]
    LinkVisit.objects.bulk_update(changed, ["visits"], batch_size=500)
    LinkVisit.objects.bulk_create(
        [
            LinkVisit(member_id=m, page_id=p, day=d, visits=n)
            for (m, p, d), n in counts.items()
            if (m, p, d) not in rows
        ],
        batch_size=500,
    )


def link_share_record(*, member: User, page_id: int, channel: str) -> LinkShare:
    if channel not in LinkShare.Channel.values:
        raise ValidationError("Unknown way of sharing.")
    return LinkShare.objects.create(member=member, page_id=page_id, channel=channel)


@erasure_step
def share_links_erase(person: User) -> None:
    """A member's account is deleted (clubs.services.erasure, in its
    transaction): the visits and shares of their personal links stay without
    them, as a landing page's funnel and totals count them. Visits keep no
    address or visitor identity, and the referral code goes with the account."""
    LinkVisit.objects.filter(member=person).update(member=None)
    LinkShare.objects.filter(member=person).update(member=None)
