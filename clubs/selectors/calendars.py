"""Reads: which calendar feed a page may offer the person viewing it."""

from django.urls import reverse

from clubs.models import Club, User
from clubs.selectors.clubs import clubs_visible_to


def club_feed_url(*, club: Club, person: User) -> str | None:
    """The address to subscribe to a club's meetings, as this person may use
    it: the public feed of a public club; for a members-only club, the feed
    behind the member's own calendar token; for anyone else nothing, since
    every other address would answer 404."""
    if club.visibility == Club.Visibility.PUBLIC:
        return reverse("club_calendar_feed", kwargs={"slug": club.slug})
    if not clubs_visible_to(person).filter(pk=club.pk).exists():
        return None
    return reverse(
        "member_club_calendar_feed",
        kwargs={"token": person.calendar_token, "slug": club.slug},
    )
