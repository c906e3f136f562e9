"""Every public page and every email, in every language but English, shows
no English interface phrase (issue #14).

The phrases looked for are the catalogue's msgids (tests/i18n/catalogues.py),
so a string added to a template is covered once `make messages` gathers it.
Pages come from the URL resolver (every route without arguments that a
visitor may open), from the sitemap (Wagtail's pages, the directories, clubs,
meetings, masterminds, trainings, each in every language), and from PAGES
below for those that need a particular object in a particular state. Emails
are sent by the notification functions the task worker runs, one scenario
per message (EMAILS), and a test fails when an email template has none.
"""

import re
from datetime import timedelta
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.db.models import CharField, TextField
from django.test import Client
from django.test.signals import template_rendered
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone, translation
from wagtail.fields import StreamField
from wagtail.models import Locale, Page

from clubs.links import registration_manage_url
from clubs.models import (
    Attribution,
    Occurrence,
    Payment,
    Referral,
    Registration,
    Reward,
)
from clubs.notifications import accounts, meetings, payments, referrals, rewards
from clubs.services.meetings import occurrence_cancel
from clubs.services.referrals import referral_move, referral_thank
from clubs.services.registrations import registration_cancel
from clubs.tokens import registration_manage_token
from masterminds.models import Application, HotSeat
from masterminds.notifications import applications, hot_seats
from tests.builders import (
    make_club,
    make_host,
    make_member,
    make_referral,
    make_registration,
    make_series,
    make_user,
)
from tests.content.page_builders import (
    make_article,
    make_article_index,
    make_landing_page,
    make_reward_program,
    reward_terms_block,
    translate,
    upcoming_block,
)
from tests.i18n.catalogues import LANGUAGES, ROOT, assert_no_english, visible_text
from tests.masterminds.builders import make_group, seat

pytestmark = pytest.mark.django_db

# The names and titles these tests make up: data, not interface. Chosen to be
# no English phrase of the catalogue, and removed from a rendering before it
# is searched all the same.
CLUB, SERIES, VENUE = "Zeta Klub", "Zeta 7:30", "Kafe Luna"
PEOPLE = ["Ana Lima", "Marcus Bell", "Hana Host", "Lucía Pérez", "Fran Facilitator"]
TEST_DATA = [
    CLUB,
    SERIES,
    VENUE,
    *PEOPLE,
    *(name.split()[0] for name in PEOPLE),
    "Paula Prospekt",
    "Atap 2027",
    "Zeta Guide",
    "Zeta Landing",
    "Zeta Index",
    "Zeta Kit",
    "Zeta Mastermind",
    "Zeta Training",
    "Zeta Training Klub",
    "Zeta Reward",
    "Zeta Friend Reward",
    "Zeta Note",
    "Zeta Business",
    "Home",  # the migrations' home page title, an editor's
    "Referral Clubs",  # WAGTAIL_SITE_NAME, a brand
    "Monthly training",  # tests.masterminds.builders' training series
    "Mastermind session",
]


# --- pages ----------------------------------------------------------------


def _public_routes_without_arguments() -> list[str]:
    """Every route in the language patterns that takes nothing: a new page
    is checked the day it is added."""
    found = []

    def walk(resolver, prefix=""):
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry, route)
            elif isinstance(entry, URLPattern) and entry.name:
                if "<" not in route and "(" not in route and "^" not in route:
                    found.append(entry.name)

    for entry in get_resolver().url_patterns:
        if (
            isinstance(entry, URLResolver)
            and "LocalePrefixPattern" in type(entry.pattern).__name__
        ):
            walk(entry)
    return found


@pytest.fixture
def world(settings):
    """A public club with an open, a full, a cancelled and a paid meeting, a
    training, a mastermind group, and the landing page, a guide and the home
    page in every language."""
    for code, _ in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    club = make_club(name=CLUB, slug="zeta", venue_name=VENUE)
    host = make_host(club, first_name="Hana", last_name="Host")
    series = make_series(club, title=SERIES, capacity=1)
    open_, full, cancelled = series.occurrences.order_by("start")[:3]
    Occurrence.objects.filter(pk=open_.pk).update(capacity=30)
    make_registration(full, name="Lucía Pérez", email="lucia@example.net")
    occurrence_cancel(occurrence=cancelled, reason="Zeta Note")
    paid = make_series(
        club, title=SERIES, guest_price=1500, member_price=1000, currency="USD"
    )
    paid = paid.occurrences.order_by("start").first()
    group = _renamed(make_group(training=True))
    guest = make_registration(open_, name="Ana Lima", email="ana@example.net")
    gone = make_registration(open_, name="Marcus Bell", email="marcus@example.net")
    registration_cancel(registration=gone, notify=False)

    english_pages = [
        make_landing_page(
            title="Zeta Landing",
            slug="zeta-landing",
            body=[
                upcoming_block(club=club, count=3, heading="Zeta"),
                reward_terms_block(),
            ],
            reward_program=make_reward_program(
                name="Zeta Reward",
                referrer_reward="Zeta Reward",
                friend_reward="Zeta Friend Reward",
                terms="Zeta",
            ),
        ),
    ]
    index = make_article_index(title="Zeta Index", slug="zeta-index")
    english_pages += [index, make_article(index, title="Zeta Guide", slug="zeta-guide")]
    for code in LANGUAGES:
        locale = Locale.objects.get(language_code=code)
        for page in english_pages:
            translate(page, locale, slug=f"{page.slug}-{code}")
    return {
        "club": club,
        "host": host,
        "meetings": {"open": open_, "full": full, "cancelled": cancelled, "paid": paid},
        "group": group,
        "registrations": {"confirmed": guest, "cancelled": gone},
    }


