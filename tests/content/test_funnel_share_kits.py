"""Editors write share kits in the admin, in each language, under one
"Referral program" menu with the reward programs."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Locale

from clubs.selectors.clubs import EDITORS_GROUP
from content.demo.pages import editors_run_the_referral_program
from content.models import ShareKit
from tests.builders import make_user

pytestmark = pytest.mark.django_db
KIT = {
    "name": "Breakfast invitation",
    "email_subject": "Come to breakfast with me?",
    "email_body": "Pick a date: {link}\n\n{name}",
    "post_text": "Come to breakfast as my guest: {link}",
    "hashtags": "networking breakfast",
}


@pytest.fixture
def editor_client(client):
    editors_run_the_referral_program()
    editor = make_user(first_name="Edith")
    editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
    client.force_login(editor)
    return client


def test_an_editor_creates_a_share_kit(editor_client):
    add = reverse("wagtailsnippets_content_sharekit:add") + "?locale=en"

    response = editor_client.post(add, KIT)

    assert response.status_code == 302
    kit = ShareKit.objects.get(name="Breakfast invitation")
    assert kit.post_text == KIT["post_text"] and kit.locale.language_code == "en"


def test_both_snippets_sit_in_the_referral_program_menu(editor_client):
    html = editor_client.get("/admin/").content.decode()

    assert "Referral program" in html
    assert reverse("wagtailsnippets_content_sharekit:list") in html
    assert reverse("wagtailsnippets_clubs_rewardprogram:list") in html


def test_kits_are_listed_per_language_and_can_be_translated(editor_client):
    english = Locale.objects.get(language_code="en")
    spanish = Locale.objects.create(language_code="es")
    kit = ShareKit.objects.create(locale=english, **KIT)
    ShareKit.objects.create(locale=spanish, **{**KIT, "name": "Invitación al desayuno"})
    listing = reverse("wagtailsnippets_content_sharekit:list")

    html = editor_client.get(listing, {"locale": "es"}).content.decode()

    assert "Invitación al desayuno" in html
    assert "Breakfast invitation" not in html
    html = editor_client.get(listing, {"locale": "en"}).content.decode()
    translate = reverse(
        "simple_translation:submit_snippet_translation",
        args=["content", "sharekit", kit.pk],
    )
    assert translate in html
