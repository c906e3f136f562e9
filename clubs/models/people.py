import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from clubs.validators import validate_phone, validate_photo_size, validate_time_zone


class Category(models.Model):
    """A business classification, such as "Commercial insurance".

    Clubs and masterminds often keep one member per category, so that members
    refer to each other instead of competing.
    """

    name = models.CharField(_("name"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("business category")
        verbose_name_plural = _("business categories")

    def __str__(self):
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("Every account needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


def default_time_zone():
    return settings.TIME_ZONE


def new_calendar_token():
    return secrets.token_urlsafe(24)


def calendar_token_digest(token: str) -> str:
    """What is stored of a feed token, and looked up by. The token is random
    (192 bits), so a plain SHA-256 cannot be reversed or guessed; no salt or
    key is needed, and lookups stay one indexed equality."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


REFERRAL_CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/o, 1/l/i


def new_referral_code():
    """Short enough to read aloud or type from a printed card, long enough
    not to guess."""
    return "".join(secrets.choice(REFERRAL_CODE_ALPHABET) for _ in range(8))


class User(AbstractUser):
    """A person with an account: member, host or editor, identified by email.

    The member profile lives on the account itself: every person has exactly
    one, and reading it never costs a second query.
    """

    username = None
    email = models.EmailField(_("email address"), unique=True)

    business_name = models.CharField(_("business name"), max_length=120, blank=True)
    category = models.ForeignKey(
        Category,
        verbose_name=_("business category"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    phone = models.CharField(
        _("phone"), max_length=40, blank=True, validators=[validate_phone]
    )
    website = models.URLField(_("website"), blank=True)
    bio = models.TextField(
        _("short bio"),
        max_length=600,
        blank=True,
        help_text=_("A few sentences: who you serve and what a good referral is."),
    )
    photo = models.ImageField(
        _("photo"),
        upload_to="members/%Y/",
        blank=True,
        validators=[validate_photo_size],
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
    )
    # Every email to the member goes out in this language: the one the site
    # was showing when they signed up, until they choose another.
    language = models.CharField(
        _("language for emails"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    # The SHA-256 of the secret in the member's calendar feed addresses, never
    # the secret itself: a copy of the database opens nobody's calendar. The
    # member sees the token once, when they make it (clubs.services.calendars);
    # making a new one kills the old addresses at once. Empty until then.
    calendar_token_hash = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )

    # The member's code in their personal share links (/r/<code>/<page>/).
    referral_code = models.CharField(
        max_length=16, unique=True, default=new_referral_code, editable=False
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["first_name", "last_name", "email"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email
