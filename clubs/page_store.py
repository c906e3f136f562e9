"""Where the page cache (clubs.caching) keeps its pages.

One key per page holds its status, headers and body together, so a hit is
one read: Django's cache middleware reads a header key, then the page. With
`REDIS_URL` the store talks to Redis through one client per process, whose
connection pool every read reuses (Django's Redis cache builds a client for
each read), and keeps what it read for a second (`RedisPageStore`). Without
it, pages sit in a local-memory cache, as in development.

Each stored page carries tags ("pages", "club:7"); forgetting a tag drops
every page that carries it, and marks the tag with the time, so a page whose
build began before that moment (from the data as it was) is not stored.
"""

import time

from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache

PREFIX = "pagecache:"
RECENT_SECONDS = 1.0  # how long a worker answers a page from its own memory
RECENT_PAGES = 500


def _tag_key(tag: str) -> str:
    return f"{PREFIX}tag:{tag}"


def _mark_key(tag: str) -> str:
    return f"{PREFIX}forgot:{tag}"


def _stale(marks, since: float) -> bool:
    return any(mark is not None and float(mark) >= since for mark in marks)


class RedisPageStore:
    """Pages in Redis, shared by every worker and server. A page read in the
    last second is answered from this process's memory without even that one
    round trip (a popular page is read thousands of times a second), and so
    is a miss: another worker sees a forgotten page go, or a new one come,
    within that second, this one at once."""

    def __init__(self, url: str):
        import redis

        self.url = url
        self.client = redis.Redis.from_url(url)
        self.recent = {}  # key -> (read until, page)

    def get(self, key: str) -> bytes | None:
        now = time.monotonic()
        recent = self.recent.get(key)
        if recent is not None and recent[0] > now:
            return recent[1]
        value = self.client.get(PREFIX + key)
        # A miss is remembered as briefly: addresses no page is kept for (a
        # share link's redirect) are asked for as often as popular pages.
        if len(self.recent) >= RECENT_PAGES:
            self.recent.clear()
        self.recent[key] = (now + RECENT_SECONDS, value)
        return value

    def put(self, entries: dict, *, tags, timeout: int, since: float) -> bool:
        tags = list(tags)
        if tags and _stale(self.client.mget([_mark_key(t) for t in tags]), since):
            return False
        pipe = self.client.pipeline(transaction=False)
        for key, value in entries.items():
            pipe.set(PREFIX + key, value, ex=timeout)
        for tag in tags:
            pipe.sadd(_tag_key(tag), *(PREFIX + key for key in entries))
            pipe.expire(_tag_key(tag), timeout)
        pipe.execute()
        for key in entries:
            self.recent.pop(key, None)  # remembered missing a moment ago
        return True

    def forget(self, tags) -> None:
        self.recent.clear()
        tags = list(tags)
        pipe = self.client.pipeline(transaction=False)
        for tag in tags:
            pipe.set(_mark_key(tag), repr(time.time()), ex=_mark_seconds())
            pipe.smembers(_tag_key(tag))
        found = pipe.execute()[1::2]
        keys = {key for members in found for key in members}
        self.client.delete(*keys, *(_tag_key(tag) for tag in tags))

    def clear(self) -> None:
        self.recent.clear()
        keys = list(self.client.scan_iter(match=PREFIX + "*", count=1000))
        if keys:
            self.client.delete(*keys)


class LocalPageStore:
    """The same in this process's memory (development, tests without Redis)."""

    url = ""

    def __init__(self):
        self.cache = LocMemCache("pages", {"OPTIONS": {"MAX_ENTRIES": 3000}})

    def get(self, key: str) -> bytes | None:
        return self.cache.get(PREFIX + key)

    def put(self, entries: dict, *, tags, timeout: int, since: float) -> bool:
        tags = list(tags)
        marks = self.cache.get_many([_mark_key(tag) for tag in tags])
        if _stale(marks.values(), since):
            return False
        for key, value in entries.items():
            self.cache.set(PREFIX + key, value, timeout)
        for tag in tags:
            members = self.cache.get(_tag_key(tag), set())
            self.cache.set(_tag_key(tag), members | {PREFIX + k for k in entries})
        return True

    def forget(self, tags) -> None:
        for tag in tags:
            self.cache.set(_mark_key(tag), time.time(), _mark_seconds())
            members = self.cache.get(_tag_key(tag), set())
            self.cache.delete_many([*members, _tag_key(tag)])

    def clear(self) -> None:
        self.cache.clear()


def _mark_seconds() -> int:
    # Long enough to outlive any page build that began before the change.
    return 600


_store = None


def page_store():
    """This process's store, made on first use (after gunicorn forks)."""
    global _store
    url = settings.REDIS_URL
    if _store is None or _store.url != url:
        _store = RedisPageStore(url) if url else LocalPageStore()
    return _store
