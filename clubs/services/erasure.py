"""Deleting a person's account (members' rights, issue #15), and erasing a
prospect a member named in a referral.

`erase_person` is the one way an account goes, whether the member asks on
their profile or an admin deletes them: in one transaction it stops their
billing, gives up their places to come, anonymises the copies of their name
and email that stay on rows other people depend on (past places and
attendance, rewards, credits), scrubs them from the audit trail's labels,
and deletes the account. No other person's record goes with it: referrals,
payments, subscriptions, share-link counts and credits keep their numbers
and point at nobody (`on_delete=SET_NULL`), and read "a former member".
Sessions die with the account (Django finds no user behind them), and so do
the feed token, whose hash was on the account, and the manage and check-in
links of their places (`Registration.erased_at`).

Other apps add what they hold about the person with `@erasure_step` (clubs
never imports them): masterminds gives up seats and deletes applications,
content keeps share-link counts without the member. Steps run in the same
transaction, before clubs' own, and before the account is deleted.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry, PageLogEntry, Revision

from clubs.audit import audit_erasure
from clubs.models import (
    AgendaItem,
    Attendance,
    Attribution,
    Membership,
    Referral,
    Registration,
    Reward,
    Subscription,
    User,
)
from clubs.selectors.clubs import hosted_clubs
from clubs.services.attribution import email_key
from clubs.services.registrations import registration_cancel
from clubs.services.subscriptions import subscriptions_stop
from clubs.tasks import send_account_deleted

# What stays where a name was: these rows are read by hosts, in reports and
# CSVs, long after; the text is the same in every language, as a name is.
ERASED_NAME = "Former member"
ERASED_DOMAIN = "erased.invalid"  # RFC 2606: never delivered anywhere

ErasureStep = Callable[[User], None]
_steps: list[ErasureStep] = []


def erasure_step(step: ErasureStep) -> ErasureStep:
    """Register what another app does when a person is erased. Steps get the
    person (still in the database, locked) inside the erasing transaction,
    and must leave nobody else's record deleted."""
    if step not in _steps:
        _steps.append(step)
    return step


def erased_email(pk: int) -> str:
    """A unique, undeliverable address for a row that must keep one."""
    return f"erased-{pk}@{ERASED_DOMAIN}"


@dataclass(frozen=True)
class Erased:
    """What the person's confirmation email needs, once they are gone."""

    email: str
    language: str
    first_name: str


def erase_person(*, person: User, by: User | None) -> Erased:
    """Delete `person`'s account and anonymise what others keep of them.
    `by` is the admin who deleted them, or None (or themselves) when they
    asked. Refused while they are a club's only organizer."""
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=person.pk)
        _refuse_sole_organizer(person)
        for step in [*_steps, *_CLUBS_STEPS]:
            step(person)
        erased = Erased(person.email, person.language, person.first_name)
        audit_erasure(person, by=None if by == person else by)
        photo = person.photo.name
        person.calendar_token_hash = None
        person.delete()
        transaction.on_commit(lambda: _after_commit(erased, photo))
    return erased


def _after_commit(erased: Erased, photo: str) -> None:
    if photo:
        User._meta.get_field("photo").storage.delete(photo)
    send_account_deleted.enqueue(
        email=erased.email, language=erased.language, first_name=erased.first_name
    )


SOLE_ORGANIZER = _(
    "You are the only organizer of %(club)s: name another organizer before "
    "the account is deleted."
)


def _refuse_sole_organizer(person: User) -> None:
    organizing = Membership.objects.filter(
        person=person,
        role=Membership.Role.ORGANIZER,
        status=Membership.Status.ACTIVE,
    ).select_related("club")
    for membership in organizing:
        others = (
            Membership.objects.filter(
                club=membership.club,
                role=Membership.Role.ORGANIZER,
                status=Membership.Status.ACTIVE,
            )
            .exclude(person=person)
            .exists()
        )
        if not others:
            raise ValidationError(SOLE_ORGANIZER % {"club": membership.club.name})


# --- clubs' own steps ----------------------------------------------------------


def _stop_billing(person: User) -> None:
    """Dues and seats are cancelled at Stripe once we commit; the rows stay
    (records of money) and lose the person when the account goes."""
    clubs = (
        Subscription.objects.filter(person=person, status__in=Subscription.OPEN)
        .values_list("club", flat=True)
        .distinct()
    )
    for membership in Membership.objects.filter(person=person, club__in=clubs):
        subscriptions_stop(club=membership.club, person=person)


def _places(person: User):
    return Registration.objects.filter(Q(person=person) | Q(email__iexact=person.email))


def _give_up_places(person: User) -> None:
    """Places at meetings to come free their seats for the waitlist."""
    upcoming = (
        _places(person)
        .exclude(status=Registration.Status.CANCELLED)
        .filter(occurrence__end__gt=timezone.now())
    )
    for registration in upcoming:
        registration_cancel(registration=registration, notify=False)


