"""The Wagtail admin speaks each host's language, and a language chosen on
either side (the member's profile, the admin's account page) holds on both."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from tests.builders import make_club, make_host

pytestmark = pytest.mark.django_db

RUSSIAN_DASHBOARD = "Панель управления"  # Wagtail's own Russian


def test_a_russian_host_sees_the_admin_in_russian(client):
    host = make_host(make_club(), language="ru")
    client.force_login(host)

    page = client.get("/admin/").content.decode()

    assert '<html lang="ru"' in page
    assert RUSSIAN_DASHBOARD in page


def test_an_english_host_still_sees_english(client):
    client.force_login(make_host(make_club(), language="en"))

    page = client.get("/admin/").content.decode()

    assert "Dashboard" in page and RUSSIAN_DASHBOARD not in page


def test_a_language_chosen_in_the_admin_wins_there(client):
    host = make_host(make_club(), language="ru")
    UserProfile.objects.create(user=host, preferred_language="es")
    client.force_login(host)

    page = client.get("/admin/").content.decode()

    assert '<html lang="es"' in page


def test_choosing_indonesian_in_the_admin_makes_it_the_site_language(client):
    host = make_host(make_club(), language="en")
    client.force_login(host)
    form = client.get("/admin/account/").context["panels_by_tab"]
    assert form  # the account page renders

    response = client.post(
        "/admin/account/",
        {
            "name_email-first_name": host.first_name,
            "name_email-last_name": host.last_name,
            "name_email-email": host.email,
            "locale-preferred_language": "id-id",
            "locale-current_time_zone": "",
            "theme-theme": "system",
            "theme-contrast": "system",
            "theme-density": "default",
            "theme-keyboard_shortcuts": "on",
        },
    )

    assert response.status_code == 302
    host.refresh_from_db()
    assert host.language == "id"
    assert '<html lang="id' in client.get("/admin/").content.decode()


def test_a_member_s_new_language_carries_into_an_admin_language_they_chose(client):
    host = make_host(make_club(), language="en", time_zone="Europe/Moscow")
    UserProfile.objects.create(user=host, preferred_language="en")
    client.force_login(host)

    response = client.post(
        "/ru/accounts/profile/",
        {
            "first_name": host.first_name,
            "last_name": host.last_name,
            "time_zone": "Europe/Moscow",
            "language": "ru",
        },
    )

    assert response.status_code == 302
    assert UserProfile.objects.get(user=host).preferred_language == "ru"
    assert RUSSIAN_DASHBOARD in client.get("/admin/").content.decode()


def test_links_the_admin_builds_in_indonesian_lead_to_the_site_s_indonesian_pages():
    """Wagtail runs its Indonesian as "id-id"; a link from the admin to a
    site page (the door sheet, a meeting) must still lead to /id/."""
    with translation.override("id-id"):
        path = reverse("club_directory")

    assert path == "/id/clubs/"
    assert Client().get(path).status_code == 200
