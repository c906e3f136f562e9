import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.images.models import Image
from wagtail.models import Locale, Page, Revision, Site

from clubs.demo.people import (
    DEMO_EDITOR,
    DEMO_HOST,
    DEMO_MEMBER,
    DEMO_PASSWORD,
)
from clubs.models import (
    AgendaTemplate,
    Attribution,
    Category,
    Registration,
    Reward,
    RewardProgram,
    Series,
    User,
)
from content.models import (
    LandingPage,
    LinkShare,
    LinkVisit,
    ShareKit,
    SharingSettings,
)
from masterminds.models import MastermindGroup

pytestmark = pytest.mark.django_db


def row_counts():
    models = [User, Category, Revision, Page, Registration, Attribution, Reward]
    models += [RewardProgram, ShareKit, LinkVisit, LinkShare, Image]
    return tuple(model.objects.count() for model in models)


def test_seed_demo_twice_gives_the_same_site(capsys):
    call_command("seed_demo")
    first = row_counts()
    call_command("seed_demo")

    assert row_counts() == first
    assert first[0] >= 5
    printed = capsys.readouterr().out
    assert DEMO_HOST.email in printed and DEMO_MEMBER.email in printed


def test_the_printed_logins_work_and_only_the_host_reaches_the_admin(client):
    call_command("seed_demo")

    assert client.login(email=DEMO_HOST.email, password=DEMO_PASSWORD)
    assert client.get("/admin/").status_code == 200
    client.logout()
    assert client.login(email=DEMO_MEMBER.email, password=DEMO_PASSWORD)
    assert client.get("/admin/").status_code == 302


def test_the_demo_editor_can_edit_the_home_page(client):
    call_command("seed_demo")
    home = Site.objects.get(is_default_site=True).root_page

    assert client.login(email=DEMO_EDITOR.email, password=DEMO_PASSWORD)
    response = client.get(f"/admin/pages/{home.pk}/edit/")

    assert response.status_code == 200
    assert "Grow your business" in response.content.decode()


def test_the_demo_home_page_invites_people_in(client):
    call_command("seed_demo")

    assert "Come as a guest" in client.get("/").content.decode()


def test_seed_demo_refuses_production(settings):
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_the_demo_referral_page_in_english_and_spanish(client):
    call_command("seed_demo")
    english = LandingPage.objects.get(locale__language_code="en")
    spanish = english.get_translation(Locale.objects.get(language_code="es"))

    page = client.get(english.url).content.decode()
    assert "Bring a guest to breakfast" in page
    assert "Come to the next breakfast" in page
    assert "A free breakfast at your next meeting" in page
    assert english.url == "/bring-a-guest/" and spanish.url.startswith("/es/")
    page = client.get(spanish.url).content.decode()
    assert "Trae un invitado al desayuno" in page
    assert "Un desayuno gratis en tu próxima reunión" in page
    assert "Cómo funciona un club" in client.get("/es/").content.decode()
    guides = client.get("/guides/").content.decode()
    assert "Follow up a referral within two days" in guides
    assert "Running a referral breakfast guests come back to" in guides


def test_the_demo_member_sees_what_their_links_brought(client):
    call_command("seed_demo")
    assert client.login(email=DEMO_MEMBER.email, password=DEMO_PASSWORD)

    page = client.get("/accounts/share-links/").content.decode()
    landing = client.get("/bring-a-guest/").content.decode()

    visits = re.search(r"<dt>Visits</dt><dd>(\d+)</dd>", page)
    assert visits and int(visits.group(1)) > 0
    assert "<dt>Attended</dt><dd>3</dd>" in page
    assert "<dt>Joined</dt><dd>1</dd>" in page
    assert "Noah Brooks" in page and "Lucía Ferreira" in page
    assert "Handed over on" in page and "To collect from the hosts" in page
    assert "Your personal link" in landing and "Breakfast invitation" in landing


