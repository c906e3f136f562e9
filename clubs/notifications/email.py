"""Outgoing email leaves through the task worker, never inside a request.

With the database task backend the queued email is a row written in the
caller's transaction: if that transaction rolls back, no email goes out.
"""

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django_tasks import task


def email_enqueue(message: EmailMessage) -> None:
    """Queue a rendered message for the worker to send."""
    deliver_email.enqueue(
        subject=message.subject,
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


def _html_alternative(message: EmailMessage) -> str | None:
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            return content
    return None
