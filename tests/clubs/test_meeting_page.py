"""The meeting page as people compare it with Meetup or Luma: its picture,
who's going, where and until when, the add-to-calendar button (there and on
the confirmation), a cancelled meeting that offers nothing, a way out of
"already has a place", and titles short enough for a browser tab."""

import html
import io
import json
import re
from datetime import UTC, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as Picture
from wagtail.images import get_image_model

from clubs.calendar import outlook_calendar_url
from clubs.links import registration_manage_url
from clubs.services.meetings import occurrence_cancel
from clubs.services.registrations import registration_cancel
from tests.builders import (
    make_club,
    make_member,
    make_membership,
    make_occurrence,
    make_registration,
    make_series,
    make_user,
)

pytestmark = pytest.mark.django_db


def page_url(occurrence, name="occurrence_detail"):
    return reverse(
        name, kwargs={"slug": occurrence.series.club.slug, "pk": occurrence.pk}
    )


def text(response) -> str:
    return html.unescape(response.content.decode())


def title(response) -> str:
    return html.unescape(re.search(r"<title>(.*?)</title>", text(response), re.S)[1])


def going(page: str) -> str:
    """The "Who's going" section. (The form's "Who invited you?" list is
    another matter.)"""
    return page.split('aria-labelledby="going"')[1].split("</section>")[0]


def png(colour="#0b6e4f", size=(1200, 500)) -> bytes:
    out = io.BytesIO()
    Picture.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def wagtail_image(title, description):
    image = get_image_model()(title=title, description=description)
    image.file = ImageFile(io.BytesIO(png()), name=f"{title}.png")
    image.save()
    return image


@pytest.fixture
def breakfast():
    """Northside Breakfast on the first Tuesday at 7:30 for 90 minutes, with
    a venue, 30 seats and prices."""
    club = make_club(
        name="Northside Breakfast",
        slug="northside",
        venue_name="Lakeview Diner",
        venue_address="2412 N Clark St, Chicago, IL",
    )
    return make_occurrence(
        club, capacity=30, member_price=1500, guest_price=2500, currency="USD"
    )


# --- The picture ----------------------------------------------------------------


def test_the_series_cover_wins_over_the_clubs_with_its_alt_text(client, breakfast):
    club, series = breakfast.series.club, breakfast.series
    club.cover_image = wagtail_image("club", "Coffee cups on a diner table")
    club.save()
    series.cover_image = wagtail_image("series", "A breakfast buffet, seen from above")
    series.save()

    page = text(client.get(page_url(breakfast)))

    cover = re.search(r'<img [^>]*class="meeting-cover__image"[^>]*>', page)[0]
    assert 'alt="A breakfast buffet, seen from above"' in cover
    assert re.search(r'width="\d+"', cover) and re.search(r'height="\d+"', cover)
    assert "srcset=" in cover and "/media/images/" in cover


def test_the_clubs_cover_stands_in_and_without_one_a_plain_band(client, breakfast):
    bare = text(client.get(page_url(breakfast)))
    club = breakfast.series.club
    club.cover_image = wagtail_image("club", "Coffee cups on a diner table")
    club.save()

    covered = text(client.get(page_url(breakfast)))

    assert "meeting-cover--plain" in bare and "<img" not in bare.split("<h1")[0]
    assert 'alt="Coffee cups on a diner table"' in covered


# --- Who's going ------------------------------------------------------------------


def test_visitors_see_how_many_are_going_but_no_names(client, breakfast):
    make_registration(breakfast, name="Dana Whitlock", email="dana@example.net")
    make_registration(breakfast, make_member(breakfast.series.club, first_name="Ines"))
    stranger = make_user()

    anonymous = text(client.get(page_url(breakfast)))
    client.force_login(stranger)
    signed_in_stranger = text(client.get(page_url(breakfast)))

    for page in (anonymous, signed_in_stranger):
        assert "2 people are going" in going(page)
        assert "Dana" not in page
        assert "Ines" not in going(page) and "<li" not in going(page)


def test_members_see_faces_and_names_guests_by_first_name(client, breakfast):
    club = breakfast.series.club
    pictured = make_member(club, first_name="Ines", last_name="Ortega")
    pictured.photo = SimpleUploadedFile("ines.png", png(), content_type="image/png")
    pictured.save()
    make_registration(breakfast, pictured)
    make_registration(breakfast, name="Dana Whitlock", email="dana@example.net")
    make_registration(breakfast, make_member(club, first_name="Rob", last_name="Roe"))
    client.force_login(make_member(club))

    page = text(client.get(page_url(breakfast)))

    assert "3 people are going" in page
    assert "Ines Ortega" in page and f'src="{pictured.photo.url}"' in page
    assert ">RR</span>" in page  # initials for Rob, who has no photo
    assert "Dana" in page and "Whitlock" not in page  # a guest: first name only


