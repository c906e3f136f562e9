"""The worker writes each email in its recipient's language (Indonesian and
Russian here), with every link under that language's prefix, whatever
language the worker itself runs in."""

import re

import pytest
from django.core import mail
from icalendar import Calendar

from clubs.notifications.meetings import registration_received
from clubs.notifications.referrals import referral_logged
from tests.builders import (
    make_club,
    make_member,
    make_occurrence,
    make_referral,
    make_registration,
)

pytestmark = pytest.mark.django_db

RUSSIAN_MONTHS = "янв фев мар апр мая июн июл авг сен окт ноя дек".split()


def links(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"<>]+", text)


def test_a_russian_guest_s_confirmation_its_links_and_its_invitation(client):
    occurrence = make_occurrence()
    registration = make_registration(occurrence, language="ru")
    mail.outbox.clear()

    registration_received(registration.pk)

    (email,) = mail.outbox
    assert any(month in email.subject.lower() for month in RUSSIAN_MONTHS)
    assert "/ru/registrations/" in email.body  # the manage link
    assert links(email.body) and all("/ru/" in link for link in links(email.body))
    (ics,) = [a for a in email.attachments if a[0] == "meeting.ics"]
    (event,) = Calendar.from_ical(ics[1]).walk("VEVENT")
    assert "/ru/clubs/" in str(event["URL"])
    assert "/ru/clubs/" in str(event["DESCRIPTION"])


def test_an_indonesian_receiver_s_referral_links_are_indonesian(committed):
    club = make_club()
    giver = make_member(club)
    receiver = make_member(club, language="id")
    referral = make_referral(giver=giver, club=club, receiver=receiver)
    mail.outbox.clear()

    referral_logged(referral.pk)

    (email,) = mail.outbox
    assert email.to == [receiver.email]
    assert f"/id/referrals/{referral.pk}/" in email.body
    assert all("/id/" in link for link in links(email.body))
