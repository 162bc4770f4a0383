"""The data version in Redis (REDIS_URL), so every web process learns of a write at once
without asking the database: a repeated view then costs the database nothing.

A write publishes its version right after it commits (dashboard/freshness.py: bump). Each
version carries a serial the database increments under the version row's lock, so serials
follow the order of commits; Redis keeps a published version only over a lower serial
(one Lua script: compare and set), so two writes published out of order never leave the older
one in Redis.

Redis is optional. When it does not answer, the version is read from the database (logged
once until Redis answers again). The key expires after TTL seconds and is then published again
from the database by the next reader, so a write whose publication Redis missed (Redis
unreachable for the writer alone) is seen within TTL seconds at worst.

What this version is used for: looking up a cached page and answering If-None-Match. A page is
computed from rows read after the version is read *from the database the rows come from*
(freshness.cached_public_page), so it is never kept under a version newer than its rows, even
when a replica lags behind Redis.
"""

import logging

import redis
from django.conf import settings

logger = logging.getLogger(__name__)

KEY = "dashboard:data-version"
TTL = 5  # seconds
# KEYS[1]: the hash; ARGV: serial, token, ttl. Keeps the higher serial; a republished equal
# one renews the expiry.
_PUBLISH = """
local current = redis.call('HGET', KEYS[1], 'serial')
if current and tonumber(current) > tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'serial', ARGV[1], 'token', ARGV[2])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[3]))
return 1
"""

_clients = {}
_failing = False


def _client():
    url = settings.REDIS_URL
    if not url:
        return None
    if url not in _clients:
        # A Redis that hangs costs a request half a second at most, as the page cache's.
        _clients[url] = redis.Redis.from_url(
            url, socket_connect_timeout=0.5, socket_timeout=0.5, decode_responses=True
        )
    return _clients[url]


def _call(method, *args):
    """The client's answer, or None when there is no Redis or it does not answer."""
    global _failing
    client = _client()
    if client is None:
        return None
    try:
        result = getattr(client, method)(*args)
    except (redis.RedisError, OSError) as error:
        if not _failing:
            logger.warning("shared data version unavailable, reading the database: %r", error)
        _failing = True
        return None
    if _failing:
        logger.warning("shared data version answers again")
        _failing = False
    return result


def get():
    """The published token, or None (no Redis, not answering, or nothing published)."""
    return _call("hget", KEY, "token")


def publish(serial, token):
    """Make (serial, token) the shared version unless a later one is there already."""
    _call("eval", _PUBLISH, 1, KEY, serial, token, TTL)


def enabled():
    return bool(settings.REDIS_URL)


def reset():
    """Forget clients and the failure state (tests change REDIS_URL)."""
    global _failing
    _clients.clear()
    _failing = False
