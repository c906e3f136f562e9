import functools
import zoneinfo

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.exceptions import SuspiciousOperation
from django.forms import BaseForm
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import cc_delim_re

from clubs.caching import is_personal
from clubs.services.languages import admin_language
from clubsite.views import healthz


class MemberTimezoneMiddleware:
    """Show times in the signed-in member's own time zone.

    Anonymous visitors see the site's default zone; pages about a club's meetings
    name the club's zone explicitly wherever it matters.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Without a session there is nobody signed in, and asking would mark
        # the response `Vary: Cookie` (clubs.caching).
        user = request.user if is_personal(request) else None
        if user is not None and user.is_authenticated and user.time_zone:
            timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
        else:
            timezone.deactivate()
        return self.get_response(request)


class AdminLanguageMiddleware:
    """The Wagtail admin speaks the signed-in person's language.

    Its paths carry no language prefix, so the path says English; Wagtail
    then shows the language picked in its own account page, else the one
    active. Activating the person's `language` here makes that fallback
    theirs (clubs.services.languages keeps the two in step once chosen).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if request.path_info.startswith("/admin/") and user.is_authenticated:
            language = admin_language(user.language)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


class HealthCheckMiddleware:
    """Answer `/healthz` before host validation and the HTTPS redirect.

    Load balancers probe each instance by its private address over plain HTTP,
    which ALLOWED_HOSTS and SECURE_SSL_REDIRECT would otherwise turn away.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz":
            return healthz(request)
        return self.get_response(request)


class AdminNulQueryMiddleware:
    """In the Wagtail admin, a NUL byte in a query parameter is a 400.

    PostgreSQL text cannot hold NUL, and Wagtail's listings filter on some
    parameters as they come (`?locale=` on a translatable snippet), which
    would be a DataError: a 500 for what is only bad input. Our own views
    read their parameters through `clubs.forms.inputs` and ignore such a
    value (tests/site/test_bad_input.py); the admin's views are not ours to
    change, so the garbage stops here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(_admin_prefix()) and any(
            "\x00" in key or "\x00" in value
            for key, values in request.GET.lists()
            for value in values
        ):
            raise SuspiciousOperation("A NUL byte in the admin's query string.")
        return self.get_response(request)


@functools.cache
def _admin_prefix() -> str:
    return reverse("wagtailadmin_home")


class InvalidFormStatusMiddleware:
    """Answer a rejected form with 400 instead of 200.

    Views (ours and allauth's) re-render an invalid form with its messages
    beside the fields; this gives that page the status the input deserves,
    so nothing downstream mistakes it for success. The Wagtail admin keeps its
    own conventions.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_template_response(self, request, response):
        if (
            request.method == "POST"
            and response.status_code == 200
            and not request.path_info.startswith("/admin/")
            and _has_invalid_form(response.context_data or {})
        ):
            response.status_code = 400
        return response


def _has_invalid_form(context) -> bool:
    return any(
        isinstance(value, BaseForm) and value.is_bound and value.errors
        for value in context.values()
    )


class PathLocaleMiddleware(LocaleMiddleware):
    """Take the language from the path alone: English at the root, Spanish
    under /es/ (`i18n_patterns` with `prefix_default_language=False`).

    Django then already ignores the browser's Accept-Language, yet still marks
    unprefixed responses `Vary: Accept-Language`; a cache or CDN honouring that
    would keep one copy of each page per browser language. The header goes.
    """

    def process_response(self, request, response):
        response = super().process_response(request, response)
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        if is_language_prefix_patterns_used(urlconf) != (True, False):
            return response  # the browser's language may matter after all
        if response.has_header("Vary"):
            kept = [
                header
                for header in cc_delim_re.split(response["Vary"])
                if header.lower() != "accept-language"
            ]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response
