"""Emails about applications, sent from background tasks (masterminds/tasks.py).

Every step is told, even when the application has moved on by the time the
worker sends it (waitlisted, then given a freed seat a minute later): each
email reports a decision that was made, and the worker sends them in the
order they were queued.
"""

from django.urls import reverse

from clubs.links import absolute
from clubs.models import User
from clubs.money import Money
from clubs.notifications.email import email_send
from clubs.selectors.clubs import club_hosts
from clubs.selectors.subscriptions import person_late_refund
from masterminds.models import Application
from masterminds.selectors import group_seat_price


def application_step(application_id: int, step: str, note: str = "") -> None:
    """Tell the applicant what just happened to their application, with the
    facilitators' note as it was written for this step."""
    application = _application(application_id)
    if application is None:
        return
    _send(
        application,
        f"masterminds/emails/application_{step}",
        application.person,
        note=note,
    )


def facilitators_told(application_id: int, step: str) -> None:
    """Tell each facilitator of a new application, or of a seat the waitlist
    filled on its own; one email each, so nobody sees the others' addresses."""
    application = _application(application_id)
    if application is None:
        return
    template = f"masterminds/emails/facilitators_{step}"
    for facilitator in club_hosts(application.group.club):
        _send(application, template, facilitator)


def _application(application_id: int) -> Application | None:
    return (
        Application.objects.select_related("group__club", "person", "category")
        .filter(pk=application_id)
        .first()
    )


def _send(application: Application, template: str, to: User, note: str = "") -> None:
    def context() -> dict:
        return {
            "application": application,
            "note": note,
            "group": application.group,
            "club": application.group.club,
            **_payment(application),
            **_refund(application, template),
        }

    email_send(to=to.email, language=to.language, template=template, context=context)


def _refund(application: Application, template: str) -> dict:
    """For a payment refunded because it came after the seat went on: how
    much goes back."""
    if not template.endswith("_late_refunded"):
        return {}
    row = person_late_refund(club=application.group.club, person=application.person)
    return {} if row is None else {"refund": Money(row.amount, row.currency)}


def _payment(application: Application) -> dict:
    """For a seat held while its person pays: the page to pay on (in the
    recipient's language), the deadline and the price."""
    if application.status != Application.Status.APPROVED or not application.pay_by:
        return {}
    slug = application.group.club.slug
    return {
        "pay_url": absolute(reverse("mastermind_detail", kwargs={"slug": slug})),
        "pay_by": application.pay_by,
        "seat_price": group_seat_price(application.group),
    }
