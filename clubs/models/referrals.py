from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from clubs.models.clubs import Club
from clubs.models.meetings import Occurrence

# How a person whose account was deleted is named where someone else's
# record still points at them (a referral's giver or receiver).
FORMER_MEMBER = _("a former member")


class Referral(models.Model):
    """A referral slip: a member (the giver) passes a prospect, who agreed to be
    contacted, to another member of a shared club or to a partner business.

    The prospect's contact details are seen only by the giver, the receiver and
    the club's hosts (see clubs.referrals.referral_for)."""

    class Temperature(models.TextChoices):
        HOT = "hot", _("Hot: ready to buy")
        WARM = "warm", _("Warm: interested")
        COLD = "cold", _("Cold: worth a call")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        CONTACTED = "contacted", _("Contacted")
        MEETING = "meeting", _("Meeting")
        WON = "won", _("Won")
        LOST = "lost", _("Lost")
        NOT_A_FIT = "not_fit", _("Not a fit")

    OPEN = (Status.NEW, Status.CONTACTED, Status.MEETING)
    CLOSED = (Status.WON, Status.LOST, Status.NOT_A_FIT)

    club = models.ForeignKey(
        Club, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("club")
    )
    occurrence = models.ForeignKey(
        Occurrence,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("passed at meeting"),
    )
    # Both people are kept as null when their account is deleted: the slip is
    # part of the other person's record and of the club's totals, and reads
    # "a former member" (clubs.services.erasure).
    giver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals_given",
        verbose_name=_("given by"),
    )
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals_received",
        verbose_name=_("for member"),
    )
    partner_name = models.CharField(
        _("partner business"),
        max_length=150,
        blank=True,
        help_text=_("For a referral to a business outside the club."),
    )
    partner_contact = models.CharField(_("partner contact"), max_length=200, blank=True)
    prospect_name = models.CharField(_("prospect's name"), max_length=150)
    prospect_company = models.CharField(_("company"), max_length=150, blank=True)
    prospect_email = models.EmailField(_("prospect's email"), blank=True)
    prospect_phone = models.CharField(_("prospect's phone"), max_length=40, blank=True)
    need = models.TextField(_("what they need"), max_length=1000)
    temperature = models.CharField(
        _("how warm"),
        max_length=4,
        choices=Temperature.choices,
        default=Temperature.WARM,
    )
    consent = models.BooleanField(
        _("the prospect agreed to be contacted"),
        default=False,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    value = models.DecimalField(
        _("value of business closed"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    created_at = models.DateTimeField(_("given"), auto_now_add=True, db_index=True)
    status_changed_at = models.DateTimeField(_("status changed"), auto_now_add=True)
    first_contacted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    nudged_at = models.DateTimeField(null=True, blank=True)
    # When the club's hosts were told it went stale (once).
    hosts_alerted_at = models.DateTimeField(null=True, blank=True)
    # When a host erased the prospect's details on their request: the slip
    # keeps its steps and value, and names nobody.
    prospect_erased_at = models.DateTimeField(
        _("prospect's details erased"), null=True, blank=True, editable=False
    )

    wagtail_reference_index_ignore = True  # a record, not content: README

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent=True), name="referral_has_consent"
            ),
            # A member or a partner, never both; neither is a member whose
            # account was deleted since.
            models.CheckConstraint(
                condition=Q(receiver__isnull=True) | Q(partner_name=""),
                name="referral_goes_to_a_member_or_a_partner",
            ),
            models.CheckConstraint(
                condition=~Q(receiver=F("giver")), name="referral_not_to_oneself"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True)
                | (Q(status="won") & Q(value__gte=Decimal("0")) & ~Q(currency="")),
                name="referral_value_only_when_won",
            ),
            models.CheckConstraint(
                condition=~Q(prospect_email="")
                | ~Q(prospect_phone="")
                | Q(prospect_erased_at__isnull=False),
                name="referral_prospect_reachable",
            ),
        ]
        indexes = [
            # Covers every column the club report aggregates, so its queries
            # read the index alone (bench/referrals.py: 7-15 ms → about 1 ms).
            models.Index(
                fields=[
                    "club",
                    "created_at",
                    "status",
                    "closed_at",
                    "giver",
                    "receiver",
                    "first_contacted_at",
                    "currency",
                    "value",
                    "id",
                ],
                name="referral_club_report",
            ),
            # The periodic scan for slips that went stale without hosts told.
            models.Index(
                fields=["created_at"],
                condition=Q(status="new", hosts_alerted_at__isnull=True),
                name="referral_stale_unalerted",
            ),
            models.Index(fields=["receiver", "status"], name="referral_inbox"),
            models.Index(fields=["giver", "created_at"], name="referral_given"),
        ]

    def __str__(self):
        return f"{self.prospect_name} for {self.receiver_label} from {self.giver_label}"

    @property
    def receiver_is_former_member(self) -> bool:
        return self.receiver_id is None and not self.partner_name

    @property
    def giver_label(self) -> str:
        """The giver as pages, emails and CSVs name them."""
        return str(self.giver) if self.giver_id else str(FORMER_MEMBER)

    @property
    def receiver_label(self) -> str:
        """The member, else the partner business, else a former member."""
        if self.receiver_id:
            return str(self.receiver)
        return self.partner_name or str(FORMER_MEMBER)


class ReferralStep(models.Model):
    """Each status a referral passes through, with when and by whom."""

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="steps"
    )
    status = models.CharField(max_length=10, choices=Referral.Status.choices)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)

    wagtail_reference_index_ignore = True  # a record, not content: README

    class Meta:
        ordering = ["at", "pk"]


class ThankYou(models.Model):
    """Thank you for closed business: the receiver thanks the giver of a won
    referral; hosts may read it out at the next meeting's referral exchange."""

    referral = models.OneToOneField(
        Referral, on_delete=models.CASCADE, related_name="thank_you"
    )
    note = models.TextField(_("your thank-you"), max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    on_agenda_of = models.ForeignKey(
        Occurrence,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="thank_yous",
    )

    wagtail_reference_index_ignore = True  # a record, not content: README

    def __str__(self):
        return f"Thank you for {self.referral}"
