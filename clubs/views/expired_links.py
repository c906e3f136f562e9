"""The page an expired manage or check-in link opens (clubs/tokens.py)."""

from functools import wraps

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation

from clubs.forms.registrations import ResendLinkForm
from clubs.tokens import ExpiredLink, link_lifetime


def expired_link_page(view):
    """Answer an expired manage or check-in link with a page that says so, in
    the language the place was taken in, and offers to send a fresh link."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ExpiredLink as expired:
            return _expired_link(request, expired.registration)

    return wrapper


def _expired_link(request, registration) -> HttpResponse:
    occurrence = registration.occurrence
    context = {
        "registration": registration,
        "occurrence": occurrence,
        "club": occurrence.series.club,
        "days": link_lifetime().days,
        "check_in": request.resolver_match.url_name == "registration_check_in",
        "resend_form": ResendLinkForm(),
    }
    with translation.override(registration.language):
        return render(request, "clubs/link_expired.html", context, status=410)
