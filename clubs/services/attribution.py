"""Share links: crediting the visitors they bring, and granting the rewards.

A visitor is credited once, to the first member whose link brought them
(`clubs.attribution.Touch`), when they register for a meeting or sign up.
Credit is refused for the member's own address (any case, any `+tag`), for
people who already belong to a club (or have asked to join one), and for
anyone already credited, under any of their addresses or by their account.
The credited person's progress (registered, attended, joined, paid) is
stamped by the services that register, take attendance, admit members and
confirm payments (Stripe's webhook, clubs/services/payments.py); when it meets
the landing page's reward program, both sides' rewards enter the ledger,
each once. Nothing is granted at sign-up, and a friend who cancels before
qualifying earns nothing. A reward of the kind "discount" becomes a Stripe
promotion code after the grant commits (clubs/services/rewards.py).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from clubs.audit import audit
from clubs.cookies import Touch
from clubs.models import (
    Attribution,
    Club,
    Membership,
    Registration,
    Reward,
    RewardProgram,
    User,
)
from clubs.selectors.clubs import club_is_host
from clubs.services.rewards import reward_terms, rewards_discount_prepare
from clubs.tasks import send_rewards_granted


def email_key(email: str) -> str:
    """Fold an address the way people vary their own: case and `+tags`."""
    local, _at, domain = email.strip().lower().rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}"


def member_for_code(code: str) -> User | None:
    return User.objects.filter(referral_code=code, is_active=True).first()


# --- Credit ----------------------------------------------------------------------


def attribution_credit(
    *, touch: Touch | None, email: str, name: str, person: User | None = None
) -> Attribution | None:
    """Credit the person with `email` to the member whose link they followed.

    Returns the person's attribution: the new one, or the one an earlier link
    already earned (first touch wins), found by their folded address or by
    their account. Returns None when there is no credit to give. The caller's
    transaction holds it with whatever it registers."""
    key = email_key(email)
    existing = _existing(key, person)
    if existing is not None or touch is None:
        return existing
    referrer = member_for_code(touch.code)
    if referrer is None or _is_self(referrer, key, person):
        return None  # a stale code, or a member referring themselves
    if _is_member(key, person):
        return None  # people who already belong are not referrals
    try:
        with transaction.atomic():
            return Attribution.objects.create(
                referrer=referrer,
                email_key=key,
                email=email.strip().lower(),
                name=name.strip() or email,
                person=person,
                source_page_id=touch.page_id,
                program=_program(touch),
                touched_at=touch.at,
            )
    except IntegrityError:  # credited a moment ago by a simultaneous request
        return _existing(key, person)


def attribution_signed_up(*, touch: Touch | None, person: User) -> Attribution | None:
    """A visitor made an account: credit it, and tie the account to the credit
    (unless the credit is already another account's: the same folded address)."""
    attribution = attribution_credit(
        touch=touch,
        email=person.email,
        name=person.get_full_name() or person.email,
        person=person,
    )
    if attribution is None or attribution.person_id not in (None, person.pk):
        return attribution
    attribution.person = person
    attribution.signed_up_at = attribution.signed_up_at or timezone.now()
    attribution.save(update_fields=["person", "signed_up_at"])
    return attribution


def attribution_registered(
    *, registration: Registration, touch: Touch | None = None
) -> Attribution | None:
    """Called with every new registration: credit the registrant if a link
    brought them, and stamp the first meeting a credited person signs up for."""
    attribution = attribution_credit(
        touch=touch,
        email=registration.email,
        name=registration.name,
        person=registration.person,
    )
    if attribution is None or attribution.registered_at is not None:
        return attribution
    attribution.registration = registration
    attribution.registered_at = timezone.now()
    fields = ["registration", "registered_at"]
    if attribution.person_id is None and registration.person_id is not None:
        attribution.person_id = registration.person_id
        fields.append("person")
    attribution.save(update_fields=fields)
    return attribution


# --- Progress and rewards -----------------------------------------------------------


def attribution_attended(*, email: str, club: Club) -> list[Reward]:
    """A credited person was marked present (or late) at one of `club`'s
    meetings; a substitute sent in their place does not count. Grants the
    rewards when attending qualifies."""
    with transaction.atomic():
        attribution = _locked(email_key(email))
        if attribution is None:
            return []
        if attribution.attended_at is None:
            attribution.attended_at = timezone.now()
            attribution.save(update_fields=["attended_at"])
        return _grant_if(attribution, RewardProgram.Qualifier.ATTENDED, club)


def attribution_joined(*, membership: Membership) -> list[Reward]:
    """A credited person became an active member of a club."""
    if membership.status != Membership.Status.ACTIVE:
        return []
    with transaction.atomic():
        person = membership.person
        attribution = _locked(email_key(person.email), person=person)
        if attribution is None:
            return []
        if attribution.joined_at is None:
            attribution.joined_at = timezone.now()
            attribution.save(update_fields=["joined_at"])
        return _grant_if(attribution, RewardProgram.Qualifier.JOINED, membership.club)


def attribution_paid(*, registration: Registration) -> list[Reward]:
    """Stripe confirmed that a credited person's place is paid (the caller,
    the payment webhook, holds the occurrence's lock). Grants the rewards
    when paying qualifies; a replayed webhook finds them granted."""
    with transaction.atomic():
        attribution = _locked(email_key(registration.email), person=registration.person)
        if attribution is None:
            return []
        if attribution.paid_at is None:
            attribution.paid_at = timezone.now()
            attribution.save(update_fields=["paid_at"])
        club = registration.occurrence.series.club
        return _grant_if(attribution, RewardProgram.Qualifier.PAID, club)


def reward_fulfil(*, reward: Reward, by: User) -> Reward:
    """A host of the club where the friend qualified hands the reward over."""
    if not (
        by.is_superuser or (reward.club and club_is_host(person=by, club=reward.club))
    ):
        raise PermissionDenied
    with transaction.atomic():
        reward = Reward.objects.select_for_update().get(pk=reward.pk)
        if reward.fulfilled_at is not None:
            raise ValidationError(_("This reward has already been handed over."))
        reward.fulfilled_at, reward.fulfilled_by = timezone.now(), by
        reward.save(update_fields=["fulfilled_at", "fulfilled_by"])
        audit(
            reward,
            "clubs.reward_handed_over",
            by=by,
            before={"fulfilled_at": None},
            after={"fulfilled_at": reward.fulfilled_at},
        )
    return reward


def _grant_if(attribution: Attribution, action: str, club: Club) -> list[Reward]:
    program = attribution.program
    if program is None or program.qualifying_action != action:
        return []
    if attribution.rewards.exists():
        return []  # granted before: each side once
    referrer, now = attribution.referrer, timezone.now()
    sides = [
        Reward(
            attribution=attribution,
            side=Reward.Side.FRIEND,
            recipient=attribution.person,
            recipient_name=attribution.name,
            recipient_email=attribution.email,
            description=program.friend_reward,
            club=club,
            granted_at=now,
            **reward_terms(program=program, side=Reward.Side.FRIEND),
        ),
    ]
    if referrer is not None:  # None: the member who shared deleted their account
        sides.insert(
            0,
            Reward(
                attribution=attribution,
                side=Reward.Side.REFERRER,
                recipient=referrer,
                recipient_name=str(referrer),
                recipient_email=referrer.email,
                description=program.referrer_reward,
                club=club,
                granted_at=now,
                **reward_terms(program=program, side=Reward.Side.REFERRER),
            ),
        )
    rewards = Reward.objects.bulk_create(sides)
    # Codes are asked of Stripe before the email is queued (on_commit keeps
    # the order), so the email can carry them.
    rewards_discount_prepare(rewards)
    transaction.on_commit(
        lambda: send_rewards_granted.enqueue(attribution_id=attribution.pk)
    )
    return rewards


def _locked(key: str, person: User | None = None) -> Attribution | None:
    """The person's attribution, locked until the caller's transaction ends:
    two hosts marking attendance at once must not grant twice (the second
    waits, then sees the rewards). Only the attribution's own row is locked:
    PostgreSQL refuses FOR UPDATE across the outer join to a missing program,
    and the member's and program's rows need no lock."""
    return (
        Attribution.objects.select_for_update(of=("self",))
        .select_related("program", "referrer")
        .filter(Q(email_key=key) | Q(person=person) if person else Q(email_key=key))
        .first()
    )


def _existing(key: str, person: User | None) -> Attribution | None:
    if person is None:
        return Attribution.objects.filter(email_key=key).first()
    return Attribution.objects.filter(Q(email_key=key) | Q(person=person)).first()


def _is_self(referrer: User, key: str, person: User | None) -> bool:
    return email_key(referrer.email) == key or (
        person is not None and person.pk == referrer.pk
    )


def _program(touch: Touch) -> RewardProgram | None:
    if touch.program_id is None:
        return None
    return RewardProgram.objects.filter(pk=touch.program_id).first()


def _is_member(key: str, person: User | None) -> bool:
    """Whether the person already belongs to a club, or has asked to join
    one: by their account, or by any account with the same folded address."""
    same_address = Q(person__email__istartswith=key.split("@")[0])
    belongs = Membership.objects.filter(
        same_address | Q(person=person) if person is not None else same_address,
        status__in=(
            Membership.Status.ACTIVE,
            Membership.Status.SUSPENDED,
            Membership.Status.PENDING,
        ),
    ).values_list("person_id", "person__email")
    return any(
        (person is not None and person_id == person.pk) or email_key(email) == key
        for person_id, email in belongs
    )
