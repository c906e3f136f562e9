"""The hosts' edits of series and meetings in the admin, and cancelling a
meeting, are in the audit trail: who, when, and the fields before and after,
on the object's History and in Site history."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from clubs.models import Payment, Series
from tests.builders import (
    club_admin_form,
    make_club,
    make_host,
    make_registration,
)
from tests.clubs.admin.test_admin_occurrences import edit
from tests.clubs.admin.test_admin_series import ZONE, create, series_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_before_2026")]

SITE_HISTORY = "/admin/reports/site-history/"


@pytest.fixture
def series(host_client, club):
    create(host_client, club)
    return Series.objects.get()


@pytest.fixture
def meeting(series):
    return series.occurrences.get(original_start__date=date(2026, 2, 3))


def entries(instance, action):
    return list(
        ModelLogEntry.objects.for_instance(instance)
        .filter(action=action)
        .order_by("timestamp")
    )


def history(client, viewset, instance) -> str:
    url = reverse(f"{viewset}:history", args=[instance.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_editing_a_series_logs_wagtails_edit_with_what_changed(
    host_client, host, series
):
    url = reverse("club_series:edit", args=[series.pk])

    response = host_client.post(url, series_data(capacity="20", **ZONE))

    assert response.status_code == 302
    (log,) = entries(series, "wagtail.edit")
    assert log.user == host
    assert log.content_changed
    assert log.data == {"before": {"capacity": 30}, "after": {"capacity": 20}}
    assert "Edited: capacity 30 → 20" in history(host_client, "club_series", series)
    assert "Edited: capacity 30 → 20" in host_client.get(SITE_HISTORY).content.decode()


def test_a_series_saved_unchanged_logs_no_edit(host_client, series):
    url = reverse("club_series:edit", args=[series.pk])

    host_client.post(url, series_data(**ZONE))

    assert entries(series, "wagtail.edit") == []


def test_editing_a_meeting_logs_what_changed(host_client, host, meeting):
    response = edit(host_client, meeting, capacity="12", note="Parking at the back")

    assert response.status_code == 302
    (log,) = entries(meeting, "wagtail.edit")
    assert log.user == host
    assert log.data["before"] == {"capacity": 30, "note": ""}
    assert log.data["after"] == {"capacity": 12, "note": "Parking at the back"}
    page = history(host_client, "club_meetings", meeting)
    assert "capacity 30 → 12" in page
    assert "Parking at the back" in page


def test_change_this_and_following_logs_the_old_series_and_the_new(
    host_client, host, series
):
    april = series.occurrences.get(original_start__date=date(2026, 4, 7))
    url = reverse("club_meetings:following", args=[april.pk])

    host_client.post(url, series_data(start_time="08:00", **ZONE))

    (ended,) = entries(series, "wagtail.edit")
    assert ended.user == host
    assert ended.data["after"]["ends_on"] == "2026-04-06"
    new = Series.objects.exclude(pk=series.pk).get()
    (created,) = entries(new, "wagtail.create")
    assert created.user == host


def test_cancelling_a_meeting_records_who_why_and_the_places_refunded(
    host_client, host, meeting, stripe_fake
):
    ana = make_registration(meeting, email="ana@example.com", name="Ana")
    make_registration(meeting, email="ben@example.com", name="Ben")
    Payment.objects.create(
        registration=ana,
        amount=1500,
        currency="USD",
        method=Payment.Method.STRIPE,
        status=Payment.Status.PAID,
        paid_at=timezone.now(),
        stripe_payment_intent_id="pi_test_ana",
    )
    url = reverse("club_meetings:cancel", args=[meeting.pk])

    response = host_client.post(url, {"cancel_reason": "The venue flooded."})

    assert response.status_code == 302
    (log,) = entries(meeting, "clubs.meeting_cancelled")
    assert log.user == host
    assert log.data == {
        "before": {"status": "scheduled", "cancel_reason": ""},
        "after": {
            "status": "cancelled",
            "cancel_reason": "The venue flooded.",
            "registrations": 2,
            "refunds": 1,
        },
    }
    message = (
        "Meeting cancelled: status Scheduled → Cancelled, reason for cancelling"
        " — → The venue flooded., places — → 2, refunds — → 1"
    )
    assert log.message == message
    assert message in history(host_client, "club_meetings", meeting)


def test_another_clubs_host_reads_none_of_it(host_client, series, meeting):
    host_client.post(
        reverse("club_meetings:cancel", args=[meeting.pk]),
        {"cancel_reason": "Snowed in at the diner"},
    )
    host_client.post(
        reverse("club_series:edit", args=[series.pk]),
        series_data(title_en="Riverside dawn breakfast", **ZONE),
    )
    stranger = Client()
    stranger.force_login(make_host(make_club(name="Hilltop Experts")))

    html = stranger.get(SITE_HISTORY).content.decode()

    assert "Snowed in at the diner" not in html
    assert "Riverside dawn breakfast" not in html


def test_a_club_created_in_the_admin_is_logged_as_wagtail_does(host_client, host):
    from clubs.models import Club

    host_client.post(
        reverse("clubs:add"),
        club_admin_form(),
    )

    club = Club.objects.get(slug="lakeside")
    (created,) = entries(club, "wagtail.create")
    assert created.user == host
    assert "Lakeside Masterminds" in history(host_client, "clubs", club)
