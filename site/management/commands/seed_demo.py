from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from clubs import demo as clubs_demo
from content import demo as content_demo
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
            people = clubs_demo.people.seed()
            clubs_demo.meetings.seed(people)
            clubs_demo.referrals.seed(people)
            programs = clubs_demo.attribution.seed_programs()
            pages = content_demo.pages.seed(programs=programs)
            content_demo.pages.seed_link_activity(people, pages)
            clubs_demo.attribution.seed_visitors(
                people,
                page_ids={lang: page.pk for lang, page in pages.landing.items()},
                programs=programs,
            )
            masterminds_demo.seed(people)
        self._print_logins()

    def _print_logins(self):
        people = clubs_demo.people
        self.stdout.write(
            self.style.SUCCESS("Demo data is ready. Sign in at /accounts/login/ as:")
        )
        for role, person, note in [
            (
                "host",
                clubs_demo.people.DEMO_HOST,
                "runs clubs; Wagtail admin at /admin/",
            ),
            ("member", clubs_demo.people.DEMO_MEMBER, ""),
            ("editor", clubs_demo.people.DEMO_EDITOR, "host who also edits pages"),
        ]:
            self.stdout.write(
                f"  {role:<7}{person.email:<30} password {people.DEMO_PASSWORD}"
                + (f"  ({note})" if note else "")
            )
