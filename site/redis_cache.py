"""Django's Redis cache, with one client per connection pool.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` for every
operation, and building one costs about as much as the round trip itself on
the site's busiest paths (a share-link redirect makes four cache calls; each
request with a session makes one). A client holds nothing but its pool and is
safe to share between threads, so one per pool serves every call; the pool
still reconnects after gunicorn forks, as redis-py's pools do.
"""

from django.core.cache.backends import redis


class ReusedClientCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}  # pool -> its client

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    """`BACKEND: "clubsite.redis_cache.RedisCache"`, as Django's own."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientCacheClient
