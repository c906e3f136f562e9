"""Mastermind emails go out in each recipient's own language, with links
under that language's prefix, whichever language the worker runs in."""

import re

import pytest
from django.core import mail

from masterminds.models import HotSeat
from masterminds.notifications.hot_seats import hot_seat_proposed
from masterminds.services.applications import application_submit
from tests.builders import make_category, make_user
from tests.catalogue import translated
from tests.masterminds.builders import facilitator_of, make_group, seat, sessions

pytestmark = pytest.mark.django_db

CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


def test_a_russian_member_s_hot_seat_is_announced_in_russian():
    group = make_group()
    member = seat(group, language="ru")
    upcoming = sessions(group)[0]
    hot_seat = HotSeat.objects.create(occurrence=upcoming, member=member, position=1)

    hot_seat_proposed(hot_seat.pk)

    (email,) = mail.outbox
    assert email.to == [member.email]
    assert f"/ru/masterminds/{group.club.slug}/sessions/{upcoming.pk}/" in email.body
    assert CYRILLIC.search(email.body)  # the date: Russian day and month names


def test_an_applicant_and_the_facilitator_each_read_their_own_language(committed):
    group = make_group()
    facilitator = facilitator_of(group)
    facilitator.language = "id"
    facilitator.save()
    applicant = make_user(language="ru")
    words = {"What you want from the group:": "Чего вы ждёте от группы:"}

    with translated("ru", words), translated("id", {"Business:": "Usaha:"}):
        with committed():
            application_submit(
                group=group,
                person=applicant,
                wants="Найти первого сотрудника",
                business="Бухгалтерия для кафе",
                category=make_category(),
            )

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert "Чего вы ждёте от группы:" in by_recipient[applicant.email].body
    to_facilitator = by_recipient[facilitator.email].body
    assert "Usaha: Бухгалтерия для кафе" in to_facilitator
    assert "Чего вы ждёте" not in to_facilitator
