"""Referral slips: logging one, following it up, thanking the giver, and the
member's own record.

Every page about one referral finds it through `clubs.referrals.referral_for`
and answers 404 to anybody but its giver, its receiver and its club's hosts,
so a URL never confirms that a referral exists. Visitors who are not signed
in are sent to sign in first, whatever the referral: the link in the
receiver's email must work on a phone that is not signed in yet, and the
redirect is the same for every URL, so it tells nothing either.

People who may see a referral but not act on it (a giver posting a status
change to a member's referral) get 403 from the services' PermissionDenied.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from clubs import spreadsheets
from clubs.forms.accounts import ProspectEraseForm
from clubs.forms.errors import form_errors
from clubs.forms.inputs import query_id, query_slug
from clubs.forms.referrals import (
    AgendaMeetingForm,
    ReferralForm,
    ReferralMoveForm,
    ThankYouForm,
    next_statuses,
)
from clubs.models import Club, Referral
from clubs.paging import paged
from clubs.ratelimits import limit
from clubs.selectors import referrals as reads
from clubs.selectors.clubs import (
    club_is_host,
    hosted_club_or_404,
)
from clubs.services import referrals as services
from clubs.services.erasure import prospect_erase

# The club a member last logged a referral in, so the next slip starts there.
CLUB_KEY = "referral_club"
DETAIL_TEMPLATE = "clubs/referrals/referral_detail.html"


@login_required
@limit("referral_create", key="user")
def referral_create(request):
    club = _slip_club(request)
    data = request.POST if request.method == "POST" else None
    form = ReferralForm(
        data, giver=request.user, club=club, initial=_slip_initial(request, club)
    )
    if club and form.is_bound:
        referral = _submitted(form, services.referral_create, giver=request.user)
        if referral:
            request.session[CLUB_KEY] = club.slug
            messages.success(request, _created_message(referral))
            return redirect("referral_detail", pk=referral.pk)
    context = {
        "club": club,
        "form": form,
        "clubs": reads.referral_clubs_for(request.user),
    }
    return TemplateResponse(request, "clubs/referrals/referral_form.html", context)


@login_required
def referral_detail(request, pk):
    return _detail(request, _referral_or_404(request, pk))


@login_required
@require_POST
def referral_status(request, pk):
    referral = _referral_or_404(request, pk)
    form = ReferralMoveForm(request.POST, referral=referral)
    moved = _submitted(form, services.referral_move, referral=referral, by=request.user)
    if not moved:
        return _detail(request, referral, move_form=form)
    messages.success(
        request, _("Status: %(status)s.") % {"status": moved.get_status_display()}
    )
    return redirect("referral_detail", pk=referral.pk)


@login_required
@require_POST
def referral_thank(request, pk):
    referral = _referral_or_404(request, pk)
    form = ThankYouForm(request.POST)
    if not _submitted(
        form, services.referral_thank, referral=referral, by=request.user
    ):
        return _detail(request, referral, thank_form=form)
    messages.success(
        request, _("Thank you sent to %(giver)s.") % {"giver": referral.giver}
    )
    return redirect("referral_detail", pk=referral.pk)


@login_required
@require_POST
def referral_agenda(request, pk):
    """A host puts the thank-you on a coming meeting's agenda."""
    referral = _referral_or_404(request, pk)
    thank_you = getattr(referral, "thank_you", None)
    if thank_you is None:
        raise Http404("This referral has no thank-you yet.")
    form = AgendaMeetingForm(request.POST, club=referral.club)
    done = _submitted(
        form, services.thank_you_to_agenda, thank_you=thank_you, by=request.user
    )
    if not done:
        return _detail(request, referral, agenda_form=form)
    messages.success(
        request,
        _("It's on the agenda of %(meeting)s.")
        % {"meeting": form.fields["occurrence"].label_from_instance(done.on_agenda_of)},
    )
    return redirect(_next_or(request, reverse("referral_detail", args=[referral.pk])))


@login_required
@require_POST
def referral_prospect_erase(request, pk):
    """A host erases the prospect's details at the prospect's request; the
    giver and the receiver, who see the page, get 404 like anyone else."""
    referral = _referral_or_404(request, pk)
    if not club_is_host(person=request.user, club=referral.club):
        raise Http404("No such referral.")
    form = ProspectEraseForm(request.POST)
    if not form.is_valid():
        return _detail(request, referral, erase_form=form)
    count = prospect_erase(referral=referral, by=request.user)
    messages.success(
        request,
        ngettext(
            "The prospect's details are erased from %(count)s referral.",
            "The prospect's details are erased from %(count)s referrals.",
            count,
        )
        % {"count": count},
    )
    return redirect("referral_detail", pk=referral.pk)


