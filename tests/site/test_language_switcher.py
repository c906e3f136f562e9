"""The language switcher keeps the person on the page they are reading, in
all four languages, and the header and footer keep them in their language."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from clubs.models import Club
from tests.builders import (
    make_club,
    make_host,
    make_member,
    make_occurrence,
    make_referral,
)
from tests.content.page_builders import (
    home_page,
    make_article,
    make_article_index,
    translate,
)
from tests.masterminds.builders import make_group

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "es", "id", "ru"]


def switcher(html: str) -> dict[str, str]:
    """The switcher's links by language: {"ru": "/ru/clubs/", ...}."""
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group()
    links = re.findall(r'<a href="([^"]*)" lang="(\w+)" hreflang="(\w+)"', nav)
    assert all(lang == hreflang for _url, lang, hreflang in links)
    return {lang: url.replace("&amp;", "&") for url, lang, _hreflang in links}


def in_language(language, name, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def assert_same_page_in_every_language(client, name, **kwargs):
    for reading in ("ru", "id"):
        response = client.get(in_language(reading, name, **kwargs))
        assert response.status_code == 200, (name, reading)
        links = switcher(response.content.decode())
        expected = {lang: in_language(lang, name, **kwargs) for lang in LANGUAGES}
        assert links == expected, name


def test_the_four_languages_are_named_in_their_own_language(client):
    html = client.get("/ru/clubs/").content.decode()
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group()

    names = re.findall(r'lang="(\w+)" hreflang="\w+"[^>]*>([^<]+)</a>', nav)
    assert names == [
        ("en", "English"),
        ("es", "Español"),
        ("id", "Bahasa Indonesia"),
        ("ru", "Русский"),
    ]
    assert 'lang="ru" hreflang="ru" aria-current="true"' in nav


def test_public_pages_switch_to_themselves(client):
    club = make_club(slug="northside", visibility=Club.Visibility.PUBLIC)
    occurrence = make_occurrence(club=club)
    group = make_group()

    assert_same_page_in_every_language(client, "club_directory")
    assert_same_page_in_every_language(client, "club_detail", slug="northside")
    assert_same_page_in_every_language(
        client, "occurrence_detail", slug="northside", pk=occurrence.pk
    )
    assert_same_page_in_every_language(client, "mastermind_list")
    assert_same_page_in_every_language(
        client, "mastermind_detail", slug=group.club.slug
    )


def test_a_query_string_survives_the_switch(client):
    make_club(slug="northside", visibility=Club.Visibility.PUBLIC)

    html = client.get("/ru/clubs/?q=north&page=1").content.decode()

    assert switcher(html)["id"] == "/id/clubs/?q=north&page=1"
    assert switcher(html)["en"] == "/clubs/?q=north&page=1"


def test_member_and_host_pages_switch_to_themselves(client):
    club = make_club(slug="northside")
    host = make_host(club)
    giver = make_member(club)
    referral = make_referral(giver=giver, club=club, receiver=host)
    client.force_login(host)

    for name in ["member_home", "my_meetings", "profile_edit", "my_referrals"]:
        assert_same_page_in_every_language(client, name)
    assert_same_page_in_every_language(client, "referral_detail", pk=referral.pk)
    assert_same_page_in_every_language(
        client, "club_referrals_report", slug="northside"
    )
    assert_same_page_in_every_language(client, "my_share_links")


def test_a_wagtail_page_switches_to_its_translation_or_that_language_s_home(client):
    """Where a page has no translation in a language, the switcher offers that
    language's home page rather than an address that does not exist."""
    home = home_page()
    ru = Locale.objects.get_or_create(language_code="ru")[0]
    translate(home, ru, title="Главная", hero_heading="Клиенты приходят")
    index = make_article_index(title="Guides", slug="guides")
    article = make_article(index, title="Follow up", slug="follow-up")
    ru_article = translate(article, ru, title="Перезвоните", slug="perezvonite")

    links = switcher(client.get(ru_article.url).content.decode())

    assert links["en"] == "/guides/follow-up/"
    assert links["ru"] == ru_article.url == "/ru/guides/perezvonite/"
    assert links["id"] == "/id/"
    assert links["es"] == "/es/"


@pytest.mark.parametrize("language,home", [("en", "/"), ("ru", "/ru/"), ("id", "/id/")])
def test_the_brand_and_home_links_keep_the_language(client, language, home):
    html = client.get(in_language(language, "club_directory")).content.decode()

    assert re.search(rf'class="site-header__brand" href="{home}"', html)
    footer = re.search(r'<footer class="site-footer">.*?</footer>', html, re.S).group()
    assert f'href="{home}"' in footer
