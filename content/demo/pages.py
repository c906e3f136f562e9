"""Demo pages for `manage.py seed_demo`. Safe to run repeatedly.

The home page, a guides section with two articles, and the referral landing
page "Bring a guest to breakfast" with its share kit and reward program, each
in English, Spanish, Indonesian and Russian (written in each language, in
`copy`, and linked as Wagtail translations of the English page); then the
visits and shares demo members' links have had over the past months.
Everything is looked up before it is made, so a second run changes nothing.
"""

import random
from dataclasses import dataclass
from datetime import timedelta
from io import BytesIO
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.files.images import ImageFile
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Locale, Site

from clubs.models import Club, RewardProgram, User
from clubs.selectors.clubs import EDITORS_GROUP
from content.demo import copy
from content.demo.copy import ARTICLE_INDEX
from content.models import (
    ArticleIndexPage,
    ArticlePage,
    HomePage,
    LandingPage,
    LandingPageShareKit,
    LinkShare,
    LinkVisit,
    ShareKit,
    SharingSettings,
)
from content.share_cards import share_card_png

HOME_BODY = [
    ("heading", "How a club works"),
    (
        "paragraph",
        "<p>Each club meets once a month, at the same time and place. Members "
        "introduce their businesses in a minute each, a guest expert teaches "
        "something useful, and everyone leaves with at least one name to call.</p>"
        "<p>Between meetings, members pass each other referrals and log them here, "
        "so everyone can see the business they bring in.</p>",
    ),
    (
        "call_to_action",
        {
            "heading": "Come as a guest",
            "text": "Your first breakfast is on us. Bring business cards.",
            "button_label": "Pick a breakfast",
            "button_url": "/clubs/",
        },
    ),
]
CLUB = "northside-breakfast"
# Editors run the referral program: share kits, reward programs, translations.
EDITOR_PERMISSIONS = {
    "content": ["add_sharekit", "change_sharekit", "delete_sharekit", "view_sharekit"],
    "clubs": [
        "add_rewardprogram",
        "change_rewardprogram",
        "delete_rewardprogram",
        "view_rewardprogram",
        "view_reward",
    ],
    "simple_translation": ["submit_translation"],
}
# Whose links brought visits, and roughly how often (visits a week).
SHARERS = {
    "marcus.bell@example.com": 6,
    "priya.natarajan@example.com": 3,
    "tomas.herrera@example.com": 2,
    "lena.fischer@example.com": 1,
}
SHARES = {
    "marcus.bell@example.com": ["email", "linkedin", "whatsapp", "copy", "qr", "x"],
    "priya.natarajan@example.com": ["linkedin", "copy", "facebook"],
    "tomas.herrera@example.com": ["whatsapp", "email"],
    "lena.fischer@example.com": ["copy"],
}
HISTORY_DAYS = 120
LANGUAGES = ["en", "es", "id", "ru"]
TRANSLATED = LANGUAGES[1:]


@dataclass(frozen=True)
class DemoPages:
    home: HomePage
    landing: dict[str, LandingPage]  # by language code


def seed(*, programs: dict[str, RewardProgram]) -> DemoPages:
    """`programs` are the reward program's copies by language; a language
    without its own copy points at the English one, which the page shows in
    the visitor's language once a translation exists (`.localized`)."""
    locales = _locales()
    site = _site_at_site_url()
    home = site.root_page.specific
    if not home.body:
        # Visitors come as guests first: the buttons lead to a meeting to
        # choose, not to an account they do not need yet.
        home.hero_button_label = "Find a meeting"
        home.hero_button_url = "#meetings"
        home.body = _raw(HOME_BODY)
        home.save_revision().publish()
    editors_run_the_referral_program()
    homes = {"en": home}
    for language in TRANSLATED:
        homes[language] = _translated_home(home, locales[language])
    _guides(homes)
    kits = {lang: _share_kit(lang, locales) for lang in LANGUAGES}
    landing = {"en": _landing_page(home, kit=kits["en"], program=programs["en"])}
    for language in TRANSLATED:
        landing[language] = _translated_landing_page(
            landing["en"],
            homes[language],
            kit=kits[language],
            program=programs.get(language, programs["en"]),
        )
    for page in landing.values():
        _give_share_image(page)
    _default_share_image(site)
    return DemoPages(home=home, landing=landing)


