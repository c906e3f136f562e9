"""Rows for the share-link funnel tests: landing pages, reward programs,
visits, shares, and visitors credited through the real services."""

from datetime import date

from django.utils import timezone

from clubs.cookies import Touch
from clubs.models import RewardProgram
from clubs.services.attendance import attendance_mark
from clubs.services.registrations import registration_create
from content.models import LandingPage, LinkShare, LinkVisit
from tests.builders import ensure_home_page


def make_program(**fields) -> RewardProgram:
    fields.setdefault("name", "Bring a guest")
    fields.setdefault("referrer_reward", "A free breakfast")
    fields.setdefault("friend_reward", "First breakfast on the house")
    return RewardProgram.objects.create(**fields)


def make_landing_page(title="Bring a guest to breakfast", **fields) -> LandingPage:
    home = ensure_home_page()
    fields.setdefault("slug", title.lower().replace(" ", "-"))
    return home.add_child(instance=LandingPage(title=title, body=[], **fields))


def visits(member, page, count, day: date | None = None) -> LinkVisit:
    return LinkVisit.objects.create(
        member=member, page=page, day=day or timezone.localdate(), visits=count
    )


def shares(member, page, count, channel="copy") -> None:
    for _ in range(count):
        LinkShare.objects.create(member=member, page=page, channel=channel)


def bring(member, page, occurrence, *, name, email, at=None):
    """A visitor follows `member`'s link to `page` and registers as a guest."""
    touch = Touch(
        code=member.referral_code,
        page_id=page.pk,
        program_id=page.reward_program_id,
        at=at or timezone.now(),
    )
    return registration_create(
        occurrence=occurrence, name=name, email=email, touch=touch
    )


def attend(registration, by=None):
    return attendance_mark(
        occurrence=registration.occurrence,
        registration=registration,
        status="present",
        by=by,
    )