def _anonymise_places(person: User) -> None:
    """Past places and marks still count for the meetings and the club's
    attendance; they keep no name, address or words of the person."""
    now = timezone.now()
    places = list(_places(person))
    for place in places:
        place.name, place.email = ERASED_NAME, erased_email(place.pk)
        place.invited_by_name, place.erased_at = "", now
    Registration.objects.bulk_update(
        places, ["name", "email", "invited_by_name", "erased_at"]
    )
    Attendance.objects.filter(
        Q(person=person)
        | Q(registration__in=[place.pk for place in places])
        | Q(email__iexact=person.email)
    ).update(name=ERASED_NAME, email="")


def _anonymise_credits(person: User) -> None:
    """Credits and rewards stay for the member who shared (and in the
    funnels); the person they name is no longer named."""
    key = email_key(person.email)
    credits = list(Attribution.objects.filter(Q(person=person) | Q(email_key=key)))
    for credit in credits:
        credit.name, credit.email = ERASED_NAME, ""
        credit.email_key = f"erased-{credit.pk}"
    Attribution.objects.bulk_update(credits, ["name", "email", "email_key"])
    Reward.objects.filter(
        Q(recipient=person) | Q(recipient_email__iexact=person.email)
    ).update(recipient_name=ERASED_NAME, recipient_email="")


def _scrub_logs(person: User) -> None:
    """The audit trail keeps what happened, not who it happened to: entries
    whose label or values name the person read "Former member" instead."""
    names = {person.email, person.get_full_name()} - {""}
    for model in (ModelLogEntry, PageLogEntry):
        entries = model.objects.annotate(text=Cast("data", TextField()))
        matches = Q()
        for name in names:
            matches |= Q(label__icontains=name) | Q(text__icontains=name)
        for entry in entries.filter(matches):
            entry.label = _without(entry.label, names)
            entry.data = _scrubbed(entry.data, names)
            entry.save(update_fields=["label", "data"])


def _scrub_agendas(person: User) -> None:
    """Agendas copy names into their text (a mastermind's hot seats and
    last session's commitments, an item's owner), and their drafts keep
    revisions: the person's name becomes "Former member" in both."""
    names = {person.get_full_name()} - {""}
    if not names:
        return
    columns = [
        field.name
        for field in AgendaItem._meta.concrete_fields
        if isinstance(field, CharField | TextField)
    ]
    matches = Q()
    for name in names:
        for column in columns:
            matches |= Q(**{f"{column}__icontains": name})
    for item in AgendaItem.objects.filter(matches):
        for column in columns:
            if value := getattr(item, column):
                setattr(item, column, _without(value, names))
        item.save(update_fields=columns)
    text = Revision.objects.annotate(text=Cast("content", TextField()))
    for revision in text.filter(text__icontains=next(iter(names))):
        revision.content = _scrubbed(revision.content, names)
        revision.save(update_fields=["content"])


def _without(text: str, names: set[str]) -> str:
    for name in sorted(names, key=len, reverse=True):
        text = _replace_ci(text, name, ERASED_NAME)
    return text


def _replace_ci(text: str, old: str, new: str) -> str:
    lower, target, out, start = text.lower(), old.lower(), [], 0
    while (found := lower.find(target, start)) >= 0:
        out += [text[start:found], new]
        start = found + len(old)
    return "".join(out) + text[start:]


def _scrubbed(value, names: set[str]):
    if isinstance(value, str):
        return _without(value, names)
    if isinstance(value, dict):
        return {key: _scrubbed(item, names) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrubbed(item, names) for item in value]
    return value


_CLUBS_STEPS: list[ErasureStep] = [
    _stop_billing,
    _give_up_places,
    _anonymise_places,
    _anonymise_credits,
    _scrub_logs,
    _scrub_agendas,
]


# --- A prospect named in referrals -------------------------------------------

PROSPECT_FIELDS = [
    "prospect_name",
    "prospect_company",
    "prospect_email",
    "prospect_phone",
    "need",
    "prospect_erased_at",
]


def prospect_erase(*, referral: Referral, by: User) -> int:
    """Blank the prospect's details on this referral and on every referral
    naming the same address in the clubs `by` hosts; the slips keep their
    status history and value. Returns how many referrals were blanked."""
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        same = Referral.objects.filter(pk=referral.pk)
        if referral.prospect_email:
            same = Referral.objects.filter(
                club__in=hosted_clubs(by),
                prospect_email__iexact=referral.prospect_email,
            )
        rows = list(same.select_for_update())
        now = timezone.now()
        for row in rows:
            row.prospect_name = ERASED_NAME
            row.prospect_company = row.prospect_email = row.prospect_phone = ""
            row.need, row.prospect_erased_at = "", now
        Referral.objects.bulk_update(rows, PROSPECT_FIELDS)
        for row in rows:
            audit_erasure(row, by=by, action="clubs.prospect_erased")
    return len(rows)
