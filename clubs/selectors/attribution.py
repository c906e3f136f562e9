"""Reads about share links: who invited the visitor in front of us."""

from django.core.cache import cache
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


SHARER_SECONDS = 300


def sharer_for_code(code: str) -> int | None:
    """The id of the active member whose share links carry `code`, read from
    the cache: a popular link is followed thousands of times an hour. For up
    to SHARER_SECONDS after a member leaves, their links may still count
    visits (which name nobody); crediting a registration always reads the
    member afresh (`inviter_for`, `attribution_credit`)."""
    key = f"sharer:{code}"
    member_id = cache.get(key)
    if member_id is None:
        found = User.objects.filter(referral_code=code, is_active=True)
        member_id = found.values_list("pk", flat=True).first() or 0
        cache.set(key, member_id, SHARER_SECONDS)
    return member_id or None


def public_name(person: User) -> str:
    """How a member is named to strangers: "Marcus B.", never their full name
    or their email address."""
    first, last = person.first_name.strip(), person.last_name.strip()
    if first:
        return f"{first} {last[0]}." if last else first
    return _("A member")
