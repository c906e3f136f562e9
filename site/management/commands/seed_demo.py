from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from clubs import demo as clubs_demo
from content import demo as content_demo


class Command(BaseCommand):
    help = "Create or refresh the demo site. Running it twice gives the same result."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even with production settings (demo logins share a password).",
        )

    def handle(self, *args, force, **options):
        if settings.PRODUCTION and not force:
            raise CommandError("Refusing to seed demo data into production.")
        with transaction.atomic():
            clubs_demo.seed()
            content_demo.seed()
        self._print_logins()

    def _print_logins(self):
        host, member = clubs_demo.DEMO_HOST, clubs_demo.DEMO_MEMBER
        self.stdout.write(
            self.style.SUCCESS("Demo data is ready. Log in at /accounts/login/ as:")
        )
        self.stdout.write(
            f"  host   {host.email}  password {clubs_demo.DEMO_PASSWORD}"
            "  (Wagtail admin at /admin/)"
        )
        self.stdout.write(
            f"  member {member.email}  password {clubs_demo.DEMO_PASSWORD}"
        )
