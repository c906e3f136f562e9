"""Emails about referrals. They run inside background tasks (clubs/tasks.py;
nudges and hosts' alerts from clubs/jobs.py), so they send directly, and each
reads fresh rows: a task that finds nothing to say (the referral was deleted,
or a member has no receiver) sends nothing.

The prospect's contact details go only to the receiver, who must call them;
the giver's emails name the prospect and the step, and the value when won.
The hosts' alert about referrals left untouched names the prospect, the giver
and the receiver, and links to the referral, where hosts may read the rest.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from clubs.links import absolute
from clubs.models import Club, Referral, ReferralStep, ThankYou, User
from clubs.notifications.email import email_send
from clubs.selectors.clubs import club_hosts
from clubs.selectors.referrals import STALE_AFTER

STATUS = Referral.Status


def referral_logged(referral_id: int) -> None:
    """Tell the receiving member at once: a warm prospect cools fast."""
    referral = _referrals().filter(pk=referral_id).first()
    if referral is None or referral.receiver is None:
        return
    _send(referral.receiver, "referral_received", referral=referral)


def referral_moved(step_id: int) -> None:
    """Tell the giver of each step; a win gets its own, warmer email."""
    step = (
        ReferralStep.objects.select_related(
            "by", "referral__club", "referral__giver", "referral__receiver"
        )
        .filter(pk=step_id)
        .first()
    )
    if step is None or step.by_id == step.referral.giver_id:
        return  # the giver moved it (a partner referral): nothing to tell
    if step.referral.giver_id is None:
        return  # the giver deleted their account
    referral = step.referral
    template = "referral_won" if step.status == STATUS.WON else "referral_moved"
    _send(referral.giver, template, referral=referral, step=step)


def thank_you_sent(thank_you_id: int) -> None:
    thank_you = (
        ThankYou.objects.select_related(
            "referral__club", "referral__giver", "referral__receiver"
        )
        .filter(pk=thank_you_id)
        .first()
    )
    if thank_you is None or thank_you.referral.giver_id is None:
        return
    referral = thank_you.referral
    _send(referral.giver, "referral_thank_you", referral=referral, thank_you=thank_you)


def due_referral_nudges() -> int:
    """Nudge the receiver of each referral still *new* after its club's
    `referral_nudge_hours`, once. Each nudge is claimed with a conditional
    UPDATE before it is sent, so two workers, or a run repeated after a crash,
    never send it twice (at most once: a send that fails is not retried)."""
    now, sent = timezone.now(), 0
    untouched = Referral.objects.filter(
        status=STATUS.NEW, nudged_at__isnull=True, receiver__isnull=False
    )
    for club in Club.objects.filter(pk__in=untouched.values("club")):
        due = untouched.filter(
            club=club,
            created_at__lte=now - timedelta(hours=club.referral_nudge_hours),
        )
        for referral in due.select_related("club", "giver", "receiver"):
            claimed = Referral.objects.filter(
                pk=referral.pk, status=STATUS.NEW, nudged_at__isnull=True
            ).update(nudged_at=now)
            if claimed:
                _send(referral.receiver, "referral_nudge", referral=referral)
                sent += 1
    return sent


STALE_LISTED = 20  # an alert lists this many; the hosts' page has them all


def due_stale_alerts() -> int:
    """Tell the club's hosts (active organizers and co-hosts) about each
    referral still *new* a week after it was given, once. Each referral is
    claimed with a conditional UPDATE before anyone is told, so two workers,
    or a run repeated after a crash, never tell twice (at most once, as the
    nudges). A host hears once per club and run, however many went stale:
    the first run after a quiet spell does not flood anyone's inbox. Returns
    the number of emails sent."""
    now = timezone.now()
    stale: dict[Club, list[Referral]] = {}
    due = Referral.objects.filter(
        status=STATUS.NEW,
        hosts_alerted_at__isnull=True,
        created_at__lte=now - STALE_AFTER,
    ).select_related("club", "giver", "receiver")
    for referral in due.order_by("club", "created_at", "pk"):
        claimed = Referral.objects.filter(
            pk=referral.pk, status=STATUS.NEW, hosts_alerted_at__isnull=True
        ).update(hosts_alerted_at=now)
        if claimed:
            stale.setdefault(referral.club, []).append(referral)
    sent = 0
    for club, referrals in stale.items():
        for host in club_hosts(club):
            _send_stale_alert(host, club, referrals)
            sent += 1
    return sent


def _send_stale_alert(host: User, club: Club, referrals: list[Referral]) -> None:
    def context():
        listed = [
            (referral, absolute(reverse("referral_detail", args=[referral.pk])))
            for referral in referrals[:STALE_LISTED]
        ]
        return {
            "person": host,
            "club": club,
            "listed": listed,
            "count": len(referrals),
            "not_listed": len(referrals) - len(listed),
            "stale_url": absolute(reverse("club_stale_referrals", args=[club.slug])),
        }

    email_send(
        to=host.email,
        language=host.language,
        template="clubs/emails/referral_stale_hosts",
        context=context,
    )


def _referrals():
    return Referral.objects.select_related(
        "club", "giver", "receiver", "occurrence__series"
    )


def _send(person: User, template: str, **context) -> None:
    referral = context["referral"]
    email_send(
        to=person.email,
        language=person.language,
        template=f"clubs/emails/{template}",
        context=lambda: (
            context
            | {
                "person": person,
                "referral_url": absolute(
                    reverse("referral_detail", args=[referral.pk])
                ),
            }
        ),
    )