def seed_link_activity(people: dict[str, User], pages: DemoPages) -> None:
    """A few months of visits through members' links, and their shares."""
    landing = pages.landing["en"]
    if LinkVisit.objects.filter(page=landing).exists():
        return
    rng = random.Random(landing.slug)
    today = timezone.localdate()
    rows = []
    for email, per_week in SHARERS.items():
        for days_ago in range(HISTORY_DAYS):
            if rng.random() < per_week / 7:
                rows.append(
                    LinkVisit(
                        member=people[email],
                        page=landing,
                        day=today - timedelta(days=days_ago),
                        visits=rng.randint(1, 3),
                    )
                )
    marcus = people["marcus.bell@example.com"]
    rows += [
        LinkVisit(
            member=marcus, page=pages.landing["es"], day=today - timedelta(d), visits=1
        )
        for d in (3, 9, 20)
    ]
    LinkVisit.objects.bulk_create(rows)
    for email, channels in SHARES.items():
        for n, channel in enumerate(channels):
            share = LinkShare.objects.create(
                member=people[email], page=landing, channel=channel
            )
            LinkShare.objects.filter(pk=share.pk).update(
                created_at=timezone.now() - timedelta(days=HISTORY_DAYS - 15 * n)
            )


# --- Pages ---------------------------------------------------------------------


def _site_at_site_url() -> Site:
    """Page addresses (canonical links, Open Graph, the sitemap) come from the
    Wagtail Site: make it the address the demo is served at."""
    address = urlsplit(settings.SITE_URL)
    site = Site.objects.get(is_default_site=True)
    site.hostname = address.hostname
    site.port = address.port or (443 if address.scheme == "https" else 80)
    site.save(update_fields=["hostname", "port"])
    return site


def _locales() -> dict[str, Locale]:
    return {
        language: Locale.objects.get_or_create(language_code=language)[0]
        for language in LANGUAGES
    }


def _raw(body, **values) -> list[dict]:
    """A stream as Wagtail stores it; `values` fill in "{name}" placeholders."""
    return [{"type": kind, "value": _fill(value, values)} for kind, value in body]


def _fill(value, values):
    if isinstance(value, dict):
        return {key: _fill(item, values) for key, item in value.items()}
    if isinstance(value, list):
        return [_fill(item, values) for item in value]
    if isinstance(value, str) and value.startswith("{") and value[1:-1] in values:
        return values[value[1:-1]]
    return value


def _guides(homes: dict[str, HomePage]) -> None:
    """The guides section and its articles, each written in every language
    and linked to the English original as its translation."""
    index = ArticleIndexPage.objects.child_of(homes["en"]).first()
    if index is None:
        index = homes["en"].add_child(instance=ArticleIndexPage(**ARTICLE_INDEX["en"]))
        index.save_revision().publish()
    indexes = {"en": index}
    for language in TRANSLATED:
        indexes[language] = _translation_of(
            index, homes[language], copy.ARTICLE_INDEX[language]
        )
    for article in copy.ARTICLES:
        words = article["en"]
        original = ArticlePage.objects.child_of(index).filter(slug=words["slug"])
        original = original.first()
        if original is None:
            original = index.add_child(
                instance=ArticlePage(
                    date=timezone.localdate() - timedelta(days=article["days_ago"]),
                    **_page_words(words),
                )
            )
            original.save_revision().publish()
        for language in TRANSLATED:
            _translation_of(original, indexes[language], article[language])


