"""The visitors members' share links bring, and the rewards both sides earn.

A member shares a page with their personal link (`content` counts the visits
and shares). The visitor who follows it is remembered by a signed first-party
cookie (`clubs/cookies.py`) and, on registering for a meeting or signing
up, credited to that member once: one `Attribution` per person, first touch
wins. The funnel is read off the attribution's timestamps: registered,
attended, joined. When the friend does what the reward program asks, both
sides' rewards go into the ledger.

A side's reward is a gift the hosts hand over, or a discount: a Stripe
promotion code issued to that person for their next checkout (when Stripe
keys are set; without them the hosts give the discount by hand). The terms
are copied onto the reward when it is granted, so editing the program later
never changes a code already promised.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import TranslatableMixin

from clubs.models.referrals import FORMER_MEMBER
from clubs.validators import validate_currency


class RewardKind(models.TextChoices):
    GIFT = "gift", _("A gift the hosts hand over")
    DISCOUNT = "discount", _("A discount code for their next online payment")


# A discount is a percentage or an amount in a currency, never both. The same
# rule holds on the program and on each reward granted from it.
_ONE_DISCOUNT = (
    (Q(discount_percent_off__isnull=True) | Q(discount_amount_off__isnull=True))
    & (Q(discount_amount_off__isnull=True) | ~Q(discount_currency=""))
    & (
        Q(discount_percent_off__isnull=True)
        | Q(discount_percent_off__gte=1, discount_percent_off__lte=100)
    )
)


class DiscountTerms(models.Model):
    """A discount: a percentage, or an amount in a currency's minor units."""

    discount_percent_off = models.PositiveSmallIntegerField(
        _("discount (percent off)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        # xgettext:no-python-format
        help_text=_("For example 20 for 20% off. Leave empty for an amount."),
    )
    discount_amount_off = models.PositiveIntegerField(
        _("discount (amount off, in cents)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "In the currency's smallest unit: 500 is $5.00. Leave empty for a "
            "percentage."
        ),
    )
    discount_currency = models.CharField(
        _("discount currency"),
        max_length=3,
        blank=True,
        validators=[validate_currency],
        help_text=_("For an amount off: the meetings' currency, such as USD."),
    )

    class Meta:
        abstract = True


class RewardProgram(TranslatableMixin, DiscountTerms):
    """What the member who shared and the friend they brought each get, and
    what the friend must do first. Editors define it and pick it on a landing
    page; each language has its own copy of the wording."""

    class Qualifier(models.TextChoices):
        ATTENDED = "attended", _("attends their first meeting")
        JOINED = "joined", _("joins a club as a member")
        PAID = "paid", _("pays online for their place at a meeting")

    name = models.CharField(_("name"), max_length=120)
    referrer_reward = models.CharField(
        _("what the member who shared gets"),
        max_length=200,
        help_text=_("For example: a free breakfast at the next meeting."),
    )
    friend_reward = models.CharField(
        _("what the friend gets"),
        max_length=200,
        help_text=_("For example: their first breakfast on the house."),
    )
    qualifying_action = models.CharField(
        _("rewards are earned when the friend"),
        max_length=10,
        choices=Qualifier.choices,
        default=Qualifier.ATTENDED,
    )
    terms = models.TextField(
        _("terms"),
        blank=True,
        help_text=_("The small print, in a sentence or two."),
    )
    referrer_reward_kind = models.CharField(
        _("the member's reward is"),
        max_length=10,
        choices=RewardKind.choices,
        default=RewardKind.GIFT,
    )
    friend_reward_kind = models.CharField(
        _("the friend's reward is"),
        max_length=10,
        choices=RewardKind.choices,
        default=RewardKind.GIFT,
    )

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("reward program")
        verbose_name_plural = _("reward programs")
        constraints = [
            models.CheckConstraint(
                condition=_ONE_DISCOUNT, name="reward_program_one_discount"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        discounts = RewardKind.DISCOUNT in (
            self.referrer_reward_kind,
            self.friend_reward_kind,
        )
        percent, amount = self.discount_percent_off, self.discount_amount_off
        if percent is not None and amount is not None:
            raise ValidationError(
                {"discount_amount_off": _("Give a percentage or an amount, not both.")}
            )
        if discounts and percent is None and amount is None:
            raise ValidationError(
                {
                    "discount_percent_off": _(
                        "A discount needs a percentage or an amount off."
                    )
                }
            )
        if amount is not None and not self.discount_currency:
            raise ValidationError(
                {"discount_currency": _("An amount off needs its currency.")}
            )

    def reward_kind(self, side: str) -> str:
        if side == "referrer":
            return self.referrer_reward_kind
        return self.friend_reward_kind


class Attribution(models.Model):
    """A visitor credited to the member whose link brought them.

    `email_key` is the visitor's address folded for comparison (lower case,
    no `+tag`), and is unique: a person is credited once, to the first link
    that brought them within the window."""

    # Null once the member's account is deleted: the visitor and the page's
    # funnel keep the credit, nobody is named for it.
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("credited to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attributions",
    )
    email_key = models.CharField(max_length=254, unique=True)
    name = models.CharField(_("visitor"), max_length=150)
    email = models.EmailField(_("email"))
    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attribution",
        help_text=_("The visitor's account, once they have one."),
    )
    # The content page the link led to. Domain data never point at pages, so
    # this is the page's id only; `content` reads it for the page's funnel.
    source_page_id = models.PositiveIntegerField(null=True, blank=True)
    program = models.ForeignKey(
        RewardProgram,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attributions",
    )
    registration = models.OneToOneField(
        "clubs.Registration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attribution",
        help_text=_("The first meeting the visitor registered for."),
    )
    touched_at = models.DateTimeField(_("first followed the link"))
    created_at = models.DateTimeField(_("credited"), auto_now_add=True)
    signed_up_at = models.DateTimeField(_("signed up"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)
    attended_at = models.DateTimeField(_("attended"), null=True, blank=True)
    joined_at = models.DateTimeField(_("joined"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)

    wagtail_reference_index_ignore = True  # a record, not content: README

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["referrer", "created_at"], name="attributions_by_member"
            ),
            models.Index(fields=["source_page_id"], name="attributions_by_page"),
        ]

    def __str__(self):
        return f"{self.name} via {self.referrer_label}"

    @property
    def referrer_label(self) -> str:
        """The member credited, or "a former member" once they are gone."""
        return str(self.referrer) if self.referrer_id else str(FORMER_MEMBER)


class Reward(DiscountTerms):
    """One side's reward, granted when the friend qualified; hosts fulfil it."""

    class Side(models.TextChoices):
        REFERRER = "referrer", _("For sharing")
        FRIEND = "friend", _("Welcome gift")

    attribution = models.ForeignKey(
        Attribution, on_delete=models.CASCADE, related_name="rewards"
    )
    side = models.CharField(_("reward"), max_length=10, choices=Side.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rewards",
    )
    recipient_name = models.CharField(_("for"), max_length=150)
    recipient_email = models.EmailField(_("email"))
    description = models.CharField(_("what"), max_length=200)
    club = models.ForeignKey(
        "clubs.Club",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rewards",
        help_text=_("Where the friend qualified: its hosts hand the rewards over."),
    )
    granted_at = models.DateTimeField(_("granted"))
    fulfilled_at = models.DateTimeField(_("handed over"), null=True, blank=True)
    fulfilled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=RewardKind.choices, default=RewardKind.GIFT
    )
    # A discount's promotion code: the code is chosen when the reward is
    # granted with Stripe keys set (so every retry asks Stripe for the same
    # thing), and the ids are filled in once Stripe has made them.
    promotion_code = models.CharField(_("discount code"), max_length=40, blank=True)
    stripe_coupon_id = models.CharField(max_length=255, blank=True)
    stripe_promotion_code_id = models.CharField(max_length=255, blank=True)

    wagtail_reference_index_ignore = True  # a record, not content: README

    class Meta:
        ordering = ["-granted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["attribution", "side"], name="one_reward_per_side"
            ),
            models.UniqueConstraint(
                fields=["stripe_promotion_code_id"],
                condition=~Q(stripe_promotion_code_id=""),
                name="one_reward_per_promotion_code",
            ),
            models.CheckConstraint(condition=_ONE_DISCOUNT, name="reward_one_discount"),
        ]

    def __str__(self):
        return f"{self.description} for {self.recipient_name}"

    @property
    def code_issued(self) -> bool:
        return bool(self.stripe_promotion_code_id)
