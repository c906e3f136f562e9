"""Wagtail's floating userbar stays off the door pages, where it covered the
mark buttons on a phone, and off the referral report, which is no page to
edit (and two queries and a couple of milliseconds it paid for nothing);
other pages keep it for hosts."""

import pytest
from django.urls import reverse

from clubs.tokens import registration_check_in_token
from tests.builders import make_club, make_host, make_occurrence, make_registration

pytestmark = pytest.mark.django_db

USERBAR = "<wagtail-userbar"


@pytest.fixture
def occurrence():
    return make_occurrence(make_club(slug="breakfast"))


@pytest.fixture
def host_client(client, occurrence):
    client.force_login(make_host(occurrence.series.club))
    return client


def test_the_door_sheet_and_the_check_in_page_have_no_userbar(host_client, occurrence):
    registration = make_registration(occurrence)
    sheet = reverse("occurrence_attendance", args=["breakfast", occurrence.pk])
    token = registration_check_in_token(registration)
    check_in = reverse("registration_check_in", kwargs={"token": token})

    for url in (sheet, check_in):
        page = host_client.get(url).content.decode()
        assert "Attendance" in page or "Check in" in page
        assert USERBAR not in page, url


def test_the_referral_report_has_no_userbar(host_client, occurrence):
    url = reverse("club_referrals_report", kwargs={"slug": "breakfast"})

    page = host_client.get(url).content.decode()

    assert "Referral report" in page
    assert USERBAR not in page


def test_the_meeting_page_keeps_the_userbar_for_a_host(host_client, occurrence):
    url = reverse("occurrence_detail", args=["breakfast", occurrence.pk])

    assert USERBAR in host_client.get(url).content.decode()
