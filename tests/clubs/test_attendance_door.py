"""The host's phone at the door: the attendance list, walk-ins, QR check-in."""

import pytest
from django.urls import reverse

from clubs.models import Attendance
from clubs.services.attendance import attendance_mark
from clubs.services.meetings import occurrence_cancel
from clubs.services.registrations import registration_cancel
from clubs.tokens import registration_check_in_token, registration_manage_token
from tests.builders import make_club, make_membership, make_occurrence, make_user
from tests.builders import make_registration as register

pytestmark = pytest.mark.django_db


@pytest.fixture
def occurrence(host):
    club = make_club(slug="breakfast")
    make_membership(club, host, role="cohost")
    return make_occurrence(club)


def sheet_url(occurrence):
    return reverse(
        "occurrence_attendance",
        kwargs={"slug": occurrence.series.club.slug, "pk": occurrence.pk},
    )


def check_in_url(registration):
    return reverse(
        "registration_check_in",
        kwargs={"token": registration_check_in_token(registration)},
    )


def post_mark(client, occurrence, registration, status, **extra):
    data = {"action": "mark", "registration": registration.pk, "status": status}
    return client.post(sheet_url(occurrence), {**data, **extra}, follow=True)


def test_the_list_shows_confirmed_people_first_with_their_marks_and_counts(
    host_client, host
):
    occurrence = make_occurrence(
        make_club(), capacity=1
    )  # a fresh club the host runs too
    make_membership(occurrence.series.club, host, role="organizer")
    first = register(occurrence, name="Ana Confirmed", email="ana@example.com")
    waiting = register(occurrence, name="Wes Waiting", email="wes@example.com")
    attendance_mark(occurrence=occurrence, registration=first, status="late", by=host)

    page = host_client.get(sheet_url(occurrence)).content.decode()

    assert page.index("Ana Confirmed") < page.index("Wes Waiting")
    assert waiting.status == "waitlisted"
    assert "Mark: <strong>Late" in page
    assert "Not marked yet" in page
    assert "<dt>Registered</dt><dd>1</dd>" in page
    assert "<dt>Checked in</dt><dd>1</dd>" in page
    for label in ("Present", "Late", "Absent", "Excused", "Substitute came"):
        assert f">{label}<span" in page
    assert '<label for="substitute-' in page


def test_the_host_sees_who_a_guest_says_invited_them(host_client, occurrence):
    register(
        occurrence,
        name="Gia Guest",
        email="gia@example.com",
        invited_by_name="Marcus from the bakery",
    )
    register(occurrence, name="Sol Stranger", email="sol@example.com")

    page = host_client.get(sheet_url(occurrence)).content.decode()

    assert page.count("invited them") == 1
    assert "Says Marcus from the bakery invited them" in page


@pytest.mark.parametrize(
    ("status", "label"),
    [
        ("present", "Present"),
        ("late", "Late"),
        ("absent", "Absent"),
        ("excused", "Excused"),
    ],
)
def test_a_host_marks_each_status_with_one_button(
    host_client, occurrence, status, label
):
    registration = register(occurrence, name="Ana Lopez", email="ana@example.com")

    response = post_mark(host_client, occurrence, registration, status)

    assert response.status_code == 200
    assert f"Ana Lopez: {label}." in response.content.decode()
    assert Attendance.objects.get(registration=registration).status == status


def test_a_host_records_a_named_substitute(host_client, occurrence):
    registration = register(occurrence, name="Ana Lopez", email="ana@example.com")

    response = post_mark(
        host_client, occurrence, registration, "substitute", substitute_name="Sam Sub"
    )

    assert "Substitute came: Sam Sub" in response.content.decode()
    assert Attendance.objects.get().substitute_name == "Sam Sub"


