from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clubs.models.meetings import Occurrence


class Registration(models.Model):
    """A person's place at one occurrence: a member, or a guest with no account.

    On a meeting paid online the place is "held" while its person pays, until
    `hold_expires_at`; only Stripe's word that they paid confirms it.

    `email` is always set (a member's own address, lowercased), so one
    constraint keeps everyone, member or guest, to one active place.
    The waitlist is first in, first out by `created_at`.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        HELD = "held", _("Seat held until paid")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")

    occurrence = models.ForeignKey(
        Occurrence, on_delete=models.CASCADE, related_name="registrations"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email"))
    # The language of the page the place was taken on: its emails (sent
    # later, by the worker) are written in it, for guests and members alike.
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invited_registrations",
    )
    # What a guest typed under "Who invited you?": strangers are never shown
    # the member list, so hosts match this name to a member themselves.
    invited_by_name = models.CharField(
        _("invited by (as the guest wrote it)"), max_length=150, blank=True
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True, db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # When the manage link was last emailed again on request ("Send me my
    # link again"): one resend per few minutes, so it cannot be used to spam.
    link_resent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A held seat (status "held") is kept for its person until this moment,
    # while they pay online; then it is released and the waitlist moves.
    # `offered` says the hold is a waitlist offer rather than their own
    # registration.
    hold_expires_at = models.DateTimeField(
        _("seat held until"), null=True, blank=True, db_index=True
    )
    offered = models.BooleanField(_("offered from the waitlist"), default=False)
    # Set when the person's data was erased: the place still counts for the
    # meeting, but names nobody, and its manage and check-in links are dead.
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    wagtail_reference_index_ignore = True  # a record, not content: README

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "email"],
                condition=~Q(status="cancelled"),
                name="one_active_registration_per_email",
            ),
            models.UniqueConstraint(
                fields=["occurrence", "person"],
                condition=~Q(status="cancelled") & Q(person__isnull=False),
                name="one_active_registration_per_person",
            ),
        ]
        indexes = [
            models.Index(
                fields=["occurrence", "status", "created_at"],
                name="registration_queue",
            ),
        ]

    def __str__(self):
        return f"{self.name} at {self.occurrence} ({self.get_status_display()})"

    @property
    def is_guest(self) -> bool:
        return self.person_id is None


class Attendance(models.Model):
    """What happened at an occurrence for one person, registered or walk-in."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")
        SUBSTITUTE = "substitute", _("Substitute came")

    ATTENDED = (Status.PRESENT, Status.LATE, Status.SUBSTITUTE)

    occurrence = models.ForeignKey(
        Occurrence, on_delete=models.CASCADE, related_name="attendance"
    )
    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attendance",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendance",
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email"), blank=True)
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)
    substitute_name = models.CharField(_("substitute"), max_length=150, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    wagtail_reference_index_ignore = True  # a record, not content: README

    class Meta:
        ordering = ["occurrence", "name"]
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "person"],
                condition=Q(person__isnull=False),
                name="one_attendance_per_person",
            ),
            models.CheckConstraint(
                condition=~Q(status="substitute") | ~Q(substitute_name=""),
                name="substitute_is_named",
            ),
        ]

    def __str__(self):
        return f"{self.name}: {self.get_status_display()}"

    @property
    def marked_afterwards(self) -> bool:
        """Came, but was marked after the meeting ended: no check-in time
        was recorded (clubs.services.attendance)."""
        return self.status in self.ATTENDED and self.checked_in_at is None
