"""The clubs admin: hosts see and edit only the clubs they host."""

import csv
import io

import pytest
from django.urls import reverse

from clubs.models import Attendance, Membership
from tests.builders import (
    club_admin_form,
    make_club,
    make_host,
    make_membership,
    make_occurrence,
    make_registration,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def club(riverside_club):
    return riverside_club


@pytest.fixture
def other_club():
    return make_club(name="Hilltop Experts")


@pytest.fixture
def host(club):
    return make_host(club, email="rosa@example.com", first_name="Rosa")


@pytest.fixture
def meetings(club, other_club):
    """One meeting with a guest registered and attendance, in each club."""
    rows = {}
    for which, owner in (("ours", club), ("theirs", other_club)):
        occurrence = make_occurrence(owner, title=f"{owner.name} breakfast")
        registration = make_registration(
            occurrence, name=f"Guest of {owner.name}", email=f"{which}@example.com"
        )
        Attendance.objects.create(
            occurrence=occurrence,
            registration=registration,
            name=registration.name,
            status=Attendance.Status.PRESENT,
        )
        rows[which] = occurrence
    return rows


INDEXES = [
    "clubs:index",
    "club_memberships:index",
    "club_series:index",
    "club_meetings:index",
    "club_registrations:index",
    "club_attendance:index",
    "wagtailsnippets_clubs_agenda:list",
    "wagtailsnippets_clubs_agendatemplate:list",
]


@pytest.mark.parametrize("url_name", INDEXES)
def test_a_host_sees_only_their_own_clubs_rows(host_client, meetings, url_name):
    response = host_client.get(reverse(url_name))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Hilltop" not in page


@pytest.mark.parametrize(
    "url_name", ["club_meetings:index", "club_registrations:index"]
)
def test_a_host_sees_their_own_meetings_and_registrations(
    host_client, meetings, url_name
):
    page = host_client.get(reverse(url_name)).content.decode()

    assert "Riverside Breakfast breakfast" in page


def test_a_superuser_sees_every_club(client, meetings):
    client.force_login(make_user(is_superuser=True, is_staff=True))

    page = client.get(reverse("club_meetings:index")).content.decode()

    assert "Riverside Breakfast breakfast" in page
    assert "Hilltop Experts breakfast" in page


def test_someone_elses_rows_are_not_found(host_client, other_club, meetings):
    theirs = meetings["theirs"]
    registration = theirs.registrations.get()
    for url in [
        reverse("clubs:edit", args=[other_club.pk]),
        reverse("club_series:edit", args=[theirs.series_id]),
        reverse("club_meetings:edit", args=[theirs.pk]),
        reverse("club_meetings:cancel", args=[theirs.pk]),
        reverse("club_meetings:following", args=[theirs.pk]),
        reverse("club_meetings:agenda", args=[theirs.pk]),
        reverse("club_registrations:inspect", args=[registration.pk]),
    ]:
        assert host_client.get(url).status_code == 404, url


def test_a_hosts_edit_pages_open(host_client, club, meetings):
    ours = meetings["ours"]
    for url in [
        reverse("clubs:edit", args=[club.pk]),
        reverse("clubs:add"),
        reverse("club_series:add"),
        reverse("club_series:edit", args=[ours.series_id]),
        reverse("club_meetings:edit", args=[ours.pk]),
        reverse("club_meetings:cancel", args=[ours.pk]),
        reverse("club_meetings:following", args=[ours.pk]),
        reverse("club_meetings:agenda", args=[ours.pk]),
        reverse("club_registrations:inspect", args=[ours.registrations.get().pk]),
        reverse("wagtailsnippets_clubs_agenda:add"),
        reverse("wagtailsnippets_clubs_agendatemplate:add"),
    ]:
        assert host_client.get(url).status_code == 200, url


def test_the_series_form_offers_only_the_hosts_clubs(host_client, meetings):
    page = host_client.get(reverse("club_series:add")).content.decode()

    assert "Riverside Breakfast" in page
    assert "Hilltop Experts" not in page


def test_registrations_export_as_csv_for_the_hosts_clubs_only(host_client, meetings):
    response = host_client.get(reverse("club_registrations:index") + "?export=csv")

    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    assert [row["Email"] for row in rows] == ["ours@example.com"]
    (row,) = rows
    assert row["Club"] == "Riverside Breakfast"
    assert row["Starts (local time)"].endswith("07:30")
    assert row["Status"] == "Confirmed"


def test_attendance_exports_as_xlsx(host_client, meetings):
    response = host_client.get(reverse("club_attendance:index") + "?export=xlsx")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_registrations_filter_by_status(host_client, meetings):
    url = reverse("club_registrations:index") + "?status=waitlisted"

    page = host_client.get(url).content.decode()

    assert "ours@example.com" not in page


def test_a_host_who_creates_a_club_organizes_it(host_client, host):
    response = host_client.post(
        reverse("clubs:add"),
        club_admin_form(),
    )

    assert response.status_code == 302
    membership = Membership.objects.get(club__slug="lakeside")
    assert (membership.person, membership.role) == (host, "organizer")
    page = host_client.get(reverse("clubs:index")).content.decode()
    assert "Lakeside Masterminds" in page


def test_a_host_admits_a_member_through_the_service(host_client, club):
    applicant = make_membership(club, make_user(), status="pending")

    response = host_client.post(
        reverse("club_memberships:edit", args=[applicant.pk]), {"status": "active"}
    )

    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.status == "active"
    assert applicant.joined_at is not None


def test_a_host_cannot_remove_themselves(host_client, host):
    own = Membership.objects.get(person=host)

    response = host_client.post(
        reverse("club_memberships:edit", args=[own.pk]), {"status": "removed"}
    )

    assert response.status_code == 200
    assert "cannot suspend or remove themselves" in response.content.decode()
    own.refresh_from_db()
    assert own.status == "active"


def test_memberships_cannot_be_added_or_deleted_in_the_admin(host_client):
    assert host_client.get("/admin/clubs/memberships/new/").status_code == 404


def test_one_clubs_menu_holds_it_all(host_client):
    page = host_client.get(reverse("wagtailadmin_home")).content.decode()

    for label in ["Clubs", "Members", "Series", "Meetings", "Agendas"]:
        assert f'"{label}"' in page or f"&quot;{label}&quot;" in page, label