def test_a_substitute_without_a_name_is_refused_and_nothing_changes(
    host_client, occurrence, host
):
    registration = register(occurrence, name="Ana Lopez", email="ana@example.com")
    attendance_mark(
        occurrence=occurrence, registration=registration, status="absent", by=host
    )

    response = post_mark(
        host_client, occurrence, registration, "substitute", substitute_name=""
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Name the person who came in their place." in page
    assert 'aria-invalid="true"' in page
    assert Attendance.objects.get().status == "absent"


def test_a_walk_in_is_added_on_the_spot(host_client, occurrence):
    member = make_user(email="mia@example.com")

    response = host_client.post(
        sheet_url(occurrence),
        {
            "action": "walk_in",
            "walk_in-name": "Mia Member",
            "walk_in-email": "mia@example.com",
        },
        follow=True,
    )

    page = response.content.decode()
    assert "Checked in: Mia Member." in page
    assert "<dt>Walk-ins</dt><dd>1</dd>" in page
    walk_in = Attendance.objects.get()
    assert walk_in.person == member
    assert walk_in.registration is None


def test_a_walk_in_without_a_name_is_refused(host_client, occurrence):
    response = host_client.post(
        sheet_url(occurrence), {"action": "walk_in", "walk_in-name": ""}
    )

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_cancelled_meeting_shows_no_buttons_and_refuses_marks(
    host_client, occurrence
):
    registration = register(occurrence)
    occurrence_cancel(occurrence=occurrence, reason="Snow")

    page = host_client.get(sheet_url(occurrence)).content.decode()
    response = post_mark(host_client, occurrence, registration, "present")

    assert "takes no attendance" in page
    assert "Substitute came" not in page
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_the_qr_code_shows_a_confirmation_and_the_post_checks_in(
    host_client, occurrence
):
    registration = register(occurrence, name="Gail Guest", email="gail@example.com")

    confirm = host_client.get(check_in_url(registration))
    assert not Attendance.objects.exists()  # opening the link changes nothing
    assert "<button" in confirm.content.decode()
    assert "Check in Gail Guest" in confirm.content.decode()

    done = host_client.post(check_in_url(registration), follow=True)

    assert "Checked in: Gail Guest." in done.content.decode()
    attendance = Attendance.objects.get()
    assert attendance.status == "present"
    assert attendance.checked_in_at is not None


def test_a_second_scan_says_already_checked_in(host_client, occurrence, host):
    registration = register(occurrence, name="Gail Guest", email="gail@example.com")
    host_client.post(check_in_url(registration))

    scan = host_client.get(check_in_url(registration)).content.decode()
    tap = host_client.post(check_in_url(registration), follow=True).content.decode()

    assert "Gail Guest is already checked in" in scan
    assert "Check in Gail Guest" not in scan
    assert "Gail Guest is already checked in." in tap
    assert Attendance.objects.count() == 1


def test_a_cancelled_registration_gets_a_clear_message(host_client, occurrence):
    registration = registration_cancel(
        registration=register(occurrence, name="Cy Cancelled", email="cy@example.com")
    )

    scan = host_client.get(check_in_url(registration))
    tap = host_client.post(check_in_url(registration))

    assert "registration is cancelled" in scan.content.decode()
    assert tap.status_code == 400
    assert "registration is cancelled" in tap.content.decode()
    assert not Attendance.objects.exists()


def test_a_forged_or_wrong_kind_of_token_is_404(host_client, occurrence):
    registration = register(occurrence)
    manage_token = registration_manage_token(registration)  # right pk, wrong salt

    for token in ("forged-token", manage_token):
        url = reverse("registration_check_in", kwargs={"token": token})
        assert host_client.get(url).status_code == 404
        assert host_client.post(url).status_code == 404


def host_urls(occurrence, registration):
    slug = occurrence.series.club.slug
    return [
        sheet_url(occurrence),
        check_in_url(registration),
        reverse("club_attendance_report", kwargs={"slug": slug}),
        reverse("club_attendance_csv", kwargs={"slug": slug}),
    ]


def test_non_hosts_get_404_on_every_host_url(client, occurrence):
    registration = register(occurrence)
    club = occurrence.series.club
    member, ex_host, other_host = make_user(), make_user(), make_user()
    make_membership(club, member)
    make_membership(club, ex_host, role="organizer", status="left")
    make_membership(make_club(), other_host, role="organizer")

    for person in (member, ex_host, other_host):
        client.force_login(person)
        for url in host_urls(occurrence, registration):
            assert client.get(url).status_code == 404, (person, url)
            assert client.post(url, {"action": "mark"}).status_code == 404, url
    assert not Attendance.objects.exists()


def test_anonymous_people_are_sent_to_sign_in(client, occurrence):
    registration = register(occurrence)

    for url in [*host_urls(occurrence, registration), reverse("my_attendance")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_the_list_needs_the_same_queries_for_3_or_30_people(
    host_client, host, django_assert_max_num_queries
):
    small, large = make_occurrence(make_club()), make_occurrence(make_club())
    for occurrence, people in ((small, 3), (large, 30)):
        make_membership(occurrence.series.club, host, role="organizer")
        for n in range(people):
            registration = register(occurrence)
            if n % 2:
                attendance_mark(
                    occurrence=occurrence,
                    registration=registration,
                    status="present",
                    by=host,
                )

    with django_assert_max_num_queries(10) as small_queries:
        host_client.get(sheet_url(small))
    with django_assert_max_num_queries(len(small_queries)):
        response = host_client.get(sheet_url(large))

    assert response.content.decode().count('class="mark-buttons"') == 30
