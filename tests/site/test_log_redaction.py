"""Secrets in addresses never reach the logs: not Django's, not gunicorn's."""

import io
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core import signing
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from clubs.tokens import MANAGE_SALT
from clubsite.log_redaction import RedactSecretsFilter, redact
from tests.site.test_settings import ENV_VARIABLES

ROOT = Path(__file__).resolve().parents[2]
SECRET = "s3cretTok3n-Zq9:Xw_7"  # colons, dashes and underscores, as tokens have
SECRET_NAMES = {"token", "key"}


def _secret_patterns(resolver=None, prefix=""):
    """(name, route) of every URL whose path carries a token or key."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _secret_patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            route = prefix + str(entry.pattern)
            if any(
                f"<{name}>" in route or f":{name}>" in route for name in SECRET_NAMES
            ):
                yield entry.name, route


def _kwargs_for(route: str) -> dict:
    """The secret for a token or key, something plausible for the rest."""
    kwargs = {}
    for converter, name in re.findall(r"<(?:(\w+):)?(\w+)>", route):
        kwargs[name] = "4" if converter == "int" else "ab"
    for name in SECRET_NAMES & kwargs.keys() | set(re.findall(r"\(\?P<(\w+)>", route)):
        kwargs[name] = SECRET if name in SECRET_NAMES else "4"
    return kwargs


def test_every_address_with_a_token_or_key_is_redacted():
    patterns = dict(_secret_patterns())
    # The ones we know of, so the walk itself is known to work.
    assert {"registration_manage", "registration_check_in", "member_calendar_feed"} <= (
        patterns.keys()
    )
    for name, route in patterns.items():
        for prefix in ("", "/es"):
            url = prefix + reverse(name, kwargs=_kwargs_for(route))
            line = f'"GET {url}?x=1 HTTP/1.1" 200 "https://clubs.example.com{url}"'
            assert SECRET not in redact(line), f"{name} ({route}) leaks into logs"


def test_secrets_in_query_strings_are_redacted_and_the_rest_kept():
    line = f"GET /clubs/sunrise/?club=7&token={SECRET}&key={SECRET} HTTP/1.1"

    assert redact(line) == (
        "GET /clubs/sunrise/?club=7&token=[redacted]&key=[redacted] HTTP/1.1"
    )


@pytest.mark.django_db
def test_a_not_found_manage_link_is_logged_without_its_token(client):
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, RedactSecretsFilter) for f in h.filters)
    )
    # Signed as a real manage link is (compressed ones start with a dot), for
    # a registration that does not exist.
    token = signing.dumps(10**9, salt=MANAGE_SALT, compress=True)
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        response = client.get(f"/es/registrations/{token}/")
    finally:
        handler.setStream(previous)

    assert response.status_code == 404
    logged = stream.getvalue()
    assert "Not Found: /es/registrations/[redacted]/" in logged
    assert token not in logged


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorns_access_log_has_no_tokens(tmp_path):
    """gunicorn as the README runs it, from the project folder (where it reads
    gunicorn.conf.py), asked for a check-in link."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ENV_VARIABLES}
    env |= {"DJANGO_SETTINGS_MODULE": "clubsite.settings", "ALLOWED_HOSTS": "*"}
    log = tmp_path / "gunicorn.log"
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [gunicorn, "clubsite.wsgi", "--bind", f"127.0.0.1:{port}"]
    with log.open("w") as out:
        server = subprocess.Popen(
            [*command, "--workers", "1", "--access-logfile", "-"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        url = f"http://127.0.0.1:{port}/check-in/{SECRET}/?token={SECRET}"
        for _ in range(100):
            try:
                urllib.request.urlopen(
                    urllib.request.Request(url, headers={"Referer": url})
                )
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(0.1)
        time.sleep(0.5)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)

    logged = log.read_text()
    assert "GET /check-in/[redacted]/?token=[redacted]" in logged
    assert SECRET not in logged
