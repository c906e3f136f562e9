"""What search engines and social networks read on the site's own views (not
Wagtail pages): the club directory and club pages, meeting pages, the
mastermind list, group and training pages, and the sign-in and sign-up
pages each carry a description, a canonical address, hreflang alternates
for every language, and an Open Graph / Twitter card."""

from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import Client
from django.utils import timezone

from clubs.models import Club
from masterminds.models import MastermindGroup
from tests.builders import make_club, make_occurrence
from tests.masterminds.builders import make_group

pytestmark = pytest.mark.django_db


def head_of(path: str) -> BeautifulSoup:
    response = Client().get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.content.decode(), "html.parser").head


def meta(head, key: str) -> list[str]:
    found = head.find_all("meta", attrs={"property": key}) or head.find_all(
        "meta", attrs={"name": key}
    )
    return [tag["content"] for tag in found]


def alternates(head) -> dict[str, str]:
    return {
        link["hreflang"]: link["href"]
        for link in head.find_all("link", rel="alternate", hreflang=True)
    }


def canonical(head) -> str:
    [link] = head.find_all("link", rel="canonical")
    return link["href"]


@pytest.fixture
def public_pages() -> dict[str, str]:
    """One path of each kind of public view, in English."""
    club = make_club(
        name="Northside Breakfast",
        slug="northside",
        description="Business owners at breakfast, once a month.",
    )
    meeting = make_occurrence(club, title="Networking breakfast")
    group = make_group(training=True)
    slug = group.club.slug
    return {
        "club directory": "/clubs/",
        "club": "/clubs/northside/",
        "meeting": f"/clubs/northside/meetings/{meeting.pk}/",
        "mastermind list": "/masterminds/",
        "mastermind": f"/masterminds/{slug}/",
        "training": f"/masterminds/{slug}/training/",
        "sign in": "/accounts/login/",
        "sign up": "/accounts/signup/",
    }


KINDS = [
    "club directory",
    "club",
    "meeting",
    "mastermind list",
    "mastermind",
    "training",
    "sign in",
    "sign up",
]


@pytest.mark.parametrize("kind", KINDS)
def test_every_public_view_names_itself_for_search_and_sharing(public_pages, kind):
    path = public_pages[kind]
    site = settings.SITE_URL

    head = head_of(path)

    [description] = meta(head, "description")
    assert len(description) > 40
    assert canonical(head) == site + path
    assert alternates(head) == {
        "en": site + path,
        "es": site + "/es" + path,
        "id": site + "/id" + path,
        "ru": site + "/ru" + path,
        "x-default": site + path,
    }
    assert meta(head, "og:url") == [site + path]
    assert meta(head, "og:description") == [description]
    assert meta(head, "twitter:description") == [description]
    [title] = meta(head, "og:title")
    assert title and meta(head, "twitter:title") == [title]
    assert meta(head, "og:locale") == ["en_US"]
    assert meta(head, "og:locale:alternate") == ["es_ES", "id_ID", "ru_RU"]
    assert meta(head, "og:site_name") == [settings.WAGTAIL_SITE_NAME]


OG_LOCALES = {"en": "en_US", "es": "es_ES", "id": "id_ID", "ru": "ru_RU"}


@pytest.mark.parametrize("language", ["es", "id", "ru"])
@pytest.mark.parametrize("kind", ["club", "meeting", "sign up"])
def test_each_language_s_version_is_its_own_canonical_page(
    public_pages, kind, language
):
    path = public_pages[kind]
    site = settings.SITE_URL

    head = head_of(f"/{language}" + path)

    assert canonical(head) == site + f"/{language}" + path
    assert alternates(head)["en"] == site + path
    assert alternates(head)["x-default"] == site + path
    assert meta(head, "og:locale") == [OG_LOCALES[language]]
    others = [og for code, og in OG_LOCALES.items() if code != language]
    assert meta(head, "og:locale:alternate") == others


def test_the_pages_describe_what_is_on_them():
    club = make_club(
        name="Northside Breakfast",
        slug="northside",
        description="Business owners at breakfast, once a month.",
    )
    meeting = make_occurrence(club, title="Networking breakfast")
    make_club(name="Quiet Club", slug="quiet")

    club_head = head_of("/clubs/northside/")
    meeting_head = head_of(f"/clubs/northside/meetings/{meeting.pk}/")
    quiet_head = head_of("/clubs/quiet/")

    assert meta(club_head, "og:title") == ["Northside Breakfast"]
    assert meta(club_head, "description") == [
        "Business owners at breakfast, once a month."
    ]
    local = timezone.localtime(meeting.start, ZoneInfo(meeting.series.time_zone))
    [title] = meta(meeting_head, "og:title")
    assert title == (
        f"Networking breakfast, {local.day} {local:%B %Y} · Northside Breakfast"
    )
    [description] = meta(meeting_head, "description")
    assert f"{local:%H:%M}" in description and "America/Chicago" in description
    # A club without a description still says what the page is for.
    assert "Quiet Club" in meta(quiet_head, "description")[0]


def test_a_new_language_needs_no_template_change(public_pages, settings):
    settings.LANGUAGES = [*settings.LANGUAGES, ("fr", "French")]

    head = head_of("/clubs/northside/")

    assert alternates(head)["fr"] == settings.SITE_URL + "/fr/clubs/northside/"
    assert "fr_FR" in meta(head, "og:locale:alternate")


def test_members_pages_are_left_alone(client, django_user_model):
    """A member's own pages carry no canonical or hreflang: they are nobody's
    search result (robots.txt keeps crawlers out of /accounts/ anyway)."""
    person = django_user_model.objects.create_user(email="ana@example.com")
    client.force_login(person)

    html = client.get("/accounts/meetings/").content.decode()

    assert 'rel="canonical"' not in html
    assert "hreflang=" not in html.split("</head>")[0]


def test_a_members_only_club_s_mastermind_is_not_a_club(public_pages):
    """The group's own club (members-only) has no public club page."""
    group = MastermindGroup.objects.get()
    assert group.club.visibility == Club.Visibility.MEMBERS
    assert Client().get(f"/clubs/{group.club.slug}/").status_code == 404


def test_a_meeting_shown_again_with_a_guest_s_mistakes_keeps_its_canonical(
    public_pages,
):
    path = public_pages["meeting"]

    response = Client().post(path + "register/", {"name": "", "email": "nope"})

    assert response.status_code == 400
    head = BeautifulSoup(response.content.decode(), "html.parser").head
    assert canonical(head) == settings.SITE_URL + path
    assert alternates(head)["es"] == settings.SITE_URL + "/es" + path


def test_the_canonical_address_drops_what_a_visitor_s_link_added(public_pages):
    """Pages are cached for everyone: a shared link's query string never
    makes its way into the tags."""
    path = public_pages["club"]

    head = head_of(path + "?utm_source=whatsapp&ref=ABCDEFGH")

    assert canonical(head) == settings.SITE_URL + path
    assert "ABCDEFGH" not in str(head)
