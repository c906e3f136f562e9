"""Applying for a seat, withdrawing an application still open, and leaving."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clubs.forms.errors import form_errors
from clubs.forms.inputs import query_id
from clubs.models import Subscription
from clubs.ratelimits import limit
from clubs.selectors.subscriptions import person_subscription
from masterminds import selectors
from masterminds.forms.applications import ApplicationForm
from masterminds.models import Application
from masterminds.services.applications import (
    application_submit,
    application_withdraw,
    membership_leave,
)
from masterminds.views.groups import group_or_404


@login_required
@limit("waitlist_join", key="user")
def mastermind_apply(request, slug):
    group = group_or_404(slug)
    data = request.POST if request.method == "POST" else None
    form = ApplicationForm(data, group=group, initial=_initial(request))
    if form.is_bound and form.is_valid():
        try:
            application_submit(group=group, person=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(
                request,
                _("Thank you! The facilitators will read your application soon."),
            )
            return redirect("mastermind_detail", slug=slug)
    context = {"group": group, "club": group.club, "form": form}
    return TemplateResponse(request, "masterminds/apply.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def mastermind_withdraw(request, slug):
    """Withdrawing takes a second step: the place in line is not kept."""
    group = group_or_404(slug)
    application = selectors.person_application(group=group, person=request.user)
    if application is None or application.status not in Application.OPEN:
        if request.method != "POST":
            raise Http404("No open application.")
        messages.error(request, _("You have no open application to withdraw."))
        return redirect("mastermind_detail", slug=slug)
    if request.method != "POST":
        context = {"group": group, "club": group.club, "application": application}
        return TemplateResponse(request, "masterminds/withdraw_confirm.html", context)
    try:
        application_withdraw(application=application, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your application is withdrawn."))
    return redirect("mastermind_detail", slug=slug)


def _initial(request) -> dict:
    """The profile's business and category; the training the link came from."""
    user = request.user
    return {
        "business": user.business_name,
        "category": user.category_id,
        "training": query_id(request.GET.get("training")) or "",
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def mastermind_leave(request, slug):
    """Give up one's seat, once confirmed: it goes to the first waitlisted
    applicant."""
    group = group_or_404(slug)
    membership = selectors.seated(group).filter(person=request.user).first()
    if membership is None:
        if request.method != "POST":
            raise Http404("No seat to leave.")
        messages.error(request, _("You hold no seat in this group."))
        return redirect("mastermind_detail", slug=slug)
    if request.method != "POST":
        return TemplateResponse(
            request, "masterminds/leave_confirm.html", _leave_context(group, request)
        )
    try:
        membership_leave(membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("You have left %(group)s.") % {"group": group.club.name}
        )
    return redirect("mastermind_detail", slug=slug)


def _leave_context(group, request) -> dict:
    subscription = person_subscription(club=group.club, person=request.user)
    return {
        "group": group,
        "club": group.club,
        "waiting": selectors.waitlist(group).exists(),
        "paying": bool(subscription) and subscription.status in Subscription.OPEN,
    }
