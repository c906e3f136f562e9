"""Outgoing email: every message the site sends is rendered here, in its
recipient's language, and leaves through the task worker.

A message is a set of templates named after it: `<name>_subject.txt`,
`<name>.txt` (the plain text everyone gets) and, when it exists,
`<name>.html` (sent beside it). Plain text is rendered without HTML escaping,
so "O'Brien" stays "O'Brien". The whole message, its links and its calendar
part are built under `translation.override(language)`: a Spanish guest gets
Spanish text and links under /es/, even from the worker, which has no request
to take a language from.

With the database task backend a queued email is a row written in the
caller's transaction: if that transaction rolls back, no email goes out.
"""

from collections.abc import Callable, Mapping

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django_tasks import task

Calendar = tuple[bytes, str]  # the .ics bytes and their METHOD


def email_send(
    *,
    to: str,
    language: str,
    template: str,
    context: Mapping | Callable[[], Mapping],
    calendar: Callable[[], Calendar | None] | None = None,
) -> None:
    """Render the message `template` in `language` and send it now: call it
    from a task. Pass `context` (and `calendar`) as functions when they build
    links or dates, so that those are made in the recipient's language too."""
    with translation.override(language or settings.LANGUAGE_CODE):
        values = {"site_name": settings.WAGTAIL_SITE_NAME}
        values |= context() if callable(context) else context
        message = EmailMultiAlternatives(
            _one_line(_plain(f"{template}_subject.txt", values)),
            _plain(f"{template}.txt", values),
            to=[to],
        )
        if html := _optional_html(f"{template}.html", values):
            message.attach_alternative(html, "text/html")
        if calendar and (part := calendar()):
            ics, method = part
            message.attach("meeting.ics", ics, f"text/calendar; method={method}")
    message.send()


def email_enqueue(message: EmailMessage) -> None:
    """Queue a message rendered during a request (allauth's, in the page's
    language) for the worker to send."""
    deliver_email.enqueue(
        subject=_one_line(message.subject),
        body=message.body,
        from_email=message.from_email,
        to=list(message.to),
        html=_html_alternative(message),
        headers=dict(message.extra_headers),
    )


@task()
def deliver_email(
    *,
    subject: str,
    body: str,
    from_email: str,
    to: list[str],
    html: str | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    message = EmailMultiAlternatives(subject, body, from_email, to, headers=headers)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


def _plain(name: str, values: Mapping) -> str:
    return get_template(name).template.render(Context(values, autoescape=False))


def _optional_html(name: str, values: Mapping) -> str | None:
    try:
        return render_to_string(name, values)
    except TemplateDoesNotExist:
        return None


def _one_line(subject: str) -> str:
    """Names are typed by people; a line break would be refused in a header."""
    return " ".join(str(subject).split())


def _html_alternative(message: EmailMessage) -> str | None:
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            return content
    return None
