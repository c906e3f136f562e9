"""A group's monthly training is held on a public club; it is marked as a
training there, so that club never offers it as its own next meeting."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from clubs.models import Series
from clubs.selectors.clubs import clubs_for_directory
from tests.builders import make_club, make_series, make_user
from tests.masterminds.builders import make_group

pytestmark = pytest.mark.django_db

mark_trainings = importlib.import_module(
    "masterminds.migrations.0005_training_series_purpose"
).mark_trainings


def test_a_series_not_marked_as_a_training_is_refused_with_a_reason():
    group = make_group()
    group.training_series = make_series(make_club(), title="Monthly training")

    with pytest.raises(ValidationError) as excinfo:
        group.full_clean()

    assert "Mark this series as a training" in str(
        excinfo.value.message_dict["training_series"]
    )


def test_existing_trainings_are_marked_and_leave_their_clubs_next_meeting():
    group = make_group(training=True)
    training = group.training_series
    # As it was before series had a purpose: a training counted as a meeting.
    Series.objects.filter(pk=training.pk).update(purpose=Series.Purpose.MEETING)
    breakfast = make_series(
        training.club,
        title="Breakfast",
        start_time=training.start_time.replace(hour=23),
    )
    other = make_series(make_club(), title="Someone else's meeting")

    mark_trainings(apps, None)

    training.refresh_from_db()
    assert training.purpose == Series.Purpose.TRAINING
    assert Series.objects.get(pk=breakfast.pk).purpose == Series.Purpose.MEETING
    assert Series.objects.get(pk=other.pk).purpose == Series.Purpose.MEETING
    club = clubs_for_directory(person=make_user()).get(pk=training.club_id)
    assert club.next_meeting == breakfast.occurrences.order_by("start")[0].start
