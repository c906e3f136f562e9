"""The page cache: anonymous pages are served from the cache, everyone else's
are built for them.

A request is *personal* when it carries a session or a flash-message cookie.
Only then may a page read `request.user` or the messages, and only then is it
built per request (`private`, `Vary: Cookie`). Without those cookies a page
that opts in with `public_page()` is stored in the site cache and served from
it. The referral cookie is not personal in this sense: the code it carries
never changes a cached page.

A page may greet a visitor by the member whose link brought them (the guest
form on a meeting page: "Marcus B. invited you"). Such a page calls
`greeting_page()`: the greeted copy is private, so neither our cache nor a
CDN keeps it, and the page varies on `X-Referral`, a request header that only
`FetchPublicCacheMiddleware` sets (from the referral cookie's presence,
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
"""

from django.conf import settings
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware
from django.utils.cache import (
    add_never_cache_headers,
    learn_cache_key,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date

from clubs.cookies import COOKIE as REFERRAL_COOKIE

MESSAGES_COOKIE = "messages"  # django.contrib.messages' CookieStorage
REFERRAL_HEADER = "X-Referral"
REFERRAL_META = "HTTP_X_REFERRAL"


def is_personal(request) -> bool:
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or MESSAGES_COOKIE in cookies


def public_page(response):
    """Let the site cache and any CDN keep this response for everyone."""
    patch_cache_control(
        response, public=True, max_age=0, s_maxage=settings.CACHE_MIDDLEWARE_SECONDS
    )
    response.page_cache = True
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


class UpdatePublicCacheMiddleware(UpdateCacheMiddleware):
    """Store pages that asked for it (`public_page`), built for an anonymous
    request, for `PAGE_CACHE_SECONDS`. Other responses, such as calendar feeds
    with their own validators, pass untouched: Django's own middleware would
    store any response without `private` and rewrite its max-age."""

    def process_response(self, request, response):
        timeout = settings.CACHE_MIDDLEWARE_SECONDS
        if (
            getattr(request, "_cache_update_cache", False)
            and getattr(response, "page_cache", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not is_personal(request)
            and timeout
        ):
            # Stale for browsers from now (max-age=0); the fetching middleware
            # reads it back to tell later visitors the copy's Age.
            response.headers.setdefault("Expires", http_date())
            key = learn_cache_key(
                request, response, timeout, self.key_prefix, cache=self.cache
            )
            self.cache.set(key, response, timeout)  # rendered by now
        return response


class FetchPublicCacheMiddleware(FetchFromCacheMiddleware):
    """Serve anonymous requests from the cache; never a personal one."""

    def process_request(self, request):
        # Pages that greet a referred visitor vary on this header; a client
        # never chooses it.
        request.META.pop(REFERRAL_META, None)
        if REFERRAL_COOKIE in request.COOKIES:
            request.META[REFERRAL_META] = "1"
        if is_personal(request):
            request._cache_update_cache = False
            return None
        return super().process_request(request)


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
