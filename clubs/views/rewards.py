"""The hosts' rewards ledger, and each person's own rewards.

Like every hosts' page the ledger answers 404 to anyone who doesn't host the
club, and a reward of another club is not found there either. A person's
rewards (with their discount codes) are read for the signed-in person only:
someone else's reward answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clubs import dates
from clubs.models import Club
from clubs.paging import paged
from clubs.selectors import rewards as reads
from clubs.selectors.clubs import hosted_club_or_404
from clubs.services.attribution import reward_fulfil


@login_required
def club_rewards(request, slug):
    return _ledger(request, hosted_club_or_404(person=request.user, slug=slug))


@login_required
@require_POST
def club_reward_fulfil(request, slug, pk):
    club = hosted_club_or_404(person=request.user, slug=slug)
    reward = reads.club_reward(club=club, pk=pk)
    if reward is None:
        raise Http404("No such reward.")
    try:
        reward_fulfil(reward=reward, by=request.user)
    except ValidationError:
        reward.refresh_from_db()
        messages.error(request, _already_message(reward))
        return _ledger(request, club, status=400)
    messages.success(
        request,
        _("Handed over: %(what)s for %(name)s.")
        % {"what": reward.description, "name": reward.recipient_name},
    )
    return redirect("club_rewards", slug=club.slug)


def _already_message(reward) -> str:
    return _("%(what)s for %(name)s was already handed over on %(day)s.") % {
        "what": reward.description,
        "name": reward.recipient_name,
        "day": dates.format_day(reward.fulfilled_at, "day_short"),
    }


def _ledger(request, club: Club, *, status: int = 200):
    rewards = reads.club_rewards(club)
    query = request.GET
    context = {
        "club": club,
        "to_hand_over": paged(
            rewards.filter(fulfilled_at__isnull=True),
            query=query,
            param="waiting",
            anchor="to-hand-over",
        ),
        "handed_over": paged(
            rewards.filter(fulfilled_at__isnull=False),
            query=query,
            param="handed",
            anchor="handed-over",
        ),
    }
    return TemplateResponse(
        request, "clubs/rewards/club_rewards.html", context, status=status
    )


@login_required
def my_rewards(request):
    context = {"rewards": reads.person_rewards(request.user, query=request.GET)}
    return TemplateResponse(request, "clubs/rewards/my_rewards.html", context)


@login_required
def my_reward(request, pk):
    reward = reads.person_reward(person=request.user, pk=pk)
    if reward is None:
        raise Http404("No such reward.")
    return TemplateResponse(request, "clubs/rewards/my_reward.html", {"reward": reward})
