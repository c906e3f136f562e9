"""Two app servers act as one site, and two task workers as one queue.

Starts two gunicorn processes on different ports (bench/servers.py, the
benchmark's own launcher), both on the test's PostgreSQL database and Redis,
as two machines behind a load balancer would be, and two `db_worker`
processes. Needs PostgreSQL and Redis (DATABASE_URL and REDIS_URL, as in
CI's second half); skipped otherwise. The data is committed
(`transactional_db`) so that the servers see it.
"""

import os
import secrets
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis
import requests
from django.conf import settings
from django.db import connection
from django.urls import reverse

from bench import servers
from clubs.cached_forms import FORM_TOKEN_FIELD, guest_form_token
from clubs.models import Registration
from tests.builders import (
    PASSWORD,
    ensure_home_page,
    make_club,
    make_occurrence,
    make_series,
    make_user,
)
from tests.content.page_builders import hero_block, make_landing_page, upcoming_block
from tests.site.two_server_tasks import RUNS_KEY, record_run

pytestmark = [
    pytest.mark.skipif(
        not (os.environ.get("DATABASE_URL", "").startswith("postgres"))
        or not os.environ.get("REDIS_URL"),
        reason="needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL)",
    ),
    pytest.mark.usefixtures("transactional_db"),
]


@pytest.fixture(autouse=True)
def _site_as_migrated(transactional_db):
    """The locale, home page and site the migrations made: a transactional
    test before this one emptied every table."""
    ensure_home_page()


