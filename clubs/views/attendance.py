"""Taking attendance at the door, checking in by QR code, and reading it back.

Every host page answers 404, not 403, to people who don't run the club, so
the URLs don't confirm which clubs or registrations exist.

Check-in is GET to look, POST to act. A phone camera opens the QR code's URL
with GET, but so do link previewers, browser prefetch, a reload, and a history
tap, and none of them should mark someone present. The GET shows who the code
names and their current mark, with one big "Check in" button; the POST does it.
The cost is one tap per person; the gain is a GET that never changes anything.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django_ratelimit import ALL

from clubs.forms.attendance import (
    AttendanceMarkForm,
    CheckInForm,
    DoorPaymentForm,
    DoorPaymentUndoForm,
    WalkInForm,
)
from clubs.models import Attendance, Club, Occurrence, Registration
from clubs.money import Money
from clubs.paging import paged
from clubs.periods import SIX_MONTHS_TO_TODAY, Period
from clubs.ratelimits import limit
from clubs.selectors import attendance as reports
from clubs.selectors.clubs import (
    club_is_host,
    hosted_club_or_404,
    hosted_occurrence_or_404,
)
from clubs.selectors.payments import door_charges
from clubs.services.attendance import (
    attendance_add_walk_in,
    attendance_check_in,
    attendance_mark,
)
from clubs.services.payments import payment_record_at_door, payment_undo_at_door
from clubs.tokens import CHECK_IN_SALT, link_check_expiry
from clubs.views.expired_links import expired_link_page
from clubs.views.periods import report_csv, report_page, report_period

SHEET_TEMPLATE = "clubs/attendance/occurrence_attendance.html"
# One button each; a substitute has its own small form with the name field.
BUTTON_MARKS = [
    (status.value, status.label)
    for status in (
        Attendance.Status.PRESENT,
        Attendance.Status.LATE,
        Attendance.Status.ABSENT,
        Attendance.Status.EXCUSED,
    )
]


@login_required
def occurrence_attendance(request, slug, pk):
    occurrence = hosted_occurrence_or_404(person=request.user, slug=slug, pk=pk)
    forms = {"mark_form": None, "walk_in_form": WalkInForm(), "payment_form": None}
    if request.method == "POST":
        take = SHEET_ACTIONS.get(request.POST.get("action"), _take_mark)
        form, anchor = take(request, occurrence)
        if anchor:
            return redirect(_sheet_url(occurrence) + anchor)
        forms[_form_slot(form)] = form
    sheet = reports.occurrence_attendance_sheet(occurrence=occurrence)
    context = {
        "occurrence": occurrence,
        "club": occurrence.series.club,
        "sheet": sheet,
        "charges": door_charges(
            occurrence=occurrence, registrations=sheet.registrations
        ),
        "mark_choices": BUTTON_MARKS,
        **forms,
    }
    return TemplateResponse(request, SHEET_TEMPLATE, context)


def _form_slot(form: Form) -> str:
    if isinstance(form, WalkInForm):
        return "walk_in_form"
    if isinstance(form, DoorPaymentForm | DoorPaymentUndoForm):
        return "payment_form"
    return "mark_form"


def _take_mark(request, occurrence: Occurrence) -> tuple[Form, str]:
    """One tap on a person's row; returns the form and, when it worked, the
    anchor of that row, so the phone lands back where the host was."""
    form = AttendanceMarkForm(request.POST, occurrence=occurrence)
    if not _submitted(form, attendance_mark, occurrence=occurrence, by=request.user):
        return form, ""
    registration = form.cleaned_data["registration"]
    mark = Attendance.Status(form.cleaned_data["status"]).label
    messages.success(
        request, _("%(name)s: %(mark)s.") % {"name": registration.name, "mark": mark}
    )
    return form, f"#registration-{registration.pk}"


def _take_walk_in(request, occurrence: Occurrence) -> tuple[Form, str]:
    form = WalkInForm(request.POST)
    if not _submitted(
        form, attendance_add_walk_in, occurrence=occurrence, by=request.user
    ):
        return form, ""
    messages.success(
        request, _("Checked in: %(name)s.") % {"name": form.cleaned_data["name"]}
    )
    return form, "#walk-ins"


def _take_payment(request, occurrence: Occurrence) -> tuple[Form, str]:
    """ "Paid" on a person's row: the host took their money at the door."""
    form = DoorPaymentForm(request.POST, occurrence=occurrence)
    if not _submitted(form, payment_record_at_door, by=request.user):
        return form, ""
    registration = form.cleaned_data["registration"]
    payment = registration.payments.get(status="paid")
    amount = Money(payment.amount, payment.currency)
    messages.success(
        request,
        _("%(name)s paid %(amount)s.") % {"name": registration.name, "amount": amount},
    )
    return form, f"#registration-{registration.pk}"


