"""Calendar files and feeds: what calendar apps download and subscribe to."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from clubs.calendar import google_calendar_url, occurrence_calendar, webcal_url
from clubs.links import absolute
from clubs.models import Club, Occurrence, User
from clubs.selectors.clubs import clubs_visible_to
from clubs.selectors.meetings import occurrence_for_page
from clubs.services.calendars import (
    Feed,
    calendar_token_rotate,
    club_feed_get,
    member_feed_get,
)

CONTENT_TYPE = "text/calendar; charset=utf-8"
# Apps poll feeds about hourly; a few minutes of caching spares the database
# without leaving a moved meeting stale for long.
MAX_AGE = 5 * 60


@require_safe
def club_calendar_feed(request, slug):
    """A public club's schedule. A members-only club publishes no feed here:
    its members subscribe through `member_club_calendar_feed`."""
    club = get_object_or_404(Club, slug=slug, visibility=Club.Visibility.PUBLIC)
    feed = club_feed_get(club=club)
    return _calendar_response(request, feed, filename=f"{club.slug}.ics")


@require_safe
def occurrence_ics(request, slug, pk):
    """One meeting, on its own date, as a file to open in a calendar app."""
    occurrence = _occurrence_or_404(request, slug, pk)
    club = occurrence.series.club
    return _calendar_response(
        request,
        Feed.of(occurrence_calendar(occurrence)),
        filename=f"{club.slug}-{occurrence.start:%Y-%m-%d}.ics",
        private=club.visibility != Club.Visibility.PUBLIC,
    )


@require_safe
def occurrence_google_calendar(request, slug, pk):
    """The "add to Google Calendar" link, for pages that only have the meeting."""
    occurrence = _occurrence_or_404(request, slug, pk)
    return redirect(google_calendar_url(occurrence))


@require_safe
def member_calendar_feed(request, token):
    """A member's own meetings; the secret token in the address is the key."""
    person = get_object_or_404(User, calendar_token=token, is_active=True)
    response = _calendar_response(
        request,
        member_feed_get(person=person),
        filename="my-meetings.ics",
        private=True,
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
def member_club_calendar_feed(request, token, slug):
    """A club's feed as one of its members subscribes to it: how members of a
    members-only club follow its schedule. The member's token is the key, and
    it stops working when they leave or replace it."""
    person = get_object_or_404(User, calendar_token=token, is_active=True)
    club = get_object_or_404(clubs_visible_to(person), slug=slug)
    response = _calendar_response(
        request, club_feed_get(club=club), filename=f"{club.slug}.ics", private=True
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def calendar_settings(request):
    """The member's feed address, and a button to replace it."""
    if request.method == "POST":
        calendar_token_rotate(person=request.user)
        messages.success(
            request, _("Your calendar link is new. The old one no longer works.")
        )
        return redirect("calendar_settings")
    url = absolute(
        reverse("member_calendar_feed", kwargs={"token": request.user.calendar_token})
    )
    context = {"feed_url": url, "webcal_url": webcal_url(url)}
    return TemplateResponse(request, "clubs/calendars/settings.html", context)


def _occurrence_or_404(request, slug, pk) -> Occurrence:
    occurrence = occurrence_for_page(club_slug=slug, pk=pk)
    if occurrence is None or not (
        clubs_visible_to(request.user).filter(pk=occurrence.series.club_id).exists()
    ):
        raise Http404
    return occurrence


def _calendar_response(request, feed: Feed, *, filename: str, private=False):
    """The calendar with an ETag of its bytes: an app that already holds this
    version gets a bodiless 304."""
    response = get_conditional_response(request, etag=feed.etag)
    if response is None:
        response = HttpResponse(feed.body, content_type=CONTENT_TYPE)
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = feed.etag
    # Private feeds must never be kept anywhere: rotating the token has to kill
    # the address at once, and the meetings in it are the member's business.
    if private:
        patch_cache_control(response, private=True, no_store=True)
    else:
        patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response
