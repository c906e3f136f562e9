"""Hosts translate in the admin: the original under its own label, each
language in a collapsed panel of its own, and the pages follow."""

import html

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from clubs.models import AgendaTemplate, Series
from tests.clubs.admin.test_admin_occurrences import edit
from tests.clubs.admin.test_admin_series import ZONE, create, series_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_before_2026")]


def test_the_series_form_saves_a_spanish_title_the_spanish_page_shows(
    host_client, club
):
    create(host_client, club)
    series = Series.objects.get()
    edit = reverse("club_series:edit", args=[series.pk])
    form = html.unescape(host_client.get(edit).content.decode())
    assert "Title (Español)" in form and "Title (Русский)" in form

    response = host_client.post(
        edit, series_data(title_es="Desayuno de contactos", **ZONE)
    )

    assert response.status_code == 302
    series.refresh_from_db()
    assert (series.title_en, series.title_es) == (
        "Networking breakfast",
        "Desayuno de contactos",
    )
    meeting = series.occurrences.order_by("start").first()
    with translation.override("es"):
        url = reverse("occurrence_detail", args=[club.slug, meeting.pk])
    spanish = html.unescape(host_client.get(url).content.decode())
    assert "Desayuno de contactos" in spanish
    with translation.override("en"):
        url = reverse("occurrence_detail", args=[club.slug, meeting.pk])
    assert "Desayuno de contactos" not in host_client.get(url).content.decode()


def test_a_host_browsing_the_admin_in_spanish_still_edits_the_original(
    host_client, host, club
):
    profile = UserProfile.get_for_user(host)
    profile.preferred_language = "es"
    profile.save()
    create(host_client, club, title_en="Networking breakfast")

    series = Series.objects.get()
    assert series.title_en == "Networking breakfast"
    assert not series.title_es  # nothing was written as a Spanish version


def test_agenda_template_items_carry_their_translations_inline(host_client, club):
    url = reverse("wagtailsnippets_clubs_agendatemplate:add")
    page = html.unescape(host_client.get(url).content.decode())
    assert "Name (Bahasa Indonesia)" in page
    data = {
        "name_en": "Breakfast",
        "name_ru": "Завтрак",
        "club": club.pk,
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "items-0-kind": "welcome",
        "items-0-title_en": "Welcome",
        "items-0-title_ru": "Приветствие",
        "items-0-minutes": "10",
        "items-0-ORDER": "1",
    }

    response = host_client.post(url, data)

    assert response.status_code == 302, response.context["form"].errors
    template = AgendaTemplate.objects.get()
    assert (template.name_en, template.name_ru) == ("Breakfast", "Завтрак")
    (item,) = template.items.all()
    assert (item.title_en, item.title_ru) == ("Welcome", "Приветствие")


def test_a_meetings_note_is_translated_and_calendars_hear_of_it(host_client, club):
    create(host_client, club)
    meeting = Series.objects.get().occurrences.order_by("start").first()

    response = edit(host_client, meeting, note="Park behind", note_ru="Парковка сзади")

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.note_en, meeting.note_ru) == ("Park behind", "Парковка сзади")
    assert meeting.sequence == 2  # the note, then its translation
    with translation.override("ru"):
        url = reverse("occurrence_detail", args=[club.slug, meeting.pk])
    assert "Парковка сзади" in host_client.get(url).content.decode()
