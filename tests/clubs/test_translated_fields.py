"""Hosts' translations of their clubs, series and agendas reach every reader
in their language (django-modeltranslation, clubs/translation.py), and
whatever is not translated reads as the English original."""

import html

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from clubs.models import AgendaTemplate, Club, Series
from clubs.services.agendas import agenda_from_template
from clubs.services.meetings import occurrence_cancel
from tests.builders import make_club, make_occurrence, make_series

pytestmark = pytest.mark.django_db


def in_language(language, name, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def meeting_page(client, occurrence, language) -> str:
    slug = occurrence.series.club.slug
    url = in_language(language, "occurrence_detail", slug=slug, pk=occurrence.pk)
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def russian_breakfast():
    occurrence = make_occurrence(
        club=make_club(name="Riverside Breakfast", name_ru="Завтрак у реки"),
        title="Networking breakfast",
    )
    Series.objects.filter(pk=occurrence.series_id).update(
        title_ru="Деловой завтрак", title_es="Desayuno de contactos"
    )
    occurrence.series.refresh_from_db()
    return occurrence


def test_the_russian_page_shows_the_russian_title_and_english_stays(client):
    occurrence = russian_breakfast()

    russian = meeting_page(client, occurrence, "ru")
    english = meeting_page(client, occurrence, "en")

    assert "Деловой завтрак" in russian and "Завтрак у реки" in russian
    assert "Networking breakfast" not in russian
    assert "Networking breakfast" in english and "Riverside Breakfast" in english
    assert "Деловой завтрак" not in english


def test_a_missing_or_blank_translation_reads_as_the_original(client):
    occurrence = russian_breakfast()
    Series.objects.filter(pk=occurrence.series_id).update(title_ind="")

    indonesian = meeting_page(client, occurrence, "id")

    assert "Networking breakfast" in indonesian
    assert "Riverside Breakfast" in indonesian  # name_ind was never written


def test_the_russian_feed_names_the_meeting_in_russian(client):
    occurrence = russian_breakfast()
    slug = occurrence.series.club.slug

    def summaries(language):
        response = client.get(in_language(language, "club_calendar_feed", slug=slug))
        assert response.status_code == 200
        feed = Calendar.from_ical(response.content)
        return {str(event["SUMMARY"]) for event in feed.walk("VEVENT")}

    assert summaries("en") and all("Networking breakfast" in s for s in summaries("en"))
    assert all("Деловой завтрак" in s for s in summaries("ru"))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("language", "title"),
    [("ru", "Деловой завтрак"), ("es", "Desayuno de contactos")],
)
def test_a_guest_gets_the_title_in_their_language_by_email(client, language, title):
    occurrence = russian_breakfast()
    url = in_language(
        language,
        "occurrence_register",
        slug=occurrence.series.club.slug,
        pk=occurrence.pk,
    )

    client.post(url, {"name": "Lucía Pérez", "email": "lucia@example.net"})

    (email,) = mail.outbox
    assert title in email.subject
    assert title in email.body
    assert "Networking breakfast" not in email.subject + email.body
    (invitation,) = [
        Calendar.from_ical(content)
        for _name, content, mimetype in email.attachments
        if mimetype.startswith("text/calendar")
    ]
    (event,) = invitation.walk("VEVENT")
    assert title in str(event["SUMMARY"])


def test_created_while_browsing_in_spanish_the_original_is_what_was_typed(client):
    club = make_club()
    with translation.override("es"):
        series = make_series(club, title="Desayuno de los martes")

    series = Series.objects.get(pk=series.pk)
    assert series.title_en == "Desayuno de los martes"
    with translation.override("en"):
        assert series.title == "Desayuno de los martes"
    with translation.override("ru"):
        assert series.title == "Desayuno de los martes"


def test_lookups_and_ordering_by_name_still_work():
    make_club(name="Zeta Breakfast", name_es="Desayuno Zeta")
    make_club(name="Alpha Breakfast")

    assert list(Club.objects.values_list("name_en", flat=True)) == [
        "Alpha Breakfast",
        "Zeta Breakfast",
    ]
    assert Club.objects.filter(name="Alpha Breakfast").exists()


def test_a_cancellation_reason_is_written_as_the_original_in_any_language(client):
    occurrence = russian_breakfast()

    with translation.override("es"):
        occurrence_cancel(occurrence=occurrence, reason="The diner is closed.")

    occurrence.refresh_from_db()
    assert occurrence.cancel_reason_en == "The diner is closed."
    assert "The diner is closed." in meeting_page(client, occurrence, "en")


def test_an_agenda_from_a_template_brings_every_language(client):
    occurrence = russian_breakfast()
    template = AgendaTemplate(name="Breakfast", club=occurrence.series.club)
    template.items.add(
        template.items.model(
            kind="welcome", title="Welcome", title_es="Bienvenida", minutes=10
        )
    )
    template.save()

    agenda = agenda_from_template(occurrence=occurrence, template=template)

    (item,) = agenda.items.all()
    assert (item.title_en, item.title_es) == ("Welcome", "Bienvenida")


def test_translations_add_no_queries_to_the_directory(client):
    for n in range(3):
        make_occurrence(club=make_club(name=f"Club {n}"))
    url = in_language("es", "club_directory")

    def queries() -> int:
        cache.clear()  # the page cache would answer the second time
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    before = queries()
    Club.objects.update(name_es="Club traducido", description_es="Descripción")
    Series.objects.update(title_es="Desayuno")

    assert queries() == before
    cache.clear()
    assert "Club traducido" in client.get(url).content.decode()
