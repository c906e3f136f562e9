"""The share panel a signed-in member sees on a landing page, and the share
buttons behind it: each opens its channel with the member's own link filled
in, and counts the share for that member."""

import re
from urllib.parse import quote

import pytest
import segno
from bs4 import BeautifulSoup
from django.conf import settings as django_settings
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.test import Client, RequestFactory
from django.urls import reverse
from wagtail.models import Locale

from content.models import LandingPageShareKit, LinkShare, ShareKit
from tests.builders import make_user
from tests.content.page_builders import make_bring_a_friend_page as make_landing_page

pytestmark = pytest.mark.django_db

SITE = "https://clubs.example.com"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def kit():
    return ShareKit.objects.create(
        name="Breakfast invitation",
        email_subject="Join me at {title}",
        email_body="Hi,\n\ncome with me: {link}\n\n{name}",
        post_text="Breakfast & referrals, 7:30 sharp!",
        hashtags="networking #referrals",
    )


@pytest.fixture
def page(kit):
    page = make_landing_page()
    LandingPageShareKit.objects.create(page=page, kit=kit)
    return page


def personal_link(member, page) -> str:
    return f"{SITE}/r/{member.referral_code}/{page.pk}/"


def render_panel(page, user=None, *, signed_in=True) -> BeautifulSoup:
    request = RequestFactory().get(page.url)
    if signed_in:
        request.COOKIES[django_settings.SESSION_COOKIE_NAME] = "session"
        request.user = user
    template = engines["django"].from_string(
        "{% load content_share %}{% share_panel page %}"
    )
    return BeautifulSoup(template.render({"page": page}, request), "html.parser")


def share_url(page, channel, kit=None) -> str:
    url = reverse("share_channel", kwargs={"page_id": page.pk, "channel": channel})
    return f"{url}?kit={kit.pk}" if kit else url


def test_a_member_sees_their_own_link_and_the_kit_filled_in(ana, page, kit):
    panel = render_panel(page, ana)

    link = personal_link(ana, page)
    assert panel.find("h2").get_text() == "Share this page"
    field = panel.find("input", id="share-link")
    assert field["value"] == link
    assert field.has_attr("readonly")
    assert panel.find("label", attrs={"for": "share-link"}).get_text() == (
        "Your personal link"
    )
    copy = panel.find("button", attrs={"data-share-copy": "share-link"})
    assert (copy["type"], copy.get_text()) == ("button", "Copy link")
    assert panel.find("h3", id="share-kit-1").get_text() == "Breakfast invitation"
    post = panel.find("textarea", id="share-post-1").get_text()
    assert post == f"Breakfast & referrals, 7:30 sharp! {link} #networking #referrals"
    email = panel.find("details", class_="share-kit__email").get_text(" ")
    assert "Join me at Bring a friend to breakfast" in email
    assert f"come with me: {link}" in email
    assert "Ana Lima" in email
    buttons = {
        a.get_text(" ", strip=True): a for a in panel.select(".share-channels a")
    }
    assert buttons["Email"]["href"] == share_url(page, "email", kit)
    assert not buttons["Email"].has_attr("target")
    for name, channel in [
        ("LinkedIn", "linkedin"),
        ("X", "x"),
        ("Facebook", "facebook"),
        ("WhatsApp", "whatsapp"),
    ]:
        button = buttons[f"{name} (opens in a new tab)"]
        assert button["href"] == share_url(page, channel, kit)
        assert (button["target"], button["rel"]) == ("_blank", ["noopener"])
    qr = panel.find("img")
    assert qr["src"] == f"/share/{page.pk}/qr.svg" and qr["alt"]
    assert panel.find("a", attrs={"download": True})["href"] == share_url(page, "qr")


def test_the_panel_has_no_inline_script_or_style(ana, page):
    panel = render_panel(page, ana)

    scripts = panel.find_all("script")
    assert [script["src"] for script in scripts] == ["/static/js/share.js"]
    assert all(not script.string for script in scripts)
    assert not panel.select("[style]")
    assert panel.find("section")["data-csrf-token"]


def test_anonymous_visitors_never_see_the_panel(page):
    # A page built for everyone never even reads the user: no `request.user`.
    assert render_panel(page, signed_in=False).get_text().strip() == ""
    assert render_panel(page, AnonymousUser()).get_text().strip() == ""


def test_without_a_kit_the_page_title_goes_with_the_link(ana, client):
    page = make_landing_page(slug="plain", title="Our breakfast club")
    panel = render_panel(page, ana)

    link = personal_link(ana, page)
    assert panel.find("h3", id="share-kit-1").get_text() == "Share it"
    assert panel.find("textarea").get_text() == f"Our breakfast club {link}"
    client.force_login(ana)
    response = client.get(share_url(page, "email"))
    assert response["Location"] == (
        "mailto:?subject=Our%20breakfast%20club&body=Our%20breakfast%20club"
        f"%0D%0A%0D%0A{quote(link, safe='')}%0D%0A%0D%0AAna%20Lima"
    )


def test_the_email_button_opens_the_kit_as_a_mail(client, ana, page, kit):
    client.force_login(ana)

    response = client.get(share_url(page, "email", kit))

    link = quote(personal_link(ana, page), safe="")
    assert response.status_code == 302
    assert response["Location"] == (
        "mailto:?subject=Join%20me%20at%20Bring%20a%20friend%20to%20breakfast"
        f"&body=Hi%2C%0D%0A%0D%0Acome%20with%20me%3A%20{link}%0D%0A%0D%0AAna%20Lima"
    )
    assert "no-store" in response["Cache-Control"]
    share = LinkShare.objects.get()
    assert (share.member, share.page_id, share.channel) == (ana, page.pk, "email")


