"""What hosts and payers see of payments: the hosts' records of a meeting and
of a club (with their CSVs), a host's refund by hand, and the payer's own
list and receipts.

As on every host page, people who don't run the club get 404, not 403, so
the URLs don't confirm which clubs, meetings or payments exist. A receipt
is its payer's only: another member's receipt is a 404 too.
"""

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control

from clubs import spreadsheets
from clubs.models import Club, Occurrence, Payment, Refund
from clubs.money import Money
from clubs.periods import PRESETS, Period
from clubs.selectors import payment_records as records
from clubs.selectors.clubs import hosted_club_or_404, hosted_occurrence_or_404
from clubs.services.payments import payment_refund_by_host
from clubs.views.expired_links import expired_link_page
from clubs.views.meetings import registration_from_token
from clubs.views.periods import report_csv, report_page, report_period

PERIODS = {"default": "this_quarter", "presets": PRESETS}
ALREADY_REFUNDED = gettext_lazy("This payment has already been refunded.")
REFUND_FAILED = (Refund.Status.FAILED, Refund.Status.CANCELED)
NOT_REFUNDABLE = {
    Payment.Method.DOOR: gettext_lazy(
        "This payment was taken at the door: give the money back in person."
    ),
}


@login_required
def occurrence_payments(request, slug, pk):
    occurrence = hosted_occurrence_or_404(person=request.user, slug=slug, pk=pk)
    context = {
        "occurrence": occurrence,
        "club": occurrence.series.club,
        "records": records.occurrence_payment_records(occurrence),
    }
    return TemplateResponse(
        request, "clubs/payment_records/occurrence_payments.html", context
    )


@login_required
def occurrence_payments_csv(request, slug, pk):
    occurrence = hosted_occurrence_or_404(person=request.user, slug=slug, pk=pk)
    club = occurrence.series.club
    payments = records.occurrence_payment_records(occurrence).payments
    zone = ZoneInfo(occurrence.series.time_zone)
    start = occurrence.start.astimezone(zone).date()
    return _csv(
        f"payments-{club.slug}-{start}-{occurrence.pk}.csv",
        records.payment_csv_rows(payments, zone=zone),
    )


@login_required
def payment_refund(request, slug, pk, payment_pk):
    """A host gives someone their money back: a page that names the person
    and the amount, then one POST. Refusals come back as messages."""
    occurrence = hosted_occurrence_or_404(person=request.user, slug=slug, pk=pk)
    payment = records.hosted_payment_or_none(occurrence=occurrence, pk=payment_pk)
    if payment is None:
        raise Http404("No such payment.")
    refusal = _refusal(payment)
    if request.method == "POST":
        if refusal is None:
            refusal = _refund(request, payment)
        if refusal is not None:
            messages.error(request, refusal)
        return redirect(_payments_url(occurrence) + f"#payment-{payment.pk}")
    context = {"occurrence": occurrence, "payment": payment, "refusal": refusal}
    return TemplateResponse(
        request, "clubs/payment_records/refund_confirm.html", context
    )


def _refund(request, payment: Payment) -> str | None:
    try:
        refund = payment_refund_by_host(payment=payment, by=request.user)
    except ValidationError as error:
        return " ".join(error.messages)
    money = Money(refund.amount, refund.currency)
    messages.success(
        request,
        _("Refund of %(amount)s to %(name)s requested.")
        % {"amount": money, "name": payment.registration.name},
    )
    return None


def _refusal(payment: Payment) -> str | None:
    """Why the page offers no refund button (the service says so again). A
    refund that failed or was canceled at Stripe may be tried again."""
    live = payment.refund is not None and payment.refund.status not in REFUND_FAILED
    if payment.status == Payment.Status.REFUNDED or live:
        return str(ALREADY_REFUNDED)
    if payment.method in NOT_REFUNDABLE:
        return str(NOT_REFUNDABLE[payment.method])
    return None


@login_required
def club_payments(request, slug):
    club = hosted_club_or_404(person=request.user, slug=slug)
    form, period = report_period(request, club=club, **PERIODS)
    context = {
        "club": club,
        "form": form,
        "period": period,
        "records": records.club_payment_records(club=club, period=period),
        "csv_query": request.GET.urlencode(),
    }
    return report_page(request, "clubs/payment_records/club_payments.html", context)


@login_required
def club_payments_csv(request, slug):
    club = hosted_club_or_404(person=request.user, slug=slug)
    return report_csv(request, club=club, name="payments", rows=_rows, **PERIODS)


def _rows(club: Club, period: Period) -> list[list]:
    payments = records.club_payment_records(club=club, period=period).payments
    return records.payment_csv_rows(payments, zone=period.zone)


# --- The payer's own -------------------------------------------------------


@login_required
def my_payments(request):
    context = {"payments": records.person_payments(request.user, query=request.GET)}
    return TemplateResponse(request, "clubs/payment_records/my_payments.html", context)


@login_required
def my_payment_receipt(request, pk):
    payment = records.person_payment_or_none(person=request.user, pk=pk)
    if payment is None:
        raise Http404("No such payment.")
    return _receipt(request, [payment], back=reverse("my_payments"))


@cache_control(private=True, no_store=True)
@expired_link_page
def registration_receipt(request, token):
    """A guest's receipts, reached from their place's page by its token."""
    registration = registration_from_token(token)
    payments = records.registration_payment_records(registration)
    if not payments:
        raise Http404("Nothing was paid for this place.")
    back = reverse("registration_manage", kwargs={"token": token})
    return _receipt(request, payments, back=back)


def _receipt(request, payments: list[Payment], *, back: str) -> TemplateResponse:
    context = {"payments": payments, "back_url": back}
    return TemplateResponse(request, "clubs/payment_records/receipt.html", context)


# --- Helpers ---------------------------------------------------------------


def _payments_url(occurrence: Occurrence) -> str:
    return reverse(
        "occurrence_payments",
        kwargs={"slug": occurrence.series.club.slug, "pk": occurrence.pk},
    )


def _csv(filename: str, rows: list[list]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    spreadsheets.csv_writer(response).writerows(rows)
    return response
