"""Agendas are checked before they go out: a running order that overruns its
meeting needs the host's say-so to publish, each series is offered the
templates made for it, and an item reads its kind only once."""

import re
from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from clubs.models import Agenda, AgendaItem, AgendaTemplate
from clubs.selectors.agendas import published_agenda
from clubs.services.agendas import agenda_from_template, agenda_templates_for
from tests.builders import make_agenda_template, make_club, make_series
from tests.clubs.admin.test_agenda_publishing import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_before_2026")]


@pytest.fixture
def breakfast(club):
    """First Tuesdays, 7:30 to 9:00 in Chicago, from 6 January 2026."""
    return make_series(club, first_date=date(2026, 1, 6), ends_on=date(2026, 3, 31))


@pytest.fixture
def training(club):
    """Third Wednesdays, 18:00 to 19:00: an hour's training."""
    return make_series(
        club,
        title="Referral skills training",
        first_date=date(2026, 1, 21),
        ends_on=date(2026, 3, 31),
        start_time=time(18, 0),
        duration=timedelta(minutes=60),
    )


def first(series):
    return series.occurrences.order_by("start").first()


# --- Publishing checks the running order against the meeting ---------------


@pytest.fixture
def agenda(club, breakfast):
    """Welcome 15, introductions 30, referrals 20: 7:30 to 8:35 of 7:30-9:00."""
    return agenda_from_template(
        occurrence=first(breakfast), template=make_agenda_template(club)
    )


def edit_url(agenda):
    return reverse("wagtailsnippets_clubs_agenda:edit", args=[agenda.pk])


def publish(client, agenda, **changes):
    data = form_data(client, edit_url(agenda), **changes)
    data["action-publish"] = "action-publish"
    return client.post(edit_url(agenda), data)


def test_an_agenda_that_fits_its_meeting_publishes(host_client, agenda):
    response = publish(host_client, agenda)

    assert response.status_code == 302
    assert published_agenda(agenda.occurrence) is not None


def test_an_overrunning_agenda_is_held_back_with_the_reason_beside_the_box(
    host_client, agenda
):
    response = publish(host_client, agenda, **{"items-2-minutes": "60"})

    assert response.status_code == 200
    errors = response.context["form"].errors["publish_anyway"]
    assert errors[0] == (
        "The running order ends at 09:15, 15 minutes after the meeting ends (09:00)."
    )
    assert "tick this box" in errors[1]
    assert published_agenda(agenda.occurrence) is None


def test_the_host_may_publish_an_overrun_knowingly(host_client, agenda):
    response = publish(
        host_client, agenda, **{"items-2-minutes": "60", "publish_anyway": "on"}
    )

    assert response.status_code == 302
    live = published_agenda(agenda.occurrence)
    assert [item.minutes for item in live.items.all()] == [15, 30, 60]


def test_a_draft_may_overrun_and_the_edit_page_then_warns(host_client, agenda):
    data = form_data(host_client, edit_url(agenda), **{"items-2-minutes": "60"})
    assert host_client.post(edit_url(agenda), data).status_code == 302

    page = host_client.get(edit_url(agenda)).content.decode()

    assert "The running order ends at 09:15, 15 minutes after" in page
    assert published_agenda(agenda.occurrence) is None


def test_no_warning_while_the_running_order_fits(host_client, agenda):
    page = host_client.get(edit_url(agenda)).content.decode()

    assert "The running order ends at" not in page


def test_an_agenda_published_on_the_add_form_is_checked_too(
    host_client, club, breakfast
):
    meeting = first(breakfast)
    url = reverse("wagtailsnippets_clubs_agenda:add")
    data = form_data(host_client, url)
    data.update(
        {
            "occurrence": meeting.pk,
            "items-TOTAL_FORMS": "1",
            "items-0-kind": "networking",
            "items-0-title_en": "Open networking",
            "items-0-minutes": "120",
            "items-0-ORDER": "1",
            "action-publish": "action-publish",
        }
    )

    response = host_client.post(url, data)

    assert response.status_code == 200
    assert "30 minutes after the meeting ends" in str(
        response.context["form"].errors["publish_anyway"]
    )
    assert not Agenda.objects.filter(occurrence=meeting).exists()


# --- Templates that fit the series -------------------------------------------


@pytest.fixture
def templates(club, breakfast, training):
    breakfast_order = make_agenda_template(club, name="Breakfast running order")
    breakfast_order.series.set([breakfast])
    training_order = make_agenda_template(club, name="Training running order")
    training_order.series.set([training])
    anything = make_agenda_template(club, name="Any meeting")
    return {"breakfast": breakfast_order, "training": training_order, "any": anything}


def names(queryset):
    return [t.name for t in queryset]


def test_a_training_is_offered_the_training_template_first_not_the_breakfasts(
    templates, breakfast, training
):
    assert names(agenda_templates_for(first(training))) == [
        "Training running order",
        "Any meeting",
    ]
    assert names(agenda_templates_for(first(breakfast))) == [
        "Breakfast running order",
        "Any meeting",
    ]


def test_the_meetings_template_menu_offers_what_fits_its_series(
    host_client, templates, training
):
    url = reverse("club_meetings:agenda", args=[first(training).pk])

    page = host_client.get(url).content.decode()

    options = re.findall(r"<option value=\"\d+\"[^>]*>([^<]+)</option>", page)
    assert options == ["Training running order", "Any meeting"]


def test_another_series_template_is_refused(templates, training):
    with pytest.raises(ValidationError, match="another club or series"):
        agenda_from_template(
            occurrence=first(training), template=templates["breakfast"]
        )


def test_a_template_names_only_its_own_clubs_series(host_client, club, breakfast):
    theirs = make_series(make_club(name="Hilltop Experts"), title="Hilltop lunch")
    url = reverse("wagtailsnippets_clubs_agendatemplate:add")
    data = form_data(host_client, url)
    data.update({"name_en": "Lunch", "club": club.pk, "items-TOTAL_FORMS": "0"})
    data.setlist("series", [str(breakfast.pk), str(theirs.pk)])

    response = host_client.post(url, data)

    assert response.status_code == 200
    assert "series" in response.context["form"].errors
    assert not AgendaTemplate.objects.filter(name="Lunch").exists()


def test_a_template_saved_for_a_series_keeps_it(host_client, club, training):
    url = reverse("wagtailsnippets_clubs_agendatemplate:add")
    data = form_data(host_client, url)
    data.update({"name_en": "Training", "club": club.pk, "items-TOTAL_FORMS": "0"})
    data.setlist("series", [str(training.pk)])

    response = host_client.post(url, data)

    assert response.status_code == 302
    assert list(AgendaTemplate.objects.get(name="Training").series.all()) == [training]


# --- Items read their kind once ----------------------------------------------


def rendered_items(agenda):
    html = render_to_string("clubs/agendas/_agenda.html", {"agenda": agenda})
    items = re.findall(r"<li class=\"agenda__item[^>]*>(.*?)</li>", html, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]


def test_an_item_titled_as_its_kind_reads_the_kind_once(agenda):
    agenda.items.all().delete()
    AgendaItem.objects.create(
        agenda=agenda, kind="education", title="Education moment", minutes=10
    )
    AgendaItem.objects.create(
        agenda=agenda, kind="education", title="Pricing your work", minutes=10
    )

    items = rendered_items(Agenda.objects.get(pk=agenda.pk))

    assert items[0].endswith("Education moment , 10 minutes")
    assert "Education moment Education moment" not in items[0]
    assert items[1].endswith("Pricing your work Education moment , 10 minutes")
