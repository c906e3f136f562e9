"""Facilitators approving many applications at once, on PostgreSQL.

Each approval runs in its own thread and connection. However they interleave,
the group never seats more members than its seat limit nor two members of one
business category, and every approval either seats its applicant or changes
nothing. SQLite serialises writers anyway, so this runs only when
DATABASE_URL points at PostgreSQL (CI sets it).
"""

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from clubs.models import Membership
from masterminds.models import Application
from masterminds.services.applications import application_approve, application_submit
from tests.builders import make_category, make_user
from tests.masterminds.builders import facilitator_of, make_group, seat

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs PostgreSQL: set DATABASE_URL",
    ),
    pytest.mark.django_db(transaction=True),
]

SEATS, TAKEN, CATEGORIES, PER_CATEGORY = 5, 1, 6, 3


def test_concurrent_approvals_never_overfill_nor_double_a_category():
    group = make_group(seat_limit=SEATS)
    facilitator = facilitator_of(group)
    categories = [make_category() for _ in range(CATEGORIES)]
    seat(group, category=categories[0])  # one category is taken already
    applications = [
        application_submit(
            group=group,
            person=make_user(),
            wants="Grow",
            business="A business",
            category=category,
        )
        for category in categories
        for _ in range(PER_CATEGORY)
    ]
    start = threading.Barrier(len(applications))

    def approve(application):
        try:
            start.wait()
            application_approve(application=application, by=facilitator)
            return "approved"
        except ValidationError:
            return "refused"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(applications)) as pool:
        outcomes = list(pool.map(approve, applications))

    seated = Membership.objects.filter(
        club=group.club, role="member", status="active"
    ).select_related("person")
    seated_categories = [membership.person.category_id for membership in seated]
    approved = Application.objects.filter(status=Application.Status.APPROVED)
    # Five seats, one taken; five free categories, so four more are seated.
    assert outcomes.count("approved") == SEATS - TAKEN
    assert len(seated_categories) == SEATS
    assert len(set(seated_categories)) == SEATS
    assert approved.count() == SEATS - TAKEN
    assert set(approved.values_list("person", flat=True)) <= {
        membership.person_id for membership in seated
    }
    assert Application.objects.filter(status="pending").count() == (
        len(applications) - (SEATS - TAKEN)
    )