def _renamed(group):
    """The builders name a group "Mastermind 4" and its training's club
    "Club 5": English words of the catalogue, so names of our own instead."""
    clubs = [(group.club, "Zeta Mastermind")]
    if group.training_series:
        clubs.append((group.training_series.club, "Zeta Training Klub"))
    for club, name in clubs:
        club.name = name
        club.save(update_fields=["name"])
    return group


# Pages that need an object in a given state: (what, how to reach it). Each
# is called with the world above, under the language being checked.
PAGES = {
    "open meeting": lambda w: _meeting_url(w["meetings"]["open"]),
    "full meeting": lambda w: _meeting_url(w["meetings"]["full"]),
    "cancelled meeting": lambda w: _meeting_url(w["meetings"]["cancelled"]),
    "paid meeting": lambda w: _meeting_url(w["meetings"]["paid"]),
    "club page": lambda w: reverse("club_detail", args=[w["club"].slug]),
    "mastermind group": lambda w: reverse(
        "mastermind_detail", args=[w["group"].club.slug]
    ),
    "training page": lambda w: reverse(
        "mastermind_training", args=[w["group"].club.slug]
    ),
    "registration, manage": lambda w: registration_manage_url(
        w["registrations"]["confirmed"]
    ),
    "registration, cancel": lambda w: reverse(
        "registration_cancel",
        args=[registration_manage_token(w["registrations"]["confirmed"])],
    ),
    "registration, cancelled": lambda w: registration_manage_url(
        w["registrations"]["cancelled"]
    ),
    "page not found": lambda w: f"/{translation.get_language()}/zeta-nowhere/",
}


def _meeting_url(occurrence):
    return reverse(
        "occurrence_detail", args=[occurrence.series.club.slug, occurrence.pk]
    )


def _sitemap_urls(client, language: str) -> list[str]:
    """The sitemap's addresses in `language`, one per kind of page (a club's
    thirteen coming meetings are one template) but every Wagtail page."""
    tree = ElementTree.fromstring(client.get("/sitemap.xml").content)
    kinds = {}
    for link in tree.iter("{http://www.w3.org/1999/xhtml}link"):
        if link.get("hreflang") == language:
            address = re.sub(r"^https?://[^/]+", "", link.get("href"))
            name = resolve(address).url_name
            kinds.setdefault(address if name == "wagtail_serve" else name, address)
    return sorted(kinds.values())


def _editorial_text() -> list[str]:
    """What editors wrote on the Wagtail pages (titles, the home page's hero,
    every block of a body): content, translated by editors in Wagtail, not by
    the catalogue."""
    values = []
    for page in Page.objects.specific():
        for field in page._meta.concrete_fields:
            value = getattr(page, field.attname)
            if isinstance(field, StreamField):
                values += _strings(field.get_prep_value(value))
            elif isinstance(field, CharField | TextField) and value:
                values.append(BeautifulSoup(str(value), "html.parser").get_text())
    return values


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [BeautifulSoup(value, "html.parser").get_text()] if value else []
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list | tuple):
        return [text for item in value for text in _strings(item)]
    return []


def _pages(world, client, language):
    with translation.override(language):
        named = {}
        for name in _public_routes_without_arguments():
            named[f"route {name}"] = reverse(name)
        for what, address in PAGES.items():
            named[what] = address(world)
    for address in _sitemap_urls(client, language):
        named[f"sitemap {address}"] = address
    return named


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_public_page_is_left_in_english(world, language):
    client = Client()
    pages = _pages(world, client, language)
    assert len(pages) > 20, sorted(pages)
    failures, opened, editorial = [], [], _editorial_text()
    for what, address in sorted(pages.items()):
        response = client.get(address)
        if response.status_code in (301, 302):
            continue  # for members only: not a public page
        assert response.status_code in (200, 404), (what, address, response.status_code)
        if response.status_code == 404 and what != "page not found":
            failures.append(f"{what} ({address}) is not found")
            continue
        opened.append(what)
        html = response.content.decode()
        assert f'<html lang="{language}"' in html, f"{what} ({address})"
        try:
            assert_no_english(
                visible_text(html),
                language,
                where=f"{what} ({address})",
                test_data=[*TEST_DATA, *editorial],
            )
        except AssertionError as error:
            failures.append(str(error))
    assert not failures, "\n\n".join(failures)


