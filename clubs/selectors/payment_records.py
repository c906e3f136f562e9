"""Reads: the records of what people paid, for hosts and for the payers.

Hosts read a meeting's or a club's payments with their refunds, the totals
per currency, and the seats still held for payment (a registration's own
hold, or a waitlist offer). Members read their own payments and a receipt
for each. Every list is a fixed number of queries however many rows it has:
one for the payments with their places, one for their refunds.

Totals never add two currencies together. "Received" is money that was
taken (paid, or paid and later refunded); "refunded" is money given back or
on its way back (a refund that failed or was cancelled gives nothing back);
"net" is the difference.
"""

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import F, Prefetch, QuerySet
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.utils import timezone

from clubs.models import Club, Occurrence, Payment, Refund, Registration, User
from clubs.money import Money
from clubs.paging import Pager, paged
from clubs.periods import Period

# Money that went back to the payer, or is on its way there.
REFUND_GIVES_BACK = (
    Refund.Status.REQUESTED,
    Refund.Status.PENDING,
    Refund.Status.SUCCEEDED,
)
# Money that was taken from the payer at some point.
TAKEN = (Payment.Status.PAID, Payment.Status.REFUNDED)


@dataclass
class CurrencyTotals:
    currency: str
    received: int = 0
    refunded: int = 0

    @property
    def net(self) -> int:
        return self.received - self.refunded

    def money(self) -> dict[str, Money]:
        return {
            "received": Money(self.received, self.currency),
            "refunded": Money(self.refunded, self.currency),
            "net": Money(self.net, self.currency),
        }


@dataclass
class PaymentRecords:
    """A meeting's or a club's payments, each with `refund` (or None) and
    `money`, their totals per currency, and the seats held for payment."""

    payments: list[Payment]
    holds: list[Registration]
    totals: list[CurrencyTotals] = field(default_factory=list)


def _payments() -> QuerySet[Payment]:
    return Payment.objects.select_related(
        "registration__occurrence__series__club", "recorded_by"
    ).prefetch_related(
        Prefetch("refunds", queryset=Refund.objects.select_related("requested_by"))
    )


def _with_refunds(payments: QuerySet[Payment]) -> list[Payment]:
    """The payments, each with its latest refund (the live one, if any: a
    constraint allows one; earlier ones failed) or None as `refund`, and
    their amounts as `money`."""
    payments = list(payments)
    for payment in payments:
        refunds = list(payment.refunds.all())
        payment.refund = refunds[-1] if refunds else None
        if payment.refund is not None:
            payment.refund.money = Money(payment.refund.amount, payment.refund.currency)
        payment.money = Money(payment.amount, payment.currency)
    return payments


def payment_totals(payments: list[Payment]) -> list[CurrencyTotals]:
    """Received, refunded and net per currency, in currency order."""
    totals: dict[str, CurrencyTotals] = {}
    for payment in payments:
        if payment.status not in TAKEN:
            continue
        row = totals.setdefault(payment.currency, CurrencyTotals(payment.currency))
        row.received += payment.amount
        refund = getattr(payment, "refund", None)
        if refund is not None and refund.status in REFUND_GIVES_BACK:
            row.refunded += refund.amount
    return [totals[currency] for currency in sorted(totals)]


def occurrence_payment_records(occurrence: Occurrence) -> PaymentRecords:
    """Every payment for places at this meeting, oldest first, and its seats
    held for payment."""
    payments = _with_refunds(
        _payments().filter(registration__occurrence=occurrence).order_by("pk")
    )
    holds = _holds().filter(occurrence=occurrence)
    return PaymentRecords(
        payments=payments, holds=list(holds), totals=payment_totals(payments)
    )


def club_payment_records(*, club: Club, period: Period) -> PaymentRecords:
    """The club's payments made in the period (paid then, or started then
    if never paid), and every seat of the club held for payment now."""
    payments = (
        _payments()
        .annotate(made_at=Coalesce("paid_at", "created_at"))
        .filter(
            registration__occurrence__series__club=club,
            made_at__gte=period.since,
            made_at__lt=period.until,
        )
        .order_by("made_at", "pk")
    )
    payments = _with_refunds(payments)
    holds = _holds().filter(occurrence__series__club=club)
    return PaymentRecords(
        payments=payments, holds=list(holds), totals=payment_totals(payments)
    )


