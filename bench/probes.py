"""What `make bench` asks the servers before it loads them: one request at
a time, redirects not followed, as from behind the load balancer (HTTPS)."""

import http.client
import re
import secrets
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit


def fetch(base: str, path: str, *, cookie="", extra=None) -> tuple:
    """One GET, redirects not followed: (status, headers, body)."""
    host = urlsplit(base)
    connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
    headers = {"X-Forwarded-Proto": "https", **(extra or {})}
    if cookie:
        headers["Cookie"] = cookie
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, response.headers, body


def served_from_cache(base: str, path: str) -> bool:
    """A second anonymous request is a hit: Django's cache middleware sends
    the copy's Age; nginx says HIT."""
    status, _, _ = fetch(base, path)
    status, headers, _ = fetch(base, path)
    return status == 200 and (
        "Age" in headers or headers.get("X-Cache-Status") == "HIT"
    )


def share_visits(base: str, data: dict, out: Path) -> str:
    """Follow each share link once (each from an address of its own) for the
    page it leads to and the referral cookie it sets: wrk's script replays
    them (a wrk request does not follow redirects)."""
    lines = []
    for n, link in enumerate(data["share_links"]):
        extra = {"X-Forwarded-For": f"10.255.{n // 256}.{n % 256}"}
        status, headers, _ = fetch(base, link, extra=extra)
        assert status == 302, f"{link} answered {status}"
        cookie = SimpleCookie(headers.get("Set-Cookie", ""))
        location = urlsplit(headers["Location"])
        target = location.path + (f"?{location.query}" if location.query else "")
        lines.append(
            f"{link}\t{target}\t{cookie['ref'].value if 'ref' in cookie else ''}"
        )
    out.write_text("\n".join(lines) + "\n")
    return str(out)


def guest_form(base: str, page: str) -> tuple[str, str]:
    """What a browser posts the guest form with, read off the meeting page as
    served: its form token, and a `csrftoken` cookie (the cached page sets
    none: a guest's post is checked by its Origin; the cookie is sent as an
    old client would, and changes nothing)."""
    _, headers, body = fetch(base, page)
    found = re.search(rb'name="form_token" value="([^"]+)"', body)
    if found is None:
        raise SystemExit(f"{page} shows no guest form")
    cookie = SimpleCookie(headers.get("Set-Cookie", ""))
    if "csrftoken" in cookie:
        return found.group(1).decode(), cookie["csrftoken"].value
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return found.group(1).decode(), "".join(secrets.choice(alphabet) for _ in range(32))
