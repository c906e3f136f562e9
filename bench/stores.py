"""The benchmark's own PostgreSQL database and Redis database: made fresh,
read back, and dropped."""

from urllib.parse import urlsplit

import psycopg
import redis
from psycopg import sql


def capacity_problem(database_url: str, data: dict, posted: int) -> str:
    """Never more confirmed places than seats, nobody twice: read back."""
    with psycopg.connect(database_url) as connection:
        confirmed, active, people = connection.execute(
            "SELECT count(*) FILTER (WHERE status = 'confirmed'),"
            " count(*) FILTER (WHERE status <> 'cancelled'),"
            " count(DISTINCT email) FILTER (WHERE status <> 'cancelled')"
            " FROM clubs_registration WHERE occurrence_id = %s",
            [data["rush_meeting_pk"]],
        ).fetchone()
    print(f"  rush: {posted} posted, {confirmed} confirmed of {data['rush_capacity']}")
    if confirmed > data["rush_capacity"]:
        return f"overbooked: {confirmed} confirmed for {data['rush_capacity']} seats"
    if active != people:
        return f"{active - people} people hold two places"
    if confirmed < min(posted, data["rush_capacity"]):
        return f"only {confirmed} confirmed of {posted} posted"
    return ""


def redis_client(url: str):
    return redis.Redis.from_url(url)


def cache_empty(client) -> None:
    """Drop the site's cached reads (the `default` alias, `cache:*`), as the
    timed figures do before each request; sessions and the page cache stay."""
    for key in client.scan_iter("cache:*"):
        client.delete(key)


def recreate_database(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(url: str) -> None:
    parts = urlsplit(url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(parts.path.lstrip("/"))
            )
        )
