"""Calendar feeds as served, and the secret token in a member's feed address.

Building a feed with icalendar costs about a millisecond a meeting, and apps
poll every feed hourly, so a built feed is kept in the cache under a version:
a one-query summary of everything that can change it (places, moves,
cancellations, agendas, edits to series and clubs). Any such change makes a
new version, so a feed is never stale.
"""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone, translation

from clubs.calendar import club_feed, member_feed
from clubs.models import (
    Club,
    Occurrence,
    Registration,
    Series,
    User,
    calendar_token_digest,
    new_calendar_token,
)

CACHE_SECONDS = 10 * 60


@dataclass(frozen=True)
class Feed:
    body: bytes
    etag: str  # a hash of the body, quoted as HTTP wants it

    @classmethod
    def of(cls, body: bytes) -> "Feed":
        return cls(body=body, etag=f'"{hashlib.sha256(body).hexdigest()[:32]}"')


def calendar_token_rotate(*, person: User) -> str:
    """Give the member a new feed token and return it: the only time it exists
    outside the address, since only its hash is stored. The old addresses stop
    working at once, for a link that was shared by mistake or leaked."""
    token = new_calendar_token()
    person.calendar_token_hash = calendar_token_digest(token)
    User.objects.filter(pk=person.pk).update(
        calendar_token_hash=person.calendar_token_hash
    )
    return token


def member_feed_get(*, person: User) -> Feed:
    """The member's personal feed, built at most once per version."""
    version = Registration.objects.filter(person=person).aggregate(
        places=Count("pk"),
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
        registered=Max("created_at"),
        **_occurrence_version("occurrence__"),
        series=Max("occurrence__series__updated_at"),
        club=Max("occurrence__series__club__updated_at"),
    )
    key = _key("member", person.pk, version)
    return _cached(key, lambda: member_feed(person))


def club_feed_get(*, club: Club) -> Feed:
    """A club's feed, built at most once per version. Every subscriber gets
    the same one: public visitors, or members through their token."""
    version = Occurrence.objects.filter(series__club=club).aggregate(
        **_occurrence_version("")
    ) | Series.objects.filter(club=club).aggregate(
        series=Count("pk"), series_changed=Max("updated_at"), changes=Sum("sequence")
    )
    key = _key("club", club.pk, club.updated_at, version)
    return _cached(key, lambda: club_feed(club))


def _occurrence_version(prefix: str) -> dict:
    """What changes an occurrence's entry: every edit raises its sequence and
    `updated_at`; publishing or withdrawing an agenda moves the agenda counts."""
    live_agenda = Q(**{f"{prefix}agenda__live": True})
    return {
        "meetings": Count(f"{prefix}pk", distinct=True),
        "edits": Sum(f"{prefix}sequence"),
        "edited": Max(f"{prefix}updated_at"),
        "agendas": Count(f"{prefix}agenda", filter=live_agenda),
        "published": Max(f"{prefix}agenda__last_published_at"),
    }


def _key(*parts) -> str:
    # Today is part of every version: exclusion rules are written out from
    # today, and the time zone data starts from the year before the first date.
    # So is the language the feed is served in: the page addresses inside it
    # carry the language's prefix (/es/...).
    today, language = timezone.localdate(), translation.get_language()
    digest = hashlib.sha256(repr((*parts, today, language)).encode()).hexdigest()
    return f"calendar-feed:{digest}"


def _cached(key: str, build) -> Feed:
    if (feed := cache.get(key)) is None:
        feed = Feed.of(build())
        cache.set(key, feed, CACHE_SECONDS)
    return feed
