"""Paying club dues online, and Stripe's customer portal for a member's
billing (card, invoices, cancelling). Both answer only for the signed-in
person's own billing: someone with none gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from clubs.models import Club
from clubs.ratelimits import limit
from clubs.selectors.clubs import clubs_visible_to
from clubs.services.subscriptions import billing_portal_url, dues_checkout_start


@require_POST
@login_required
@limit("checkout", key="user")
def club_dues_pay(request, slug):
    """Open (or resume) Checkout for the club's dues."""
    club = _club_or_404(request, slug)
    try:
        url = dues_checkout_start(
            club=club, person=request.user, return_url=_club_url(request, club)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("club_detail", slug=club.slug)
    return redirect(url)


@require_POST
@login_required
@limit("checkout", key="user")
def club_billing(request, slug):
    club = _club_or_404(request, slug)
    return billing_redirect(request, club=club, return_url=_club_url(request, club))


def billing_redirect(request, *, club, return_url):
    """To Stripe's portal for the person's billing in `club` (also a
    mastermind's), or 404 when they have none there."""
    try:
        url = billing_portal_url(club=club, person=request.user, return_url=return_url)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(return_url)
    if url is None:
        raise Http404("No billing here.")
    return redirect(url)


def _club_url(request, club) -> str:
    return request.build_absolute_uri(
        reverse("club_detail", kwargs={"slug": club.slug})
    )


def _club_or_404(request, slug) -> Club:
    club = clubs_visible_to(request.user).filter(slug=slug).first()
    if club is None:
        raise Http404
    return club
