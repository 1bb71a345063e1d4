"""Django's Redis cache backend, with one Redis client per connection pool instead of one per call.

Django builds a new ``redis.Redis`` for every cache operation, and redis-py 8 fills a table of
~170 response callbacks in its constructor: about 0.4 ms of CPU per ``cache.get``, more than a
whole cached page costs otherwise (core/pagecache.py). A client is safe to share between threads
(its connection pool hands each command its own connection), so one per pool is kept.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
