"""The page cache: anonymous pages are served from the cache, everyone else's
are built for them.

A request is *personal* when it carries a session or a flash-message cookie.
Only then may a page read `request.user` or the messages, and only then is it
built per request (`private`, `Vary: Cookie`). Without those cookies a page
that opts in with `public_page()` is stored in the page store
(clubs.page_store) and served from it by `PageCacheMiddleware`, before the
rest of the middleware runs. The referral cookie is not personal in this
sense: the code it carries never changes a cached page.

A page may greet a visitor by the member whose link brought them (the guest
form on a meeting page: "Marcus B. invited you"). Such a page calls
`greeting_page()`: the greeted copy is private, so neither our cache nor a
CDN keeps it, and the page varies on `X-Referral`, a request header that only
`PageCacheMiddleware` sets (from the referral cookie's presence,
whatever the client sent), so a visitor with the cookie never gets the copy
built for everyone else, and nobody else ever gets theirs. Landing pages do
not vary on it: every share link still lands on their one cached copy.

Whatever is built for a signed-in person (their pages, a host's reports and
CSVs, the admin) is sent `private, no-store` by `PersonalNoStoreMiddleware`,
whichever view built it, so no browser disk, proxy or CDN keeps a copy of a
prospect's phone number or a club's payments. Pages that open with a secret
link instead of a login (a place's manage page, its receipt) say the same with
Django's `cache_control(private=True, no_store=True)`, as do personal calendar
feeds.

Shared caches (ours, a CDN) may keep a public page for `PAGE_CACHE_SECONDS`
(`s-maxage`); browsers may not (`max-age=0`): a visitor who signs in must get
their own page at once, not the anonymous copy their browser kept.

A cached copy is dropped when what it shows changes, not only when its time
is up: publishing a Wagtail page forgets the content pages; a change to a
club, its meetings or their places forgets that club's pages and the content
pages (their upcoming-meeting blocks show seats left). See `pages_forget`.
"""

