"""The club's referrals as CSV, in the flat shape CRM imports read."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import QuerySet

from clubs.models import Club, Referral
from clubs.selectors.referral_reports.periods import (
    Period,
    given_in,
)

CSV_HEADER = [
    "referral_id",
    "created_at",
    "status",
    "temperature",
    "lead_source",
    "prospect_name",
    "prospect_first_name",
    "prospect_last_name",
    "prospect_company",
    "prospect_email",
    "prospect_phone",
    "need",
    "referred_by_name",
    "referred_by_email",
    "referred_to_name",
    "referred_to_email",
    "partner_name",
    "partner_contact",
    "meeting_date",
    "first_contacted_at",
    "closed_at",
    "value",
    "currency",
    "thanked_at",
]


def club_referrals_for_export(*, club: Club, period: Period) -> QuerySet[Referral]:
    """The club's referrals given in the period, oldest first, with what
    each CSV row needs joined in (one query for any number of rows)."""
    return (
        Referral.objects.filter(given_in(period), club=club)
        .select_related("giver", "receiver", "occurrence", "thank_you")
        .order_by("created_at", "pk")
    )


def referral_csv_rows(referrals, *, zone: ZoneInfo):
    """A header, then one row per referral: flat columns, ISO 8601 dates with
    their offset, plain decimals and ISO currency codes, the shape CRM
    imports (HubSpot, Salesforce, Pipedrive) map column by column. Cells are
    as typed: write them with `clubs.spreadsheets.csv_writer`."""
    yield CSV_HEADER
    for referral in referrals:
        yield _csv_row(referral, zone)


def _csv_row(referral: Referral, zone: ZoneInfo) -> list:
    first, _, last = referral.prospect_name.strip().partition(" ")
    receiver = referral.receiver
    thank_you = getattr(referral, "thank_you", None)
    return [
        referral.pk,
        _iso(referral.created_at, zone),
        referral.status,
        referral.temperature,
        "Referral",
        referral.prospect_name,
        first,
        last,
        referral.prospect_company,
        referral.prospect_email,
        referral.prospect_phone,
        referral.need,
        referral.giver_label,
        referral.giver.email if referral.giver else "",
        referral.receiver_label if not referral.partner_name else "",
        receiver.email if receiver else "",
        referral.partner_name,
        referral.partner_contact,
        _iso(referral.occurrence.start, zone)[:10] if referral.occurrence else "",
        _iso(referral.first_contacted_at, zone),
        _iso(referral.closed_at, zone),
        "" if referral.value is None else f"{referral.value:.2f}",
        referral.currency,
        _iso(thank_you.created_at, zone) if thank_you else "",
    ]


def _iso(moment: datetime | None, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).replace(microsecond=0).isoformat() if moment else ""
