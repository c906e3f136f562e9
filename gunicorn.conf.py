"""gunicorn's settings, read from the working directory at start.

The access log writes every request line, and some addresses carry secrets
(manage and check-in links, calendar feed tokens, reset keys): the same
filter as Django's logging blanks them out (site/log_redaction.py), in the
request line and the referrer alike. Everything else stays on the command
line (README, "Running in production").
"""

_REDACTED_STREAM = {
    "class": "logging.StreamHandler",
    "formatter": "generic",
    "filters": ["redact_secrets"],
}

logconfig_dict = {
    "filters": {"redact_secrets": {"()": "clubsite.log_redaction.RedactSecretsFilter"}},
    "handlers": {
        "console": _REDACTED_STREAM | {"stream": "ext://sys.stdout"},
        "error_console": _REDACTED_STREAM | {"stream": "ext://sys.stderr"},
    },
    "loggers": {
        # Not on to the root logger as well: Django's handler there would
        # print each line a second time.
        "gunicorn.error": {
            "level": "INFO",
            "handlers": ["error_console"],
            "propagate": False,
        },
        "gunicorn.access": {
            "level": "INFO",
            "handlers": ["console"],
            "propagate": False,
        },
    },
}
