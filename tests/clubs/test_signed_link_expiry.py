"""Manage and check-in links stop working a set time after their meeting
(SIGNED_LINK_DAYS_AFTER_MEETING), with a page that says so and sends a new
link, in the language the place was taken in."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from clubs.tokens import registration_check_in_token, registration_manage_token
from tests.builders import make_club, make_host, make_occurrence, make_registration

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _thirty_days(settings):
    settings.SIGNED_LINK_DAYS_AFTER_MEETING = 30


@pytest.fixture
def club():
    return make_club(name="Sunrise Breakfast", slug="sunrise")


@pytest.fixture
def occurrence(club):
    return make_occurrence(club)


@pytest.fixture
def place(occurrence):
    return make_registration(
        occurrence, name="Gus Guest", email="gus@example.com", language="es"
    )


def manage_url(place) -> str:
    return reverse(
        "registration_manage", kwargs={"token": registration_manage_token(place)}
    )


def after_the_meeting(time_machine, occurrence, days: int):
    time_machine.move_to(occurrence.end + timedelta(days=days), tick=False)


def test_a_manage_link_works_until_thirty_days_after_the_meeting(
    client, place, occurrence, time_machine
):
    url = manage_url(place)
    after_the_meeting(time_machine, occurrence, 29)

    assert client.get(url).status_code == 200


def test_an_old_manage_link_says_it_expired_in_the_guests_language(
    client, place, occurrence, time_machine
):
    url = manage_url(place)
    after_the_meeting(time_machine, occurrence, 31)

    for path in (url, url + "receipt/", url + "cancel/"):
        response = client.get(path)

        assert response.status_code == 410, path
        page = response.text
        assert "Este enlace ha caducado" in page
        assert '<html lang="es">' in page
        assert "Enviarme un enlace nuevo" in page
        assert "gus@example.com" not in page  # the holder is not told whose
        assert "private" in response["Cache-Control"]
    assert client.post(url + "restore/").status_code == 410
    assert client.post(url + "pay/").status_code == 410


def test_the_expired_page_sends_a_new_link_that_works(
    client, place, occurrence, time_machine, committed
):
    old = manage_url(place)
    after_the_meeting(time_machine, occurrence, 31)
    page = client.get(old).text
    action = re.search(r'<form method="post" action="([^"]+)"', page)[1]

    with committed():
        client.post(action, {"email": "gus@example.com"})

    [email] = mail.outbox
    fresh = re.search(r"/registrations/[^/\s\"]+/", email.body)[0]
    assert fresh != old
    assert client.get(fresh).status_code == 200
    # ... for thirty days from when it was sent
    after_the_meeting(time_machine, occurrence, 62)
    assert client.get(fresh).status_code == 410


def test_a_moved_meeting_moves_the_date_its_links_expire(
    client, place, occurrence, time_machine
):
    url = manage_url(place)
    type(occurrence).objects.filter(pk=occurrence.pk).update(
        start=occurrence.start + timedelta(days=20),
        end=occurrence.end + timedelta(days=20),
    )
    after_the_meeting(time_machine, occurrence, 40)

    assert client.get(url).status_code == 200


def test_a_forged_link_is_still_not_found(client, place):
    assert client.get(manage_url(place)[:-4] + "xx/").status_code == 404


def test_an_old_check_in_code_tells_the_host_it_expired(
    client, club, place, occurrence, time_machine
):
    host = make_host(club)
    client.force_login(host)
    url = reverse(
        "registration_check_in", kwargs={"token": registration_check_in_token(place)}
    )
    assert client.get(url).status_code == 200
    after_the_meeting(time_machine, occurrence, 31)
    client.force_login(host)  # the session from a month ago has lapsed

    response = client.get(url)

    assert response.status_code == 410
    assert (
        "Los códigos de entrada dejan de funcionar 30 días después de su reunión."
        in response.text
    )
