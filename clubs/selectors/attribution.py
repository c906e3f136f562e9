"""Reads about share links: who invited the visitor in front of us."""

from django.utils.translation import gettext as _

from clubs.cookies import Touch
from clubs.models import User


def inviter_for(touch: Touch | None) -> User | None:
    """The active member whose share link brought the visitor, if any: the one
    `registration_create` credits when they register (unless an earlier link
    already earned the credit, or they turn out to be a member)."""
    if touch is None:
        return None
    return User.objects.filter(referral_code=touch.code, is_active=True).first()


def public_name(person: User) -> str:
    """How a member is named to strangers: "Marcus B.", never their full name
    or their email address."""
    first, last = person.first_name.strip(), person.last_name.strip()
    if first:
        return f"{first} {last[0]}." if last else first
    return _("A member")
