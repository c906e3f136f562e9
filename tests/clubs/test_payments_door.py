"""Without Stripe keys, the host marks people as paid at the door."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from clubs.models import Occurrence, Payment
from clubs.services.meetings import occurrences_sync
from clubs.services.payments import payment_record_at_door, payment_undo_at_door
from clubs.services.registrations import registration_cancel
from clubs.tokens import registration_manage_token as manage_token
from tests.builders import (
    make_club,
    make_membership,
    make_occurrence,
    make_series,
    make_user,
)
from tests.builders import make_registration as register

pytestmark = pytest.mark.django_db

PRICES = {"member_price": 1500, "guest_price": 2500, "currency": "USD"}


@pytest.fixture
def occurrence(host):
    club = make_club(slug="breakfast")
    make_membership(club, host, role="cohost")
    return make_occurrence(club, **PRICES)


@pytest.fixture
def member(occurrence):
    person = make_user(first_name="Mia", last_name="Member", email="mia@example.com")
    make_membership(occurrence.series.club, person)
    return person


def sheet_url(occurrence, language="en"):
    with translation.override(language):
        return reverse(
            "occurrence_attendance",
            kwargs={"slug": occurrence.series.club.slug, "pk": occurrence.pk},
        )


def tap_paid(client, occurrence, registration):
    data = {"action": "paid", "registration": registration.pk}
    return client.post(sheet_url(occurrence), data, follow=True)


def test_the_host_marks_a_member_and_a_guest_paid_at_their_own_prices(
    host_client, occurrence, member
):
    mia = register(occurrence, person=member)
    gus = register(occurrence, name="Gus Guest", email="gus@example.com")

    page = host_client.get(sheet_url(occurrence)).content.decode()
    assert "Pays $15.00" in page and "Pays $25.00" in page
    assert "<dt>Paid</dt><dd>0 of 2</dd>" in page
    assert 'Paid<span class="visually-hidden">: Gus Guest</span>' in page

    tap_paid(host_client, occurrence, mia)
    page = tap_paid(host_client, occurrence, gus).content.decode()

    amounts = {p.registration_id: (p.amount, p.currency) for p in Payment.objects.all()}
    assert amounts == {mia.pk: (1500, "USD"), gus.pk: (2500, "USD")}
    payment = Payment.objects.get(registration=gus)
    assert (payment.method, payment.status) == ("door", "paid")
    assert payment.paid_at is not None
    assert "Gus Guest paid $25.00." in page
    assert "Paid $25.00" in page and "Undo" in page
    assert "<dt>Paid</dt><dd>2 of 2</dd>" in page


def test_a_second_tap_is_refused_with_a_message_and_one_payment_stays(
    host_client, occurrence
):
    gus = register(occurrence, name="Gus Guest", email="gus@example.com")
    tap_paid(host_client, occurrence, gus)

    response = tap_paid(host_client, occurrence, gus)

    assert response.status_code == 400
    assert "Gus Guest has already paid." in response.content.decode()
    assert Payment.objects.filter(registration=gus).count() == 1


def test_people_who_do_not_host_get_404_and_nothing_is_recorded(
    client, occurrence, member
):
    gus = register(occurrence, name="Gus Guest", email="gus@example.com")
    for person in (member, make_user()):
        client.force_login(person)
        assert tap_paid(client, occurrence, gus).status_code == 404
    with pytest.raises(ValidationError):
        payment_record_at_door(registration=gus, by=member)
    assert not Payment.objects.exists()


def test_another_clubs_registration_or_a_forged_id_is_refused(host_client, occurrence):
    elsewhere = register(make_occurrence(make_club(), **PRICES))
    for pk in (elsewhere.pk, 999999, "x"):
        response = host_client.post(
            sheet_url(occurrence), {"action": "paid", "registration": pk}
        )
        assert response.status_code == 400
        assert "That person is not on this meeting." in response.content.decode()
    forged = {"action": "undo_paid", "payment": "999999"}
    assert host_client.post(sheet_url(occurrence), forged).status_code == 400
    assert not Payment.objects.exists()


def test_a_free_meeting_shows_no_paid_button(host_client, host):
    club = make_club()
    make_membership(club, host, role="organizer")
    free = make_occurrence(club)
    register(free, name="Gus Guest", email="gus@example.com")

    page = host_client.get(sheet_url(free)).content.decode()

    assert 'name="action" value="paid"' not in page
    assert "<dt>Paid</dt>" not in page
    assert "Pays " not in page


def test_members_free_at_a_guests_only_price_have_nothing_to_pay(
    host_client, host, member
):
    club = member.memberships.get().club  # the host runs it too
    occurrence = make_occurrence(club, guest_price=2500, currency="USD")
    mia = register(occurrence, person=member)

    assert 'value="paid"' not in host_client.get(sheet_url(occurrence)).content.decode()
    with pytest.raises(ValidationError, match="nothing to pay"):
        payment_record_at_door(registration=mia, by=host)


def test_undo_removes_a_mis_tap(host_client, occurrence):
    gus = register(occurrence, name="Gus Guest", email="gus@example.com")
    tap_paid(host_client, occurrence, gus)
    payment = Payment.objects.get()

    response = host_client.post(
        sheet_url(occurrence),
        {"action": "undo_paid", "payment": payment.pk},
        follow=True,
    )

    page = response.content.decode()
    assert "Payment undone: Gus Guest." in page
    assert "Pays $25.00" in page
    assert not Payment.objects.exists()


def test_undo_is_for_hosts_only(occurrence, host, member):
    gus = register(occurrence, name="Gus Guest", email="gus@example.com")
    payment = payment_record_at_door(registration=gus, by=host)
    with pytest.raises(ValidationError):
        payment_undo_at_door(payment=payment, by=member)
    assert Payment.objects.count() == 1


def test_a_cancelled_place_cannot_be_marked_paid(host_client, occurrence, host):
    gus = register(occurrence, name="Gus Guest", email="gus@example.com")
    registration_cancel(registration=gus)

    response = tap_paid(host_client, occurrence, gus)

    assert response.status_code == 400
    assert "cancelled their place" in response.content.decode()
    with pytest.raises(ValidationError, match="cancelled their place"):
        payment_record_at_door(registration=gus, by=host)
    assert not Payment.objects.exists()


def test_the_database_allows_one_paid_payment_per_place(occurrence, host):
    gus = register(occurrence, name="Gus Guest", email="gus@example.com")
    payment_record_at_door(registration=gus, by=host)
    second = Payment(
        registration=gus,
        amount=2500,
        currency="USD",
        method="door",
        status="paid",
        paid_at=timezone.now(),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    # A refunded one beside it is fine: that is what Stripe refunds will need.
    second.status = "refunded"
    second.save()
    assert Payment.objects.filter(registration=gus).count() == 2


def test_the_sheet_needs_the_same_queries_for_3_or_30_people(
    host_client, host, django_assert_max_num_queries
):
    small = make_occurrence(make_club(), **PRICES)
    large = make_occurrence(make_club(), **PRICES)
    for occurrence, people in ((small, 3), (large, 30)):
        club = occurrence.series.club
        make_membership(club, host, role="organizer")
        for n in range(people):
            person = make_user() if n % 3 == 0 else None
            if person:
                make_membership(club, person)
            registration = register(occurrence, person=person)
            if n % 2:
                payment_record_at_door(registration=registration, by=host)

    with django_assert_max_num_queries(12) as small_queries:
        host_client.get(sheet_url(small))
    with django_assert_max_num_queries(len(small_queries)):
        response = host_client.get(sheet_url(large))

    assert response.content.decode().count('value="undo_paid"') == 15


def test_the_spanish_sheet_shows_the_translated_labels(host_client, occurrence, host):
    gus = register(occurrence, name="Gus Guest", email="gus@example.com")
    register(occurrence, name="Ana Guest", email="ana@example.com")
    payment_record_at_door(registration=gus, by=host)

    page = host_client.get(sheet_url(occurrence, "es")).content.decode()

    assert "Pagado 25,00" in page
    assert "Deshacer" in page
    assert "Paga 25,00" in page
    assert "<dt>Pagado</dt><dd>1 de 2</dd>" in page


def test_the_person_sees_their_door_payment_on_their_place(client, occurrence, host):
    gus = register(occurrence, name="Gus Guest", email="gus@example.com")
    url = reverse("registration_manage", kwargs={"token": manage_token(gus)})
    assert "Paid at the door" not in client.get(url).content.decode()

    payment_record_at_door(registration=gus, by=host)

    assert "Paid at the door: $25.00" in client.get(url).content.decode()


def test_the_admin_lists_who_paid_without_a_query_per_row(
    client, occurrence, host, django_assert_max_num_queries
):
    staff = make_user(is_superuser=True, is_staff=True)
    for n in range(6):
        registration = register(occurrence)
        if n % 2:
            payment_record_at_door(registration=registration, by=host)
    client.force_login(staff)
    url = reverse("club_registrations:index")

    page = client.get(url).content.decode()
    with django_assert_max_num_queries(40) as queries:
        client.get(url)
    register(occurrence, name="One More", email="more@example.com")
    with django_assert_max_num_queries(len(queries)):
        client.get(url)

    assert re.search(r"<th[^>]*>\s*Paid\s*</th>", page)
    assert page.count("$25.00 (At the door)") == 3


def test_a_date_dropped_from_the_rule_keeps_a_payment_on_a_cancelled_place(
    time_machine, host
):
    time_machine.move_to(date(2025, 12, 1))
    club = make_club()
    make_membership(club, host, role="organizer")
    series = make_series(
        club, first_date=date(2026, 1, 6), ends_on=date(2026, 3, 31), **PRICES
    )
    march = series.occurrences.order_by("start")[2]
    place = register(march, name="Gus Guest", email="gus@example.com")
    payment_record_at_door(registration=place, by=host)
    registration_cancel(registration=place)

    series.ends_on = date(2026, 1, 31)
    series.save()
    occurrences_sync(series=series)

    march.refresh_from_db()
    assert march.status == Occurrence.Status.CANCELLED
    assert Payment.objects.filter(registration=place).exists()


def test_the_admin_csv_export_has_the_paid_column(client, occurrence, host):
    gus = register(occurrence, name="Gus Guest", email="gus@example.com")
    register(occurrence, name="Ana Guest", email="ana@example.com")
    payment_record_at_door(registration=gus, by=host)
    client.force_login(make_user(is_superuser=True, is_staff=True))

    url = reverse("club_registrations:index") + "?export=csv"
    response = client.get(url)
    parts = response.streaming_content if response.streaming else [response.content]
    content = b"".join(parts).decode()

    lines = content.splitlines()
    assert "Paid" in lines[0].split(",")
    assert any("Gus Guest" in line and "$25.00 (At the door)" in line for line in lines)
    assert not any("Ana Guest" in line and "$" in line for line in lines)


def test_the_member_sees_what_they_paid_in_their_meetings(client, occurrence, host):
    member = make_user()
    make_membership(occurrence.series.club, member)
    payment_record_at_door(registration=register(occurrence, member), by=host)
    register(make_occurrence(make_club(), **PRICES), member)
    client.force_login(member)

    page = client.get(reverse("my_meetings")).content.decode()

    assert page.count("Paid at the door: $15.00") == 1
