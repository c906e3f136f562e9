"""Small helpers that build just the rows a test needs."""

from datetime import time, timedelta
from itertools import count

import recurrence
from allauth.account.models import EmailAddress
from django.conf import settings
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from clubs.demo.people import _hosts_group
from clubs.models import (
    AgendaTemplate,
    AgendaTemplateItem,
    Category,
    Club,
    Membership,
    Referral,
    User,
)
from clubs.services.calendars import calendar_token_rotate
from clubs.services.meetings import series_create
from clubs.services.referrals import referral_create
from clubs.services.registrations import registration_create
from content.models import HomePage

PASSWORD = "correct-horse-battery-staple"
_sequence = count(1)


def make_user(**fields) -> User:
    n = next(_sequence)
    fields.setdefault("email", f"person{n}@example.com")
    fields.setdefault("first_name", "Person")
    fields.setdefault("last_name", f"Number{n}")
    user = User.objects.create_user(password=PASSWORD, **fields)
    # Signing in needs a verified address (ACCOUNT_EMAIL_VERIFICATION), as
    # every member who signed up has; an inactive user is refused anyway.
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    return user


def make_category(name: str | None = None) -> Category:
    return Category.objects.create(name=name or f"Category {next(_sequence)}")


def make_club(**fields):
    n = next(_sequence)
    fields.setdefault("name", f"Club {n}")
    fields.setdefault("slug", f"club-{n}")
    fields.setdefault("time_zone", "America/Chicago")
    return Club.objects.create(**fields)


def club_admin_form(**fields) -> dict:
    """What the admin's "add club" form posts for a new club."""
    return {
        "name_en": "Lakeside Masterminds",
        "slug": "lakeside",
        "time_zone": "America/Chicago",
        "visibility": "public",
        "join_policy": "approval",
        "reminder_hours_before": 24,
        "absence_window_months": 6,
        "payment_hold_minutes": 30,
        "waitlist_offer_hours": 12,
        "refund_until_hours": 24,
    } | fields


def make_membership(club, person, *, role="member", status="active"):
    return Membership.objects.create(
        club=club, person=person, role=role, status=status, joined_at=timezone.now()
    )


def make_member(club, *, role="member", status="active", **fields) -> User:
    """A new person with a membership of `club`."""
    person = make_user(**fields)
    make_membership(club, person, role=role, status=status)
    return person


def make_host(club, **fields) -> User:
    """An organizer of `club` who may use the clubs admin (the hosts group)."""
    person = make_user(**fields)
    person.groups.add(_hosts_group())
    make_membership(club, person, role="organizer")
    return person


def monthly_on_first_tuesday():
    return recurrence.Recurrence(
        rrules=[recurrence.Rule(recurrence.MONTHLY, byday=[recurrence.Weekday(1, 1)])]
    )


def weekly():
    return recurrence.Recurrence(rrules=[recurrence.Rule(recurrence.WEEKLY)])


def make_series(club=None, **fields):
    """A series through the service, so its occurrences exist. Defaults to the
    first Tuesday of each month at 7:30 for 90 minutes, starting next month."""
    fields.setdefault("title", "Networking breakfast")
    fields.setdefault("recurrence", monthly_on_first_tuesday())
    fields.setdefault("first_date", timezone.localdate() + timedelta(days=1))
    fields.setdefault("start_time", time(7, 30))
    fields.setdefault("duration", timedelta(minutes=90))
    return series_create(club=club or make_club(), **fields)


def make_occurrence(club=None, **series_fields):
    """The next meeting of a fresh series."""
    series = make_series(club, **series_fields)
    return series.occurrences.order_by("start").first()


def make_registration(occurrence, person=None, **fields):
    if person is None and "email" not in fields:
        n = next(_sequence)
        fields.update(name=f"Guest {n}", email=f"guest{n}@example.com")
    return registration_create(occurrence=occurrence, person=person, **fields)


def make_agenda_template(club, name="Breakfast running order") -> AgendaTemplate:
    """Welcome, sixty seconds each and referrals: a breakfast's running order."""
    template = AgendaTemplate(name=name, club=club)
    template.items = [
        AgendaTemplateItem(kind="welcome", title="Welcome and coffee", minutes=15),
        AgendaTemplateItem(
            kind="introductions", title="Sixty seconds each", minutes=30
        ),
        AgendaTemplateItem(kind="referral_exchange", title="Referrals", minutes=20),
    ]
    template.save()
    return template


def make_referral(*, giver, club, receiver, **fields) -> Referral:
    """A referral through the service: Paula Prospect, who needs a new roof
    before winter; keyword arguments add to these or override them."""
    values = {
        "prospect_name": "Paula Prospect",
        "prospect_email": "paula@example.com",
        "need": "A new roof before winter",
        "consent": True,
    } | fields
    return referral_create(giver=giver, club=club, receiver=receiver, **values)


def ensure_home_page():
    """The home page and default site, as the migrations leave them."""
    home = HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    if home is not None:
        return home
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root")
    )
    home = root.add_child(
        instance=HomePage(
            title="Home",
            slug="home",
            hero_heading="Grow your business through people who know you",
        )
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    return home


def feed_token(person: User) -> str:
    """The person's calendar feed token, made on first use as the calendar
    page makes it (only its hash is stored, so it is kept on the object)."""
    if getattr(person, "_feed_token", None) is None:
        person._feed_token = calendar_token_rotate(person=person)
    return person._feed_token