def test_the_page_reads_the_same_number_of_queries_however_many_are_going(
    client, breakfast, django_assert_max_num_queries
):
    club = breakfast.series.club
    viewer = make_member(club)
    client.force_login(viewer)
    make_registration(breakfast, make_member(club))
    with django_assert_max_num_queries(100) as few:
        client.get(page_url(breakfast))
    for _ in range(12):
        make_registration(breakfast, make_member(club))
    make_registration(breakfast, name="Dana Whitlock", email="dana@example.net")

    with django_assert_max_num_queries(len(few.captured_queries)):
        page = text(client.get(page_url(breakfast)))

    assert "14 people are going" in page


# --- Where, until when, and at what price ------------------------------------------


def test_the_page_gives_the_end_time_a_map_link_and_the_price(client, breakfast):
    page = text(client.get(page_url(breakfast)))

    assert "07:30" in page and "09:00" in page  # 90 minutes, in Chicago time
    map_link = re.search(r'href="(https://www\.openstreetmap\.org/search[^"]*)"', page)
    assert parse_qs(urlsplit(map_link[1]).query)["query"] == [
        "2412 N Clark St, Chicago, IL"
    ]
    assert "Members $15.00 · Guests $25.00" in page


# --- Add to calendar ----------------------------------------------------------------


def test_the_meeting_page_offers_ics_google_and_outlook(client, breakfast):
    page = text(client.get(page_url(breakfast)))

    assert re.search(
        rf'<a class="button[^"]*" href="{page_url(breakfast, "occurrence_ics")}"', page
    )
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in page
    assert html.unescape(outlook_calendar_url(breakfast)) in page


def test_the_outlook_link_carries_the_meeting_in_utc(breakfast):
    query = parse_qs(urlsplit(outlook_calendar_url(breakfast)).query)

    start = breakfast.start.astimezone(UTC)
    assert query["startdt"] == [start.strftime("%Y-%m-%dT%H:%M:%SZ")]
    assert query["subject"] == ["Northside Breakfast: Networking breakfast"]
    assert query["location"] == ["Lakeview Diner, 2412 N Clark St, Chicago, IL"]


def test_the_confirmation_shows_the_meeting_and_its_calendar_button(client, breakfast):
    response = client.post(
        page_url(breakfast, "occurrence_register"),
        {"name": "Dana Whitlock", "email": "dana@example.net"},
        follow=True,
    )

    page = text(response)
    ics = page_url(breakfast, "occurrence_ics")
    assert f'href="{ics}"' in page and "Add to calendar" in page
    assert "Lakeview Diner" in page and "openstreetmap.org/search" in page
    assert "07:30" in page and "09:00" in page and "America/Chicago" in page
    calendar = client.get(ics)
    assert calendar["Content-Type"].startswith("text/calendar")
    assert b"SUMMARY:Northside Breakfast: Networking breakfast" in calendar.content


def test_a_waitlisted_place_offers_no_calendar_button(client):
    occurrence = make_occurrence(capacity=1)
    make_registration(occurrence)

    client.post(
        page_url(occurrence, "occurrence_register"),
        {"name": "Dana Whitlock", "email": "dana@example.net"},
    )
    place = occurrence.registrations.get(email="dana@example.net")
    response = client.get(
        registration_manage_url(place).removeprefix(settings.SITE_URL)
    )

    assert "On the waitlist" in text(response)
    assert page_url(occurrence, "occurrence_ics") not in text(response)


# --- A cancelled meeting ---------------------------------------------------------


def test_a_cancelled_meeting_says_so_and_offers_no_actions(client, breakfast):
    host = make_user()
    make_membership(breakfast.series.club, host, role="organizer")
    occurrence_cancel(occurrence=breakfast, reason="The diner is closed for repairs")
    client.force_login(host)

    page = text(client.get(page_url(breakfast)))

    assert "This meeting is cancelled." in page
    assert "The diner is closed for repairs" in page
    assert "of 30 left" not in page
    assert page_url(breakfast, "occurrence_ics") not in page
    assert "Add to calendar" not in page
    assert page_url(breakfast, "occurrence_register") not in page
    assert "Take attendance" not in page
    assert "Registration is closed." in page


def test_a_visitor_gets_no_registration_form_on_a_cancelled_meeting(client, breakfast):
    occurrence_cancel(occurrence=breakfast, reason="Snow")

    page = text(client.get(page_url(breakfast)))

    assert "<form" not in page.split('id="register"')[1].split("</section>")[0]


# --- "Send me my link again" -----------------------------------------------------


def resend(client, occurrence, email, committed):
    with committed():
        return client.post(
            page_url(occurrence, "registration_link_resend"), {"email": email}
        )


def test_the_page_after_registering_offers_to_send_the_link_again(client, breakfast):
    response = client.post(
        page_url(breakfast, "occurrence_register"),
        {"name": "Dana", "email": "dana@example.net"},
        follow=True,
    )

    page = text(response)
    resend_url = page_url(breakfast, "registration_link_resend")
    assert re.search(rf'<form method="post" action="{resend_url}"', page)
    assert "Send me my link again" in page


