"""Commitments: recorded at a session, back on the next one, marked by their
owner, and summed up as a follow-through rate."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from clubs.services.meetings import occurrence_cancel
from masterminds.models import Commitment
from masterminds.selectors import commitments_due, follow_through
from masterminds.services import commitments as services
from masterminds.services.commitments import commitment_mark, commitment_record
from tests.builders import make_occurrence, make_user
from tests.masterminds.builders import facilitator_of, make_group, seat, sessions

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    """Monthly sessions since about four months ago."""
    return make_group(first_session=timezone.localdate() - timedelta(days=120))


@pytest.fixture
def ana(group):
    return seat(group, first_name="Ana")


def record(occurrence, member, text="Call three past clients", by=None):
    return commitment_record(
        occurrence=occurrence, member=member, text=text, by=by or member
    )


def test_a_member_records_a_commitment_and_may_reword_it_until_marked(held, ana):
    record(held[0], ana, "Call two clients")
    commitment = record(held[0], ana, "Call three clients")

    assert Commitment.objects.get().text == "Call three clients"
    commitment_mark(commitment=commitment, status="done", by=ana)
    with pytest.raises(ValidationError) as excinfo:
        record(held[0], ana, "Call four clients")
    assert excinfo.value.messages == [str(services.ALREADY_MARKED)]
    assert Commitment.objects.get().text == "Call three clients"


def test_a_commitment_for_someone_else_is_refused(group, held, ana):
    ben = seat(group, first_name="Ben")

    for by in (ben, facilitator_of(group)):
        with pytest.raises(ValidationError) as excinfo:
            record(held[0], ana, by=by)
        assert excinfo.value.messages == [str(services.NOT_YOURS)]
    assert not Commitment.objects.exists()


def test_only_members_record_commitments_at_their_groups_sessions(group, held, ana):
    with pytest.raises(ValidationError) as excinfo:
        record(held[0], make_user())
    assert excinfo.value.messages == [str(services.NOT_A_MEMBER)]

    past_meeting = make_occurrence(first_date=timezone.localdate() - timedelta(days=60))
    with pytest.raises(ValidationError) as excinfo:
        record(past_meeting, ana)
    assert excinfo.value.messages == [str(services.NOT_A_SESSION)]
    assert not Commitment.objects.exists()


def test_facilitators_may_commit_too(group, held):
    facilitator = facilitator_of(group)

    assert record(held[0], facilitator).member == facilitator


def test_commitments_wait_for_the_session_and_need_words(group, held, ana):
    upcoming = sessions(group)[len(held)]

    with pytest.raises(ValidationError) as excinfo:
        record(upcoming, ana)
    assert excinfo.value.messages == [str(services.NOT_YET)]
    with pytest.raises(ValidationError) as excinfo:
        record(held[0], ana, "   ")
    assert excinfo.value.message_dict == {"text": [str(services.EMPTY)]}
    with pytest.raises(ValidationError) as excinfo:
        record(held[0], ana, "x" * 1001)
    assert excinfo.value.message_dict == {"text": [str(services.TOO_LONG)]}
    assert not Commitment.objects.exists()


def test_a_cancelled_session_takes_no_commitments(group, held, ana):
    occurrence_cancel(occurrence=held[0], reason="Snow")

    with pytest.raises(ValidationError, match="cancelled"):
        record(held[0], ana)


def test_only_the_owner_marks_a_commitment_and_only_as_done_partly_or_not(
    group, held, ana
):
    commitment = record(held[0], ana)

    with pytest.raises(ValidationError) as excinfo:
        commitment_mark(commitment=commitment, status="done", by=facilitator_of(group))
    assert excinfo.value.messages == [str(services.NOT_YOURS_TO_MARK)]
    with pytest.raises(ValidationError):
        commitment_mark(commitment=commitment, status="open", by=ana)
    commitment.refresh_from_db()
    assert (commitment.status, commitment.marked_at) == ("open", None)

    commitment_mark(commitment=commitment, status="partly", by=ana)
    commitment.refresh_from_db()
    assert commitment.status == "partly"
    assert commitment.marked_at is not None


def test_last_sessions_commitments_come_back_at_the_next_session(group, held, ana):
    ben = seat(group, first_name="Ben")
    record(held[-3], ana, "Old promise")
    record(held[-2], ana, "Hire an assistant")
    record(held[-2], ben, "Raise prices")
    upcoming = sessions(group)[len(held)]
    occurrence_cancel(occurrence=held[-1], reason="Holiday")

    due = commitments_due(occurrence=upcoming)

    # The last session before it was cancelled, so the one before that counts.
    assert [(c.member.first_name, c.text) for c in due] == [
        ("Ana", "Hire an assistant"),
        ("Ben", "Raise prices"),
    ]
    assert list(commitments_due(occurrence=held[0])) == []


def test_the_follow_through_rate_counts_partly_done_as_half(group, held, ana):
    marks = ["done", "partly", "not_done"]
    for occurrence, status in zip(held[:3], marks, strict=True):
        commitment_mark(commitment=record(occurrence, ana), status=status, by=ana)
    other = make_group(first_session=timezone.localdate() - timedelta(days=60))
    seat(other, ana)
    record(sessions(other)[0], ana)  # open, and in another group

    here = follow_through(person=ana, group=group)
    everywhere = follow_through(person=ana)

    assert (here.done, here.partly, here.not_done, here.open) == (1, 1, 1, 0)
    assert here.rate == 0.5
    assert (everywhere.marked, everywhere.open) == (3, 1)
    assert follow_through(person=make_user()).rate is None
