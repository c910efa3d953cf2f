"""Rate limits held in the cache (Redis in production), with atomic increments.

Each limit is a fixed window: the first request creates the counter with
``cache.add`` (atomic, sets the expiry) and notes when the window ends, every
request increments it with ``cache.incr`` (atomic in Redis and in the
local-memory cache). Limits are settings read when used:
``FEEDBACK_RATE_LIMITS`` may override any entry of ``DEFAULT_LIMITS`` with
``(count, seconds)``.

On Redis, :func:`take` counts every scope of a request in one round trip (a
small Lua script, atomic on the server); elsewhere (the local-memory cache of
development and tests) it counts them one by one, with the same result.

The counters live in the ``ratelimit`` cache alias, which (unlike the lenient
default cache) raises when Redis is away. Limits fail closed: a request that
cannot be counted raises :class:`RateLimitUnavailable`, which the site
answers with a 503 (portal.unavailable), never by letting it through.
"""

import contextlib
import hashlib
import ipaddress
import logging
import math
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import NoScriptError, RedisError

from portal.unavailable import ServiceUnavailable

from .conf import setting
from .identity import ip_network, keyed_hash

logger = logging.getLogger(__name__)

# scope -> (requests allowed, window in seconds)
DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    # Comment submissions from one IPv4 address or IPv6 /64.
    "submit_ip": (10, 60 * 60),
    # Comment submissions naming one email address.
    "submit_email": (5, 60 * 60),
    # Every submission on the site: a flood guard, not a quota.
    "submit_site": (500, 60 * 60),
    # Requests for a new verification link from one network.
    "resend_ip": (5, 60 * 60),
    # Emails to one resident address, whatever asked for them: the form cannot
    # be used to mail-bomb a third party.
    "email_recipient": (5, 24 * 60 * 60),
    # Open-data API requests from one IPv4 address or IPv6 /64 (portal.api).
    "api_ip": (120, 60),
}


RATELIMIT_CACHE = "ratelimit"


class RateLimitUnavailable(ServiceUnavailable):
    """The counter could not be read or written; the request is refused."""


class RateLimitExceeded(Exception):
    """The request is past a limit; the view answers 429.

    ``retry_after`` is the number of seconds until the limit's window ends.
    """

    def __init__(self, scope: str, retry_after: int):
        super().__init__(scope)
        self.scope = scope
        self.retry_after = retry_after


def limit_for(scope: str) -> tuple[int, int]:
    overrides = setting("FEEDBACK_RATE_LIMITS") or {}
    return tuple(overrides.get(scope, DEFAULT_LIMITS[scope]))


def _key(scope: str, identity: str) -> str:
    return f"feedback:rl:{scope}:{keyed_hash(identity, purpose='ratelimit')}"