def test_the_link_goes_again_once_per_few_minutes(
    client, breakfast, mailoutbox, committed, time_machine
):
    time_machine.move_to(breakfast.start - timedelta(days=7), tick=False)
    place = make_registration(breakfast, name="Dana", email="dana@example.net")
    mailoutbox.clear()

    first = resend(client, breakfast, "Dana@Example.net", committed)
    second = resend(client, breakfast, "dana@example.net", committed)
    time_machine.shift(timedelta(minutes=6))
    later = resend(client, breakfast, "dana@example.net", committed)

    assert [first.status_code, second.status_code, later.status_code] == [302] * 3
    assert len(mailoutbox) == 2
    assert mailoutbox[0].to == ["dana@example.net"]
    token = reverse("registration_manage", kwargs={"token": "X"}).split("X")[0]
    assert token in mailoutbox[0].body
    assert place.occurrence.series.title in mailoutbox[0].subject + mailoutbox[0].body


def test_the_answer_is_the_same_for_an_address_without_a_place(
    client, breakfast, mailoutbox, committed
):
    cancelled = make_registration(breakfast, name="Ann", email="ann@example.net")
    registration_cancel(registration=cancelled)
    make_registration(breakfast, name="Dana", email="dana@example.net")
    mailoutbox.clear()

    answers = []
    for email in ["nobody@example.net", "ann@example.net", "dana@example.net"]:
        response = resend(client, breakfast, email, committed)
        answers.append(
            text(client.get(response.url))
            .replace(email, "EMAIL")
            .count("If EMAIL has a place at this meeting")
        )

    assert answers == [1, 1, 1]
    assert [message.to for message in mailoutbox] == [["dana@example.net"]]


def test_a_bad_address_is_refused_beside_the_field(client, breakfast, mailoutbox):
    response = client.post(
        page_url(breakfast, "registration_link_resend"), {"email": "dana-at-example"}
    )

    assert response.status_code == 400
    assert "valid email" in str(response.context["resend_form"].errors["email"])
    assert not mailoutbox


def test_a_members_only_meeting_sends_no_link_to_strangers(client):
    club = make_club(visibility="members")
    occurrence = make_occurrence(club)

    response = client.post(
        page_url(occurrence, "registration_link_resend"), {"email": "a@example.net"}
    )

    assert response.status_code == 404


# --- Titles -----------------------------------------------------------------------


def test_meeting_and_door_titles_fit_sixty_characters(client):
    club = make_club(name="The Greater Northside Chamber of Commerce Business Club")
    occurrence = make_series(
        club, title="Monthly networking breakfast with guest speakers and awards"
    ).occurrences.order_by("start")[0]
    host = make_user()
    make_membership(club, host, role="organizer")
    client.force_login(host)

    meeting = title(client.get(page_url(occurrence)))
    door = title(client.get(page_url(occurrence, "occurrence_attendance")))

    local = occurrence.start.astimezone(ZoneInfo("America/Chicago"))
    day = local.strftime("%a %-d %b")
    assert meeting.startswith(f"{day} · Monthly networking") and len(meeting) <= 60
    assert door.startswith(f"Attendance · {day}") and len(door) <= 60


def test_a_short_title_names_the_series_and_the_club(client, breakfast):
    meeting = title(client.get(page_url(breakfast)))

    assert meeting.endswith(" · Networking breakfast · Northside Breakfast")


# --- Faces at the door ------------------------------------------------------------


def test_the_door_sheet_shows_faces(client, breakfast):
    club = breakfast.series.club
    host = make_user()
    make_membership(club, host, role="organizer")
    pictured = make_member(club, first_name="Ines")
    pictured.photo = SimpleUploadedFile("ines.png", png(), content_type="image/png")
    pictured.save()
    make_registration(breakfast, pictured)
    make_registration(breakfast, name="Dana Whitlock", email="dana@example.net")
    client.force_login(host)

    page = text(client.get(page_url(breakfast, "occurrence_attendance")))

    assert f'src="{pictured.photo.url}"' in page
    assert ">DW</span>" in page


def test_a_shared_meeting_shows_its_cover_to_social_networks_and_search(
    client, breakfast
):
    series = breakfast.series
    series.cover_image = wagtail_image("series", "A breakfast buffet, seen from above")
    series.save()

    page = text(client.get(page_url(breakfast)))

    og_image = re.search(r'<meta property="og:image" content="([^"]+)">', page)[1]
    assert og_image.startswith("http") and "/media/images/" in og_image
    # A 1200×630 crop, as far as the picture goes (Wagtail never upscales).
    width = int(re.search(r'<meta property="og:image:width" content="(\d+)">', page)[1])
    height = int(
        re.search(r'<meta property="og:image:height" content="(\d+)">', page)[1]
    )
    assert abs(width / height - 1200 / 630) < 0.01
    json_ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', page)
    assert json.loads(json_ld[1])["image"] == [og_image]
