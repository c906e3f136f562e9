"""Referral slips: giving one, following it up, and thanking the giver.

**Status moves only forward.** new → contacted → meeting → one of won, lost
or not a fit, and steps may be skipped (a prospect who buys on the first call
goes new → won; a wrong number goes new → not a fit). A closed referral stays
closed: no reopening and no switching between won, lost and not a fit. The
steps are the record that the giver, the reports and the leaderboard read
(time to first contact, conversion, value closed); rewriting an outcome later
would change totals people were already thanked for. A prospect who comes
back later is a new referral.

**Who acts.** The receiver moves a referral; for a referral to a partner
business (no account here) the giver records how it goes. A host of the club
may step in for either. Only the receiver thanks, only once, and only for a
won referral. Only hosts put a thank-you on a meeting's agenda.

**Timestamps.** Every move writes a ReferralStep and sets
`status_changed_at`; the first move out of *new*, whatever it is, sets
`first_contacted_at` (the receiver has acted on the slip), and a move to a
closed status sets `closed_at`.

Refusals of input are ValidationErrors keyed by field; a person acting on a
referral that is not theirs to act on gets PermissionDenied.
"""

import re
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clubs.audit import audit, changed_fields
from clubs.models import (
    Club,
    Membership,
    Occurrence,
    Referral,
    ReferralStep,
    ThankYou,
    User,
)
from clubs.selectors.clubs import club_is_host
from clubs.selectors.referrals import may_move
from clubs.tasks import (
    send_referral_logged,
    send_referral_moved,
    send_referral_thank_you,
)

STATUS = Referral.Status
# How far along each status is; a move must go to a higher rank.
RANK = {
    STATUS.NEW: 0,
    STATUS.CONTACTED: 1,
    STATUS.MEETING: 2,
    STATUS.WON: 3,
    STATUS.LOST: 3,
    STATUS.NOT_A_FIT: 3,
}
CURRENCY = re.compile(r"^[A-Z]{3}$")
NO_RECEIVER = _("Choose the member this referral is for.")
NO_NAME = _("Give the prospect's name.")
UNREACHABLE = _("Give an email address or a phone number.")
NO_NEED = _("Say in a few words what they need.")
NO_CONSENT = _("Only pass on people who agreed to be contacted: ask them first.")
ALREADY_THANKED = _("You have already thanked the giver for this referral.")
OTHER_CLUB = _("Choose a meeting of this club.")
# Model fields the service checks itself (membership, the rules above);
# full_clean covers the rest: lengths, the email format, the choices.
_CHECKED_HERE = ["club", "giver", "receiver", "occurrence", "value", "currency"]


def referral_create(
    *,
    giver: User,
    club: Club,
    receiver: User | None = None,
    partner_name: str = "",
    partner_contact: str = "",
    prospect_name: str,
    prospect_company: str = "",
    prospect_email: str = "",
    prospect_phone: str = "",
    need: str,
    temperature: str = Referral.Temperature.WARM,
    consent: bool = False,
    occurrence: Occurrence | None = None,
    value: Decimal | None = None,
) -> Referral:
    """Log a slip from `giver` to a member of `club` (`receiver`) or to a
    partner business outside it (`partner_name`); the receiver is emailed."""
    referral = Referral(
        club=club,
        giver=giver,
        receiver=receiver,
        partner_name=partner_name.strip(),
        partner_contact=partner_contact.strip(),
        prospect_name=prospect_name.strip(),
        prospect_company=prospect_company.strip(),
        prospect_email=prospect_email.strip().lower(),
        prospect_phone=prospect_phone.strip(),
        need=need.strip(),
        temperature=temperature,
        consent=consent,
        occurrence=occurrence,
    )
    _validate_new(referral, value=value)
    with transaction.atomic():
        referral.save()
        ReferralStep.objects.create(referral=referral, status=STATUS.NEW, by=giver)
        transaction.on_commit(
            lambda: send_referral_logged.enqueue(referral_id=referral.pk)
        )
    return referral


# What a move changes, as the audit trail shows it.
MOVED_FIELDS = ["status", "value", "currency"]


def referral_move(
    *,
    referral: Referral,
    status: str,
    by: User,
    value: Decimal | None = None,
    currency: str = "",
    note: str = "",
) -> Referral:
    """Move a referral on (see the module for the rules); the giver is told."""
    if not may_move(person=by, referral=referral):
        raise PermissionDenied
    currency = currency.strip().upper()
    _validate_move_input(status=status, value=value, currency=currency)
    with transaction.atomic():
        # Locked so two taps at once cannot both move it from the same status.
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        _validate_transition(referral.status, status)
        before = changed_fields(referral, MOVED_FIELDS)
        _apply_move(referral, status=status, value=value, currency=currency)
        audit(
            referral,
            "clubs.referral_moved",
            by=by,
            before=before,
            after=changed_fields(referral, MOVED_FIELDS),
        )
        step = ReferralStep.objects.create(
            referral=referral, status=status, by=by, note=note.strip()[:500]
        )
        transaction.on_commit(lambda: send_referral_moved.enqueue(step_id=step.pk))
    return referral


