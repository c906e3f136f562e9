"""Applications for a seat, the seats themselves, and the waitlist.

A seat is an active clubs membership with the member role in the group's
club. Every change to who holds one (approving, leaving, the waitlist filling
a freed seat) locks the group row first (`lock_group`) and only then counts
seats and categories, so two facilitators approving at once never seat more
people than the limit, nor two members of one category.

Seats are given by `_seat` rather than through clubs' `club_join` and
`membership_set_status`: the first applies the club's join policy (a
mastermind admits by approval, so it would only make a pending membership)
and the second insists on a host doing it, while a seat freed by a leaving
member goes to the waitlist with no host involved. `_seat` activates the
membership with clubs' `membership_activate`, as both of those do, under the
group lock.

A freed seat goes at once, in the transaction that frees it, to the first
waitlisted applicant (first applied, first served) who can take it: one
whose category is free when the group keeps one member per category. They
and the facilitators are emailed. There is no offer to accept first:
waitlisting is the facilitators' "yes, when there is room", so the decision
is already made, and someone who no longer wants the seat leaves with one
click, which hands it on again. Holding seats for answers would need offers
that expire, and a seat nobody can use meanwhile.

A paid seat (a seat price, and online payment set up) is approved first and
paid second: approving, or the waitlist reaching someone, holds the seat for
the group's `days_to_pay` (`Application.pay_by`) and emails a link to pay.
A held seat counts as taken, for its category too. The subscription's
webhook seats them (`seat_paid`); the periodic job lapses a hold nobody paid
(`seat_holds_lapse`) and offers the seat on. A payment that arrives after
its hold lapsed seats its person if a seat is still free for them;
otherwise it is refunded in full (`subscription_refund_late`) and the
applicant and the facilitators are told. Without keys, a paid seat is
given at once as a free one is, and the host takes the money.
"""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clubs.audit import audit, changed_fields
from clubs.models import Membership, Occurrence, Registration, Subscription, User
from clubs.selectors.payments import online_payment_ready
from clubs.services.memberships import membership_activate
from clubs.services.memberships import membership_leave as club_membership_leave
from clubs.services.registrations import registration_cancel
from clubs.services.subscription_refunds import subscription_refund_late
from clubs.services.subscriptions import (
    subscription_checkout_abandon,
    subscriptions_stop,
)
from masterminds.audit import audit as mastermind_audit
from masterminds.models import Application, HotSeat, MastermindGroup
from masterminds.selectors import (
    group_is_facilitator,
    group_seat_price,
    seat_holds,
    seated,
    seats_taken,
    waitlist,
)
from masterminds.services.groups import lock_group
from masterminds.services.places import session_places_keep
from masterminds.services.sessions import hot_seats_fill
from masterminds.tasks import send_application_step, tell_facilitators

STATUS = Application.Status
DECISION_FIELDS = ["status", "note"]  # what the audit trail shows of a decision
MAX_TEXT = 1000

# What applicants read.
ALREADY_MEMBER = _("You are already a member of this group.")
FACILITATOR = _("You facilitate this group, so you need no seat in it.")
TALK_TO_FACILITATORS = _("Please talk to the group's facilitators.")
ALREADY_APPLIED = _(
    "You have already applied to this group; the facilitators will be in touch."
)
SEAT_HELD = _("Your seat is held for you: pay for it on the group's page.")
NO_WANTS = _("Tell the facilitators what you want from the group.")
NO_BUSINESS = _("Say in a line what your business does.")
NO_CATEGORY = _(
    "Choose your business category: this group keeps one member per category."
)
TOO_LONG = _("Keep it under 1,000 characters.")
NOT_OUR_TRAINING = _("That training is not this group's.")
NOT_YOUR_APPLICATION = _("Only the applicant can withdraw an application.")
# What facilitators read.
FULL = _("All {seats} seats are taken. Waitlist the application, or free a seat.")
CATEGORY_TAKEN = _(
    "{member} already holds the seat for {category}: this group keeps one "
    "member per category."
)
APPLICANT_NO_CATEGORY = _(
    "The applicant gave no business category, and this group keeps one member "
    "per category."
)
APPLICANT_MEMBER = _("{person} is already a member of this group.")
APPLICANT_BARRED = _("{person}'s membership is suspended or removed: restore it first.")
DECIDED = _("This application has already been decided.")
ALREADY_WAITLISTED = _("This application is already on the waitlist.")
NOT_A_MASTERMIND = _("This club is not a mastermind group.")


