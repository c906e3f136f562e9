"""Dates, times and numbers in each language's own way (issue 14): day and
month names, the locale's clock, the Russian genitive ("5 января"), and
decimal commas, all from CLDR, never an English pattern with names swapped.

The meeting: Tuesday 5 January 2027 at 07:30 in Madrid, for 90 minutes."""

import html
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from clubs.dates import format_meeting_time
from clubs.models import Referral, Registration
from clubs.services.referrals import referral_move
from clubs.templatetags.clubs_meetings import TITLE_LENGTH, meeting_title
from clubs.viewsets.listing import in_zone
from tests.builders import (
    make_club,
    make_member,
    make_registration,
    make_series,
)
from tests.clubs.referral_builders import give, logged_in

pytestmark = pytest.mark.django_db

# Each language's own full day and hours, checked once against Babel and
# read as a native reader would write them.
WHEN = {
    "en": "Tuesday, 5 January 2027, 07:30–09:00",
    "es": "martes, 5 de enero de 2027, 7:30–9:00",
    "id": "Selasa, 05 Januari 2027 07.30–09.00",
    "ru": "вторник, 5 января 2027\u202fг., 07:30—09:00",  # a narrow no-break space
}
MONTH_ON_A_TILE = {"en": "Jan", "es": "ene", "id": "Jan", "ru": "янв."}


@pytest.fixture
def meeting():
    club = make_club(name="Madrid Desayunos", slug="madrid", time_zone="Europe/Madrid")
    series = make_series(
        club, title="Desayuno de networking", first_date=date(2027, 1, 5)
    )
    return series.occurrences.order_by("start").first()


def in_language(language: str, name: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def meeting_page(client, occurrence, language: str) -> str:
    url = in_language(
        language,
        "occurrence_detail",
        slug=occurrence.series.club.slug,
        pk=occurrence.pk,
    )
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_the_meeting_starts_at_half_past_seven_in_madrid(meeting):
    assert meeting.start == datetime(2027, 1, 5, 6, 30, tzinfo=UTC)


@pytest.mark.parametrize("language", ["en", "es", "id", "ru"])
def test_the_meeting_page_writes_the_day_and_hours_the_readers_way(
    client, meeting, language
):
    page = meeting_page(client, meeting, language)

    assert WHEN[language] in page
    cover_month = re.search(r'class="meeting-cover__month">([^<]*)<', page)[1]
    assert cover_month == MONTH_ON_A_TILE[language]


def test_spanish_no_longer_reads_like_english_with_names_swapped(client, meeting):
    page = meeting_page(client, meeting, "es")

    assert "Martes 5 Enero" not in page
    assert "5 de enero de 2027" in page


def test_russian_puts_the_month_in_the_genitive(client, meeting):
    page = meeting_page(client, meeting, "ru")

    assert "5 января 2027" in page
    assert "Январь" not in page and "январь" not in page


def test_a_russian_confirmation_email_names_the_day_in_russian(
    client, meeting, django_capture_on_commit_callbacks
):
    url = in_language(
        "ru", "occurrence_register", slug=meeting.series.club.slug, pk=meeting.pk
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"name": "Ольга Петрова", "email": "olga@example.net"})

    assert Registration.objects.get().language == "ru"
    (email,) = mail.outbox
    assert WHEN["ru"] in email.body
    assert "January" not in email.body


@pytest.mark.parametrize("language", ["es", "ru"])
def test_the_member_homes_date_tile_uses_the_languages_month(client, meeting, language):
    member = make_member(meeting.series.club)
    make_registration(meeting, person=member)
    client.force_login(member)

    with translation.override(language):
        response = client.get(reverse("member_home"))

    page = html.unescape(response.content.decode())
    tile = re.search(r'class="date-tile__month">([^<]*)<', page)[1]
    assert tile == MONTH_ON_A_TILE[language]


def test_a_russian_referral_value_has_a_decimal_comma(client, club, giver, receiver):
    won = give(giver, club, receiver, prospect_name="Wendy Won")
    referral_move(
        referral=won,
        status=Referral.Status.WON,
        by=receiver,
        value=Decimal("1250.5"),
        currency="EUR",
    )

    url = in_language("ru", "referral_detail", pk=won.pk)
    page = html.unescape(logged_in(client, receiver).get(url).content.decode())

    assert "1\u00a0250,50 EUR" in page


@pytest.fixture
def receiver(receiver_with_business):
    return receiver_with_business


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "50%"), ("es", "50\u00a0%"), ("ru", "50\u00a0%")]
)
def test_a_percentage_is_written_the_languages_way(language, expected):
    with translation.override(language):
        rendered = Template("{% load clubs_dates %}{{ 50|percent }}").render(Context())

    assert rendered == expected


def test_the_timezone_filter_and_block_keep_their_wall_clock():
    """06:30 UTC is 15:30 in Tokyo, however the filter is reached."""
    moment = datetime(2027, 1, 5, 6, 30, tzinfo=UTC)
    template = Template(
        "{% load tz clubs_dates %}{{ moment|timezone:'Asia/Tokyo'|time_of_day }} "
        "{% timezone 'Asia/Tokyo' %}{{ moment|day_short_time }}{% endtimezone %}"
    )

    with translation.override("en"), timezone.override("Europe/Madrid"):
        rendered = template.render(Context({"moment": moment}))

    assert rendered == "15:30 5 Jan 2027, 15:30"


@pytest.mark.parametrize(
    ("language", "day"),
    [
        ("en", "Tue 5 Jan"),
        ("es", "mar, 5 ene"),
        ("id", "Sel, 5 Jan"),
        ("ru", "вт, 5 янв."),
    ],
)
def test_a_long_meeting_title_fits_sixty_characters_in_every_language(language, day):
    club = make_club(
        name="The Greater Madrid Chamber of Commerce Business Club",
        time_zone="Europe/Madrid",
    )
    series = make_series(
        club,
        title="Monthly networking breakfast with guest speakers and awards",
        first_date=date(2027, 1, 5),
    )
    occurrence = series.occurrences.order_by("start").first()

    with translation.override(language):
        title = meeting_title(occurrence, prefix="Asistencia")

    assert title.startswith(f"Asistencia · {day} · Monthly networking")
    assert len(title) <= TITLE_LENGTH


def test_a_meeting_past_midnight_names_both_days():
    start = datetime(2027, 1, 5, 22, 0, tzinfo=UTC)  # 23:00 in Madrid
    end = datetime(2027, 1, 6, 0, 30, tzinfo=UTC)
    madrid = ZoneInfo("Europe/Madrid")

    with translation.override("en"):
        when = format_meeting_time(start, end, "weekday_month", time_zone=madrid)

    assert when == "Tuesday 5 January, 23:00\u2009–\u2009Wednesday 6 January, 01:30"


def test_the_admins_columns_read_in_the_admins_language():
    moment = datetime(2026, 1, 6, 13, 30, tzinfo=UTC)

    with translation.override("ru"):
        russian = in_zone(moment, "America/Chicago")
    with translation.override("en"):
        english = in_zone(moment, "America/Chicago")

    assert russian == "вт, 6 янв. 2026\u202fг., 07:30 CST"
    assert english == "Tue, 6 Jan 2026, 07:30 CST"