def hit(scope: str, identity: str = "") -> bool:
    """Count one request for ``identity`` in ``scope``; False if past the limit."""
    limit, window = limit_for(scope)
    key = _key(scope, identity)
    cache = caches[RATELIMIT_CACHE]
    try:
        if cache.add(key, 0, timeout=window):
            # This request opened the window: note when it ends, for Retry-After.
            cache.set(f"{key}:ends", time.time() + window, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:
            # The counter expired between add and incr: the first hit again.
            cache.add(key, 1, timeout=window)
            cache.set(f"{key}:ends", time.time() + window, timeout=window)
            count = 1
    except (RedisError, OSError) as error:
        logger.warning("Rate limit %s cannot be counted: %s", scope, error)
        raise RateLimitUnavailable(scope) from error
    return count <= limit


def refund(scope: str, identity: str = "") -> None:
    """Take back one count, for a request that turned out not to count."""
    # ValueError: the window ended meanwhile; there is nothing to give back.
    # With Redis away the request fails anyway (503); nothing to give back to.
    with contextlib.suppress(ValueError, RedisError, OSError):
        caches[RATELIMIT_CACHE].decr(_key(scope, identity))


def retry_after(scope: str, identity: str = "") -> int:
    """Seconds until the current window of ``scope`` for ``identity`` ends."""
    window = limit_for(scope)[1]
    try:
        ends = caches[RATELIMIT_CACHE].get(f"{_key(scope, identity)}:ends")
    except (RedisError, OSError):
        ends = None
    if ends is None:
        return window
    return min(window, max(1, math.ceil(ends - time.time())))


def _exceeded(scope: str, identity: str) -> RateLimitExceeded:
    logger.info("Rate limit reached: scope=%s", scope)
    return RateLimitExceeded(scope, retry_after(scope, identity))


def enforce(scope: str, identity: str = "") -> None:
    if not hit(scope, identity):
        raise _exceeded(scope, identity)


class Allowance:
    """Counts taken by :func:`take`, to give back if the request fails after all."""

    def __init__(self, taken: list[tuple[str, str]]):
        self.taken = taken

    def refund(self) -> None:
        for scope, identity in self.taken:
            refund(scope, identity)
        self.taken = []


def take(*checks: tuple[str, str]) -> Allowance:
    """Count one accepted request in every ``(scope, identity)``, or in none.

    Past any limit, every count this call took (the refused one included) is
    given back and RateLimitExceeded names the scope: a refused request does
    not count, so people who share an address (a library, an office) lose
    nothing to failed attempts.
    """
    cache = caches[RATELIMIT_CACHE]
    if isinstance(cache, RedisCache) and checks:
        return _take_in_redis(cache, checks)
    allowance = Allowance([])
    for scope, identity in checks:
        allowance.taken.append((scope, identity))
        if not hit(scope, identity):
            allowance.refund()
            raise _exceeded(scope, identity)
    return allowance


# take() on Redis. KEYS: the counters; ARGV: limit, window and the window's end
# (our clock, for Retry-After) per counter. Counts each in turn as hit() does
# (INCR, and an expiry for a counter this call created); at the first past its
# limit it gives back every count it took and returns that counter's position
# (1-based) and the end of its window; 0 when all were within their limits.
# The window's end is kept beside the counter as a plain number (":ends_at";
# hit() keeps its own, pickled by Django, in ":ends").
TAKE_SCRIPT = """
for i, key in ipairs(KEYS) do
    local base = (i - 1) * 3
    local count = redis.call('INCR', key)
    if count == 1 or redis.call('TTL', key) == -1 then
        redis.call('EXPIRE', key, ARGV[base + 2])
        redis.call('SET', key .. ':ends_at', ARGV[base + 3], 'EX', ARGV[base + 2])
    end
    if count > tonumber(ARGV[base + 1]) then
        for j = 1, i do
            redis.call('DECR', KEYS[j])
        end
        return {i, redis.call('GET', key .. ':ends_at')}
    end
end
return {0}
"""
TAKE_SCRIPT_SHA = hashlib.sha1(TAKE_SCRIPT.encode()).hexdigest()  # noqa: S324


def _take_in_redis(cache: RedisCache, checks) -> Allowance:
    now = time.time()
    keys, args = [], []
    for scope, identity in checks:
        limit, window = limit_for(scope)
        keys.append(cache.make_and_validate_key(_key(scope, identity)))
        args += [limit, window, repr(now + window)]
    try:
        client = cache._cache.get_client(keys[0], write=True)
        try:
            result = client.evalsha(TAKE_SCRIPT_SHA, len(keys), *keys, *args)
        except NoScriptError:
            # First use since Redis started: EVAL sends the script and caches it.
            result = client.eval(TAKE_SCRIPT, len(keys), *keys, *args)
    except (RedisError, OSError) as error:
        logger.warning("Rate limits %s cannot be counted: %s", keys, error)
        raise RateLimitUnavailable(checks[0][0]) from error
    refused = int(result[0])
    if not refused:
        return Allowance(list(checks))
    scope, identity = checks[refused - 1]
    logger.info("Rate limit reached: scope=%s", scope)
    ends = result[1] if len(result) > 1 else None
    if ends is None:
        return_after = retry_after(scope, identity)
    else:
        window = limit_for(scope)[1]
        return_after = min(window, max(1, math.ceil(float(ends) - time.time())))
    raise RateLimitExceeded(scope, return_after)


def client_ip(request) -> str:
    """The client's address, trusting X-Forwarded-For only behind known proxies.

    With ``PORTAL_TRUSTED_PROXY_COUNT = n`` the n-th address from the right of
    X-Forwarded-For is the client (each trusted proxy appends what it saw);
    anything left of it is whatever the client chose to send.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "PORTAL_TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            candidate = hops[-proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return remote


def client_network(request) -> str:
    """The client's IPv4 address or IPv6 /64: the unit for per-IP limits."""
    return ip_network(client_ip(request))