def application_submit(
    *,
    group: MastermindGroup,
    person: User,
    wants: str,
    business: str,
    category=None,
    training: Occurrence | None = None,
) -> Application:
    """Ask for a seat. The applicant and the facilitators are emailed."""
    application = Application(
        group=group,
        person=person,
        wants=wants.strip(),
        business=business.strip(),
        category=category,
        training=training,
    )
    _validate_new(application)
    try:
        with transaction.atomic():
            application.save()
            _email(application, "received", facilitators=True)
    except IntegrityError as error:  # the same person applying twice at once
        raise ValidationError(ALREADY_APPLIED) from error
    return application


def application_approve(
    *, application: Application, by: User, note: str = ""
) -> Application:
    """Seat the applicant, or refuse with the reason and change nothing."""
    _require_facilitator(application.group, by)
    note = _clean_note(note)
    with transaction.atomic():
        group = lock_group(application.group)
        application = _lock(application)
        if application.status not in Application.OPEN:
            raise ValidationError(DECIDED)
        refusal = _refusal(group, application)
        if refusal:
            raise ValidationError(refusal)
        before = _seat_state(group, application.person)
        _seat_or_hold(group, application)
        _decide(application, STATUS.APPROVED, by=by, note=note)
        _audit_seat(group, application.person, before, by=by)
        _email(application, "approved")
    return application


def application_decline(
    *, application: Application, by: User, note: str = ""
) -> Application:
    _require_facilitator(application.group, by)
    note = _clean_note(note)
    with transaction.atomic():
        application = _lock(application)
        if application.status not in Application.OPEN:
            raise ValidationError(DECIDED)
        before = changed_fields(application, DECISION_FIELDS)
        _decide(application, STATUS.DECLINED, by=by, note=note)
        _audit_decision(application, "declined", before, by=by)
        _email(application, "declined")
    return application


def application_waitlist(
    *, application: Application, by: User, note: str = ""
) -> Application:
    """ "Yes, when there is room": the applicant takes the first seat they can."""
    _require_facilitator(application.group, by)
    note = _clean_note(note)
    with transaction.atomic():
        application = _lock(application)
        if application.status == STATUS.WAITLISTED:
            raise ValidationError(ALREADY_WAITLISTED)
        if application.status != STATUS.PENDING:
            raise ValidationError(DECIDED)
        before = changed_fields(application, DECISION_FIELDS)
        _decide(application, STATUS.WAITLISTED, by=by, note=note)
        _audit_decision(application, "waitlisted", before, by=by)
        _email(application, "waitlisted")
    return application


def application_withdraw(*, application: Application, by: User) -> Application:
    if application.person_id != by.pk:
        raise ValidationError(NOT_YOUR_APPLICATION)
    with transaction.atomic():
        application = _lock(application)
        if application.status not in Application.OPEN:
            raise ValidationError(DECIDED)
        _decide(application, STATUS.WITHDRAWN, by=by)
        _email(application, "withdrawn")
    return application


def membership_leave(*, membership: Membership) -> Membership:
    """Leave a group: the member's places at sessions to come and hot seats
    there are given up, the seat's subscription is cancelled at Stripe, and
    the freed seat goes to the waitlist."""
    group = MastermindGroup.objects.filter(club=membership.club_id).first()
    if group is None:
        raise ValidationError(NOT_A_MASTERMIND)
    with transaction.atomic():
        group = lock_group(group)
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        membership = club_membership_leave(membership=membership)
        subscriptions_stop(club=group.club, person=membership.person)
        emptied = _give_up_sessions(group, membership.person)
        waitlist_fill(group=group)
        for occurrence in emptied:
            hot_seats_fill(group=group, occurrence=occurrence)
    return membership


def waitlist_fill(
    *, group: MastermindGroup, by: User | None = None
) -> list[Application]:
    """Give free seats to waitlisted applicants, first applied first, skipping
    those who cannot take one (their category is held). Also for after a
    facilitator (`by`, for the audit trail) raises the seat limit or removes
    a member."""
    filled = []
    with transaction.atomic():
        group = lock_group(group)
        for application in waitlist(group).select_for_update(of=("self",)):
            if seats_taken(group) >= group.seat_limit:
                break
            if _refusal(group, application):
                continue
            before = changed_fields(application, DECISION_FIELDS)
            _seat_or_hold(group, application)
            _decide(application, STATUS.APPROVED, by=None)
            _audit_decision(application, "promoted", before, by=by)
            _email(application, "promoted", facilitators=True)
            filled.append(application)
    return filled


