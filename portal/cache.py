"""A Redis cache that reading the site never depends on.

Wagtail looks up its site roots in the default cache on every page that
builds a page URL, and renditions and template fragments live there too.
With Django's plain RedisCache a Redis outage turns each of those reads into
a 500. :class:`FailSoftRedisCache` treats the cache as what it is, a shortcut:

- a read that fails is a miss (the caller computes the value itself);
- a write or delete that fails is skipped and logged;
- ``incr``/``decr`` still raise: a counter that cannot count must not pretend
  to. Whoever counts decides what a failure means; the rate limits use the
  strict ``ratelimit`` alias and refuse the request (feedback.ratelimit).

After a failure the process leaves Redis alone for a couple of seconds, so an
outage costs each request one refused connection at most, not one per cache
call, and the log gets one warning per outage rather than one per call.
"""

import logging
import secrets
import time

from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# How long to skip Redis after a failed call.
RETRY_AFTER_SECONDS = 2.0


def current_version(key: str) -> str | None:
    """The version of a family of kept fragments: the random value under
    ``key``, set now if there is none; deleting the key retires every
    fragment kept under the old one. None when the cache cannot keep a value
    (it is down): then nothing should be kept under it."""
    version = cache.get(key)
    if version is None:
        cache.add(key, secrets.token_hex(8), timeout=None)
        # Two first readers at once: the one add() that won is the version.
        version = cache.get(key)
    return version


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._skip_until = 0.0

    def _available(self) -> bool:
        return time.monotonic() >= self._skip_until

    def _failed(self, operation: str, error: Exception) -> None:
        if self._available():
            logger.warning(
                "Cache unavailable (%s: %s); carrying on without it",
                operation,
                type(error).__name__,
            )
        self._skip_until = time.monotonic() + RETRY_AFTER_SECONDS

    def _soft(self, operation: str, fallback, call, *args, **kwargs):
        if not self._available():
            return fallback
        try:
            return call(*args, **kwargs)
        except RedisError as error:
            self._failed(operation, error)
            return fallback

    # Reads: a failure is a miss.

    def get(self, key, default=None, version=None):
        return self._soft("get", default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._soft("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._soft("has_key", False, super().has_key, key, version)

    # Writes: a failure is skipped.

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._soft("set", None, super().set, key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft("add", False, super().add, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft(
            "set_many", list(data), super().set_many, data, timeout, version
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._soft("delete", False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        self._soft("delete_many", None, super().delete_many, keys, version)
