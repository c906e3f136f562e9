"""One meeting as a calendar entry: the .ics download and the Google link."""

from datetime import UTC, date, time, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import recurrence
import recurring_ical_events
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from clubs.calendar import (
    google_calendar_url,
    occurrence_description,
    occurrence_uid,
    webcal_url,
)
from clubs.models import Agenda, AgendaItem, Club, Occurrence, Series
from clubs.scheduling import instants_for_dates
from clubs.services.meetings import occurrence_cancel, occurrence_move
from tests.builders import make_club, make_membership, make_series, make_user, weekly

pytestmark = pytest.mark.django_db


def ics_url(occurrence) -> str:
    club = occurrence.series.club
    return reverse("occurrence_ics", kwargs={"slug": club.slug, "pk": occurrence.pk})


def test_the_download_is_for_that_date_not_the_first(client):
    series = make_series()
    third = series.occurrences.order_by("start")[2]

    response = client.get(ics_url(third))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.events
    assert event.start == third.start
    assert event.start.tzinfo.key == "America/Chicago"
    assert event.end == third.end
    assert str(event["UID"]) == occurrence_uid(third)
    assert "RRULE" not in event
    assert calendar.get_missing_tzids() == set()


def test_a_moved_meeting_downloads_at_its_new_time(client):
    occurrence = make_series().occurrences.order_by("start")[1]
    new_start = occurrence.start + timedelta(days=2, hours=1)
    occurrence_move(occurrence=occurrence, start=new_start)

    (event,) = Calendar.from_ical(client.get(ics_url(occurrence)).content).events

    assert event.start == new_start
    assert event["SEQUENCE"] == 1


def test_a_members_only_meeting_downloads_for_members_only(client):
    club = make_club(visibility=Club.Visibility.MEMBERS)
    occurrence = make_series(club).occurrences.first()
    assert client.get(ics_url(occurrence)).status_code == 404

    member = make_user()
    make_membership(club, member)
    client.force_login(member)
    response = client.get(ics_url(occurrence))

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_a_meeting_of_another_club_is_not_found(client):
    occurrence = make_series().occurrences.first()
    other = make_club()

    url = reverse("occurrence_ics", kwargs={"slug": other.slug, "pk": occurrence.pk})
    assert client.get(url).status_code == 404


def test_the_google_link_carries_the_meeting_in_utc_and_its_zone():
    occurrence = make_series(make_club(name="Loop Breakfast")).occurrences.first()
    occurrence_move(
        occurrence=occurrence,
        start=occurrence.start + timedelta(hours=1),
        venue_name="Cafe Ada",
    )
    occurrence.refresh_from_db()

    url = urlsplit(google_calendar_url(occurrence))
    query = {key: value for key, (value,) in parse_qs(url.query).items()}

    assert (url.scheme, url.netloc, url.path) == (
        "https",
        "calendar.google.com",
        "/calendar/render",
    )
    start = occurrence.start.astimezone(UTC)
    end = occurrence.end.astimezone(UTC)
    assert query["action"] == "TEMPLATE"
    assert query["dates"] == f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}"
    assert query["ctz"] == "America/Chicago"
    assert query["text"] == "Loop Breakfast: Networking breakfast"
    assert query["location"] == "Cafe Ada"
    assert f"/meetings/{occurrence.pk}/" in query["details"]


def test_webcal_swaps_only_the_scheme():
    assert webcal_url("https://clubs.example.com/calendar/abc.ics?x=1") == (
        "webcal://clubs.example.com/calendar/abc.ics?x=1"
    )


def test_the_add_to_calendar_links_are_real_links(client):
    occurrence = make_series().occurrences.first()

    html = render_to_string(
        "clubs/calendars/_add_to_calendar.html", {"occurrence": occurrence}
    )

    assert f'href="{ics_url(occurrence)}"' in html
    assert "Add to Google Calendar" in html
    google = reverse(
        "occurrence_google_calendar",
        kwargs={"slug": occurrence.series.club.slug, "pk": occurrence.pk},
    )
    assert f'href="{google}"' in html
    response = client.get(google)
    assert response.status_code == 302
    assert response.url == google_calendar_url(occurrence)


