"""Hosts mark the same credited friend present at the same moment (at several
meetings, on several phones): exactly one pair of rewards, and no error for any.

PostgreSQL only (CI sets DATABASE_URL): the attribution row is locked while
the rewards are decided (`SELECT ... FOR UPDATE OF` the attribution alone:
PostgreSQL refuses a lock across the outer join to a missing program). SQLite
takes the write lock at the start of every transaction, so it never races.
"""

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.utils import timezone
from wagtail.models import Locale

from clubs.cookies import Touch
from clubs.models import Attendance, Reward, RewardProgram
from clubs.services.attendance import attendance_mark
from clubs.services.registrations import registration_create
from tests.builders import make_club, make_membership, make_occurrence, make_user

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs PostgreSQL (DATABASE_URL)",
)

FRIENDS, MEETINGS = 5, 3


@pytest.mark.django_db(transaction=True)
def test_simultaneous_marks_grant_one_pair_of_rewards():
    # A transactional test starts from a flushed database, without the rows
    # migrations leave (the default locale a reward program belongs to).
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    club = make_club()
    host, ana = make_user(), make_user()
    make_membership(club, host, role="organizer")
    program = RewardProgram.objects.create(
        name="Breakfast", referrer_reward="Coffee", friend_reward="Croissant"
    )
    touch = Touch(
        code=ana.referral_code, page_id=1, program_id=program.pk, at=timezone.now()
    )
    meetings = [make_occurrence(club) for _ in range(MEETINGS)]
    pairs = [
        [
            registration_create(
                occurrence=occurrence,
                name=f"Friend {n}",
                email=f"friend{n}@example.com",
                touch=touch,
            )
            for occurrence in meetings
        ]
        for n in range(FRIENDS)
    ]
    mail.outbox.clear()

    def mark(registration, barrier):
        barrier.wait()
        try:
            attendance_mark(
                occurrence=registration.occurrence,
                registration=registration,
                status=Attendance.Status.PRESENT,
                by=host,
            )
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=MEETINGS) as pool:
        for pair in pairs:
            barrier = threading.Barrier(MEETINGS)
            futures = [
                pool.submit(mark, registration, barrier) for registration in pair
            ]
            for future in futures:
                future.result()  # neither host sees an error

    assert Attendance.objects.filter(status="present").count() == MEETINGS * FRIENDS
    assert Reward.objects.count() == 2 * FRIENDS
    for n in range(FRIENDS):
        assert Reward.objects.filter(attribution__name=f"Friend {n}").count() == 2
    assert len(mail.outbox) == 2 * FRIENDS
