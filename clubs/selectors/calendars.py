"""Reads: which calendar feed a page may offer the person viewing it, and whose
feed a token opens."""

from django.urls import reverse

from clubs.models import Club, User, calendar_token_digest
from clubs.selectors.clubs import clubs_visible_to


def club_feed_url(*, club: Club, person: User) -> str | None:
    """The address to a club's meetings as this person may use it: the public
    feed of a public club; for a members-only club, its feed for signed-in
    members (the address to subscribe with, behind the member's own token, is
    shown once on their calendar page, since only its hash is stored); for
    anyone else nothing, since every other address would answer 404."""
    if club.visibility == Club.Visibility.PUBLIC:
        return reverse("club_calendar_feed", kwargs={"slug": club.slug})
    if not clubs_visible_to(person).filter(pk=club.pk).exists():
        return None
    return reverse("club_members_calendar_feed", kwargs={"slug": club.slug})


def person_by_calendar_token(token: str) -> User | None:
    """The active member whose feed token this is, looked up by its hash."""
    digest = calendar_token_digest(token)
    return User.objects.filter(calendar_token_hash=digest, is_active=True).first()


def members_only_clubs(person: User):
    """The members-only clubs whose feed the person subscribes to by token."""
    return clubs_visible_to(person).exclude(visibility=Club.Visibility.PUBLIC)
