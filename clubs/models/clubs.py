from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from clubs.validators import validate_currency, validate_time_zone


class BillingInterval(models.TextChoices):
    """How often recurring charges (club dues, mastermind seats) fall due."""

    MONTH = "month", _("Monthly")
    YEAR = "year", _("Yearly")


def currency_field(verbose_name=None) -> models.CharField:
    """An ISO 4217 code; empty while nothing is charged."""
    return models.CharField(
        verbose_name or _("currency"),
        max_length=3,
        blank=True,
        validators=[validate_currency],
        help_text=_("Three letters, e.g. USD or EUR."),
    )


def price_complete(amount: str, *others: str) -> models.Q:
    """A price (`amount`, in minor units) comes with its currency (and its
    interval, for recurring ones), or it is not set at all."""
    named = models.Q()
    for field in others:
        named &= ~models.Q(**{field: ""})
    return models.Q(**{f"{amount}__isnull": True}) | named


def cover_image_field() -> models.ForeignKey:
    """The picture at the top of a meeting's page (a Wagtail image, so it is
    cropped into renditions and carries its own alt text)."""
    return models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "Shown at the top of meeting pages; wide pictures (1200×500) work "
            "best. Give it a description: that is its alt text."
        ),
    )


class Club(models.Model):
    """A community that meets on a schedule: a networking breakfast, an expert club."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public: anyone can see its meetings")
        MEMBERS = "members", _("Members only")

    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("Open: anyone can join")
        APPROVAL = "approval", _("A host approves each new member")

    class Kind(models.TextChoices):
        CLUB = "club", _("Club")
        MASTERMIND = "mastermind", _("Mastermind group")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), unique=True)
    description = models.TextField(_("description"), blank=True)
    # A mastermind group is a club underneath (masterminds.MastermindGroup):
    # its own pages show it, and the club directory leaves it out.
    kind = models.CharField(
        _("kind"),
        max_length=12,
        choices=Kind.choices,
        default=Kind.CLUB,
        editable=False,
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        validators=[validate_time_zone],
        help_text=_("Where the club meets, e.g. America/Chicago."),
    )
    venue_name = models.CharField(_("venue"), max_length=120, blank=True)
    venue_address = models.CharField(_("venue address"), max_length=255, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    cover_image = cover_image_field()
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    join_policy = models.CharField(
        _("joining"), max_length=10, choices=JoinPolicy.choices, default=JoinPolicy.OPEN
    )
    reminder_hours_before = models.PositiveSmallIntegerField(
        _("send reminders this many hours before"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 14)],
    )
    referral_nudge_hours = models.PositiveSmallIntegerField(
        _("nudge receivers of untouched referrals after (hours)"),
        default=48,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 14)],
    )
    absence_limit = models.PositiveSmallIntegerField(
        _("absence limit"),
        null=True,
        blank=True,
        help_text=_(
            "Flag members to the hosts when they miss more than this many meetings "
            "within the absence window. Leave empty for no policy."
        ),
    )
    absence_window_months = models.PositiveSmallIntegerField(
        _("absence window (months)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    # Paying online (Stripe Checkout): how long a seat is held while someone
    # pays, how long a waitlist offer on a paid meeting stands, and the
    # cancellation policy (a full refund until this many hours before).
    payment_hold_minutes = models.PositiveSmallIntegerField(
        _("hold a seat while paying (minutes)"),
        default=30,
        validators=[MinValueValidator(30), MaxValueValidator(24 * 60)],
        help_text=_("Stripe Checkout needs at least 30 minutes."),
    )
    waitlist_offer_hours = models.PositiveSmallIntegerField(
        _("a waitlist offer stands for (hours)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 7)],
    )
    refund_until_hours = models.PositiveSmallIntegerField(
        _("full refund until (hours before the meeting)"),
        default=24,
        validators=[MaxValueValidator(24 * 60)],
        help_text=_(
            "People who cancel a paid place earlier get their money back; "
            "later, the seat is freed without a refund."
        ),
    )
    # Dues in the currency's minor units (cents); empty: the club charges none.
    dues = models.PositiveIntegerField(_("dues"), null=True, blank=True)
    dues_currency = currency_field(_("dues currency"))
    dues_interval = models.CharField(
        _("dues are charged"), max_length=5, choices=BillingInterval.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=price_complete("dues", "dues_currency", "dues_interval"),
                name="club_dues_have_currency_and_interval",
            ),
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A person's place in a club, and their role there."""

    class Role(models.TextChoices):
        ORGANIZER = "organizer", _("Organizer")
        COHOST = "cohost", _("Co-host")
        MEMBER = "member", _("Member")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        LEFT = "left", _("Left")
        REMOVED = "removed", _("Removed")

    HOST_ROLES = (Role.ORGANIZER, Role.COHOST)

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=10, choices=Role.choices, default=Role.MEMBER
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    joined_at = models.DateTimeField(_("joined"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    wagtail_reference_index_ignore = True  # a record, not content: README

    class Meta:
        ordering = ["club", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["club", "person"], name="one_membership_per_person_and_club"
            ),
        ]

    def __str__(self):
        return f"{self.person} in {self.club} ({self.get_role_display()})"

    @property
    def is_host(self) -> bool:
        return self.status == self.Status.ACTIVE and self.role in self.HOST_ROLES
