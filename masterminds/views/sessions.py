"""A session's page and what a member does there: say they'll be absent
(after confirming), mark last session's commitment, record the next one.
Also the member's own history. Members and facilitators only: someone signed
out is sent to sign in first (the hot-seat emails link here), anyone else
signed in gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from clubs.forms.errors import form_errors
from clubs.selectors.agendas import published_agenda
from clubs.selectors.calendars import club_feed_url
from clubs.selectors.meetings import meeting_place
from masterminds import selectors
from masterminds.forms.sessions import (
    AbsenceForm,
    CommitmentForm,
    CommitmentMarkForm,
)
from masterminds.models import Commitment
from masterminds.services.commitments import commitment_mark, commitment_record
from masterminds.services.sessions import absence_notify, absence_withdraw


@login_required
def mastermind_session(request, slug, pk):
    group, occurrence = _session_or_404(request, slug, pk)
    return _session_page(request, group, occurrence)


@require_POST
@login_required
def session_commitment(request, slug, pk):
    """Record (or reword) the viewer's own commitment at this session."""
    group, occurrence = _session_or_404(request, slug, pk)
    form = CommitmentForm(request.POST)
    person = request.user
    if _submitted(
        form, commitment_record, occurrence=occurrence, member=person, by=person
    ):
        messages.success(request, _("Your commitment is recorded."))
        return redirect("mastermind_session", slug=slug, pk=pk)
    return _session_page(request, group, occurrence, commitment_form=form)


@require_POST
@login_required
def session_commitment_mark(request, slug, pk, commitment):
    """Mark the viewer's own commitment; anyone else's is a 404."""
    group, occurrence = _session_or_404(request, slug, pk)
    mine = Commitment.objects.filter(
        pk=commitment, member=request.user, occurrence__series=group.session_series_id
    ).first()
    if mine is None:
        raise Http404("No such commitment.")
    form = CommitmentMarkForm(request.POST)
    marked = _submitted(form, commitment_mark, commitment=mine, by=request.user)
    if not marked:
        return _session_page(request, group, occurrence, mark_form=form)
    status = marked.get_status_display()
    messages.success(request, _("Marked: %(status)s.") % {"status": status})
    return redirect("mastermind_session", slug=slug, pk=pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_absence(request, slug, pk):
    """ "I'll be absent" takes a second step, which says what it gives up;
    "I'll be there after all" (its undo) takes one."""
    group, occurrence = _session_or_404(request, slug, pk)
    form = AbsenceForm(request.POST or None, initial={"answer": AbsenceForm.ABSENT})
    if form.is_bound and form.is_valid():
        absent = form.cleaned_data["answer"] == AbsenceForm.ABSENT
        try:
            _absence(occurrence, request.user, absent, form.cleaned_data["note"])
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _ABSENCE_MESSAGES[absent])
            return redirect("mastermind_session", slug=slug, pk=pk)
    context = {
        "group": group,
        "club": group.club,
        "occurrence": occurrence,
        "form": form,
        "on_hot_seat": occurrence.hot_seats.filter(member=request.user).exists(),
    }
    return TemplateResponse(request, "masterminds/absence_confirm.html", context)


def _absence(occurrence, person, absent: bool, note: str) -> None:
    if absent:
        absence_notify(occurrence=occurrence, member=person, note=note)
    else:
        absence_withdraw(occurrence=occurrence, member=person)


@login_required
def mastermind_history(request, slug):
    """The viewer's own record: past sessions, hot seats, commitments."""
    group = _group_or_404(request, slug)
    person = request.user
    context = {
        "group": group,
        "club": group.club,
        "history": selectors.person_history(group=group, person=person),
        "follow_through": selectors.follow_through(person=person, group=group),
    }
    return TemplateResponse(request, "masterminds/history.html", context)


def _session_page(request, group, occurrence, **refused):
    """The session's page; a refused form (if any) replaces the blank one."""
    person = request.user
    hot_seats, settled = selectors.session_hot_seats(group=group, occurrence=occurrence)
    due = list(selectors.commitments_due(occurrence=occurrence))
    mine = selectors.person_commitment(occurrence=occurrence, person=person)
    context = {
        "group": group,
        "club": group.club,
        "occurrence": occurrence,
        "agenda": published_agenda(occurrence),
        "feed_url": club_feed_url(club=group.club, person=person),
        "hot_seats": hot_seats,
        "hot_seats_settled": settled,
        "due": due,
        "my_due": next((c for c in due if c.member_id == person.pk), None),
        "my_commitment": mine,
        "is_absent": selectors.person_absent(occurrence=occurrence, person=person),
        "place": selectors.person_session_place(occurrence=occurrence, person=person),
        "venue": meeting_place(occurrence),
        "started": occurrence.start <= timezone.now(),
        "is_facilitator": selectors.group_is_facilitator(person=person, group=group),
        "commitment_form": CommitmentForm(initial={"text": mine and mine.text}),
        "mark_form": CommitmentMarkForm(),
        **refused,
    }
    return TemplateResponse(request, "masterminds/session_detail.html", context)


def _submitted(form: Form, service, **arguments):
    """Validate the form, then call the service with its data; a refusal
    shows on the form like any other mistake. Returns the service's result
    (True when it returns nothing), or None."""
    if not form.is_valid():
        return None
    try:
        result = service(**arguments, **form.cleaned_data)
    except ValidationError as error:
        form_errors(form, error)
        return None
    return True if result is None else result


def _group_or_404(request, slug):
    group = selectors.group_for_person(person=request.user, slug=slug)
    if group is None:
        raise Http404("No such group.")
    return group


def _session_or_404(request, slug, pk):
    group = _group_or_404(request, slug)
    occurrence = selectors.group_session(group=group, pk=pk)
    if occurrence is None:
        raise Http404("No such session.")
    return group, occurrence


_ABSENCE_MESSAGES = {
    True: gettext_lazy(
        "Thanks for telling the group. A hot seat you held goes to the next "
        "in line, and you keep your turn."
    ),
    False: gettext_lazy("Glad you can come after all."),
}
