"""Calendar files and feeds: what calendar apps download and subscribe to."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_http_methods, require_safe

from clubs.calendar import google_calendar_url, occurrence_calendar, webcal_url
from clubs.links import absolute
from clubs.models import Club, Occurrence, User
from clubs.selectors.calendars import members_only_clubs, person_by_calendar_token
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
NEW_TOKEN_SESSION_KEY = "calendar_new_token"


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
    person = _person_or_404(token)
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
    person = _person_or_404(token)
    club = get_object_or_404(clubs_visible_to(person), slug=slug)
    response = _calendar_response(
        request, club_feed_get(club=club), filename=f"{club.slug}.ics", private=True
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
@require_safe
def my_calendar_feed(request):
    """The member's own meetings as a file, for the signed-in member: what
    their pages link. Calendar apps subscribe through the token address."""
    feed = member_feed_get(person=request.user)
    return _calendar_response(request, feed, filename="my-meetings.ics", private=True)


@login_required
@require_safe
def club_members_calendar_feed(request, slug):
    """A members-only club's meetings as a file, for its signed-in members."""
    club = get_object_or_404(clubs_visible_to(request.user), slug=slug)
    feed = club_feed_get(club=club)
    return _calendar_response(request, feed, filename=f"{club.slug}.ics", private=True)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def calendar_settings(request):
    """The member's feed addresses, shown once when made, and a button to
    make new ones. Only the token's hash is stored, so the new token waits in
    the session for the one page that shows it."""
    if request.method == "POST":
        request.session[NEW_TOKEN_SESSION_KEY] = calendar_token_rotate(
            person=request.user
        )
        return redirect("calendar_settings")
    token = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
    context = {
        "has_address": bool(request.user.calendar_token_hash),
        "download_url": reverse("my_calendar_feed"),
        **(_addresses(request.user, token) if token else {}),
    }
    return TemplateResponse(request, "clubs/calendars/settings.html", context)


def _addresses(person: User, token: str) -> dict:
    """The member's feed address and their members-only clubs' feeds, all
    behind the token just made."""
    url = absolute(reverse("member_calendar_feed", kwargs={"token": token}))
    club_urls = [
        (club, absolute(reverse("member_club_calendar_feed", args=[token, club.slug])))
        for club in members_only_clubs(person)
    ]
    return {"feed_url": url, "webcal_url": webcal_url(url), "club_urls": club_urls}


def _person_or_404(token: str) -> User:
    person = person_by_calendar_token(token)
    if person is None:
        raise Http404
    return person


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
