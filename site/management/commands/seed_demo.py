from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from clubs.demo import (
    attribution as demo_attribution,
)
from clubs.demo import (
    meetings as demo_meetings,
)
from clubs.demo import people as clubs_demo
from clubs.demo import (
    referrals as demo_referrals,
)
from content.demo import pages as content_demo
from masterminds import demo as masterminds_demo


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
            people = clubs_demo.seed()
            demo_meetings.seed(people)
            demo_referrals.seed(people)
            programs = demo_attribution.seed_programs()
            pages = content_demo.seed(programs=programs)
            content_demo.seed_link_activity(people, pages)
            demo_attribution.seed_visitors(
                people,
                page_ids={lang: page.pk for lang, page in pages.landing.items()},
                programs=programs,
            )
            masterminds_demo.seed(people)
        self._print_logins()

    def _print_logins(self):
        self.stdout.write(
            self.style.SUCCESS("Demo data is ready. Sign in at /accounts/login/ as:")
        )
        for role, person, note in [
            ("host", clubs_demo.DEMO_HOST, "runs clubs; Wagtail admin at /admin/"),
            ("member", clubs_demo.DEMO_MEMBER, ""),
            ("editor", clubs_demo.DEMO_EDITOR, "host who also edits pages"),
        ]:
            self.stdout.write(
                f"  {role:<7}{person.email:<30} password {clubs_demo.DEMO_PASSWORD}"
                + (f"  ({note})" if note else "")
            )
