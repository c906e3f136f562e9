"""A landing page in Spanish: Wagtail's translation of the page, Django's of
the interface, and a Spanish visitor's way to a meeting in Spanish."""

import re

import pytest
from django.test import Client
from wagtail.models import Locale

from clubs.models import Registration
from content.models import LandingPage
from tests.builders import make_club, make_series
from tests.content.page_builders import (
    hero_block,
    make_landing_page,
    make_reward_program,
    reward_terms_block,
    spanish,
    translate,
    upcoming_block,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages():
    club = make_club(slug="northside", venue_name="Café Luna")
    make_series(club, capacity=12)
    program = make_reward_program()
    english = make_landing_page(
        title="Bring a friend to breakfast",
        slug="bring-a-friend",
        body=[hero_block(), upcoming_block(club=club, count=1), reward_terms_block()],
        reward_program=program,
    )
    program_es = program.copy_for_translation(spanish())
    program_es.referrer_reward = "Un desayuno gratis en la próxima reunión"
    program_es.friend_reward = "Tu primer desayuno, invita la casa"
    program_es.save()
    es = translate(
        english,
        title="Trae a un amigo al desayuno",
        slug="trae-a-un-amigo",
        body=[
            hero_block("Conoce a empresarios de tu zona"),
            upcoming_block(club=club, count=1, heading="Ven a la próxima reunión"),
            reward_terms_block(),
        ],
    )
    return english, es


def test_the_spanish_locale_exists_and_both_pages_are_routable(pages):
    english, es = pages

    assert Locale.objects.filter(language_code="es").exists()
    assert es.locale.language_code == "es"
    assert es.translation_key == english.translation_key
    assert es.url == "/es/trae-a-un-amigo/"
    assert english.url == "/bring-a-friend/"
    for page in (english, es):
        response = Client().get(page.url)
        assert response.status_code == 200
        assert response.context["page"].pk == page.pk
        assert isinstance(response.context["page"], LandingPage)


def test_the_spanish_page_speaks_spanish(pages):
    _english, es = pages

    response = Client().get(es.url)

    body = response.content.decode()
    assert '<html lang="es">' in body
    assert response["Content-Language"] == "es"
    assert "Trae a un amigo al desayuno" in body
    assert "Conoce a empresarios de tu zona" in body
    # Interface strings from the templates, in Spanish:
    assert "Saltar al contenido" in body  # base.html
    assert "Iniciar sesión" in body  # header
    assert "Inicio" in body  # footer
    assert ">Inscribirme<" in body  # the meeting's register button
    assert "Quedan 12 plazas" in body
    assert "El miembro que te invita recibe" in body  # reward terms
    assert "asiste a su primera reunión" in body
    # The program's own wording, in its Spanish version:
    assert "Un desayuno gratis en la próxima reunión" in body
    assert "Skip to content" not in body
    assert ">Register<" not in body
    # Dates in Spanish too (a weekday and a month name).
    when = re.search(r'<time datetime="[^"]+">([^<]+)</time>', body).group(1)
    assert re.search(
        r"(lunes|martes|miércoles|jueves|viernes|sábado|domingo)", when, re.I
    )


def test_the_english_page_stays_english(pages):
    english, _es = pages

    body = Client().get(english.url).content.decode()

    assert '<html lang="en">' in body
    assert "Skip to content" in body
    assert "A free breakfast at the next meeting" in body


def test_a_spanish_visitor_registers_for_the_meeting_in_spanish(pages):
    _english, es = pages
    visitor = Client()
    landing = visitor.get(es.url).content.decode()
    register = re.search(
        r'href="(/es/clubs/northside/meetings/\d+/)#register"', landing
    )

    meeting = visitor.get(register.group(1))

    page = meeting.content.decode()
    assert '<html lang="es">' in page
    assert 'id="register"' in page
    assert "Tu nombre" in page and "Correo electrónico" in page
    assert "Inscribirme como invitado" in page
    action = re.search(r'<form method="post" action="([^"]+)"', page).group(1)

    # The test client skips the cross-site checks (tests/site/
    # test_page_cache_meetings.py has them); the guest form is cached, so it
    # carries no session's CSRF token.
    done = visitor.post(
        action, {"name": "Lucía", "email": "lucia@example.com"}, follow=True
    )

    assert done.status_code == 200
    confirmation = done.content.decode()
    assert '<html lang="es">' in confirmation
    assert "Revisa tu correo" in confirmation
    assert "Trae a un amigo" not in confirmation  # the meeting's page, not the landing
    # The place itself comes by email, in the language it was taken in.
    assert Registration.objects.get(name="Lucía").language == "es"
