"""Signed tokens in links that need no login: managing a registration (from the
confirmation email) and checking in at the door (the QR code)."""

from django.core import signing

from clubs.models import Registration

MANAGE_SALT = "clubs.registration.manage"
CHECK_IN_SALT = "clubs.registration.check-in"


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
