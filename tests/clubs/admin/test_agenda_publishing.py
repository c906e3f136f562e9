"""Agendas: started from a template, drafted, previewed and published."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import querydict_from_html

from clubs.models import Agenda
from clubs.selectors.agendas import published_agenda
from clubs.services.agendas import agenda_from_template
from tests.builders import make_agenda_template as make_template
from tests.builders import make_club, make_series

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_before_2026")]


@pytest.fixture
def meeting(club):
    """Tuesday 6 January 2026, 7:30 in Chicago."""
    series = make_series(club, first_date=date(2026, 1, 6), ends_on=date(2026, 2, 28))
    return series.occurrences.order_by("start").first()


def titles(agenda):
    return [item.title for item in agenda.items.all()]


def test_an_agenda_starts_as_a_draft_copy_of_the_template(meeting, club, host):
    agenda = agenda_from_template(
        occurrence=meeting, template=make_template(club), user=host
    )

    assert titles(agenda) == ["Welcome and coffee", "Sixty seconds each", "Referrals"]
    assert [i.kind for i in agenda.items.all()] == [
        "welcome",
        "introductions",
        "referral_exchange",
    ]
    assert [i.minutes for i in agenda.items.all()] == [15, 30, 20]
    assert not agenda.live
    assert agenda.latest_revision.user == host
    assert published_agenda(meeting) is None


def test_templates_shared_with_every_club_can_be_used(meeting):
    shared = make_template(None, name="Mastermind session")

    agenda = agenda_from_template(occurrence=meeting, template=shared)

    assert agenda.items.count() == 3


def test_a_meeting_has_one_agenda(meeting, club):
    template = make_template(club)
    agenda_from_template(occurrence=meeting, template=template)

    with pytest.raises(ValidationError, match="already has an agenda"):
        agenda_from_template(occurrence=meeting, template=template)


def test_another_clubs_template_is_refused(meeting):
    theirs = make_template(make_club())

    with pytest.raises(ValidationError):
        agenda_from_template(occurrence=meeting, template=theirs)
    assert not Agenda.objects.exists()


def test_publishing_makes_it_public_and_later_drafts_wait(host_client, meeting, club):
    agenda = agenda_from_template(occurrence=meeting, template=make_template(club))
    edit_url = reverse("wagtailsnippets_clubs_agenda:edit", args=[agenda.pk])

    publish = form_data(host_client, edit_url, intro_en="See you there")
    publish["action-publish"] = "action-publish"
    assert host_client.post(edit_url, publish).status_code == 302
    assert titles(published_agenda(meeting))[0] == "Welcome and coffee"
    assert published_agenda(meeting).intro == "See you there"

    draft = form_data(host_client, edit_url, **{"items-0-title_en": "Doors open"})
    assert host_client.post(edit_url, draft).status_code == 302

    live = published_agenda(meeting)
    assert titles(live)[0] == "Welcome and coffee"
    assert live.has_unpublished_changes
    assert titles(live.latest_revision.as_object())[0] == "Doors open"


def form_data(client, url, **changes):
    """What the edit form would send back, with `changes` typed in."""
    html = client.get(url).content.decode()
    data = querydict_from_html(html, form_id="w-editor-form")
    for name, value in changes.items():
        data[name] = value
    return data


def test_hosts_start_an_agenda_from_the_meeting(host_client, meeting, club):
    template = make_template(club)
    url = reverse("club_meetings:agenda", args=[meeting.pk])
    page = host_client.get(url).content.decode()
    assert "Breakfast running order" in page

    response = host_client.post(url, {"template": template.pk})

    agenda = Agenda.objects.get(occurrence=meeting)
    assert response.status_code == 302
    assert response.url == reverse(
        "wagtailsnippets_clubs_agenda:edit", args=[agenda.pk]
    )
    assert not agenda.live
    assert host_client.get(response.url).status_code == 200


def test_the_second_agenda_is_refused_beside_the_form(host_client, meeting, club):
    template = make_template(club)
    agenda_from_template(occurrence=meeting, template=template)
    url = reverse("club_meetings:agenda", args=[meeting.pk])

    response = host_client.post(url, {"template": template.pk})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "This meeting already has an agenda."
    ]


def test_the_agenda_form_offers_only_the_hosts_meetings(host_client, meeting):
    theirs = make_series(make_club(name="Hilltop Experts"))
    form = host_client.get(reverse("wagtailsnippets_clubs_agenda:add")).context["form"]

    choices = list(form.fields["occurrence"].queryset)
    assert meeting in choices
    assert not set(choices) & set(theirs.occurrences.all())


def running_order(club, meeting):
    agenda = agenda_from_template(occurrence=meeting, template=make_template(club))
    first = agenda.items.first()
    first.owner, first.notes = "Rosa Delgado", "Name badges at the door."
    first.save()
    return Agenda.objects.get(pk=agenda.pk)


def test_the_running_order_shows_local_clock_times(meeting, club):
    agenda = running_order(club, meeting)

    with timezone.override("Asia/Tokyo"):  # the viewer's zone must not matter
        html = render_to_string("clubs/agendas/_agenda.html", {"agenda": agenda})

    assert "<ol" in html
    assert html.index("07:30") < html.index("Welcome and coffee")
    assert html.index("07:45") < html.index("Sixty seconds each")
    assert html.index("08:15") < html.index("Referrals")
    assert 'datetime="2026-01-06T07:30:00-06:00"' in html
    assert "Member introductions" in html  # the kind
    assert "Rosa Delgado" in html
    assert "Name badges at the door." in html


def test_no_agenda_renders_nothing():
    assert (
        render_to_string("clubs/agendas/_agenda.html", {"agenda": None}).strip() == ""
    )


def test_the_preview_shows_the_meeting_and_its_agenda(host_client, meeting, club):
    agenda = running_order(club, meeting)
    edit_url = reverse("wagtailsnippets_clubs_agenda:edit", args=[agenda.pk])
    preview_url = reverse(
        "wagtailsnippets_clubs_agenda:preview_on_edit", args=[agenda.pk]
    )

    data = form_data(host_client, edit_url, **{"items-1-title_en": "Elevator pitches"})
    assert host_client.post(preview_url, data).json()["is_valid"]
    html = host_client.get(preview_url).content.decode()

    assert "Networking breakfast" in html
    assert "Tuesday, 6 January 2026, 07:30" in html
    assert "Elevator pitches" in html