def _holds() -> QuerySet[Registration]:
    """Seats held for their person to pay, soonest to end first."""
    return (
        Registration.objects.filter(
            status=Registration.Status.HELD, hold_expires_at__gt=timezone.now()
        )
        .select_related("occurrence__series__club")
        .order_by(F("hold_expires_at").asc(nulls_last=True), "pk")
    )


def hosted_payment_or_none(*, occurrence: Occurrence, pk: int) -> Payment | None:
    """A payment for a place at this meeting (the host's refund page); None
    for another meeting's or a made-up id."""
    payments = _payments().filter(registration__occurrence=occurrence, pk=pk)
    return next(iter(_with_refunds(payments)), None)


# --- The payer's own -------------------------------------------------------


def person_payments(person: User, *, query: QueryDict) -> Pager:
    """What the person paid (or is paying by bank debit) for their own
    places, newest first: payments of registrations made with their account.
    Checkouts abandoned or expired moved no money and are left out. A guest's
    payment is on that place's own page, reached by its token, since a typed
    email address proves nothing about who paid."""
    payments = _payments().filter(
        registration__person=person,
        status__in=(*TAKEN, Payment.Status.PROCESSING),
        place_already_held=False,  # a stranger's, on the guest form, refunded
    )
    pager = paged(payments.order_by("-created_at", "-pk"), query=query)
    pager.page.object_list = _with_refunds(pager.page.object_list)
    return pager


def person_payment_or_none(*, person: User, pk: int) -> Payment | None:
    """One of the person's payments that moved money, for its receipt; None
    for anyone else's, or one that was never paid."""
    if not person.is_authenticated:
        return None
    payments = _payments().filter(
        registration__person=person, pk=pk, status__in=TAKEN, place_already_held=False
    )
    payments = _with_refunds(payments)
    return payments[0] if payments else None


def registration_payment_records(registration: Registration) -> list[Payment]:
    """The place's payments that moved money (paid, or paid then refunded),
    for the receipts on its token page."""
    payments = _payments().filter(
        registration=registration, status__in=TAKEN, place_already_held=False
    )
    return _with_refunds(payments.order_by("pk"))


# --- CSV -------------------------------------------------------------------

CSV_HEADER = [
    "meeting_start",
    "meeting",
    "name",
    "email",
    "kind",
    "amount",
    "currency",
    "method",
    "status",
    "paid_at",
    "created_at",
    "stripe_reference",
    "refund_amount",
    "refund_status",
    "refund_reason",
]


def payment_csv_rows(payments: list[Payment], *, zone: ZoneInfo) -> list[list]:
    """One row per payment, amounts in major units with the currency beside
    them, times in the club's zone; the header row first. Headers and codes
    stay untranslated, as in the other exports, so a spreadsheet's columns
    are the same for every host. Write them with `spreadsheets.csv_writer`."""
    rows: list[list] = [CSV_HEADER]
    for payment in payments:
        registration = payment.registration
        refund = payment.refund
        rows.append(
            [
                _local(registration.occurrence.start, zone, "%Y-%m-%d %H:%M"),
                registration.occurrence.series.title,
                registration.name,
                registration.email,
                "member" if registration.person_id else "guest",
                Money(payment.amount, payment.currency).as_decimal(),
                payment.currency,
                payment.method,
                payment.status,
                _local(payment.paid_at, zone),
                _local(payment.created_at, zone),
                payment.stripe_payment_intent_id or payment.stripe_checkout_session_id,
                *_refund_cells(refund),
            ]
        )
    return rows


def _refund_cells(refund: Refund | None) -> list:
    if refund is None:
        return ["", "", ""]
    amount = Money(refund.amount, refund.currency).as_decimal()
    return [amount, refund.status, refund.reason]


def _local(moment: datetime | None, zone: ZoneInfo, pattern="%Y-%m-%d %H:%M:%S"):
    return "" if moment is None else moment.astimezone(zone).strftime(pattern)
