"""Forms on pages the page cache keeps for everyone: the guest form on a
meeting page.

Django's CSRF protection pairs a token in the form with a `csrftoken`
cookie, so a page that holds one sets that cookie and varies on `Cookie`:
no cache could keep the meeting page. A guest's post is protected instead by
what a browser says and a page cannot forge: its `Origin` (or, from an old
browser, its `Referer`) must be this site. Posts that carry a session are a
member's and get Django's own check, cookie and all.

The form also carries a signed, dated token naming the meeting. It is in the
cached copy, so every visitor gets the same one and it is no secret: it
stops no forgery (the origin check does). What it proves is that the post
follows this meeting's page as served within the last day: a form left open
longer, or a script posting blind to a meeting's address, is asked to send it
again from a fresh page, with what was typed kept.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.exceptions import DisallowedHost, PermissionDenied
from django.middleware.csrf import CsrfViewMiddleware

GUEST_FORM_SALT = "clubs.guest-form"
FORM_TOKEN_FIELD = "form_token"


def guest_form_token(occurrence) -> str:
    return signing.dumps(occurrence.pk, salt=GUEST_FORM_SALT)


def guest_form_token_stale(request, *, occurrence) -> bool:
    """Whether a guest's post lacks a token from this meeting's page, as
    served within the last day (a member's post is Django's to check)."""
    if getattr(request, "_dont_enforce_csrf_checks", False):
        return False  # Django's test client, as CsrfViewMiddleware allows
    token = request.POST.get(FORM_TOKEN_FIELD, "")
    # Older than the page cache keeps a copy, plus a day to fill the form in.
    lifetime = timedelta(days=1, seconds=settings.CACHE_MIDDLEWARE_SECONDS)
    try:
        value = signing.loads(token, salt=GUEST_FORM_SALT, max_age=lifetime)
    except signing.BadSignature:
        return True
    return value != occurrence.pk


def post_refusal(request, *, personal: bool):
    """Django's 403 answer for a member's post without its CSRF token, else
    None; a guest's post from another site gets the site's own 403 page."""
    if getattr(request, "_dont_enforce_csrf_checks", False):
        return None  # Django's test client, as CsrfViewMiddleware allows
    if personal:
        return CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
    if not _from_this_site(request):
        raise PermissionDenied("A guest form posted from another site.")
    return None


def _from_this_site(request) -> bool:
    origin = request.headers.get("Origin")
    if origin is None:  # browsers from before Origin on every post
        referer = urlsplit(request.headers.get("Referer", ""))
        origin = f"{referer.scheme}://{referer.netloc}"
    try:
        own = f"{request.scheme}://{request.get_host()}"
    except DisallowedHost:  # refused like any other stranger
        return False
    return origin == own or origin in settings.CSRF_TRUSTED_ORIGINS
