"""The backup and restore the README documents ("Backups") bring back every
row: the demo database is dumped with the documented command, restored into
an empty database with the documented command, and every table's rows are
counted on both sides. On SQLite (`make test`) it uses sqlite3's online
backup; with DATABASE_URL on PostgreSQL, pg_dump and pg_restore."""

import shutil
import sqlite3
import subprocess

import psycopg
import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from wagtail.models import Collection

from tests.builders import ensure_home_page

pytestmark = pytest.mark.django_db(transaction=True)


def _tables() -> list[str]:
    return sorted(
        {m._meta.db_table for m in apps.get_models(include_auto_created=True)}
    )


def _counts(cursor) -> dict[str, int]:
    counts = {}
    for table in _tables():
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def _sh(command: str, **env: str) -> None:
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", command],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr


def _postgres_url(name: str) -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT'] or 5432}/{name}"


def _backup_and_restore_sqlite(tmp_path) -> dict[str, int]:
    shutil.which("sqlite3") or pytest.fail("sqlite3 is needed: apt-get install sqlite3")
    database = connection.settings_dict["NAME"]
    backup, restored = tmp_path / "clubs.sqlite3.backup", tmp_path / "restored.sqlite3"
    # README, Backups, SQLite
    _sh('sqlite3 "$DB" ".backup \'$BACKUP\'"', DB=str(database), BACKUP=str(backup))
    _sh('sqlite3 "$DB" ".restore \'$BACKUP\'"', DB=str(restored), BACKUP=str(backup))
    with sqlite3.connect(restored) as restored_db:
        return _counts(restored_db.cursor())


def _backup_and_restore_postgres(tmp_path) -> dict[str, int]:
    source = _postgres_url(connection.settings_dict["NAME"])
    empty = connection.settings_dict["NAME"] + "_restore"
    dump = tmp_path / "clubs.dump"
    admin = psycopg.connect(_postgres_url("postgres"), autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{empty}"')
    admin.execute(f'CREATE DATABASE "{empty}"')
    try:
        # README, Backups, PostgreSQL
        _sh(
            'pg_dump --format=custom --no-owner --no-privileges --file="$DUMP"'
            ' "$DATABASE_URL"',
            DATABASE_URL=source,
            DUMP=str(dump),
        )
        _sh(
            "pg_restore --no-owner --no-privileges --exit-on-error"
            ' --dbname="$RESTORE_URL" "$DUMP"',
            RESTORE_URL=_postgres_url(empty),
            DUMP=str(dump),
        )
        with psycopg.connect(_postgres_url(empty)) as restored_db:
            return _counts(restored_db.cursor())
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{empty}" WITH (FORCE)')
        admin.close()


def test_a_backup_of_the_demo_restores_every_row(tmp_path):
    # An earlier transactional test may have emptied what the migrations made.
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    ensure_home_page()
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    with connection.cursor() as cursor:
        before = _counts(cursor)

    if connection.vendor == "postgresql":
        after = _backup_and_restore_postgres(tmp_path)
    else:
        after = _backup_and_restore_sqlite(tmp_path)

    assert after == before
    # The demo really was in it: people, places, referrals, pages, images.
    for table in (
        "clubs_user",
        "clubs_registration",
        "clubs_referral",
        "wagtailcore_page",
        "wagtailimages_image",
    ):
        assert before[table] > 0, table
