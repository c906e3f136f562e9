"""Referrals through the services for the referral tests, and the two ways
they read the result: a service's refusal, and a page as someone signed in."""

from django.core.exceptions import ValidationError

from clubs.models import Referral
from clubs.services.referrals import referral_move
from tests.builders import make_referral


def give(giver, club, receiver, **fields) -> Referral:
    """Paula Prospect, with a phone number, who needs a new roof."""
    values = {"prospect_phone": "+1 555 0100", "need": "A new roof"} | fields
    return make_referral(giver=giver, club=club, receiver=receiver, **values)


def move(referral, status, by, **fields):
    return referral_move(referral=referral, status=status, by=by, **fields)


def refusal(error: ValidationError) -> dict:
    return error.value.message_dict


def logged_in(client, person):
    client.force_login(person)
    return client
