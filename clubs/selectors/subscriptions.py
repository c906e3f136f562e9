"""Reads: who pays dues or a seat every month or year, and how that stands."""

from clubs.models import Club, Membership, Subscription, User
from clubs.selectors.payments import club_dues, online_payment_ready


def person_subscription(*, club: Club, person: User) -> Subscription | None:
    """The person's subscription in this club that matters on its page: the
    open one, else the latest that ended (a Checkout never completed is not
    worth showing)."""
    if not person.is_authenticated:
        return None
    rows = Subscription.objects.filter(club=club, person=person).exclude(
        status=Subscription.Status.EXPIRED
    )
    return (
        rows.filter(status__in=Subscription.OPEN).first()
        or rows.exclude(status=Subscription.Status.CHECKOUT).first()
    )


def person_late_refund(*, club: Club, person: User) -> Subscription | None:
    """The person's latest subscription in this club that was refunded
    because it was paid after what it paid for went to someone else."""
    return (
        Subscription.objects.filter(club=club, person=person)
        .exclude(refund_status="")
        .first()
    )


def person_billing_customer(*, club: Club, person: User) -> str | None:
    """The Stripe customer whose billing the person manages for this club
    (their latest subscription there that reached Stripe), or None."""
    if not person.is_authenticated:
        return None
    row = (
        Subscription.objects.filter(club=club, person=person)
        .exclude(stripe_customer_id="")
        .first()
    )
    return None if row is None else row.stripe_customer_id


def person_stripe_customer(person: User) -> str | None:
    """A customer Stripe already knows for this person, from any club, so a
    second subscription keeps one card on file instead of two customers."""
    row = (
        Subscription.objects.filter(person=person)
        .exclude(stripe_customer_id="")
        .first()
    )
    return None if row is None else row.stripe_customer_id


def dues_payable_online(
    *, club: Club, membership: Membership | None, subscription: Subscription | None
) -> bool:
    """Whether the club page offers "pay dues" to this person: the club has
    dues and online payment, they are no host, and nothing open is paying
    already. An open club is joined by paying; in a club whose hosts admit
    members, the admitted (active) member pays."""
    if club.kind != Club.Kind.CLUB or club_dues(club) is None:
        return False
    if not online_payment_ready():
        return False
    if subscription is not None and subscription.status in Subscription.OPEN:
        return subscription.status == Subscription.Status.CHECKOUT
    if membership is None or membership.status == Membership.Status.LEFT:
        return club.join_policy == Club.JoinPolicy.OPEN
    return membership.status == Membership.Status.ACTIVE and not membership.is_host


def subscription_by_stripe_id(subscription_id: str) -> Subscription | None:
    if not subscription_id:
        return None
    return Subscription.objects.filter(stripe_subscription_id=subscription_id).first()