def test_the_add_to_calendar_include_links_google_directly_when_given(client):
    occurrence = make_series().occurrences.first()
    direct = google_calendar_url(occurrence)

    html = render_to_string(
        "clubs/calendars/_add_to_calendar.html",
        {"occurrence": occurrence, "google_calendar_url": direct},
    )

    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in html


def test_a_cancelled_meeting_offers_no_google_link():
    occurrence = make_series().occurrences.first()
    occurrence_cancel(occurrence=occurrence, reason="Snow")
    occurrence.refresh_from_db()

    html = render_to_string(
        "clubs/calendars/_add_to_calendar.html", {"occurrence": occurrence}
    )

    assert "Google" not in html
    assert ics_url(occurrence) in html


def test_the_alternate_link_points_calendar_apps_at_the_feed():
    html = render_to_string(
        "clubs/calendars/_alternate_link.html",
        {"feed_url": "/clubs/loop/calendar.ics", "feed_title": "Loop"},
    )

    assert html.strip() == (
        '<link rel="alternate" type="text/calendar" title="Loop: meetings calendar"'
        ' href="/clubs/loop/calendar.ics">'
    )


def test_the_description_still_looks_up_the_agenda_when_not_given(
    django_assert_num_queries,
):
    occurrence = Occurrence.objects.select_related("series__club").get(
        pk=make_series().occurrences.first().pk
    )
    agenda = Agenda.objects.create(occurrence=occurrence, intro="Bring cards.")
    AgendaItem.objects.create(agenda=agenda, kind="wins", title="Wins", minutes=10)

    with django_assert_num_queries(0):
        assert "Agenda" not in occurrence_description(occurrence, agenda=None)
    assert "07:30 Wins, 10 min" in occurrence_description(occurrence)


# --- Series rules beyond the plain RRULE ----------------------------------------


def starts_in_feed(client, club, until):
    body = client.get(reverse("club_calendar_feed", kwargs={"slug": club.slug}))
    calendar = Calendar.from_ical(body.content)
    events = recurring_ical_events.of(calendar).between(date(2000, 1, 1), until)
    return sorted(event.start.astimezone(UTC) for event in events)


def scheduled_starts(club):
    return sorted(
        Occurrence.objects.filter(
            series__club=club, status=Occurrence.Status.SCHEDULED
        ).values_list("start", flat=True)
    )


def test_extra_and_excluded_dates_and_exclusion_rules_agree_with_the_site(client):
    club = make_club()
    first = timezone.localdate() + timedelta(days=1)
    probe = Series(time_zone="America/Chicago", start_time=time(7, 30))
    rules = weekly()
    rules.rdates = instants_for_dates(probe, [first + timedelta(days=10)])
    rules.exdates = instants_for_dates(probe, [first + timedelta(days=21)])
    rules.exrules = [recurrence.Rule(recurrence.MONTHLY, bymonthday=[1, 2, 3])]
    make_series(club, recurrence=rules, first_date=first)

    until = timezone.localdate() + timedelta(days=300)
    assert starts_in_feed(client, club, until) == [
        start for start in scheduled_starts(club) if start.date() < until
    ]


def test_meetings_left_behind_by_a_rule_change_stay_in_the_feed(client):
    """Rows the new rule no longer gives (past meetings, in real life) are
    still meetings the club held, so the feed keeps them."""
    club = make_club()
    series = make_series(club, recurrence=weekly())
    series.recurrence = recurrence.Recurrence(
        rrules=[recurrence.Rule(recurrence.WEEKLY, interval=2)]
    )
    series.save()

    until = timezone.localdate() + timedelta(days=300)
    starts = starts_in_feed(client, club, until)
    assert starts == [s for s in scheduled_starts(club) if s.date() < until]