# --- emails ---------------------------------------------------------------


def _people(language):
    """A club whose host, member and guest all read `language`."""
    club = make_club(name=CLUB, venue_name=VENUE)
    host = make_host(club, first_name="Hana", last_name="Host", language=language)
    member = make_member(club, first_name="Marcus", last_name="Bell", language=language)
    other = make_member(club, first_name="Ana", last_name="Lima", language=language)
    series = make_series(club, title=SERIES, capacity=30)
    occurrence = series.occurrences.order_by("start").first()
    return club, host, member, other, occurrence


def _place(occurrence, language, **fields):
    return make_registration(
        occurrence,
        name="Lucía Pérez",
        email=f"lucia.{Registration.objects.count()}@example.net",
        language=language,
        notify=False,
        **fields,
    )


def _meeting_emails(language):
    *_, occurrence = _people(language)
    confirmed = _place(occurrence, language)
    meetings.registration_received(confirmed.pk)
    meetings.manage_link_resent(confirmed.pk)
    meetings.place_already_held(confirmed.pk)
    meetings.waitlist_promoted(confirmed.pk)
    held = _place(occurrence, language)
    Registration.objects.filter(pk=held.pk).update(
        status=Registration.Status.HELD,
        hold_expires_at=timezone.now() + timedelta(hours=2),
    )
    meetings.waitlist_offered(held.pk)
    gone = _place(occurrence, language)
    registration_cancel(registration=gone, notify=False)
    meetings.place_given_up(gone.pk)
    meetings.occurrence_changed(occurrence.pk, "moved")
    meetings.occurrence_changed(occurrence.pk, "cancelled")


def _reminder_email(language):
    *_, occurrence = _people(language)
    _place(occurrence, language)
    soon = timezone.now() + timedelta(hours=2)
    Occurrence.objects.filter(pk=occurrence.pk).update(
        start=soon, end=soon + timedelta(hours=1)
    )
    assert meetings.due_reminders() == 1


def _late_payment_emails(language):
    *_, occurrence = _people(language)
    registration = _place(occurrence, language)
    payment = Payment.objects.create(
        registration=registration,
        amount=1500,
        currency="USD",
        method=Payment.Method.STRIPE,
        status=Payment.Status.REFUNDED,
    )
    payments.late_payment_refunded(payment.pk)


def _referral_emails(language):
    club, host, member, other, occurrence = _people(language)
    referral = make_referral(
        giver=member,
        club=club,
        receiver=other,
        prospect_name="Paula Prospekt",
        need="Atap 2027",
    )
    referrals.referral_logged(referral.pk)
    referral_move(referral=referral, status="contacted", by=other)
    referrals.referral_moved(referral.steps.latest("pk").pk)
    referral_move(
        referral=referral, status="won", by=other, value=Decimal(500), currency="USD"
    )
    referrals.referral_moved(referral.steps.latest("pk").pk)
    thank_you = referral_thank(referral=referral, by=other, note="Zeta Note")
    referrals.thank_you_sent(thank_you.pk)
    untouched = make_referral(
        giver=other, club=club, receiver=member, prospect_name="Paula Prospekt"
    )
    Referral.objects.filter(pk=untouched.pk).update(
        created_at=timezone.now() - timedelta(days=30)
    )
    assert referrals.due_referral_nudges() == 1
    assert referrals.due_stale_alerts() == 1


def _reward_emails(language):
    club, host, member, other, occurrence = _people(language)
    registration = _place(occurrence, language)
    attribution = Attribution.objects.create(
        referrer=member,
        email_key="lucia@example.net",
        name="Lucía Pérez",
        email=registration.email,
        registration=registration,
        program=make_reward_program(
            name="Zeta Reward",
            referrer_reward="Zeta Reward",
            friend_reward="Zeta Friend Reward",
            terms="Zeta",
        ),
        touched_at=timezone.now(),
    )
    for side, person, name in [
        ("referrer", member, "Marcus Bell"),
        ("friend", None, "Lucía Pérez"),
    ]:
        reward = Reward.objects.create(
            attribution=attribution,
            side=side,
            recipient=person,
            recipient_name=name,
            recipient_email=person.email if person else registration.email,
            description="Zeta Reward",
            club=club,
            granted_at=timezone.now(),
            discount_percent_off=10,
            promotion_code=f"ZETA-{side.upper()}",
            stripe_promotion_code_id=f"promo_zeta_{side}",
        )
    rewards.rewards_granted(attribution.pk)
    rewards.reward_code_issued(reward.pk)


