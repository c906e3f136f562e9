"""Hosts describe a series in plain terms; the admin turns it into a rule."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from clubs.models import Series
from tests.builders import make_club, make_registration

CHICAGO = ZoneInfo("America/Chicago")

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_before_2026")]


def series_data(**changes):
    data = {
        "title_en": "Networking breakfast",
        "description_en": "",
        "frequency": "monthly",
        "week_of_month": "1",
        "weekday": "1",  # Tuesday
        "every_weeks": "",
        "first_date": "2026-01-01",
        "start_time": "07:30",
        "duration_minutes": "90",
        "time_zone": "",
        "ends_on": "2026-06-30",
        "extra_dates": "",
        "excluded_dates": "",
        "venue_name_en": "The Riverside Diner",
        "venue_address": "",
        "online_url": "",
        "capacity": "30",
        "opens_days_before": "",
        "closes_hours_before": "2",
        "guests_allowed": "on",
        "max_guests_per_member": "2",
    }
    return {**data, **changes}


ZONE = {"time_zone": "America/Chicago"}  # required once the series exists


def local_starts(series):
    return [
        o.start.astimezone(CHICAGO).strftime("%a %Y-%m-%d %H:%M %Z")
        for o in series.occurrences.order_by("start")
    ]


def create(client, club, **changes):
    data = series_data(club=club.pk, **changes)
    return client.post(reverse("club_series:add"), data)


def test_first_tuesday_monthly_at_7_30_chicago(host_client, club):
    response = create(
        host_client, club, extra_dates="2026-02-17", excluded_dates="2026-03-03"
    )

    assert response.status_code == 302
    series = Series.objects.get()
    assert series.time_zone == "America/Chicago"  # the club's, by default
    assert series.first_date == date(2026, 1, 6)
    assert local_starts(series) == [
        "Tue 2026-01-06 07:30 CST",
        "Tue 2026-02-03 07:30 CST",
        "Tue 2026-02-17 07:30 CST",
        "Tue 2026-04-07 07:30 CDT",
        "Tue 2026-05-05 07:30 CDT",
        "Tue 2026-06-02 07:30 CDT",
    ]
    first = series.occurrences.order_by("start").first()
    assert (first.capacity, first.end - first.start) == (30, series.duration)
    assert series.registration_closes_before.total_seconds() == 2 * 3600


def test_last_thursday_of_the_month(host_client, club):
    create(host_client, club, week_of_month="-1", weekday="3", ends_on="2026-03-31")

    assert local_starts(Series.objects.get()) == [
        "Thu 2026-01-29 07:30 CST",
        "Thu 2026-02-26 07:30 CST",
        "Thu 2026-03-26 07:30 CDT",
    ]


def test_every_other_wednesday(host_client, club):
    create(
        host_client,
        club,
        frequency="every_n_weeks",
        every_weeks="2",
        weekday="2",
        ends_on="2026-02-15",
    )

    assert local_starts(Series.objects.get()) == [
        "Wed 2026-01-07 07:30 CST",
        "Wed 2026-01-21 07:30 CST",
        "Wed 2026-02-04 07:30 CST",
    ]


def test_mistakes_are_shown_beside_the_fields_and_nothing_is_created(host_client, club):
    response = create(host_client, club, week_of_month="", extra_dates="next tuesday")

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["week_of_month"] == ["Pick which week of the month."]
    assert "is not a date" in errors["extra_dates"][0]
    assert not Series.objects.exists()


def test_a_host_cannot_add_a_series_to_someone_elses_club(host_client):
    theirs = make_club(name="Hilltop Experts")

    response = create(host_client, theirs)

    assert response.status_code == 200
    assert "club" in response.context["form"].errors
    assert not Series.objects.exists()


def test_the_edit_form_reads_the_rule_back(host_client, club):
    create(host_client, club, excluded_dates="2026-03-03")
    series = Series.objects.get()

    form = host_client.get(reverse("club_series:edit", args=[series.pk])).context[
        "form"
    ]

    assert form.initial["frequency"] == "monthly"
    assert (form.initial["week_of_month"], form.initial["weekday"]) == (1, 1)
    assert form.initial["duration_minutes"] == 90
    assert form.initial["excluded_dates"] == [date(2026, 3, 3)]
    assert "club" not in form.fields


def test_editing_the_series_moves_the_coming_meetings_and_tells_people(
    host_client, club, committed
):
    create(host_client, club)
    series = Series.objects.get()
    february = series.occurrences.get(original_start__date=date(2026, 2, 3))
    registration = make_registration(february, email="ana@example.com", name="Ana")
    mail.outbox.clear()
    url = reverse("club_series:edit", args=[series.pk])

    with committed():
        response = host_client.post(url, series_data(start_time="08:00", **ZONE))

    assert response.status_code == 302
    assert {start[-9:] for start in local_starts(series)} == {"08:00 CST", "08:00 CDT"}
    registration.refresh_from_db()
    assert registration.occurrence_id == february.pk
    february.refresh_from_db()
    assert february.start == datetime(2026, 2, 3, 8, 0, tzinfo=CHICAGO)
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["New time or place"]


def test_change_this_and_following_from_the_meeting(host_client, club, committed):
    create(host_client, club)
    series = Series.objects.get()
    april, may = series.occurrences.filter(
        original_start__date__in=[date(2026, 4, 7), date(2026, 5, 5)]
    ).order_by("start")
    registration = make_registration(may, email="ana@example.com", name="Ana")
    url = reverse("club_meetings:following", args=[april.pk])

    assert host_client.get(url).status_code == 200
    with committed():
        response = host_client.post(url, series_data(start_time="08:00", **ZONE))

    assert response.status_code == 302
    series.refresh_from_db()
    assert series.ends_on == date(2026, 4, 6)
    new = Series.objects.exclude(pk=series.pk).get()
    assert local_starts(new) == [
        "Tue 2026-04-07 08:00 CDT",
        "Tue 2026-05-05 08:00 CDT",
        "Tue 2026-06-02 08:00 CDT",
    ]
    registration.refresh_from_db()
    assert registration.occurrence.series == new
    assert registration.occurrence.start == datetime(2026, 5, 5, 8, tzinfo=CHICAGO)


def test_a_host_marks_a_series_as_a_training_and_an_edit_keeps_it(host_client, club):
    create(host_client, club, title="Referral skills training", purpose="training")
    series = Series.objects.get()
    assert series.purpose == Series.Purpose.TRAINING
    url = reverse("club_series:edit", args=[series.pk])
    assert host_client.get(url).context["form"].initial["purpose"] == "training"

    # A form sent without the field (an older page) leaves it as it was.
    host_client.post(url, series_data(start_time="08:00", **ZONE))

    series.refresh_from_db()
    assert series.purpose == Series.Purpose.TRAINING