# --- Paid seats --------------------------------------------------------------------


def seat_paid(*, group: MastermindGroup, subscription: Subscription) -> bool:
    """The first payment for a seat came through: seat its person. The
    caller holds the group lock. A hold that lapsed still gets its seat if
    one is free for them; if not, nobody is overbooked: the subscription is
    cancelled at Stripe, its first payment refunded in full, the applicant
    and the facilitators are told, and False is returned."""
    person = subscription.person
    if seated(group).filter(person=person).exists():
        return True
    application = (
        group.applications.select_for_update(of=("self",))
        .filter(person=person, status__in=[STATUS.APPROVED, STATUS.LAPSED])
        .order_by("-created_at", "-pk")
        .first()
    )
    held = application is not None and application.pay_by is not None
    if application is None or (
        not (held and application.status == STATUS.APPROVED)
        and _refusal(group, application)
    ):
        if subscription_refund_late(subscription=subscription) and application:
            _email(application, "late_refunded", facilitators=True)
        return False
    _seat(group, application)
    application.status, application.pay_by = STATUS.APPROVED, None
    application.save(update_fields=["status", "pay_by"])
    return True


def seat_billing_ended(*, group: MastermindGroup, person: User) -> None:
    """The seat's subscription was cancelled or went unpaid: the seat is
    given up as if they left (history stays), and goes to the waitlist."""
    membership = seated(group).filter(person=person).first()
    if membership is not None:
        membership_leave(membership=membership)


def seat_holds_lapse(*, now: datetime | None = None) -> int:
    """Release every held seat whose time to pay has passed, and offer it on
    to the waitlist; the applicant is told. Returns how many lapsed."""
    now = now or timezone.now()
    due = Application.objects.filter(status=STATUS.APPROVED, pay_by__lte=now)
    lapsed = 0
    for application_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            application = Application.objects.get(pk=application_id)
            group = lock_group(application.group)
            application = _lock(application)
            if application.status != STATUS.APPROVED or not application.pay_by:
                continue  # paid, or lapsed by another run, meanwhile
            if application.pay_by > now:
                continue
            application.status = STATUS.LAPSED
            application.save(update_fields=["status"])
            subscription_checkout_abandon(club=group.club, person=application.person)
            _email(application, "lapsed")
            waitlist_fill(group=group)
            lapsed += 1
    return lapsed


# --- Rules -------------------------------------------------------------------------


def _validate_new(application: Application) -> None:
    group, person = application.group, application.person
    membership = Membership.objects.filter(club=group.club_id, person=person).first()
    if membership and membership.status == Membership.Status.ACTIVE:
        host = membership.role in Membership.HOST_ROLES
        raise ValidationError(FACILITATOR if host else ALREADY_MEMBER)
    if membership and membership.status in _BARRED:
        raise ValidationError(TALK_TO_FACILITATORS)
    if group.applications.filter(person=person, status__in=Application.OPEN).exists():
        raise ValidationError(ALREADY_APPLIED)
    if seat_holds(group).filter(person=person).exists():
        raise ValidationError(SEAT_HELD)
    errors = {}
    for field, empty in (("wants", NO_WANTS), ("business", NO_BUSINESS)):
        value = getattr(application, field)
        if not value:
            errors[field] = empty
        elif len(value) > Application._meta.get_field(field).max_length:
            errors[field] = TOO_LONG
    if group.one_member_per_category and application.category is None:
        errors["category"] = NO_CATEGORY
    training = application.training
    if training is not None and training.series_id != group.training_series_id:
        errors["training"] = NOT_OUR_TRAINING
    if errors:
        raise ValidationError(errors)


_BARRED = (Membership.Status.SUSPENDED, Membership.Status.REMOVED)


def _refusal(group: MastermindGroup, application: Application) -> str | None:
    """Why the applicant cannot take a seat now, or None. The caller holds
    the group lock, so the answer stays true until its transaction ends."""
    person = application.person
    membership = Membership.objects.filter(club=group.club_id, person=person).first()
    if membership and membership.status == Membership.Status.ACTIVE:
        return str(APPLICANT_MEMBER).format(person=person)
    if membership and membership.status in _BARRED:
        return str(APPLICANT_BARRED).format(person=person)
    others_holds = seat_holds(group).exclude(pk=application.pk)
    if seated(group).count() + others_holds.count() >= group.seat_limit:
        return str(FULL).format(seats=group.seat_limit)
    if not group.one_member_per_category:
        return None
    if application.category_id is None:
        return str(APPLICANT_NO_CATEGORY)
    holder = (
        seated(group)
        .filter(person__category=application.category_id)
        .select_related("person")
        .first()
    ) or others_holds.filter(category=application.category_id).first()
    if holder:
        return str(CATEGORY_TAKEN).format(
            member=holder.person, category=application.category
        )
    return None


