"""Signed tokens in links that need no login: managing a registration (from the
confirmation email) and checking in at the door (the QR code).

A link stops working `SIGNED_LINK_DAYS_AFTER_MEETING` days after its meeting
ends, or after it was made, whichever is later: an old email found in a
forwarded thread or a shared inbox no longer opens the place, its payments
or its receipts, while a link sent again on request (after the meeting, for a
receipt) gets its own days. Moving the meeting moves the date with it. The
token itself carries when it was made (Django signs it with a timestamp), so
every link already sent follows the rule too.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone

from clubs.models import Registration

MANAGE_SALT = "clubs.registration.manage"
CHECK_IN_SALT = "clubs.registration.check-in"


class ExpiredLink(Exception):
    """A genuine link whose time is up; it names its registration, so the
    page that says so can offer a new one."""

    def __init__(self, registration: Registration):
        super().__init__(f"expired link to registration {registration.pk}")
        self.registration = registration


def registration_manage_token(registration: Registration) -> str:
    return signing.dumps(registration.pk, salt=MANAGE_SALT, compress=True)


def registration_check_in_token(registration: Registration) -> str:
    return signing.dumps(registration.pk, salt=CHECK_IN_SALT, compress=True)


def registration_pk_from_token(token: str, *, salt: str) -> int | None:
    """The registration's id, or None when the token is forged or garbled."""
    try:
        return int(signing.loads(token, salt=salt))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def link_lifetime() -> timedelta:
    return timedelta(days=settings.SIGNED_LINK_DAYS_AFTER_MEETING)


def link_check_expiry(token: str, *, salt: str, registration: Registration) -> None:
    """Raise ExpiredLink when both the meeting and the link's making lie more
    than the lifetime in the past."""
    lifetime = link_lifetime()
    if timezone.now() <= registration.occurrence.end + lifetime:
        return
    try:
        signing.loads(token, salt=salt, max_age=lifetime)
    except signing.SignatureExpired:
        raise ExpiredLink(registration) from None
