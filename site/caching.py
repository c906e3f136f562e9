"""The page cache: anonymous pages are served from the cache, everyone else's
are built for them.

A request is *personal* when it carries a session or a flash-message cookie.
Only then may a page read `request.user` or the messages, and only then is it
built per request (`private`, `Vary: Cookie`). Without those cookies a page
that opts in with `public_page()` is stored in the site cache and served from
it, and the same headers let a CDN do likewise. The referral cookie is not
personal in this sense: the code it carries never changes a page.
"""

from django.conf import settings
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware
from django.utils.cache import patch_cache_control, patch_vary_headers

MESSAGES_COOKIE = "messages"  # django.contrib.messages' CookieStorage


def is_personal(request) -> bool:
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or MESSAGES_COOKIE in cookies


def public_page(response):
    """Let the site cache and any CDN keep this response for everyone."""
    patch_cache_control(
        response, public=True, max_age=settings.CACHE_MIDDLEWARE_SECONDS
    )
    response.page_cache = True
    return response


def private_page(response):
    patch_cache_control(response, private=True)
    patch_vary_headers(response, ["Cookie"])
    return response


class UpdatePublicCacheMiddleware(UpdateCacheMiddleware):
    """Store only pages that asked for it (`public_page`), built for an
    anonymous request. Other public responses, such as calendar feeds, keep
    their own caching and validators."""

    def _should_update_cache(self, request, response):
        return (
            super()._should_update_cache(request, response)
            and getattr(response, "page_cache", False)
            and not response.cookies
            and not is_personal(request)
        )


class FetchPublicCacheMiddleware(FetchFromCacheMiddleware):
    """Serve anonymous requests from the cache; never a personal one."""

    def process_request(self, request):
        if is_personal(request):
            request._cache_update_cache = False
            return None
        return super().process_request(request)