APPLICATION_STEPS = [
    "received",
    "approved",
    "declined",
    "waitlisted",
    "withdrawn",
    "promoted",
    "lapsed",
    "late_refunded",
]


def _mastermind_emails(language):
    facilitator = make_user(
        first_name="Fran", last_name="Facilitator", language=language
    )
    group = _renamed(make_group(facilitator=facilitator))
    person = make_user(first_name="Ana", last_name="Lima", language=language)
    application = Application.objects.create(
        group=group, person=person, wants="Zeta Note", business="Zeta Business"
    )
    for step in APPLICATION_STEPS:
        applications.application_step(application.pk, step, note="Zeta Note")
    for step in ("received", "promoted", "late_refunded"):
        applications.facilitators_told(application.pk, step)
    seated = seat(group, first_name="Marcus", last_name="Bell", language=language)
    session = group.session_series.occurrences.order_by("start").first()
    hot_seat = HotSeat.objects.create(occurrence=session, member=seated, position=1)
    hot_seats.hot_seat_proposed(hot_seat.pk)


def _account_emails(language):
    accounts.account_deleted(
        email="ana.lima@example.com", language=language, first_name="Ana"
    )


def _paid_guest_form_emails(language):
    """A guest's seat held while they pay, and a payment for a place its
    address already had, refunded."""
    *_, occurrence = _people(language)
    held = _place(occurrence, language)
    Registration.objects.filter(pk=held.pk).update(
        status=Registration.Status.HELD,
        hold_expires_at=timezone.now() + timedelta(minutes=30),
    )
    meetings.seat_held(held.pk)
    payment = Payment.objects.create(
        registration=_place(occurrence, language),
        amount=2500,
        currency="USD",
        method=Payment.Method.STRIPE,
        status=Payment.Status.REFUNDED,
        place_already_held=True,
    )
    payments.place_already_held_refunded(payment.pk)


# Each scenario sends its messages through the notification functions the
# task worker runs, to people who all read the language being checked.
EMAILS = {
    "meetings": _meeting_emails,
    "reminder": _reminder_email,
    "late payment": _late_payment_emails,
    "paid guest form": _paid_guest_form_emails,
    "referrals": _referral_emails,
    "rewards": _reward_emails,
    "masterminds": _mastermind_emails,
    "account deleted": _account_emails,
}


def _email_text(message) -> str:
    parts = [message.subject, message.body]
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            parts.append(visible_text(content))
    for _name, content, mimetype in message.attachments:
        if mimetype.startswith("text/calendar"):
            ics = content.decode() if isinstance(content, bytes) else content
            # The words in a calendar entry, unfolded and unescaped.
            ics = ics.replace("\r\n ", "").replace("\\n", " ").replace("\\,", ",")
            parts += re.findall(
                r"^(?:SUMMARY|DESCRIPTION|LOCATION)[^:]*:(.*)$", ics, re.M
            )
    return "\n".join(parts)


@pytest.fixture
def rendered_templates():
    """The names of the templates rendered while the test runs."""
    names = []

    def collect(sender, template, context, **kwargs):
        names.append(template.name)

    template_rendered.connect(collect)
    yield names
    template_rendered.disconnect(collect)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("scenario", EMAILS)
def test_no_email_is_left_in_english(scenario, language, settings):
    settings.SITE_URL = "http://testserver"
    EMAILS[scenario](language)

    assert mail.outbox, f"{scenario}: nothing was sent"
    failures = []
    for message in mail.outbox:
        try:
            assert_no_english(
                _email_text(message),
                language,
                where=f"The email {message.subject!r}",
                test_data=TEST_DATA,
            )
        except AssertionError as error:
            failures.append(str(error))
    assert not failures, "\n\n".join(failures)


def test_every_email_template_is_sent_by_a_scenario(rendered_templates):
    """A new email needs a scenario in EMAILS, or it would go unchecked."""
    for send in EMAILS.values():
        send("es")
    templates = {
        f"{path.parent.parent.name}/emails/{path.stem}"
        for path in ROOT.glob("*/templates/*/emails/*.txt")
        if not path.name.startswith("_") and not path.stem.endswith("_subject")
    }
    sent = {name.removesuffix(".txt") for name in rendered_templates}
    assert templates - sent == set(), "No scenario sends " + ", ".join(
        sorted(templates - sent)
    )