def _take_payment_undo(request, occurrence: Occurrence) -> tuple[Form, str]:
    form = DoorPaymentUndoForm(request.POST, occurrence=occurrence)
    if not _submitted(form, payment_undo_at_door, by=request.user):
        return form, ""
    registration = form.cleaned_data["payment"].registration
    messages.success(
        request, _("Payment undone: %(name)s.") % {"name": registration.name}
    )
    return form, f"#registration-{registration.pk}"


SHEET_ACTIONS = {
    "walk_in": _take_walk_in,
    "mark": _take_mark,
    "paid": _take_payment,
    "undo_paid": _take_payment_undo,
}


def _submitted(form: Form, service, **arguments) -> bool:
    """Validate the form, then call the service with its data; a refusal from
    the service is shown on the form like any other mistake."""
    if not form.is_valid():
        return False
    try:
        service(**arguments, **form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


@login_required
@limit("check_in", key="user", method=ALL)
@expired_link_page
def registration_check_in(request, token):
    registration = _hosted_registration(request, token)
    form = CheckInForm(request.POST) if request.method == "POST" else CheckInForm()
    if form.is_bound and _submitted(
        form, _check_in, registration=registration, request=request
    ):
        return redirect(
            _sheet_url(registration.occurrence) + f"#registration-{registration.pk}"
        )
    attendance = reports.registration_attendance(registration)
    context = {
        "registration": registration,
        "occurrence": registration.occurrence,
        "attendance": attendance,
        "checked_in": attendance is not None
        and attendance.status in Attendance.ATTENDED,
        "form": form,
    }
    return TemplateResponse(request, "clubs/attendance/check_in.html", context)


def _check_in(*, registration: Registration, request) -> None:
    already = attendance_check_in(registration=registration, by=request.user)
    message = (
        _("%(name)s is already checked in.") if already else _("Checked in: %(name)s.")
    )
    messages.success(request, message % {"name": registration.name})


@login_required
def club_attendance_report(request, slug):
    club = hosted_club_or_404(person=request.user, slug=slug)
    form, period = report_period(request, club=club, default=SIX_MONTHS_TO_TODAY)
    context = {
        "club": club,
        "form": form,
        "report": reports.attendance_report(club=club, period=period),
        "csv_query": request.GET.urlencode(),
    }
    return report_page(request, "clubs/attendance/club_report.html", context)


@login_required
def club_attendance_csv(request, slug):
    club = hosted_club_or_404(person=request.user, slug=slug)
    return report_csv(
        request,
        club=club,
        name="attendance",
        rows=_report_rows,
        default=SIX_MONTHS_TO_TODAY,
    )


def _report_rows(club: Club, period: Period) -> list[list]:
    report = reports.attendance_report(club=club, period=period)
    return reports.attendance_report_rows(report)


@login_required
def my_attendance(request):
    context = {
        "history": paged(
            reports.person_attendance_history(person=request.user),
            query=request.GET,
            anchor="history",
        ),
        "counts": reports.person_attendance_counts(person=request.user),
    }
    return TemplateResponse(request, "clubs/attendance/my_attendance.html", context)


def _hosted_registration(request, token: str) -> Registration:
    """A forged token and another club's registration look the same: 404."""
    registration = reports.registration_for_check_in(token)
    if registration is None or not club_is_host(
        person=request.user, club=registration.occurrence.series.club
    ):
        raise Http404("No such registration.")
    link_check_expiry(token, salt=CHECK_IN_SALT, registration=registration)
    return registration


def _sheet_url(occurrence: Occurrence) -> str:
    return reverse(
        "occurrence_attendance",
        kwargs={"slug": occurrence.series.club.slug, "pk": occurrence.pk},
    )
