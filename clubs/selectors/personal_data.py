"""Everything the site keeps about one person, as one JSON-ready dict: the
file a member downloads from their profile (GDPR Art. 15 and 20).

Each section is a function of the person, registered by name with
`@personal_data_section`. clubs' own sections are here; masterminds and
content register theirs from their selectors, imported in their
AppConfig.ready (clubs never imports them), as Stripe's webhook handlers do.
A section costs a fixed number of queries however many rows the person has,
so the whole file does too.

What goes in: what the person gave us, and what others recorded about them
that they can act on: a referral they received, with what its giver wrote
about the prospect; the status steps, notes and thank-yous on their
referrals; a facilitator's note to them as an applicant. What stays out:
other people's contact details (only display names), visitors' identities
(the people a member's link brought in are counts and dates), secrets
(password and feed-token hashes, signed links, Stripe's ids and checkout
addresses, card data, which the site never holds), and the audit trail of
hosts' changes, which is the hosts' accountability record rather than data
about the member; the values it records are the ones exported here.
"""

from collections.abc import Callable
from typing import Any

from allauth.account.models import EmailAddress
from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from clubs.models import (
    Attendance,
    Attribution,
    Membership,
    Occurrence,
    Payment,
    Referral,
    ReferralStep,
    Registration,
    Reward,
    Subscription,
    User,
)

FORMAT_VERSION = 1

Section = Callable[[User], Any]
_sections: dict[str, Section] = {}


def personal_data_section(name: str):
    """Register a function that returns the part of a person's data named
    `name`; it must cost the same few queries however many rows they have."""

    def register(section: Section) -> Section:
        if _sections.get(name, section) is not section:
            raise ValueError(f"Two personal data sections named {name!r}")
        _sections[name] = section
        return section

    return register


def personal_data(*, person: User) -> dict:
    """The person's data, every section in the order it was registered."""
    data = {"format_version": FORMAT_VERSION, "generated_at": timezone.now()}
    for name, section in _sections.items():
        data[name] = section(person)
    return data


# --- Helpers the apps' sections share ----------------------------------------


def display_name(person: User | None) -> str | None:
    """Another person as the site shows them to members: their name, never
    their address."""
    if person is None:
        return None
    return person.get_full_name() or None


def meeting(occurrence: Occurrence | None) -> dict | None:
    """A meeting as the person knew it; needs `series__club` selected."""
    if occurrence is None:
        return None
    return {
        "club": occurrence.series.club.name,
        "title": occurrence.series.title,
        "start": occurrence.start,
        "end": occurrence.end,
        "time_zone": occurrence.series.club.time_zone,
        "status": occurrence.status,
    }


def _verified_emails(person: User) -> QuerySet:
    return (
        EmailAddress.objects.filter(user=person, verified=True)
        .annotate(folded=Lower("email"))
        .values("folded")
    )


def _theirs(
    rows: QuerySet, person: User, *, field: str = "person", email: str = "email"
) -> QuerySet:
    """The rows that are the person's: linked to their account, or taken as a
    guest under an address they proved is theirs (before they signed up)."""
    return rows.annotate(folded_email=Lower(email)).filter(
        Q(**{field: person})
        | Q(**{f"{field}__isnull": True}, folded_email__in=_verified_emails(person))
    )


# --- clubs' sections ----------------------------------------------------------


@personal_data_section("profile")
def _profile(person: User) -> dict:
    emails = EmailAddress.objects.filter(user=person).order_by("-primary", "email")
    category = person.category.name if person.category_id else None
    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "email_addresses": [
            {"email": e.email, "primary": e.primary, "verified": e.verified}
            for e in emails
        ],
        "language": person.language,
        "time_zone": person.time_zone,
        "business_name": person.business_name,
        "business_category": category,
        "phone": person.phone,
        "website": person.website,
        "bio": person.bio,
        "photo_url": person.photo.url if person.photo else None,
        "calendar_feed_on": bool(person.calendar_token_hash),
        "signed_up_at": person.date_joined,
        "last_signed_in_at": person.last_login,
    }


@personal_data_section("memberships")
def _memberships(person: User) -> list[dict]:
    memberships = Membership.objects.filter(person=person).select_related("club")
    return [
        {
            "club": m.club.name,
            "role": m.role,
            "status": m.status,
            "since": m.joined_at,
        }
        for m in memberships.order_by("club__name")
    ]


@personal_data_section("registrations")
def _registrations(person: User) -> list[dict]:
    registrations = (
        _theirs(Registration.objects, person)
        .select_related("occurrence__series__club", "invited_by")
        .order_by("occurrence__start", "pk")
    )
    return [
        {
            "meeting": meeting(r.occurrence),
            "name": r.name,
            "email": r.email,
            "status": r.status,
            "language": r.language,
            "invited_by": display_name(r.invited_by) or r.invited_by_name or None,
            "registered_at": r.created_at,
            "confirmed_at": r.confirmed_at,
            "cancelled_at": r.cancelled_at,
        }
        for r in registrations
    ]


@personal_data_section("attendance")
def _attendance(person: User) -> list[dict]:
    rows = (
        _theirs(Attendance.objects, person)
        .select_related("occurrence__series__club")
        .order_by("occurrence__start", "pk")
    )
    return [
        {
            "meeting": meeting(a.occurrence),
            "status": a.status,
            "substitute": a.substitute_name or None,
            "checked_in_at": a.checked_in_at,
        }
        for a in rows
    ]


