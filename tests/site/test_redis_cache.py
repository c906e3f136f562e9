"""The Redis cache backend (clubsite.redis_cache) reuses its client."""

import os

import pytest
import redis

from clubsite.redis_cache import RedisCache

pytestmark = pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="no REDIS_URL")


def test_cache_calls_share_one_redis_client(monkeypatch):
    cache = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "test-reused-client"})
    built = []
    init = redis.Redis.__init__

    def counted(self, *args, **kwargs):
        built.append(self)
        init(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "__init__", counted)

    for n in range(5):
        cache.set("visits", n)
        assert cache.get("visits") == n
    assert cache.add("once", 1) and not cache.add("once", 2)
    cache.delete_many(["visits", "once"])

    assert len(built) == 1
