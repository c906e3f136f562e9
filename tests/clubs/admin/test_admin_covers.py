"""Hosts pick a meeting's picture in the admin: a Wagtail image on the club,
and one on a series that wins over it."""

import io
from datetime import date

import pytest
from django.core import mail
from django.core.files.images import ImageFile
from django.urls import reverse
from PIL import Image as Picture
from wagtail.images import get_image_model

from clubs.models import Series
from tests.builders import make_registration
from tests.clubs.admin.test_admin_prices import club_data
from tests.clubs.admin.test_admin_series import ZONE, create, series_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def image():
    out = io.BytesIO()
    Picture.new("RGB", (1200, 500), "#0b6e4f").save(out, "PNG")
    picture = get_image_model()(title="Diner", description="Coffee on a table")
    picture.file = ImageFile(io.BytesIO(out.getvalue()), name="diner.png")
    picture.save()
    return picture


def test_a_host_picks_the_clubs_cover_with_the_image_chooser(host_client, club, image):
    url = reverse("clubs:edit", args=[club.pk])

    form_page = host_client.get(url).content.decode()
    response = host_client.post(url, club_data(club, cover_image=image.pk))

    assert "Choose an image" in form_page  # Wagtail's chooser, not a <select>
    assert response.status_code == 302
    club.refresh_from_db()
    assert club.cover_image == image


def test_a_new_series_picture_tells_nobody_and_moves_nothing(
    host_client, club, image, committed, time_machine
):
    time_machine.move_to(date(2025, 12, 1))
    create(host_client, club)
    series = Series.objects.get()
    make_registration(series.occurrences.first(), email="ana@example.com", name="A")
    starts = list(series.occurrences.values_list("start", flat=True))
    mail.outbox.clear()

    with committed():
        response = host_client.post(
            reverse("club_series:edit", args=[series.pk]),
            series_data(cover_image=image.pk, **ZONE),
        )

    assert response.status_code == 302
    series.refresh_from_db()
    assert series.cover_image == image
    assert list(series.occurrences.values_list("start", flat=True)) == starts
    assert mail.outbox == []