def _translation_of(page, parent, words: dict):
    """`page`'s translation under `parent` (in its locale), made from `words`
    unless it exists already."""
    translation = page.get_translation_or_none(parent.locale)
    if translation is not None:
        return translation.specific
    translation = page.specific.copy_for_translation(parent.locale)
    for name, value in _page_words(words).items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return translation


def _page_words(words: dict) -> dict:
    return {
        name: _raw(value) if name == "body" else value for name, value in words.items()
    }


def _share_kit(language: str, locales: dict[str, Locale]) -> ShareKit:
    english = locales["en"]
    original = ShareKit.objects.filter(
        name=copy.SHARE_KIT["en"]["name"], locale=english
    ).first() or ShareKit.objects.create(locale=english, **copy.SHARE_KIT["en"])
    if language == "en":
        return original
    translation = original.get_translation_or_none(locales[language])
    if translation is None:
        translation = original.copy_for_translation(locales[language])
        for name, value in copy.SHARE_KIT[language].items():
            setattr(translation, name, value)
        translation.save()
    return translation


def _landing_page(home: HomePage, *, kit: ShareKit, program) -> LandingPage:
    words = copy.LANDING["en"]
    page = LandingPage.objects.child_of(home).filter(slug=words["slug"]).first()
    if page is not None:
        return page
    page = home.add_child(
        instance=LandingPage(
            title=words["title"],
            slug=words["slug"],
            search_description=words["search_description"],
            body=_raw(words["body"], club=_club_id()),
            reward_program=program,
            share_kits=[LandingPageShareKit(kit=kit)],
        )
    )
    page.save_revision().publish()
    return page


def _translated_home(home: HomePage, locale: Locale) -> HomePage:
    translation = home.get_translation_or_none(locale)
    if translation is not None:
        return translation.specific
    translation = home.copy_for_translation(locale)
    for name, value in copy.HOME[locale.language_code].items():
        setattr(translation, name, _raw(value) if name == "body" else value)
    translation.save_revision().publish()
    return translation


def _translated_landing_page(
    landing: LandingPage, home: HomePage, *, kit: ShareKit, program
) -> LandingPage:
    translation = landing.get_translation_or_none(home.locale)
    if translation is not None:
        return translation.specific
    words = copy.LANDING[home.locale.language_code]
    translation = landing.copy_for_translation(home.locale)
    translation.title = words["title"]
    translation.slug = words["slug"]
    translation.search_description = words["search_description"]
    translation.body = _raw(words["body"], club=_club_id())
    translation.reward_program = program
    translation.share_kits = [LandingPageShareKit(kit=kit)]
    translation.save_revision().publish()
    return translation


def _give_share_image(page: LandingPage) -> None:
    """A share card drawn from the page's title, unless it has a picture."""
    if page.share_image_id is None:
        page.share_image = _share_card(page.title)
        page.save_revision().publish()


def _default_share_image(site: Site) -> None:
    """What pages without a picture of their own show when shared."""
    sharing, _ = SharingSettings.objects.get_or_create(site=site)
    if sharing.default_share_image_id is None:
        sharing.default_share_image = _share_card(copy.DEFAULT_SHARE_TITLE)
        sharing.save()


def _share_card(title: str):
    """The image of `title`'s share card, made once (looked up by title)."""
    image_model = get_image_model()
    image = image_model.objects.filter(title=title).first()
    if image is None:
        png = share_card_png(title, site_name=settings.WAGTAIL_SITE_NAME)
        slug = "".join(c if c.isalnum() else "-" for c in title.lower())[:60]
        image = image_model.objects.create(
            title=title, file=ImageFile(BytesIO(png), name=f"share-{slug}.png")
        )
    return image


def _club_id() -> int | None:
    return Club.objects.filter(slug=CLUB).values_list("pk", flat=True).first()


def editors_run_the_referral_program() -> Group:
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    for app_label, codenames in EDITOR_PERMISSIONS.items():
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
        )
    return group
