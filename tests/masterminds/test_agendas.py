"""A session's agenda: the group's template with the hot seats and last
session's commitments written in, published as a clubs agenda, so the session
page and the calendar event show it."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from clubs.calendar import occurrence_description
from masterminds.models import Commitment
from masterminds.services.agendas import session_agenda_build
from masterminds.services.sessions import hot_seat_swap, hot_seats_propose
from tests.masterminds.builders import (
    facilitator_of,
    make_group,
    make_session_template,
    seat,
    sessions,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    group = make_group(first_session=timezone.localdate() - timedelta(days=45))
    make_session_template(group)
    return group


@pytest.fixture
def members(group):
    return [
        seat(group, first_name=name, last_name="Lee") for name in ("Ana", "Ben", "Cy")
    ]


def next_and_last(group):
    now = timezone.now()
    held = [session for session in sessions(group) if session.start < now]
    upcoming = [session for session in sessions(group) if session.start > now]
    return upcoming[0], held[-1]


def test_the_agenda_names_the_hot_seats_and_last_sessions_commitments(
    client, group, members
):
    ana, ben, cy = members
    upcoming, last = next_and_last(group)
    Commitment.objects.create(occurrence=last, member=ana, text="Call ten clients")
    Commitment.objects.create(
        occurrence=last,
        member=cy,
        text="Raise prices",
        status=Commitment.Status.DONE,
        marked_at=timezone.now(),
    )
    hot_seats_propose(occurrence=upcoming)

    draft = session_agenda_build(occurrence=upcoming, user=facilitator_of(group))
    draft.save_revision().publish()

    client.force_login(ben)
    page = client.get(
        reverse(
            "occurrence_detail", kwargs={"slug": group.club.slug, "pk": upcoming.pk}
        )
    ).text
    assert "Hot seat: Ana Lee" in page
    assert "Hot seat: Ben Lee" in page
    assert "Ana Lee: Call ten clients" in page
    assert "Cy Lee: Raise prices (Done)" in page
    description = occurrence_description(upcoming)
    assert "Hot seat: Ana Lee, 20 min" in description
    assert "Hot seat: Ben Lee, 20 min" in description
    assert "Call ten clients" not in description  # the group's private business


def test_building_again_after_a_swap_drafts_the_new_names(group, members):
    ana, ben, cy = members
    upcoming, _last = next_and_last(group)
    hot_seats_propose(occurrence=upcoming)
    session_agenda_build(occurrence=upcoming).save_revision().publish()
    hot_seat_swap(
        hot_seat=upcoming.hot_seats.get(member=ben),
        member=cy,
        by=facilitator_of(group),
    )

    draft = session_agenda_build(occurrence=upcoming)

    titles = [item.title for item in draft.items.all()]
    assert "Hot seat: Cy Lee" in titles
    assert "Hot seat: Ben Lee" not in titles
    upcoming.agenda.refresh_from_db()
    assert upcoming.agenda.has_unpublished_changes  # the facilitator publishes it


def test_a_group_without_a_template_is_told_to_choose_one(group, members):
    group.agenda_template = None
    group.save()
    upcoming, _last = next_and_last(group)

    with pytest.raises(ValidationError, match="agenda template"):
        session_agenda_build(occurrence=upcoming)


def test_the_facilitator_builds_it_in_the_admin(client, group, members):
    from tests.masterminds.test_admin_groups import in_admin

    upcoming, _last = next_and_last(group)
    client.force_login(in_admin(facilitator_of(group)))
    url = reverse("mastermind_groups:next_session", args=[group.pk])
    client.post(url, {"action": "propose"})

    response = client.post(url, {"action": "agenda"}, follow=True)

    assert "The agenda draft is ready to publish." in response.text
    draft = upcoming.agenda.get_latest_revision_as_object()
    assert "Hot seat: Ana Lee" in [item.title for item in draft.items.all()]
    assert "Edit, preview and publish the agenda" in client.get(url).text
