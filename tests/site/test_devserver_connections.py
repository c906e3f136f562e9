"""`make run` on PostgreSQL stays up under a burst of visitors.

The development server serves each request in a thread of its own. With
connections kept per thread (CONN_MAX_AGE=60), every finished thread left
an idle connection behind: twenty visitors left 98 against PostgreSQL's 100,
and then everyone got a 500 ("too many clients") for a minute. Connections
now come from one pool per process (settings, DATABASES), so however many
threads run, the server holds at most the pool's maximum.

The test starts the server as `make run` does, on a fresh database it
migrates, sends a hundred visitors at once, and watches `pg_stat_activity`
for that database all along and afterwards. Only on PostgreSQL.
"""

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.conf import settings

from tests.site.test_settings import ENV_VARIABLES

DATABASE_URL = os.environ.get("DATABASE_URL", "")
pytestmark = pytest.mark.skipif(
    not DATABASE_URL.startswith("postgres"),
    reason="needs PostgreSQL: set DATABASE_URL",
)

ROOT = Path(__file__).resolve().parents[2]
VISITORS = 100
# Each visitor reads the home page and the club directory, which query the
# database on every request (the page cache is off for this server).
PAGES = ["/", "/clubs/"]
# The server's pool, and the health check of a connection being handed out.
MARGIN = 2


def _url_for(name: str) -> str:
    parts = urlsplit(DATABASE_URL)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def fresh_database():
    """An empty database of its own, dropped afterwards with whatever is
    still connected to it."""
    name = f"{urlsplit(DATABASE_URL).path.lstrip('/')}_devserver_{os.getpid()}"
    admin = psycopg.connect(_url_for("postgres"), autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def devserver(fresh_database, tmp_path):
    """`make run`'s server: migrated, then `runserver 127.0.0.1:$PORT` (the
    reloader left out: it only restarts the same server on code changes).
    The page cache is off, so every page asks the database."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ENV_VARIABLES}
    env |= {
        "DATABASE_URL": _url_for(fresh_database),
        "PORT": str(port),
        "PAGE_CACHE_SECONDS": "0",
    }
    manage = [sys.executable, "manage.py"]
    migrate = subprocess.run(
        [*manage, "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert migrate.returncode == 0, migrate.stderr
    log = tmp_path / "runserver.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if _status(base + "/healthz") == 200:
                break
            time.sleep(0.2)
        else:
            pytest.fail("the server did not start:\n" + log.read_text())
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def _status(url: str) -> int | str:
    """The HTTP status, or what went wrong before one came back."""
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError as error:
        return type(error).__name__


class ConnectionWatch:
    """Counts the database's connections in pg_stat_activity every 50 ms
    from a thread of its own, keeping the highest count seen."""

    def __init__(self, database: str):
        self.database = database
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def count(self, conn) -> int:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s",
            [self.database],
        ).fetchone()
        return row[0]

    def _watch(self):
        with psycopg.connect(_url_for("postgres"), autocommit=True) as conn:
            while not self._stop.is_set():
                self.peak = max(self.peak, self.count(conn))
                time.sleep(0.05)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=10)


def test_a_hundred_visitors_at_once_get_pages_and_leave_few_connections(
    devserver, fresh_database
):
    pool_max = settings.DATABASES["default"]["OPTIONS"]["pool"]["max_size"]
    bound = pool_max + MARGIN
    start = threading.Barrier(VISITORS)

    def visit(_n):
        start.wait(timeout=60)
        return [_status(devserver + page) for page in PAGES]

    with ConnectionWatch(fresh_database) as watch:
        with ThreadPoolExecutor(max_workers=VISITORS) as pool:
            visits = list(pool.map(visit, range(VISITORS)))
        time.sleep(1)  # what the finished threads left behind
        with psycopg.connect(_url_for("postgres"), autocommit=True) as conn:
            after = watch.count(conn)

    answers = [code for codes in visits for code in codes]
    failed = [code for code in answers if not isinstance(code, int) or code >= 500]
    assert failed == [], f"{len(failed)} of {len(answers)} requests failed"
    assert set(answers) == {200}
    assert watch.peak <= bound, f"{watch.peak} connections at once (pool: {pool_max})"
    assert after <= bound, f"{after} connections left after the burst"
    # And the next visitor is served as usual.
    assert _status(devserver + "/clubs/") == 200