def referral_thank(*, referral: Referral, by: User, note: str) -> ThankYou:
    """Thank you for closed business: the receiver thanks the giver of a won
    referral, once; the giver gets the note by email."""
    if referral.receiver_id != by.pk:
        raise PermissionDenied
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Write a few words of thanks.")})
    try:
        with transaction.atomic():
            referral = Referral.objects.select_for_update().get(pk=referral.pk)
            if referral.status != STATUS.WON:
                raise ValidationError(
                    _("You can thank the giver once the deal is won.")
                )
            if referral.giver_id is None:
                raise ValidationError(_("The giver has deleted their account."))
            if ThankYou.objects.filter(referral=referral).exists():
                raise ValidationError(ALREADY_THANKED)
            thank_you = ThankYou.objects.create(referral=referral, note=note)
            transaction.on_commit(
                lambda: send_referral_thank_you.enqueue(thank_you_id=thank_you.pk)
            )
    except IntegrityError as error:  # a second tap that raced the first
        raise ValidationError(ALREADY_THANKED) from error
    return thank_you


def thank_you_to_agenda(
    *, thank_you: ThankYou, occurrence: Occurrence | None, by: User
) -> ThankYou:
    """A host puts a thank-you on a coming meeting's agenda, where the
    published agenda lists it under the referral exchange; None takes it off."""
    club = thank_you.referral.club
    if not club_is_host(person=by, club=club):
        raise PermissionDenied
    if occurrence is not None:
        _validate_agenda_meeting(occurrence, club=club)
    thank_you.on_agenda_of = occurrence
    thank_you.save(update_fields=["on_agenda_of"])
    return thank_you


def _validate_new(referral: Referral, *, value: Decimal | None) -> None:
    errors = _membership_errors(referral) | _content_errors(referral)
    if value is not None:
        errors["value"] = _("A referral is worth something once it is won: not yet.")
    try:
        referral.full_clean(exclude=_CHECKED_HERE, validate_constraints=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)


def _membership_errors(referral: Referral) -> dict:
    """The giver and the receiver must both be active members of the club."""
    club, giver, receiver = referral.club, referral.giver, referral.receiver
    active = set(
        Membership.objects.filter(
            club=club,
            status=Membership.Status.ACTIVE,
            person__in=[person for person in (giver, receiver) if person],
        ).values_list("person_id", flat=True)
    )
    errors = {}
    if giver.pk not in active:
        errors["club"] = _("You are not an active member of %(club)s.") % {"club": club}
    if receiver is not None and receiver.pk == giver.pk:
        errors["receiver"] = _("You can't refer business to yourself.")
    elif receiver is not None and receiver.pk not in active:
        errors["receiver"] = _("%(person)s is not an active member of %(club)s.") % {
            "person": receiver,
            "club": club,
        }
    if referral.occurrence and referral.occurrence.series.club_id != club.pk:
        errors["occurrence"] = OTHER_CLUB
    return errors


def _content_errors(referral: Referral) -> dict:
    errors = {}
    if referral.receiver is None and not referral.partner_name:
        errors["receiver"] = NO_RECEIVER
    elif referral.receiver is not None and referral.partner_name:
        errors["partner_name"] = _(
            "Give it to a member or to a partner business, not both."
        )
    if not referral.prospect_name:
        errors["prospect_name"] = NO_NAME
    if not referral.prospect_email and not referral.prospect_phone:
        errors["prospect_email"] = UNREACHABLE
    if not referral.need:
        errors["need"] = NO_NEED
    if not referral.consent:
        errors["consent"] = NO_CONSENT
    return errors


def _validate_move_input(*, status: str, value: Decimal | None, currency: str):
    if status not in RANK:
        raise ValidationError({"status": _("Choose a status.")})
    if status != STATUS.WON:
        if value is not None:
            raise ValidationError(
                {
                    "value": _(
                        "Only a won referral has a value: choose Won, or leave "
                        "the value empty."
                    )
                }
            )
        return
    errors = {}
    if value is None:
        errors["value"] = _("Give the value of the business closed (0 if none yet).")
    elif value < 0:
        errors["value"] = _("The value can't be negative.")
    else:
        try:
            Referral._meta.get_field("value").run_validators(value)
        except ValidationError as error:
            errors["value"] = error.messages
    if not CURRENCY.match(currency):
        errors["currency"] = _(
            "Give the currency as three letters, such as USD or EUR."
        )
    if errors:
        raise ValidationError(errors)


def _validate_transition(current: str, status: str) -> None:
    if current in Referral.CLOSED:
        raise ValidationError(
            {"status": _("This referral is closed; a closed referral stays closed.")}
        )
    if RANK[status] <= RANK[current]:
        raise ValidationError(
            {
                "status": _("It is already %(status)s: choose a later step.")
                % {"status": STATUS(current).label.lower()}
            }
        )


def _apply_move(referral: Referral, *, status: str, value, currency: str) -> None:
    now = timezone.now()
    if referral.first_contacted_at is None:
        referral.first_contacted_at = now
    if status in Referral.CLOSED:
        referral.closed_at = now
    if status == STATUS.WON:
        referral.value, referral.currency = value, currency
    referral.status, referral.status_changed_at = status, now
    referral.save(
        update_fields=[
            "status",
            "status_changed_at",
            "first_contacted_at",
            "closed_at",
            "value",
            "currency",
        ]
    )


def _validate_agenda_meeting(occurrence: Occurrence, *, club: Club) -> None:
    if occurrence.series.club_id != club.pk:
        raise ValidationError({"occurrence": OTHER_CLUB})
    if occurrence.is_cancelled or occurrence.end < timezone.now():
        raise ValidationError(
            {"occurrence": _("Choose a coming meeting that is not cancelled.")}
        )
