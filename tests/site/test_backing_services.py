"""The database and cache behave as production needs them to.

The PostgreSQL and Redis cases run when DATABASE_URL / REDIS_URL are set, as in
CI (.ci/run); the SQLite case runs whenever SQLite is the database.
"""

import os
import threading

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connection, transaction

from clubs.models import Category
from tests.builders import PASSWORD, make_user

needs_redis = pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="no REDIS_URL")
needs_postgres = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL"), reason="no DATABASE_URL"
)


@needs_postgres
@pytest.mark.django_db
def test_database_url_runs_the_site_on_postgresql():
    assert connection.vendor == "postgresql"


@needs_redis
def test_the_cache_lives_in_redis():
    cache.set("greeting", "hello", 30)

    server = redis.Redis.from_url(os.environ["REDIS_URL"])
    assert any(b"greeting" in key for key in server.keys("*greeting*"))
    assert cache.get("greeting") == "hello"


@needs_redis
@pytest.mark.django_db
def test_sessions_live_in_redis(client):
    user = make_user()
    assert client.login(email=user.email, password=PASSWORD)

    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    server = redis.Redis.from_url(os.environ["REDIS_URL"])
    assert server.keys(f"*{session_key}*")


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite only",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_sqlite_writers_queue_instead_of_failing():
    """IMMEDIATE transactions take the write lock up front: no 'database is locked'."""
    category = Category.objects.create(name="Counter 0")
    errors = []

    def bump():
        try:
            for _ in range(10):
                with transaction.atomic():
                    current = Category.objects.get(pk=category.pk)
                    number = int(current.name.split()[-1]) + 1
                    current.name = f"Counter {number}"
                    current.save(update_fields=["name"])
        except Exception as error:  # collected for the assertion below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    category.refresh_from_db()
    assert category.name == "Counter 40"