def _database_url() -> str:
    """The test database (test_…), which the servers share with the test."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    port = db["PORT"] or 5432
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"


@pytest.fixture(scope="module")
def site_env(django_db_setup, tmp_path_factory):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    return env | {
        "DJANGO_ENV": "development",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": os.environ["REDIS_URL"],
        "SECRET_KEY": settings.SECRET_KEY,
        # Behind one load balancer: X-Forwarded-For names the visitor.
        "TRUSTED_PROXY_COUNT": "1",
        "PAGE_CACHE_SECONDS": "300",
        "MEDIA_ROOT": str(tmp_path_factory.mktemp("media")),
        "LOG_LEVEL": "WARNING",
    }


@pytest.fixture(scope="module")
def two_servers(site_env, tmp_path_factory):
    logs = tmp_path_factory.mktemp("logs")
    base = os.environ.get("TWO_SERVERS_PORT_BASE")
    ports = servers.Ports(int(base) if base else None)
    started = []
    try:
        for name in ["a", "b"]:
            started.append(
                servers.gunicorn(
                    f"server-{name}",
                    "clubsite.wsgi",
                    port=ports.take(),
                    env=site_env,
                    logs=logs,
                    probe="/healthz",
                )
            )
        yield [server.url for server in started]
    finally:
        for server in started:
            server.stop()


def _csrf_token() -> str:
    """For Django's double-submit check: a secret sent as the csrftoken cookie
    and posted back in the form (32 characters, as Django's are)."""
    return secrets.token_hex(16)


def _guest_post(url, path, *, email, address, token, occurrence):
    """The guest form as a browser posts it from the (cached) meeting page:
    from this site (`Origin`), with the page's signed form token; the
    servers share the tests' SECRET_KEY, so the token signed here is theirs."""
    return requests.post(
        url + path,
        data={
            "csrfmiddlewaretoken": token,
            FORM_TOKEN_FIELD: guest_form_token(occurrence),
            "name": "Guest",
            "email": email,
        },
        cookies={"csrftoken": token},
        headers={"X-Forwarded-For": address, "Origin": url},
        allow_redirects=False,
        timeout=60,
    )


def test_a_session_made_on_one_server_is_valid_on_the_other(two_servers, settings):
    a, b = two_servers
    # Hashed as the servers check it (the tests' own hasher is a fast one).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    user = make_user(first_name="Ximena")
    browser = requests.Session()
    browser.get(a + "/accounts/login/", timeout=60)  # the csrftoken cookie
    signed_in = browser.post(
        a + "/accounts/login/",
        data={
            "login": user.email,
            "password": PASSWORD,
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
        },
        allow_redirects=False,
        timeout=60,
    )
    assert signed_in.status_code == 302, signed_in.text[:500]
    assert "sessionid" in browser.cookies

    home = browser.get(b + reverse("member_home"), allow_redirects=False, timeout=60)
    stranger = requests.get(
        b + reverse("member_home"), allow_redirects=False, timeout=60
    )

    assert home.status_code == 200
    assert "Ximena" in home.text
    assert stranger.status_code == 302  # to the sign-in page


def test_a_rate_limit_counts_the_hits_on_both_servers(two_servers):
    """Six guest registrations an hour per address: alternating servers does
    not buy a seventh."""
    occurrence = make_occurrence(capacity=50)
    path = reverse(
        "occurrence_register",
        kwargs={"slug": occurrence.series.club.slug, "pk": occurrence.pk},
    )
    token = _csrf_token()
    codes = [
        _guest_post(
            two_servers[n % 2],
            path,
            email=f"family{n}@example.com",
            address="203.0.113.7",
            token=token,
            occurrence=occurrence,
        ).status_code
        for n in range(8)
    ]

    assert settings.RATE_LIMITS["guest_registration_ip"] == "6/h"
    assert codes == [302] * 6 + [429] * 2
    assert occurrence.registrations.count() == 6


def test_a_registration_race_over_both_servers_never_overbooks(two_servers):
    occurrence = make_occurrence(capacity=10)
    path = reverse(
        "occurrence_register",
        kwargs={"slug": occurrence.series.club.slug, "pk": occurrence.pk},
    )
    token = _csrf_token()

    def register(n):
        return _guest_post(
            two_servers[n % 2],
            path,
            email=f"guest{n}@example.com",
            address=f"198.51.100.{n + 1}",
            token=token,
            occurrence=occurrence,
        ).status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        codes = list(pool.map(register, range(40)))

    assert codes == [302] * 40
    places = occurrence.registrations.exclude(status=Registration.Status.CANCELLED)
    assert places.filter(status=Registration.Status.CONFIRMED).count() == 10
    assert places.filter(status=Registration.Status.WAITLISTED).count() == 30
    assert places.values("email").distinct().count() == 40
    occurrence.refresh_from_db()
    assert occurrence.confirmed_count == 10


def test_a_page_cached_by_one_server_is_served_by_the_other(two_servers):
    a, b = two_servers
    club = make_club()
    make_series(club, capacity=10)
    page = make_landing_page(
        title="Breakfast with friends",
        body=[hero_block(), upcoming_block(club=club)],
    )
    # A load balancer sends both servers the site's own host name, which
    # Django's cache keys include.
    public = {"Host": "127.0.0.1"}
    built = requests.get(a + page.url, headers=public, timeout=60)
    assert built.status_code == 200
    assert "Breakfast with friends" in built.text
    # Changed behind the site's back: only a cached copy still shows the old title.
    type(page).objects.filter(pk=page.pk).update(title="Renamed in the database")

    cached = requests.get(b + page.url, headers=public, timeout=60)
    personal = requests.get(
        b + page.url, headers=public, cookies={"sessionid": "x"}, timeout=60
    )

    assert cached.text == built.text
    assert "Age" in cached.headers  # Django's cache middleware: a hit
    assert "Renamed in the database" in personal.text  # built afresh


def _worker(env: dict, log: Path) -> subprocess.Popen:
    command = [sys.executable, "manage.py", "db_worker", "--interval=0.1"]
    with open(log, "ab") as out:
        return subprocess.Popen(
            command + ["--no-startup-delay"],
            cwd=servers.ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def test_two_task_workers_run_every_task_exactly_once(site_env, settings, tmp_path):
    """django-tasks' database backend claims each task with SELECT … FOR
    UPDATE SKIP LOCKED on PostgreSQL; two workers share the queue."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    tasks = 40
    results = [record_run.enqueue(n) for n in range(tasks)]
    workers = [_worker(site_env, tmp_path / f"worker{n}.log") for n in range(2)]
    marks = redis.Redis.from_url(os.environ["REDIS_URL"])
    try:
        deadline = time.monotonic() + 60
        while marks.llen(RUNS_KEY) < tasks and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1)  # a task run twice would show up by now
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait(timeout=30)

    runs = [mark.decode().split(":") for mark in marks.lrange(RUNS_KEY, 0, -1)]
    per_task = Counter(int(n) for n, _ in runs)
    per_worker = Counter(pid for _, pid in runs)
    assert per_task == dict.fromkeys(range(tasks), 1)
    # Both workers ran tasks (each runs them in a process of its own).
    assert len(per_worker) == 2 and min(per_worker.values()) > 0, per_worker
    for result in results:
        result.refresh()
        assert result.status == "SUCCESSFUL"
