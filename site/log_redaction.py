"""Keep the secrets in addresses out of the logs.

A manage link, a check-in link, a calendar feed address and allauth's reset
and confirmation keys are each the whole key to what they open: whoever reads
them in a log can use them. Request lines reach the logs from gunicorn's
access log, runserver's `django.server` and `django.request` ("Not Found:
/registrations/…/"), so the one filter below sits on every handler, Django's
(`LOGGING` in settings) and gunicorn's (`gunicorn.conf.py`).

The secret path segments are named here by the prefix before them; a test
walks the URL resolver and fails when an address with a `token` or `key` in
its path is not redacted, so a new one cannot slip through.
"""

import logging
import re

REDACTED = "[redacted]"

# A language prefix (/es/) may come first; the secret is the segment after the
# prefix, up to the next slash, `.ics`, query, space or quote. Signed tokens
# may start with a dot (compressed), so a dot alone does not end one.
_PATH = re.compile(
    r"(?P<prefix>/(?:registrations|check-in|calendar"
    r"|accounts/password/reset/key|accounts/confirm-email"
    r"|admin/password_reset/confirm/[^/\s]+)/)"
    r"(?P<secret>(?!done/)[^/\s?#\"']+?)(?=\.ics\b|[/\s?#\"']|$)"
)
_QUERY = re.compile(
    r"(?P<prefix>[?&](?:token|key|code|secret|signature)=)(?P<secret>[^&\s#\"']+)",
    re.IGNORECASE,
)


def redact(text: str) -> str:
    text = _PATH.sub(lambda m: m["prefix"] + REDACTED, text)
    return _QUERY.sub(lambda m: m["prefix"] + REDACTED, text)


class RedactSecretsFilter(logging.Filter):
    """Rewrite a record's message with the secrets in addresses blanked out;
    never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is logging's to report
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True