def test_each_channel_opens_its_share_address(client, ana, page, kit):
    client.force_login(ana)
    link = quote(personal_link(ana, page), safe="")
    post = quote(
        f"Breakfast & referrals, 7:30 sharp! {personal_link(ana, page)} "
        "#networking #referrals",
        safe="",
    )
    expected = {
        "linkedin": f"https://www.linkedin.com/sharing/share-offsite/?url={link}",
        "x": f"https://x.com/intent/tweet?text={post}",
        "facebook": f"https://www.facebook.com/sharer/sharer.php?u={link}",
        "whatsapp": f"https://wa.me/?text={post}",
        "qr": f"/share/{page.pk}/qr.png",
    }

    for channel, url in expected.items():
        response = client.get(share_url(page, channel, kit))
        assert response.status_code == 302
        assert response["Location"] == url

    shares = LinkShare.objects.filter(member=ana, page=page)
    assert sorted(shares.values_list("channel", flat=True)) == sorted(expected)


def test_a_share_button_shares_the_member_s_own_link(client, ana, page, kit):
    ben = make_user()
    client.force_login(ben)

    response = client.get(share_url(page, "whatsapp", kit))

    assert ben.referral_code in response["Location"]
    assert ana.referral_code not in response["Location"]
    assert LinkShare.objects.get().member == ben


def test_share_buttons_refuse_what_does_not_exist(client, ana, page, kit):
    client.force_login(ana)
    draft = make_landing_page(slug="draft", live=False)
    other_kit = ShareKit.objects.create(
        name="Other", email_subject="s", email_body="b", post_text="p"
    )
    bad = [
        reverse("share_channel", kwargs={"page_id": page.pk, "channel": "myspace"}),
        reverse("share_channel", kwargs={"page_id": page.pk, "channel": "copy"}),
        share_url(draft, "email"),
        reverse("share_channel", kwargs={"page_id": page.pk + 99, "channel": "x"}),
        share_url(page, "email", other_kit),
        share_url(page, "email") + "?kit=abc",
        reverse("share_qr_svg", kwargs={"page_id": draft.pk}),
    ]

    for url in bad:
        assert client.get(url).status_code in (404, 405), url
    assert not LinkShare.objects.exists()


def test_anonymous_visitors_are_asked_to_sign_in(client, page, kit):
    for url in [
        share_url(page, "email", kit),
        reverse("share_qr_svg", kwargs={"page_id": page.pk}),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert client.post(reverse("share_copied", args=[page.pk])).status_code == 302
    assert not LinkShare.objects.exists()


def test_copying_is_counted_by_a_post_with_the_csrf_token(ana, page):
    client = Client(enforce_csrf_checks=True)
    client.force_login(ana)
    url = reverse("share_copied", kwargs={"page_id": page.pk})

    assert client.post(url).status_code == 403
    assert client.get(url).status_code == 405
    token = "a" * 32
    client.cookies[django_settings.CSRF_COOKIE_NAME] = token
    response = client.post(url, HTTP_X_CSRFTOKEN=token)

    assert response.status_code == 204
    share = LinkShare.objects.get()
    assert (share.member, share.channel) == (ana, "copy")


def qr_modules(svg: bytes) -> str:
    return re.search(rb' d="([^"]+)"', svg).group(1).decode()


def test_the_qr_code_carries_the_member_s_personal_link(client, ana, page):
    client.force_login(ana)

    response = client.get(reverse("share_qr_svg", kwargs={"page_id": page.pk}))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "no-store" in response["Cache-Control"]
    expected = segno.make(personal_link(ana, page), error="m").svg_inline()
    assert qr_modules(response.content) == qr_modules(expected.encode())
    assert not LinkShare.objects.exists()  # showing it is not sharing it


def test_the_printable_qr_code_downloads_as_png(client, ana, page):
    client.force_login(ana)

    response = client.get(reverse("share_qr_png", kwargs={"page_id": page.pk}))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == (
        'attachment; filename="qr-bring-a-friend.png"'
    )
    assert response.content.startswith(b"\x89PNG")


def test_a_translated_page_shares_the_kit_in_its_language(client, ana, page, kit):
    spanish = Locale.objects.create(language_code="es")
    kit_es = kit.copy_for_translation(spanish)
    kit_es.name = "Invitación"
    kit_es.email_subject = "Ven conmigo a {title}"
    kit_es.post_text = "¡Desayuno y referencias!"
    kit_es.save()
    page_es = page.copy_for_translation(spanish, copy_parents=True)
    page_es.title = "Trae a un amigo"
    page_es.save_revision().publish()

    panel = render_panel(page_es, ana)

    link = personal_link(ana, page_es)
    assert panel.find("h3", id="share-kit-1").get_text() == "Invitación"
    assert (
        panel.find("textarea").get_text().startswith(f"¡Desayuno y referencias! {link}")
    )
    client.force_login(ana)
    response = client.get(share_url(page_es, "email", kit_es))
    assert response["Location"].startswith(
        "mailto:?subject=Ven%20conmigo%20a%20Trae%20a%20un%20amigo&"
    )


def test_the_landing_page_shows_the_panel_to_the_signed_in_member_only(
    client, ana, page
):
    anonymous = client.get(page.url)
    client.force_login(ana)
    member = client.get(page.url)

    assert anonymous.status_code == member.status_code == 200
    assert "Share this page" not in anonymous.text
    assert "/r/" not in anonymous.text
    panel = BeautifulSoup(member.text, "html.parser").find(
        "section", attrs={"aria-labelledby": "share-panel-title"}
    )
    assert panel.find("input", id="share-link")["value"] == personal_link(ana, page)