def test_the_demo_host_has_rewards_to_hand_over(client):
    call_command("seed_demo")
    assert client.login(email=DEMO_HOST.email, password=DEMO_PASSWORD)

    ledger = client.get("/clubs/northside-breakfast/rewards/").content.decode()
    funnel = client.get("/admin/reports/landing-page-funnel/").content.decode()

    assert ledger.count(">Mark handed over</button>") == 5
    assert "Handed over on" in ledger
    assert "Bring a guest to breakfast" in funnel and "Marcus Bell" in funnel
    assert client.get("/admin/clubs/rewards/").status_code == 200


def test_the_demo_breakfast_has_an_agenda_template_to_start_from():
    call_command("seed_demo")

    template = AgendaTemplate.objects.get(name="Breakfast running order")
    assert template.items.count() >= 5


def test_the_demo_breakfast_and_mastermind_seat_are_paid_on_every_run():
    call_command("seed_demo")
    call_command("seed_demo")

    breakfast = Series.objects.get(
        club__slug="northside-breakfast", title="Networking breakfast"
    )
    prices = (breakfast.member_price, breakfast.guest_price, breakfast.currency)
    assert prices == (1500, 2500, "USD")
    group = MastermindGroup.objects.get()
    assert (group.seat_price, group.seat_interval) == (15000, "month")


def test_with_stripe_keys_the_demos_places_are_still_confirmed(stripe_fake, capsys):
    """The demo's members and guests hold their places as paid in person; only
    people who register themselves go through Checkout."""
    call_command("seed_demo")

    assert not Registration.objects.filter(status=Registration.Status.HELD).exists()
    assert stripe_fake.requests == []


def test_the_demo_landing_pages_and_the_site_have_share_images(client):
    """A demo link shared on LinkedIn or WhatsApp shows a picture: each
    landing page its own card, every other page the site's default."""
    call_command("seed_demo")

    for page in LandingPage.objects.live():
        image = page.share_image
        assert image is not None and image.title == page.title
        assert (image.width, image.height) == (1200, 630)
        html = client.get(page.url).content.decode()
        assert '<meta property="og:image:width" content="1200">' in html
    default = SharingSettings.objects.get().default_share_image
    assert (default.width, default.height) == (1200, 630)
    html = client.get("/clubs/").content.decode()
    assert default.get_rendition("fill-1200x630").url in html


def test_the_demo_editorial_pages_exist_in_all_four_languages(client):
    """Home, landing page, share kit and both guides are written in each
    language and linked as translations, so the switcher and hreflang find
    them; slugs are in the language's own words."""
    call_command("seed_demo")
    call_command("seed_demo")  # a second run makes no second copy
    english = LandingPage.objects.get(locale__language_code="en")
    expected = {
        "id": ("/id/ajak-tamu-sarapan/", "Ajak tamu ke sarapan", "Undangan sarapan"),
        "ru": (
            "/ru/privedite-gostya/",
            "Приведите гостя на завтрак",
            "Приглашение на завтрак",
        ),
    }
    for language, (url, title, kit) in expected.items():
        locale = Locale.objects.get(language_code=language)
        page = english.get_translation(locale)
        assert page.url == url and page.live
        html = client.get(url).content.decode()
        assert f'<html lang="{language}">' in html
        assert title in html
        assert page.share_kits.get().kit.name == kit
        assert page.share_kits.get().kit.locale == locale
    pages = Page.objects.filter(depth__gt=1)
    in_english = pages.filter(locale__language_code="en").count()
    for language in ("es", "id", "ru"):
        assert pages.filter(locale__language_code=language).count() == in_english
    for url in ("/es/guias/", "/id/panduan/", "/ru/sovety/"):
        assert client.get(url).status_code == 200
    ru_guides = client.get("/ru/sovety/").content.decode()
    assert "Откликнитесь на рекомендацию за два дня" in ru_guides
    assert "/ru/sovety/zavtrak-na-kotoryy-vozvrashchayutsya/" in ru_guides
    id_home = client.get("/id/").content.decode()
    assert "Cara kerja sebuah klub" in id_home
    assert "Как устроен клуб" in client.get("/ru/").content.decode()
    assert "Responde a una recomendación" in client.get("/es/guias/").content.decode()