import hashlib
import pickle
import time
from http import HTTPStatus

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.http import HttpResponse
from django.http.response import ResponseHeaders
from django.utils.cache import (
    add_never_cache_headers,
    cc_delim_re,
    has_vary_header,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date
from django.utils.translation import get_language_from_path

from clubs.cookies import COOKIE as REFERRAL_COOKIE
from clubs.page_store import page_store

MESSAGES_COOKIE = "messages"  # django.contrib.messages' CookieStorage
REFERRAL_HEADER = "X-Referral"
REFERRAL_META = "HTTP_X_REFERRAL"
CONTENT_TAG = "pages"  # the Wagtail pages, forgotten whenever one is published


def is_personal(request) -> bool:
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or MESSAGES_COOKIE in cookies


def visitor(request):
    """Who is asking, read without touching the session when there is none:
    `request.user` would mark the response `Vary: Cookie`."""
    return request.user if is_personal(request) else AnonymousUser()


def public_page(response, *, tags=(CONTENT_TAG,)):
    """Let the site cache and any CDN keep this response for everyone; the
    tags name what, once changed, outdates the copy (`pages_forget`)."""
    patch_cache_control(
        response, public=True, max_age=0, s_maxage=settings.CACHE_MIDDLEWARE_SECONDS
    )
    response.page_cache = True
    response.page_cache_tags = tuple(tags)
    return response


def private_page(response):
    patch_cache_control(response, private=True)
    patch_vary_headers(response, ["Cookie"])
    return response


def greeting_page(response, *, greeted: bool):
    """A page whose greeting depends on the share link that brought the
    visitor: looked up apart for visitors with the referral cookie, and kept
    by no cache once it greets someone."""
    patch_vary_headers(response, [REFERRAL_HEADER])
    if greeted:
        response.page_cache = False  # even if the page asked to be kept
        private_page(response)
    return response


class PageCacheMiddleware:
    """Serve an anonymous GET or HEAD from the page store before anything
    else runs; on a miss, keep what the whole stack built.

    First in MIDDLEWARE after the health check, so what it stores is the
    response as sent, security headers and all, and a hit sends the same
    headers (plus `Age`) without running the rest. It keys on the scheme,
    host and full path (the language is in the path), and on whether the
    request carries the referral cookie, which it turns into `X-Referral`
    for the pages that vary on it. A page that does not vary on it is kept
    under both keys, so a share link still lands on the one cached copy.
    Requests the middleware below would refuse or redirect (an unknown host,
    plain HTTP under SECURE_SSL_REDIRECT) never reach the store.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Pages that greet a referred visitor vary on this header; a client
        # never chooses it.
        request.META.pop(REFERRAL_META, None)
        if REFERRAL_COOKIE in request.COOKIES:
            request.META[REFERRAL_META] = "1"
        key = _page_key(request)
        if key is None:
            return self.get_response(request)
        stored = page_store().get(key + _variant(request))
        if stored is not None:
            status, headers, body = _from_store(stored, head=request.method == "HEAD")
            response = HttpResponse(body, status=status)
            response.headers = ResponseHeaders(headers)
            return response
        started = time.time()
        response = self.get_response(request)
        if request.method == "GET" and _keepable(response):
            _keep(key, request, response, since=started)
        return response


class PageCacheApp:
    """The page cache's hits, answered in front of Django: the WSGI
    application that gunicorn serves (clubsite.wsgi) wraps Django's in it.

    A hit here is what `PageCacheMiddleware` would send, looked up by the
    same key, without Django building its request and response objects or
    sending its request signals around it: the busiest pages cost little
    more than a bare view. Everything else, misses included, goes on to
    Django, whose middleware stores what is built. The test client and the
    development server call Django directly, and get the same hits from the
    middleware.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            request = WSGIRequest(environ)
            key = _page_key(request)
            stored = key and page_store().get(key + _variant(request))
            if stored:
                status, headers, body = _from_store(
                    stored, head=request.method == "HEAD"
                )
                start_response(f"{status} {HTTPStatus(status).phrase}", headers)
                return [body]
        return self.application(environ, start_response)


def _page_key(request) -> str | None:
    if request.method not in ("GET", "HEAD") or not settings.CACHE_MIDDLEWARE_SECONDS:
        return None
    if is_personal(request):
        return None
    if settings.SECURE_SSL_REDIRECT and not request.is_secure():
        return None  # SecurityMiddleware sends them to HTTPS
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # refused below, as ever
    language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    url = f"{request.scheme}://{host}{request.get_full_path()}"
    return f"{language}:{hashlib.md5(url.encode()).hexdigest()}:"


def _variant(request) -> str:
    return "r" if REFERRAL_COOKIE in request.COOKIES else "-"


def _keepable(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    vary = {h.strip().lower() for h in cc_delim_re.split(response.get("Vary", ""))}
    return (
        getattr(response, "page_cache", False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        and vary <= {"", REFERRAL_HEADER.lower()}
    )


def _keep(key: str, request, response, *, since: float) -> None:
    # Stale for browsers from now (max-age=0); a hit tells its Age.
    response.headers.setdefault("Expires", http_date())
    value = pickle.dumps(
        (response.status_code, dict(response.headers), response.content, time.time()),
        protocol=pickle.HIGHEST_PROTOCOL,
    )
    varies = has_vary_header(response, REFERRAL_HEADER)
    variants = [_variant(request)] if varies else ["-", "r"]
    page_store().put(
        {key + variant: value for variant in variants},
        tags=getattr(response, "page_cache_tags", ()),
        timeout=settings.CACHE_MIDDLEWARE_SECONDS,
        since=since,
    )


def _from_store(stored: bytes, *, head: bool) -> tuple[int, list, bytes]:
    """The stored response as (status, headers, body), with its Age now."""
    status, headers, body, stored_at = pickle.loads(stored)
    age = str(max(0, int(time.time() - stored_at)))
    return status, [*headers.items(), ("Age", age)], b"" if head else body


def pages_forget(*tags: str) -> None:
    """Drop the cached pages carrying any of these tags: at once, and again
    once the change that outdates them is committed, as a page built in
    between would show the data from before it."""
    page_store().forget(tags)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: page_store().forget(tags))


def club_pages_forget(club_id: int) -> None:
    """A club's page and its meeting pages, and the content pages, whose
    upcoming-meeting blocks show seats left."""
    pages_forget(club_tag(club_id), CONTENT_TAG)


def club_tag(club_id: int) -> str:
    return f"club:{club_id}"


class PersonalNoStoreMiddleware:
    """Send `private, no-store` with every response to a signed-in person.

    Keyed on the person rather than on each view, so a new member or host page
    is covered the day it is added. Anonymous requests are left alone: their
    public pages keep their `public` caching (above), and `request.user` is
    not even read without a session (it would add `Vary: Cookie`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None) if is_personal(request) else None
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