@login_required
def my_referrals(request):
    record = reads.person_referral_record(request.user, query=request.GET)
    context = {"record": record}
    return TemplateResponse(request, "clubs/referrals/my_referrals.html", context)


@login_required
def my_referrals_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="referrals-{timezone.localdate()}.csv"'
    )
    spreadsheets.csv_writer(response).writerows(
        reads.person_referrals_csv_rows(request.user)
    )
    return response


@login_required
def club_stale_referrals(request, slug):
    """Hosts' follow-up list: slips left untouched, thank-yous to read out."""
    club = hosted_club_or_404(person=request.user, slug=slug)
    context = {
        "club": club,
        "stale": paged(
            reads.stale_referrals(club),
            query=request.GET,
            param="stale",
            anchor="stale",
        ),
        "thank_yous": paged(
            reads.thank_yous_to_read_out(club),
            query=request.GET,
            param="thanks",
            anchor="thanks",
        ),
        "meetings": list(reads.next_meetings(club)),
    }
    return TemplateResponse(request, "clubs/referrals/club_stale.html", context)


def _detail(request, referral: Referral, **refused):
    """The referral's page; a refused form (if any) replaces the blank one, so
    its messages show where the person typed."""
    is_host = club_is_host(person=request.user, club=referral.club)
    context = {
        "referral": referral,
        "steps": reads.referral_steps(referral),
        "is_host": is_host,
        "next_statuses": next_statuses(referral),
        **_blank_forms(request.user, referral, is_host=is_host),
        **refused,
    }
    return TemplateResponse(request, DETAIL_TEMPLATE, context)


def _blank_forms(person, referral: Referral, *, is_host: bool) -> dict:
    """The forms this person may use on this referral, empty."""
    forms = {
        "move_form": None,
        "thank_form": None,
        "agenda_form": None,
        "erase_form": None,
    }
    if next_statuses(referral) and reads.may_move(person=person, referral=referral):
        forms["move_form"] = ReferralMoveForm(referral=referral)
    if reads.may_thank(person=person, referral=referral):
        forms["thank_form"] = ThankYouForm()
    if is_host:
        forms["agenda_form"] = AgendaMeetingForm(club=referral.club)
        if referral.prospect_erased_at is None:
            forms["erase_form"] = ProspectEraseForm()
    return forms


def _submitted(form: Form, service, **arguments):
    """Validate the form, then call the service with its data; a refusal from
    the service shows on the form like any other mistake. Returns what the
    service returned, or None."""
    if not form.is_valid():
        return None
    try:
        return service(**arguments, **form.cleaned_data)
    except ValidationError as error:
        form_errors(form, error)
        return None


def _referral_or_404(request, pk: int) -> Referral:
    referral = reads.referral_for(request.user, pk)
    if referral is None:
        raise Http404("No such referral.")
    return referral


def _slip_club(request) -> Club | None:
    """The club the slip is for: the one asked for, else the one last used
    (this session, then the member's latest referral), else their first."""
    clubs = reads.referral_clubs_for(request.user)
    for slug in (
        query_slug(request.POST.get("club") or request.GET.get("club")),
        request.session.get(CLUB_KEY),
    ):
        club = slug and clubs.filter(slug=slug).first()
        if club:
            return club
    return reads.last_referral_club(request.user) or clubs.first()


def _slip_initial(request, club: Club | None) -> dict:
    """Tie the slip to the meeting named in the link, or to one happening now."""
    if club is None:
        return {}
    meetings = reads.referral_meetings(club)
    pk = query_id(request.GET.get("occurrence"))
    occurrence = meetings.filter(pk=pk).first() if pk else reads.meeting_just_held(club)
    return {"club": club, "occurrence": occurrence}


def _created_message(referral: Referral) -> str:
    if referral.receiver:
        return _("Thank you! %(name)s has it and gets an email now.") % {
            "name": referral.receiver
        }
    return _("Thank you! Your referral to %(partner)s is logged.") % {
        "partner": referral.partner_name
    }


def _next_or(request, fallback: str) -> str:
    """Back to the page the host came from (the hosts' list), if it is ours:
    a path on this site (anything else, "not-a-url" too, is no page)."""
    url = request.POST.get("next", "")
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}
    ):
        return url
    return fallback
