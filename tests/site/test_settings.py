"""Settings are read from the environment; each case runs in a fresh process."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENV_VARIABLES = [
    line.split("=", 1)[0]
    for line in (ROOT / ".env.example").read_text().splitlines()
    if line and not line.startswith("#")
]

PRINT_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({
    "debug": settings.DEBUG,
    "db_engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "db_options": settings.DATABASES["default"].get("OPTIONS", {}),
    "conn_max_age": settings.DATABASES["default"].get("CONN_MAX_AGE"),
    "cache": settings.CACHES["default"]["BACKEND"],
    "session_engine": settings.SESSION_ENGINE,
    "email_backend": settings.EMAIL_BACKEND,
    "tasks": settings.TASKS["default"]["BACKEND"],
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "site_url": settings.SITE_URL,
    "csrf_origins": settings.CSRF_TRUSTED_ORIGINS,
    "admin_url": settings.WAGTAILADMIN_BASE_URL,
}))
"""


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ENV_VARIABLES}
    clean["DJANGO_SETTINGS_MODULE"] = "clubsite.settings"
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_with(**env: str) -> dict:
    result = run_python(PRINT_SETTINGS, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_with_nothing_set_the_site_runs_for_development():
    seen = settings_with()

    assert seen["debug"] is True
    assert seen["db_engine"] == "django.db.backends.sqlite3"
    assert seen["db_options"]["transaction_mode"] == "IMMEDIATE"
    assert seen["cache"].endswith("LocMemCache")
    assert seen["email_backend"].endswith("console.EmailBackend")
    assert seen["tasks"] == "django_tasks_db.DatabaseBackend"


def test_database_url_switches_to_postgresql():
    seen = settings_with(DATABASE_URL="postgres://clubs:secret@db.internal:5432/clubs")

    assert seen["db_engine"] == "django.db.backends.postgresql"
    assert seen["db_name"] == "clubs"
    assert "transaction_mode" not in seen["db_options"]


def test_postgresql_connections_come_from_a_pool_per_process():
    postgres = "postgres://clubs:secret@db.internal:5432/clubs"

    seen = settings_with(DATABASE_URL=postgres)
    sized = settings_with(
        DATABASE_URL=postgres, DB_POOL_MIN_SIZE="2", DB_POOL_MAX_SIZE="4"
    )
    unpooled = settings_with(DATABASE_URL=postgres, DB_POOL_MAX_SIZE="0")

    assert seen["db_options"]["pool"] == {"min_size": 1, "max_size": 8}
    assert seen["conn_max_age"] == 0
    assert sized["db_options"]["pool"] == {"min_size": 2, "max_size": 4}
    assert "pool" not in unpooled["db_options"]
    assert unpooled["conn_max_age"] == 0


def test_the_pool_refuses_connections_kept_per_thread_as_well():
    result = run_python(
        PRINT_SETTINGS,
        DATABASE_URL="postgres://clubs:secret@db.internal:5432/clubs",
        CONN_MAX_AGE="60",
    )

    assert result.returncode != 0
    assert "DB_POOL_MAX_SIZE=0" in result.stderr


def test_redis_url_moves_the_cache_and_sessions_to_redis():
    seen = settings_with(REDIS_URL="redis://cache.internal:6379/0")

    assert seen["cache"] == "clubsite.redis_cache.RedisCache"
    assert seen["session_engine"] == "django.contrib.sessions.backends.cache"


def test_email_url_configures_smtp():
    seen = settings_with(EMAIL_URL="smtp+tls://mailer:secret@smtp.example.com:587")

    assert seen["email_backend"] == "django.core.mail.backends.smtp.EmailBackend"


def test_production_refuses_to_start_without_a_secret_key():
    result = run_python(PRINT_SETTINGS, DJANGO_ENV="production")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    "secret_key",
    [
        "",
        "insecure-development-key-do-not-deploy",
        "django-insecure-" + "k" * 50,
        "x" * 60,
        "short-but-random-Qx7",
    ],
    ids=[
        "empty",
        "development default",
        "startproject placeholder",
        "one letter",
        "too short",
    ],
)
def test_production_refuses_to_start_with_a_default_or_weak_secret_key(secret_key):
    result = run_python(
        PRINT_SETTINGS,
        DJANGO_ENV="production",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="clubs.example.com",
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set in production" in result.stderr


def test_production_turns_debug_off_and_https_on():
    seen = settings_with(
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="clubs.example.com",
    )

    assert seen["debug"] is False
    assert seen["ssl_redirect"] is True


def test_the_development_address_follows_the_port_the_server_runs_on():
    assert settings_with()["site_url"] == "http://127.0.0.1:8000"

    seen = settings_with(PORT="8811")

    assert seen["site_url"] == "http://127.0.0.1:8811"
    assert seen["admin_url"] == "http://127.0.0.1:8811"
    assert seen["csrf_origins"] == ["http://127.0.0.1:8811"]


def test_a_site_url_that_is_set_wins_over_the_port():
    seen = settings_with(PORT="8811", SITE_URL="https://clubs.example.com/")

    assert seen["site_url"] == "https://clubs.example.com"


def test_env_example_lists_every_variable_the_settings_read():
    source = (ROOT / "site" / "settings.py").read_text()
    read = set(re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z_]+)\"", source))

    assert read, "the pattern no longer finds the settings' variables"
    assert read <= set(ENV_VARIABLES)
