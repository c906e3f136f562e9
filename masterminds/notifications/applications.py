"""Emails about applications, sent from background tasks (masterminds/tasks.py).

Every step is told, even when the application has moved on by the time the
worker sends it (waitlisted, then given a freed seat a minute later): each
email reports a decision that was made, and the worker sends them in the
order they were queued.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from clubs.selectors.clubs import club_hosts
from masterminds.models import Application

APPLICANT_SUBJECTS = {
    "received": _("We received your application to {group}"),
    "approved": _("Welcome to {group}: your seat is ready"),
    "waitlisted": _("You are on the waitlist for {group}"),
    "declined": _("About your application to {group}"),
    "promoted": _("A seat opened up in {group}: it is yours"),
    "withdrawn": _("You withdrew your application to {group}"),
}
FACILITATOR_SUBJECTS = {
    "received": _("New application to {group}: {person}"),
    "promoted": _("{person} took the free seat in {group}"),
}


def application_step(application_id: int, step: str, note: str = "") -> None:
    """Tell the applicant what just happened to their application, with the
    facilitators' note as it was written for this step."""
    application = _application(application_id)
    if application is None:
        return
    subject = APPLICANT_SUBJECTS[step]
    _send(
        application,
        subject,
        f"masterminds/emails/application_{step}.txt",
        [application.person.email],
        note=note,
    )


def facilitators_told(application_id: int, step: str) -> None:
    """Tell each facilitator of a new application, or of a seat the waitlist
    filled on its own; one email each, so nobody sees the others' addresses."""
    application = _application(application_id)
    if application is None:
        return
    facilitators = club_hosts(application.group.club).values_list("email", flat=True)
    template = f"masterminds/emails/facilitators_{step}.txt"
    for email in facilitators:
        _send(application, FACILITATOR_SUBJECTS[step], template, [email])


def _application(application_id: int) -> Application | None:
    return (
        Application.objects.select_related("group__club", "person", "category")
        .filter(pk=application_id)
        .first()
    )


def _send(
    application: Application, subject, template: str, to: list[str], note: str = ""
) -> None:
    context = {
        "application": application,
        "note": note,
        "group": application.group,
        "club": application.group.club,
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    subject = str(subject).format(
        group=application.group.club.name, person=application.person
    )
    EmailMessage(subject, render_to_string(template, context), to=to).send()
