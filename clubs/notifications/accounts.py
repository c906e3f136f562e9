"""Emails about a person's account."""

from django.urls import reverse

from clubs.links import absolute
from clubs.notifications.email import email_send


def account_deleted(*, email: str, language: str, first_name: str) -> None:
    """The last email: the account is deleted, what was erased and what is
    kept without them. Sent to the address the account had, in its language."""
    email_send(
        to=email,
        language=language,
        template="clubs/emails/account_deleted",
        context=lambda: {
            "first_name": first_name,
            "site_url": absolute(reverse("club_directory")),
        },
    )
