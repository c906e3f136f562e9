"""The host's list of meetings: what is coming first, plain columns in the
meeting's own clock, a visible "Cancel this meeting", and every edit coming
back to the page of the list the host was on."""

import re
from datetime import date, datetime
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from clubs.models import Occurrence
from tests.builders import make_club, make_registration, make_series, weekly
from tests.clubs.admin.test_admin_occurrences import edit_data

CHICAGO = ZoneInfo("America/Chicago")
TODAY = datetime(2026, 3, 18, 12, 0, tzinfo=CHICAGO)  # a Wednesday

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings(club, time_machine):
    """Weekly breakfasts on Tuesdays at 7:30, from 10 weeks ago to 15 ahead."""
    time_machine.move_to(TODAY, tick=False)
    series = make_series(
        club,
        recurrence=weekly(),
        first_date=date(2026, 1, 6),
        ends_on=date(2026, 6, 30),
        capacity=2,
    )
    return list(series.occurrences.order_by("start"))


def listed(client, query=""):
    response = client.get(reverse("club_meetings:index") + query)
    assert response.status_code == 200
    return response


def local_dates(response):
    return [o.start.astimezone(CHICAGO).date() for o in response.context["object_list"]]


def test_upcoming_meetings_come_first_soonest_first_then_the_past(
    host_client, meetings
):
    upcoming = [o for o in meetings if o.end >= timezone.now()]
    past = [o for o in meetings if o.end < timezone.now()]

    first_page = local_dates(listed(host_client))
    second_page = local_dates(listed(host_client, "?p=2"))

    assert first_page[:2] == [date(2026, 3, 24), date(2026, 3, 31)]
    expected = [o.start.astimezone(CHICAGO).date() for o in upcoming]
    expected += [o.start.astimezone(CHICAGO).date() for o in reversed(past)]
    assert first_page + second_page == expected[:40]
    listed_past = (first_page + second_page)[len(upcoming) :]
    assert listed_past[:2] == [date(2026, 3, 17), date(2026, 3, 10)]


def test_sorting_by_start_still_lists_oldest_first(host_client, meetings):
    dates = local_dates(listed(host_client, "?ordering=start"))

    assert dates[0] == date(2026, 1, 6)
    assert dates == sorted(dates)


def test_columns_read_as_words_with_times_on_the_meetings_clock(host_client, meetings):
    make_registration(meetings[11])
    make_registration(meetings[11])
    make_registration(meetings[11], name="Wanda", email="wanda@example.com")

    page = listed(host_client).content.decode()
    headers = re.findall(r"<th[^>]*>(.*?)</th>", page, flags=re.S)
    labels = [re.sub(r"<[^>]+>|\s+", " ", h).strip() for h in headers]

    for label in ["Meeting", "Club", "Starts", "Status", "Confirmed", "Waitlist"]:
        assert any(text.startswith(label) for text in labels), (label, labels)
    assert "Series club" not in page
    assert "Confirmed count" not in page
    assert "Tue, 24 Mar 2026, 07:30 CDT" in page  # after the clocks changed
    row = page[page.index("Tue, 24 Mar 2026, 07:30 CDT") :].split("</tr>")[0]
    assert re.search(r">\s*2 / 2\s*<", row)  # confirmed of capacity
    assert re.search(r">\s*1\s*<", row)  # one on the waitlist


def test_the_list_does_not_query_more_per_meeting(
    host_client, club, meetings, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40) as few:
        listed(host_client, "?p=2&ordering=start")  # the last few rows
    make_series(make_club(), title="Other club's")  # not the host's: unlisted
    for occurrence in meetings[11:21]:
        make_registration(occurrence)

    with django_assert_max_num_queries(len(few.captured_queries)):
        listed(host_client)  # a full page of 20


def edit_link(page: str, occurrence: Occurrence) -> str:
    url = reverse("club_meetings:edit", args=[occurrence.pk])
    (href,) = set(re.findall(rf'href="({re.escape(url)}[^"]*)"', page))
    return href.replace("&amp;", "&")


def test_saving_a_meeting_returns_to_the_listing_page_it_was_opened_from(
    host_client, meetings
):
    listing = reverse("club_meetings:index") + "?p=2&ordering=-start"
    page = host_client.get(listing).content.decode()
    meeting = meetings[5]
    href = edit_link(page, meeting)
    assert parse_qs(urlsplit(href).query)["next"] == [listing]

    form = host_client.get(href).content.decode()
    assert f'action="{href}"'.replace("&", "&amp;") in form
    response = host_client.post(href, edit_data(meeting, note="Bring cards."))

    assert response.status_code == 302
    assert response.url == listing
    meeting.refresh_from_db()
    assert meeting.note == "Bring cards."


def test_a_next_address_on_another_site_is_ignored(host_client, meetings):
    meeting = meetings[12]
    url = reverse("club_meetings:edit", args=[meeting.pk])

    response = host_client.post(
        url + "?next=https://evil.example/", edit_data(meeting, note="Hi")
    )

    assert response.url == reverse("club_meetings:index")


def test_cancel_this_meeting_is_a_visible_button_on_its_row(host_client, meetings):
    meeting = meetings[11]
    page = listed(host_client).content.decode()

    button = re.search(
        rf'<a href="([^"]*)" class="[^"]*button-small[^"]*"\s+'
        rf'aria-label="Cancel this meeting: {re.escape(str(meeting))}"',
        page,
    )
    assert button, "no visible cancel button on the row"
    cancel = button.group(1).replace("&amp;", "&")
    assert cancel.startswith(reverse("club_meetings:cancel", args=[meeting.pk]))

    response = host_client.post(cancel, {"cancel_reason": "Snow."})

    assert response.url == reverse("club_meetings:index")
    meeting.refresh_from_db()
    assert meeting.is_cancelled
    assert (
        "Cancel this meeting: " + str(meeting)
        not in listed(host_client).content.decode()
    )


def test_cancel_this_meeting_is_a_button_in_the_meetings_header(host_client, meetings):
    meeting = meetings[11]
    listing = reverse("club_meetings:index") + "?p=1"
    url = reverse("club_meetings:edit", args=[meeting.pk]) + f"?next={listing}"

    page = host_client.get(url).content.decode()

    cancel = reverse("club_meetings:cancel", args=[meeting.pk])
    header = re.search(
        rf'<a href="{re.escape(cancel)}\?next=[^"]*" class="[^"]*w-header-button'
        r'[^"]*"[^>]*>(.*?)</a>',
        page,
        flags=re.S,
    )
    assert header, "no Cancel this meeting button in the header"
    assert "Cancel this meeting" in header.group(1)
