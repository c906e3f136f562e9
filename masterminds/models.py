"""Masterminds: small closed groups with limited seats, built on clubs.

A mastermind group is a club with a few rules on top, so nothing the clubs
already do exists twice:

- `MastermindGroup` is one-to-one with a `clubs.Club`. The club holds the
  name, slug, description, time zone and venue; its memberships are the
  seats (role *member*) and the facilitators (role *organizer* or *co-host*:
  they run the group and take no seat); its series, occurrences,
  registrations, attendance, agendas and calendar feeds are the group's.
  The club is members-only, so clubs' own pages and registration already keep
  the group's sessions private to its members and facilitators.
- The sessions are one clubs series (`session_series`): its rule is the
  group's cadence. The monthly training is another series
  (`training_series`) that must belong to a *public* club welcoming guests,
  because the group's own club is members-only and refuses uninvited guests.
- What clubs lack lives here: applications for a seat, hot seats (one row per
  member sitting at a session), absence notices, and commitments. They point
  at clubs' occurrences and people; clubs never import masterminds.

Members are expected at every session: each holds a clubs registration there
without asking for it (services/places.py). "Said they will be absent" is an
`AbsenceNotice`, which gives that place up, or a cancelled registration for the
session with no active one beside it (so cancelling the place through the
clubs pages counts too). The notice keeps the member's note, and marks the
absence even where no place could be made (a session with a price).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from clubs.models import AgendaTemplate, Category, Club, Occurrence, Series
from clubs.models.clubs import BillingInterval, currency_field, price_complete


class MastermindGroup(models.Model):
    club = models.OneToOneField(
        Club,
        on_delete=models.CASCADE,
        related_name="mastermind",
        verbose_name=_("club"),
    )
    seat_limit = models.PositiveSmallIntegerField(
        _("seats"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("Members who take part; facilitators take no seat."),
    )
    one_member_per_category = models.BooleanField(
        _("one member per business category"),
        default=True,
        help_text=_("Members refer to each other instead of competing."),
    )
    hot_seats_per_session = models.PositiveSmallIntegerField(
        _("hot seats per session"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    session_series = models.ForeignKey(
        Series,
        verbose_name=_("sessions"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The group's recurring sessions: a series of its own club."),
    )
    training_series = models.ForeignKey(
        Series,
        verbose_name=_("monthly training"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("A training open to guests: a series of a public club."),
    )
    agenda_template = models.ForeignKey(
        AgendaTemplate,
        verbose_name=_("agenda template"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Every session's agenda starts from this running order."),
    )
    # A seat's price in the currency's minor units (cents); empty: seats are free.
    seat_price = models.PositiveIntegerField(_("seat price"), null=True, blank=True)
    seat_currency = currency_field(_("seat currency"))
    seat_interval = models.CharField(
        _("seats are charged"),
        max_length=5,
        choices=BillingInterval.choices,
        blank=True,
    )
    # With a seat price and online payment, an approved applicant holds their
    # seat this long while they pay; unpaid, the seat goes on to the waitlist.
    days_to_pay = models.PositiveSmallIntegerField(
        _("days to pay for a seat"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("An approved applicant's seat is held this long for payment."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["club__name"]
        verbose_name = _("mastermind group")
        constraints = [
            models.CheckConstraint(
                condition=Q(seat_limit__gte=1), name="mastermind_has_a_seat"
            ),
            models.CheckConstraint(
                condition=Q(hot_seats_per_session__gte=1),
                name="mastermind_has_a_hot_seat",
            ),
            models.CheckConstraint(
                condition=~Q(session_series=F("training_series")),
                name="mastermind_training_is_not_a_session",
            ),
            models.CheckConstraint(
                condition=price_complete(
                    "seat_price", "seat_currency", "seat_interval"
                ),
                name="mastermind_seat_price_has_currency_and_interval",
            ),
            models.UniqueConstraint(
                fields=["session_series"], name="one_mastermind_per_session_series"
            ),
        ]

    def __str__(self):
        return self.club.name

    def clean(self):
        errors = {}
        if self.club_id and self.club.visibility != Club.Visibility.MEMBERS:
            errors["club"] = _("A mastermind's club is members-only.")
        sessions, training = self.session_series, self.training_series
        if sessions and sessions.club_id != self.club_id:
            errors["session_series"] = _("Choose a series of the group's own club.")
        elif sessions and sessions.guests_allowed:
            errors["session_series"] = _("Sessions are for members: guests stay out.")
        if training and not (
            training.guests_allowed
            and training.club.visibility == Club.Visibility.PUBLIC
        ):
            errors["training_series"] = _(
                "The training is open to guests: choose a series of a public club "
                "that welcomes guests."
            )
        elif training and training.purpose != Series.Purpose.TRAINING:
            errors["training_series"] = _(
                "Mark this series as a training first (its “what it is” "
                "setting), so its club does not show it as its own next meeting."
            )
        if errors:
            raise ValidationError(errors)


class Application(models.Model):
    """A person asking for a seat; facilitators approve, decline or waitlist."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WAITLISTED = "waitlisted", _("On the waitlist")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        LAPSED = "lapsed", _("Approved, not paid in time")

    OPEN = (Status.PENDING, Status.WAITLISTED)

    group = models.ForeignKey(
        MastermindGroup, on_delete=models.CASCADE, related_name="applications"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mastermind_applications",
    )
    wants = models.TextField(_("what you want from the group"), max_length=1000)
    business = models.CharField(_("your business"), max_length=200)
    category = models.ForeignKey(
        Category,
        verbose_name=_("business category"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    training = models.ForeignKey(
        Occurrence,
        verbose_name=_("came from the training"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    note = models.TextField(_("note to the applicant"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("applied"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Approved for a paid seat: the seat is held until then for the first
    # payment, and this is cleared once paid (the applicant is seated).
    pay_by = models.DateTimeField(_("pay by"), null=True, blank=True)

    wagtail_reference_index_ignore = True  # a record, not content: README

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=Q(status__in=["pending", "waitlisted"]),
                name="one_open_application_per_person_and_group",
            ),
            models.CheckConstraint(
                condition=Q(status="pending", decided_at__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False)),
                name="application_decided_unless_pending",
            ),
            models.CheckConstraint(
                condition=Q(pay_by__isnull=True) | Q(status__in=["approved", "lapsed"]),
                name="application_pays_only_once_approved",
            ),
        ]

    def __str__(self):
        return f"{self.person} for {self.group} ({self.get_status_display()})"


class HotSeat(models.Model):
    """A member's turn to bring a problem to the group at one session.

    `assigned_by` is empty when the rotation proposed the member, and names
    the facilitator who swapped them in otherwise. `notified_at` is when the
    member was told; a swap gives the seat to someone not yet told."""

    occurrence = models.ForeignKey(
        Occurrence, on_delete=models.CASCADE, related_name="hot_seats"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hot_seats"
    )
    position = models.PositiveSmallIntegerField(
        _("position"), validators=[MinValueValidator(1)]
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    wagtail_reference_index_ignore = True  # a record, not content: README

    class Meta:
        ordering = ["occurrence", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "member"], name="one_hot_seat_per_member"
            ),
            models.UniqueConstraint(
                fields=["occurrence", "position"], name="one_member_per_hot_seat"
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1), name="hot_seat_position_positive"
            ),
        ]

    def __str__(self):
        return f"{self.member} on the hot seat at {self.occurrence}"


class AbsenceNotice(models.Model):
    """A member saying ahead of time that they will miss a session."""

    occurrence = models.ForeignKey(
        Occurrence, on_delete=models.CASCADE, related_name="absence_notices"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="absence_notices",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    wagtail_reference_index_ignore = True  # a record, not content: README

    class Meta:
        ordering = ["occurrence", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "member"], name="one_absence_notice_per_member"
            ),
        ]

    def __str__(self):
        return f"{self.member} will miss {self.occurrence}"


class Commitment(models.Model):
    """What a member promises to do before the next session, marked there.

    One per member and session: a member may write several points in it, and
    the group reviews it as one promise, which keeps the follow-through rate
    comparable from one session to the next."""

    class Status(models.TextChoices):
        OPEN = "open", _("Not marked yet")
        DONE = "done", _("Done")
        PARTLY = "partly", _("Partly done")
        NOT_DONE = "not_done", _("Not done")

    MARKS = (Status.DONE, Status.PARTLY, Status.NOT_DONE)

    occurrence = models.ForeignKey(
        Occurrence, on_delete=models.CASCADE, related_name="commitments"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="commitments"
    )
    text = models.TextField(_("I commit to"), max_length=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    marked_at = models.DateTimeField(_("marked"), null=True, blank=True)

    wagtail_reference_index_ignore = True  # a record, not content: README

    class Meta:
        ordering = ["occurrence", "member"]
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "member"],
                name="one_commitment_per_member_and_session",
            ),
            models.CheckConstraint(
                condition=Q(status="open", marked_at__isnull=True)
                | (~Q(status="open") & Q(marked_at__isnull=False)),
                name="commitment_marked_unless_open",
            ),
        ]

    def __str__(self):
        return f"{self.member}: {self.text[:60]}"
