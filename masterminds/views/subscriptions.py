"""Paying for a held seat through Stripe Checkout, and the seat's billing in
Stripe's customer portal. Both act on the signed-in person's own seat: anyone
with nothing to pay or manage gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from clubs.ratelimits import limit
from clubs.views.subscriptions import billing_redirect
from masterminds import selectors
from masterminds.services.subscriptions import seat_checkout_start
from masterminds.views.groups import group_or_404


@require_POST
@login_required
@limit("checkout", key="user")
def mastermind_seat_pay(request, slug):
    group = group_or_404(slug)
    if selectors.person_seat_hold(group=group, person=request.user) is None:
        raise Http404("No seat waiting for payment.")
    try:
        url = seat_checkout_start(
            group=group, person=request.user, return_url=_group_url(request, group)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("mastermind_detail", slug=slug)
    return redirect(url)


@require_POST
@login_required
@limit("checkout", key="user")
def mastermind_billing(request, slug):
    group = group_or_404(slug)
    return billing_redirect(
        request, club=group.club, return_url=_group_url(request, group)
    )


def _group_url(request, group) -> str:
    path = reverse("mastermind_detail", kwargs={"slug": group.club.slug})
    return request.build_absolute_uri(path)
