"""Share images: a page's own picture, else the site's default (Settings →
Sharing), at an absolute address with its size; and the cards the project
draws itself for the demo's landing pages."""

from io import BytesIO

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import Client
from PIL import Image
from wagtail.models import Site

from content.models import SharingSettings
from content.share_cards import share_card_png
from tests.builders import make_club
from tests.content.page_builders import make_image, make_landing_page

pytestmark = pytest.mark.django_db


def card(path: str) -> dict[str, str]:
    response = Client().get(path)
    assert response.status_code == 200
    head = BeautifulSoup(response.content.decode(), "html.parser").head
    tags = head.find_all("meta", attrs={"property": True}) + head.find_all(
        "meta", attrs={"name": True}
    )
    return {tag.get("property") or tag["name"]: tag["content"] for tag in tags}


@pytest.fixture
def site_default():
    image = make_image(title="Referral Clubs at breakfast", size=(1600, 1000))
    SharingSettings.objects.create(
        site=Site.objects.get(is_default_site=True), default_share_image=image
    )
    return image


def test_without_a_default_a_page_without_a_picture_shares_a_plain_summary():
    make_club(slug="northside")

    tags = card("/clubs/northside/")

    assert "og:image" not in tags
    assert tags["twitter:card"] == "summary"


@pytest.mark.parametrize("path", ["/clubs/", "/clubs/northside/", "/masterminds/"])
def test_views_fall_back_to_the_site_s_default_image(site_default, path):
    make_club(slug="northside")

    tags = card(path)

    rendition = site_default.renditions.get(filter_spec="fill-1200x630")
    assert tags["og:image"] == settings.SITE_URL + rendition.url
    assert tags["og:image:width"] == "1200"
    assert tags["og:image:height"] == "630"
    assert tags["og:image:alt"] == "Referral Clubs at breakfast"
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["twitter:image"] == tags["og:image"]
    assert rendition.file.storage.exists(rendition.file.name)


def test_a_wagtail_page_without_a_picture_falls_back_too(site_default):
    page = make_landing_page(title="Bring a friend")

    tags = card(page.url)

    assert tags["og:image"].startswith(settings.SITE_URL + "/media/images/")
    assert tags["og:image:alt"] == "Referral Clubs at breakfast"


def test_a_page_s_own_picture_wins_over_the_default(site_default):
    page = make_landing_page(
        title="Bring a friend", share_image=make_image(title="Breakfast table")
    )

    tags = card(page.url)

    assert tags["og:image:alt"] == "Breakfast table"


def test_reading_the_default_never_writes():
    """Wagtail's `for_request` creates the settings row on a GET; ours reads."""
    make_club(slug="northside")

    card("/clubs/northside/")

    assert not SharingSettings.objects.exists()


def test_a_share_card_is_1200_by_630_with_the_brand_colour():
    png = share_card_png("Trae un invitado al desayuno", site_name="Referral Clubs")

    image = Image.open(BytesIO(png))
    assert image.format == "PNG"
    assert image.size == (1200, 630)
    assert image.getpixel((10, 10)) == (0x0B, 0x6E, 0x4F)  # --brand
    # The title is drawn: white pixels where the text goes.
    colours = {colour for _count, colour in image.getcolors(maxcolors=100_000)}
    assert (255, 255, 255) in colours


def test_editors_set_the_default_in_the_admin_s_settings(client, django_user_model):
    admin = django_user_model.objects.create_superuser(
        email="editor@example.com", password="x"
    )
    client.force_login(admin)
    image = make_image(title="Our breakfast table")
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/content/sharingsettings/{site.pk}/"

    assert client.get(url).status_code == 200
    response = client.post(url, {"default_share_image": image.pk})

    assert response.status_code == 302
    assert SharingSettings.objects.get(site=site).default_share_image == image