def _seat_or_hold(group: MastermindGroup, application: Application) -> None:
    """Seat the applicant, or hold the seat while they pay for it. The
    caller saves the application (`_decide`) with its `pay_by`."""
    if group_seat_price(group) is not None and online_payment_ready():
        application.pay_by = timezone.now() + timedelta(days=group.days_to_pay)
    else:
        _seat(group, application)


def _seat(group: MastermindGroup, application: Application) -> Membership:
    """Make the applicant an active member. Their profile takes the category
    they applied under, since the one-per-category rule reads the profile."""
    person = application.person
    membership, _created = Membership.objects.select_for_update().get_or_create(
        club=group.club, person=person
    )
    membership.role = Membership.Role.MEMBER
    # The rotation counts from the seat, even for someone who sat here before.
    membership_activate(membership=membership, restart_clock=True)
    if application.category_id and person.category_id != application.category_id:
        User.objects.filter(pk=person.pk).update(category=application.category_id)
        person.category_id = application.category_id
    session_places_keep(group=group, person=person)  # expected from now on
    return membership


SEAT_FIELDS = ["status", "role"]


def _seat_state(group: MastermindGroup, person: User) -> dict:
    membership = Membership.objects.filter(club=group.club, person=person).first()
    return changed_fields(membership, SEAT_FIELDS) if membership else {}


def _audit_seat(group: MastermindGroup, person: User, before: dict, *, by) -> None:
    """A facilitator's approval that seated someone goes to the audit trail
    (one whose seat waits for payment changes no membership yet)."""
    membership = Membership.objects.filter(club=group.club, person=person).first()
    if membership is not None and changed_fields(membership, SEAT_FIELDS) != before:
        audit(
            membership,
            "clubs.membership_changed",
            by=by,
            before=before,
            after=changed_fields(membership, SEAT_FIELDS),
        )


def _audit_decision(application: Application, step: str, before: dict, *, by):
    mastermind_audit(
        application,
        f"masterminds.application_{step}",
        by=by,
        before=before,
        after=changed_fields(application, DECISION_FIELDS),
    )


def _give_up_sessions(group: MastermindGroup, person: User) -> list[Occurrence]:
    """Cancel the leaver's places at sessions to come and drop their hot seats
    there; returns the sessions whose hot seats need filling again."""
    upcoming = Occurrence.objects.filter(
        series=group.session_series_id, start__gt=timezone.now()
    )
    seats = HotSeat.objects.filter(member=person, occurrence__in=upcoming)
    emptied = list(
        upcoming.filter(status=Occurrence.Status.SCHEDULED, hot_seats__in=seats)
        .order_by("start")
        .distinct()
    )
    seats.delete()
    places = Registration.objects.filter(person=person, occurrence__in=upcoming)
    for registration in places.exclude(status=Registration.Status.CANCELLED):
        registration_cancel(registration=registration)
    return emptied


# --- Helpers -----------------------------------------------------------------------


def _require_facilitator(group: MastermindGroup, by: User) -> None:
    if not group_is_facilitator(person=by, group=group):
        raise PermissionDenied


def _clean_note(note: str) -> str:
    note = note.strip()
    if len(note) > MAX_TEXT:
        raise ValidationError({"note": TOO_LONG})
    return note


def _lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("group__club", "person", "category")
        .get(pk=application.pk)
    )


def _decide(
    application: Application, status: str, *, by: User | None, note: str = ""
) -> None:
    application.status = status
    application.decided_at = timezone.now()
    application.decided_by = by
    application.note = note
    application.save(
        update_fields=["status", "decided_at", "decided_by", "note", "pay_by"]
    )


def _email(application: Application, step: str, *, facilitators: bool = False):
    pk, note = application.pk, application.note
    transaction.on_commit(
        lambda: send_application_step.enqueue(application_id=pk, step=step, note=note)
    )
    if facilitators:
        transaction.on_commit(
            lambda: tell_facilitators.enqueue(application_id=pk, step=step)
        )
