"""Rate limits held in the cache (Redis in production), with atomic increments.

Each limit is a fixed window: the first request creates the counter with
``cache.add`` (atomic, sets the expiry), every request increments it with
``cache.incr`` (atomic in Redis and in the local-memory cache). Limits are
settings read when used: ``FEEDBACK_RATE_LIMITS`` may override any entry of
``DEFAULT_LIMITS`` with ``(count, seconds)``.

The counters live in the ``ratelimit`` cache alias, which (unlike the lenient
default cache) raises when Redis is away. Limits fail closed: a request that
cannot be counted raises :class:`RateLimitUnavailable`, which the site
answers with a 503 (portal.unavailable), never by letting it through.
"""

import ipaddress
import logging

from django.conf import settings
from django.core.cache import caches
from redis.exceptions import RedisError

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
}


RATELIMIT_CACHE = "ratelimit"


class RateLimitUnavailable(ServiceUnavailable):
    """The counter could not be read or written; the request is refused."""


class RateLimitExceeded(Exception):
    """The request is past a limit; the view answers 429."""

    def __init__(self, scope: str):
        super().__init__(scope)
        self.scope = scope


def limit_for(scope: str) -> tuple[int, int]:
    overrides = setting("FEEDBACK_RATE_LIMITS") or {}
    return tuple(overrides.get(scope, DEFAULT_LIMITS[scope]))


def hit(scope: str, identity: str = "") -> bool:
    """Count one request for ``identity`` in ``scope``; False if past the limit."""
    limit, window = limit_for(scope)
    key = f"feedback:rl:{scope}:{keyed_hash(identity, purpose='ratelimit')}"
    cache = caches[RATELIMIT_CACHE]
    try:
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:
            # The counter expired between add and incr: the first hit again.
            cache.add(key, 1, timeout=window)
            count = 1
    except (RedisError, OSError) as error:
        logger.warning("Rate limit %s cannot be counted: %s", scope, error)
        raise RateLimitUnavailable(scope) from error
    return count <= limit


def enforce(scope: str, identity: str = "") -> None:
    if not hit(scope, identity):
        logger.info("Rate limit reached: scope=%s", scope)
        raise RateLimitExceeded(scope)


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
