import time

from django.core.management.base import BaseCommand

from clubs.jobs import (
    extend_occurrence_horizons,
    send_due_reminders,
    send_referral_nudges,
    send_stale_referral_alerts,
)
from masterminds.jobs import propose_hot_seats


class Command(BaseCommand):
    help = (
        "Queue the periodic work (reminders, scheduling meetings ahead, nudges "
        "about untouched referrals, telling hosts about referrals left a week, "
        "proposing masterminds' hot seats a week ahead) "
        "for the task worker. Run it from cron every few minutes, or with --every."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            metavar="SECONDS",
            help="Keep running, queueing the work every SECONDS.",
        )

    def handle(self, *args, every, **options):
        while True:
            send_due_reminders.enqueue()
            extend_occurrence_horizons.enqueue()
            send_referral_nudges.enqueue()
            send_stale_referral_alerts.enqueue()
            propose_hot_seats.enqueue()
            if not every:
                return
            time.sleep(every)