def _referrals(**mine) -> QuerySet:
    steps = ReferralStep.objects.select_related("by").order_by("at", "pk")
    return (
        Referral.objects.filter(**mine)
        .select_related("club", "giver", "receiver", "thank_you")
        .prefetch_related(Prefetch("steps", queryset=steps))
        .order_by("created_at", "pk")
    )


def _referral(referral: Referral, person: User) -> dict:
    """One slip, with what its giver wrote about the prospect (the receiver
    needs it to follow up, and both sides wrote or were given it)."""
    thank_you = getattr(referral, "thank_you", None)
    return {
        "club": referral.club.name,
        "given_at": referral.created_at,
        "prospect": {
            "name": referral.prospect_name,
            "company": referral.prospect_company,
            "email": referral.prospect_email,
            "phone": referral.prospect_phone,
        },
        "need": referral.need,
        "temperature": referral.temperature,
        "status": referral.status,
        "value": referral.value,
        "currency": referral.currency or None,
        "first_contacted_at": referral.first_contacted_at,
        "closed_at": referral.closed_at,
        "status_steps": [
            {
                "status": step.status,
                "at": step.at,
                "by_you": step.by_id == person.pk,
                "by": display_name(step.by),
                "note": step.note,
            }
            for step in referral.steps.all()
        ],
        "thank_you": (
            {"note": thank_you.note, "at": thank_you.created_at} if thank_you else None
        ),
    }


@personal_data_section("referrals_given")
def _referrals_given(person: User) -> list[dict]:
    return [
        {
            "to_member": display_name(referral.receiver),
            "to_partner": referral.partner_name or None,
            "partner_contact": referral.partner_contact or None,
            **_referral(referral, person),
        }
        for referral in _referrals(giver=person)
    ]


@personal_data_section("referrals_received")
def _referrals_received(person: User) -> list[dict]:
    return [
        {"from_member": display_name(referral.giver), **_referral(referral, person)}
        for referral in _referrals(receiver=person)
    ]


@personal_data_section("rewards")
def _rewards(person: User) -> list[dict]:
    rewards = _theirs(
        Reward.objects, person, field="recipient", email="recipient_email"
    ).select_related("club")
    return [
        {
            "for": r.side,
            "what": r.description,
            "kind": r.kind,
            "discount_percent_off": r.discount_percent_off,
            "discount_amount_off": r.discount_amount_off,
            "discount_currency": r.discount_currency or None,
            "discount_code": r.promotion_code or None,
            "club": r.club.name if r.club else None,
            "granted_at": r.granted_at,
            "handed_over_at": r.fulfilled_at,
        }
        for r in rewards.order_by("granted_at", "pk")
    ]


_FUNNEL_DATES = ("touched_at", "created_at", "registered_at", "attended_at")
_FUNNEL_DATES += ("signed_up_at", "joined_at", "paid_at")


@personal_data_section("attributions")
def _attributions(person: User) -> dict:
    """Who the person's links brought in, as dates only (the visitors' names
    and addresses are theirs), and whose link brought the person in."""
    brought = Attribution.objects.filter(referrer=person).order_by("created_at", "pk")
    visitors = [
        dict(zip(_FUNNEL_DATES, row, strict=True))
        for row in brought.values_list(*_FUNNEL_DATES)
    ]
    own = Attribution.objects.filter(person=person).select_related("referrer").first()
    return {
        "visitors_brought": len(visitors),
        "visitors": visitors,
        "brought_in_by": (
            {
                "member": display_name(own.referrer),
                "name": own.name,
                "email": own.email,
                "followed_link_at": own.touched_at,
                "credited_at": own.created_at,
            }
            if own
            else None
        ),
    }


@personal_data_section("payments")
def _payments(person: User) -> list[dict]:
    """What they paid for meetings, and what was given back. Card data never
    reaches the site (Stripe Checkout holds it); Stripe's ids stay out."""
    payments = (
        Payment.objects.filter(
            registration__in=_theirs(Registration.objects, person).values("pk")
        )
        .select_related("registration__occurrence__series__club")
        .prefetch_related("refunds")
        .order_by("created_at", "pk")
    )
    return [
        {
            "meeting": meeting(p.registration.occurrence),
            "amount": p.amount,
            "currency": p.currency,
            "method": p.method,
            "status": p.status,
            "created_at": p.created_at,
            "paid_at": p.paid_at,
            "refunds": [
                {
                    "amount": refund.amount,
                    "currency": refund.currency,
                    "reason": refund.reason,
                    "status": refund.status,
                    "requested_at": refund.created_at,
                }
                for refund in p.refunds.all()
            ],
        }
        for p in payments
    ]


@personal_data_section("subscriptions")
def _subscriptions(person: User) -> list[dict]:
    subscriptions = Subscription.objects.filter(person=person).select_related("club")
    return [
        {
            "club": s.club.name,
            "pays_for": s.kind,
            "status": s.status,
            "amount": s.amount,
            "currency": s.currency,
            "interval": s.interval,
            "started_at": s.created_at,
            "paid_until": s.current_period_end,
            "ends_at_period_end": s.cancel_at_period_end,
            "ended_at": s.ended_at,
            "refund": (
                {
                    "status": s.refund_status,
                    "amount": s.refund_amount,
                    "decided_at": s.refund_requested_at,
                }
                if s.refund_status
                else None
            ),
        }
        for s in subscriptions.order_by("created_at", "pk")
    ]
