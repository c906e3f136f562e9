"""Abuse limits on the public writes, counted in the shared cache.

Each limit is a group named in `settings.RATE_LIMITS` ("6/h": six an hour).
django-ratelimit counts the hits in the `ratelimit` cache (Redis in
production, so every app server counts the same ones); a request past a limit
raises `Ratelimited`, which the site answers with its 429 page
(clubsite.views.rate_limited, through django-ratelimit's middleware).
"""

import hashlib

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit
from django_ratelimit.exceptions import Ratelimited

DAY = 24 * 60 * 60


def rate(group: str, request) -> str | None:
    """The rate of `group`, read at each request (tests change it)."""
    return settings.RATE_LIMITS.get(group)


def client_ip(request) -> str:
    """The visitor's address as allauth reads it, so that the account pages'
    limits and the site's count the same person (settings: the proxies)."""
    return get_adapter().get_client_ip(request)


def meeting_key(group: str, request) -> str:
    """All requests about one meeting (its `pk` in the URL) count together."""
    return str(request.resolver_match.kwargs["pk"])


def limit(group: str, *, key="ip", method="POST"):
    """Decorate a view: its `method` requests past the group's rate get 429."""
    return ratelimit(group=group, key=key, rate=rate, method=method)


def throttle(request, group: str, *, key="ip") -> None:
    """Count one hit of `group` now, and raise Ratelimited past its rate: for
    limits that apply to some requests of a view only (guests, not members)."""
    if is_ratelimited(request, group=group, key=key, rate=rate, increment=True):
        raise Ratelimited


def first_today(request, *what) -> bool:
    """Whether this is the first time today that this visitor (by address)
    does `what`; every later time that day answers False. Only a hash of the
    address is kept, in the cache, for a day."""
    day = timezone.now().date().isoformat()
    source = "\x1f".join([client_ip(request), day, *map(str, what)])
    key = "first:" + hashlib.sha256(source.encode()).hexdigest()
    return caches[settings.RATELIMIT_USE_CACHE].add(key, 1, timeout=DAY)
