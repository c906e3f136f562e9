"""A task for tests/site/test_two_servers.py: the workers it starts import it
by name. Each run leaves a mark in Redis (which task, which worker process),
so the test can count how often every task ran and who ran it."""

import os
import time

import redis
from django_tasks import task

RUNS_KEY = "two-workers:runs"


@task()
def record_run(n: int) -> None:
    time.sleep(0.1)  # long enough that both workers take turns
    server = redis.Redis.from_url(os.environ["REDIS_URL"])
    server.rpush(RUNS_KEY, f"{n}:{os.getpid()}")
