"""Compare our payments and refunds with Stripe's over a period, print the
differences, and exit 1 when there are any (so cron or CI can alert).

    manage.py reconcile_payments                  # the last 30 days
    manage.py reconcile_payments --since 2026-11-01 --until 2026-12-01
    manage.py reconcile_payments --fix            # replay what Stripe settles

`--fix` hands each fixable difference to the webhook handlers as the event
Stripe would have sent (clubs/services/reconciliation.py); the others (an
amount that differs, a payment Stripe has never seen) need a person. The
exit status reflects what is left after fixing."""

from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from clubs.selectors.reconciliation import KINDS, Difference, payment_differences
from clubs.services.reconciliation import difference_fix


class Command(BaseCommand):
    help = "Compare local payments and refunds with Stripe's, and report differences."

    def add_arguments(self, parser):
        parser.add_argument(
            "--since", type=date.fromisoformat, help="First day (UTC), YYYY-MM-DD."
        )
        parser.add_argument(
            "--until", type=date.fromisoformat, help="Last day (UTC), YYYY-MM-DD."
        )
        parser.add_argument(
            "--days", type=int, default=30, help="Without --since: this many days."
        )
        parser.add_argument(
            "--fix",
            action="store_true",
            help="Replay Stripe's record of each fixable difference.",
        )

    def handle(self, *args, since, until, days, fix, **options):
        if not settings.STRIPE_SECRET_KEY:
            raise CommandError("STRIPE_SECRET_KEY is not set: nothing to reconcile.")
        start, end = _bounds(since, until, days)
        period = f"{start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M} UTC"
        self.stdout.write(f"Reconciling payments with Stripe from {period}")
        differences = payment_differences(since=start, until=end)
        if fix and any(d.fixable for d in differences):
            fixed = [
                d for d in differences if d.fixable and difference_fix(difference=d)
            ]
            self.stdout.write(f"Fixed {len(fixed)} by replaying Stripe's records.")
            differences = payment_differences(since=start, until=end)
        if not differences:
            self.stdout.write(self.style.SUCCESS("No differences."))
            return
        self._report(differences)
        raise CommandError(f"{len(differences)} differences found.", returncode=1)

    def _report(self, differences: list[Difference]) -> None:
        self.stdout.write(self.style.WARNING(f"{len(differences)} differences:"))
        for kind, title in KINDS.items():
            found = [d for d in differences if d.kind == kind]
            if not found:
                continue
            self.stdout.write(f"\n{title} ({len(found)}):")
            for d in found:
                hint = "  [--fix]" if d.fixable else ""
                self.stdout.write(f"  {d.reference}{hint}")
                self.stdout.write(f"    here:   {d.ours}")
                self.stdout.write(f"    Stripe: {d.stripes}")


def _bounds(since: date | None, until: date | None, days: int):
    end = (
        timezone.now()
        if until is None
        else datetime.combine(until + timedelta(days=1), time.min, tzinfo=UTC)
    )
    start = (
        end - timedelta(days=days)
        if since is None
        else datetime.combine(since, time.min, tzinfo=UTC)
    )
    if start >= end:
        raise CommandError("--since must come before --until.")
    return start, end
