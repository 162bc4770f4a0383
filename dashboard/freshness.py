"""Page freshness, in one place: the data version, the page cache keyed by it, and what a
process remembers between requests.

The invariant this module keeps:

    A cached page is never older than the data version it was read with, and every request
    reads the version afresh. So a page served from the cache reflects every write committed
    before the request began; a GET never writes.

How: the write services announce each write (incidents.signals.record_changed, sent inside the
write's transaction); `bump()` then stores a new random token in the same transaction, so a
reader sees the new token exactly when it sees the new data. A request reads the token first
(one primary-key lookup), then looks for its page under its key (page_key: what the view reads
of the request, and the token); a page computed now is stored under the token read before its
data, never a newer one. A random token, not a counter, so a rolled-back transaction or a
restored backup never brings back a token whose cached pages show other data.

The cache is optional: any error of its backend is logged once (until it answers again) and the
page is computed without it.

With REDIS_URL, the pages and the version are shared by every process (dashboard/
sharedversion.py): a page is looked up under the version Redis has, with no query, and a page
computed is stored under the version read from the database its rows come from.
"""

import contextvars
import datetime as dt
import hashlib
import json
import logging
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps

from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.db import connections, models, router, transaction
from django.utils import timezone
from django.utils.translation import get_language

from config.compression import accepts_gzip, compressed
from dashboard import httpcache, sharedversion

logger = logging.getLogger(__name__)

TIMEOUT = 3600  # seconds a page stays cached (a new version makes it unused long before)
VERSION_ID = 1
# What a database without the version row (a test's flushed database) reads as its version.
INITIAL = "initial"


class DataVersion(models.Model):
    """One row whose token changes with every write to the record."""

    token = models.CharField(max_length=32, help_text="Changes with every change to the record.")
    changed_at = models.DateTimeField(help_text="When the record last changed.")
    serial = models.BigIntegerField(
        default=0, help_text="Counts the writes in the order they commit (sharedversion.py)."
    )

    class Meta:
        app_label = "dashboard"

    def __str__(self):
        return f"data version {self.token} of {self.changed_at:%Y-%m-%d %H:%M:%S}"


# The version the current request reads with (set by cached_public_page, read by the memo).
_request_version = contextvars.ContextVar("request_version", default=None)
# The stamp public_http read for the current request (a snapshot is looked up under it).
_request_stamp = contextvars.ContextVar("request_stamp", default=None)


def _reads():
    """The database this request reads its rows from (a replica, or the primary)."""
    return router.db_for_read(DataVersion)


def read_version(using=None) -> str:
    """The current token in database `using` (the one the request reads): one primary-key
    lookup, never a write. Shared through Redis (when there is one) for the readers that look
    it up there."""
    using = using or _reads()
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT token, serial FROM {DataVersion._meta.db_table} WHERE id = %s",
            [VERSION_ID],
        )
        row = cursor.fetchone()
    if row is None:
        return INITIAL
    # Only the primary's version is shared: a replica's may be behind.
    if sharedversion.enabled() and using == router.db_for_write(DataVersion):
        sharedversion.publish(row[1], row[0])
    return row[0]


def lookup_version():
    """(version, read from the database?): the version to look a page up with, from Redis
    when it has it (no query), else from the database."""
    token = sharedversion.get()
    return (token, False) if token is not None else (read_version(), True)


def current_version() -> str:
    """The version this request reads with (read once per request)."""
    version = _request_version.get()
    return version if version is not None else read_version()


@dataclass(frozen=True)
class Stamp:
    """A data version and when the record last changed (None before the first write)."""

    version: str
    changed_at: dt.datetime | None

    @property
    def as_of(self):
        """When the record last changed, as ISO 8601 text in UTC (or None)."""
        if self.changed_at is None:
            return None
        return self.changed_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def read_stamp(using=None) -> Stamp:
    """The current data version and its time in database `using` (the one the request reads):
    one primary-key lookup."""
    with connections[using or _reads()].cursor() as cursor:
        cursor.execute(
            f"SELECT token, changed_at FROM {DataVersion._meta.db_table} WHERE id = %s",
            [VERSION_ID],
        )
        row = cursor.fetchone()
    if row is None:
        return Stamp(INITIAL, None)
    token, changed_at = row
    if isinstance(changed_at, str):  # SQLite through a plain cursor
        changed_at = dt.datetime.fromisoformat(changed_at)
    if changed_at is not None and changed_at.tzinfo is None:
        changed_at = changed_at.replace(tzinfo=dt.UTC)
    return Stamp(token, changed_at)


def request_stamp() -> "Stamp":
    """The stamp this request's ETag was made with (public_http), else read now."""
    stamp = _request_stamp.get()
    return stamp if stamp is not None else read_stamp()


@contextmanager
def consistent_read(using=None):
    """Yield the data version, read in one view of the record with everything read inside.

    On PostgreSQL, one REPEATABLE READ, READ ONLY transaction: the version and every row read
    inside belong together, whatever commits meanwhile (inside an enclosing transaction, as in a
    test, that transaction's view). SQLite has no such cheap view without taking the write lock:
    there the caller must read the version again afterwards if it needs the guarantee.
    """
    using = using or _reads()
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield read_stamp(using)
        return
    outer = connection.in_atomic_block
    with transaction.atomic(using=using):
        if not outer:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield read_stamp(using)


def bump(**kwargs):
    """A new token, in the caller's transaction (receiver of record_changed), published to
    Redis once the transaction commits. The serial is incremented under the row's lock, so
    serials follow the order of commits."""
    values = {"token": uuid.uuid4().hex, "changed_at": timezone.now()}
    rows = DataVersion.objects.using(router.db_for_write(DataVersion)).filter(pk=VERSION_ID)
    if not rows.update(**values, serial=models.F("serial") + 1):
        rows.create(pk=VERSION_ID, **values, serial=1)
    if sharedversion.enabled():
        serial = rows.values_list("serial", flat=True).get()
        transaction.on_commit(lambda: sharedversion.publish(serial, values["token"]))


def page_key(request, version, query=None):
    """The key of the page `request` asks for at a data version: everything the view may read
    of the request.

    That is: the scheme and host (a permanent link is absolute; built from the request rather
    than from a configured address, it is true for every name the site answers to, and those
    are few: ALLOWED_HOSTS), the path, the query as the view reads it (cached_public_page hands
    the view its canonical form, see dashboard/query.py), the language and whether the client
    takes gzip (the page is kept as sent). Nothing else of the request reaches a cached view: no
    cookie, no session, no other header (cached_public_page keeps no page that touched the
    session or the CSRF token). `query`: the canonical query, when request.GET is not (a view
    that is not page-cached reads the request as sent). The parts are serialised as JSON,
    which keeps every value apart (`q=a%26sort%3Ddate` never meets `q=a&sort=date`).
    """
    parts = [
        request.scheme,
        request.get_host(),
        request.path,
        list((request.GET if query is None else query).lists()),
        version,
        get_language(),
        accepts_gzip(request),
    ]
    raw = json.dumps(parts)
    return "page:" + hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


class _Cache:
    """The page cache, optional at run time."""

    failing = False

    @classmethod
    def call(cls, method, *args):
        try:
            result = getattr(cache, method)(*args)
        except Exception as error:  # any backend's failure (Redis down, a closed port, ...)
            if not cls.failing:
                logger.warning("page cache unavailable, serving uncached pages: %r", error)
            cls.failing = True
            return None
        if cls.failing:
            logger.warning("page cache answers again")
            cls.failing = False
        return result


class BoundedMemoryCache(LocMemCache):
    """Each process's page cache when no shared one is configured: Django's local-memory cache,
    bounded in bytes as well as in entries (OPTIONS["MAX_BYTES"], default 64 MB), so a few
    thousand large pages can never take a worker's memory. The least recently used go first."""

    def __init__(self, name, params):
        super().__init__(name, params)
        self._max_bytes = int(params.get("OPTIONS", {}).get("MAX_BYTES", 64 * 2**20))

    def _set(self, key, value, timeout=DEFAULT_TIMEOUT):
        # Values are pickled bytes. Summing them costs microseconds per thousand entries, and
        # a set happens only when a page was computed, which costs milliseconds.
        if len(value) > self._max_bytes:
            return  # larger than the whole cache: served, never kept
        self._cache.pop(key, None)
        total = sum(len(stored) for stored in self._cache.values()) + len(value)
        while total > self._max_bytes and self._cache:
            old_key, old_value = self._cache.popitem()  # the least recently used
            self._expire_info.pop(old_key, None)
            total -= len(old_value)
        super()._set(key, value, timeout)


def cached_public_page(reads, policy=httpcache.PAGES):
    """Serve a public view from the cache while the record is unchanged (200s only).

    `reads` (a dashboard.query.Reads) names the query parameters the view reads; the view
    receives the query in its canonical form, those parameters and nothing else, and the page
    is kept under that form (page_key). So a repeated parameter, a reordered query or one the
    view ignores can never be answered with a page computed for another request.
    The key is also the page's ETag (dashboard/httpcache.py): a matching If-None-Match is a
    304, and a page others may share says so in Cache-Control (`policy`).
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            version, from_database = lookup_version()
            _read_canonically(request, reads)
            key = page_key(request, version)
            tag = httpcache.etag(key)
            if httpcache.matches(request, tag):
                return httpcache.not_modified(tag, policy)
            response = _Cache.call("get", key)
            if response is not None:
                return response
            if not from_database:
                # Read from the database, before the view reads any data: a page is never
                # stored under a newer version than the data it shows (a write meanwhile
                # leaves it under the old one), whatever Redis has heard of.
                version = read_version()
                key = page_key(request, version)
                tag = httpcache.etag(key)
            reset_token = _request_version.set(version)
            try:
                response = view(request, *args, **kwargs)
            finally:
                _request_version.reset(reset_token)
            if _keepable(request, response):
                httpcache.mark_public(response, tag, policy)
                if accepts_gzip(request):  # kept as sent: compressed once
                    response = compressed(request, response)
                _Cache.call("set", key, response, TIMEOUT)
            return response

        wrapper.page_cache_reads = reads  # what the URLconf's cached views read (tests list them)
        return wrapper

    return decorator


def _read_canonically(request, reads):
    """The request as its view reads it: the canonical query in GET and in QUERY_STRING (a
    copy of META: the server's own environ keeps what the client sent)."""
    request.GET = reads.canonical(request.GET)
    request.META = {**request.META, "QUERY_STRING": request.GET.urlencode()}


def _keepable(request, response):
    """A complete 200 that depends on nothing outside its key (httpcache.shareable)."""
    return not response.streaming and httpcache.shareable(request, response)


def public_http(reads, policy=httpcache.EXPORTS):
    """HTTP caching for a public view the page cache does not keep (a streamed file, the
    API): its ETag is the key its answer would have (page_key of the canonical query as
    `reads` reads it); a matching If-None-Match is a 304 before any data is read. The version
    is read before the view reads its data, so an ETag never names a newer version than the
    rows sent. The view itself reads the request as sent."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            stamp = read_stamp()
            tag = httpcache.etag(page_key(request, stamp.version, reads.canonical(request.GET)))
            if httpcache.matches(request, tag):
                return httpcache.not_modified(tag, policy)
            reset_version = _request_version.set(stamp.version)
            reset_stamp = _request_stamp.set(stamp)
            try:
                response = view(request, *args, **kwargs)
            finally:
                _request_version.reset(reset_version)
                _request_stamp.reset(reset_stamp)
            # A file's own 304 or byte range (a snapshot's) is as public as its whole.
            if response.status_code in (200, 206, 304) and not httpcache.personal(
                request, response
            ):
                httpcache.mark_public(response, tag, policy)
            return response

        return wrapper

    return decorator


# What a process remembers between requests, valid for one data version (the filter form's
# vocabulary options, which the record's writes may change).
_memo = {}
MEMO_SIZE = 64


def shared(name, parts, compute):
    """`compute()`'s value (not None), kept in the shared cache for this data version under
    `name` and `parts` (JSON-serialisable): e.g. a count that pages of one filter share."""
    raw = json.dumps([name, parts, current_version()])
    key = "value:" + hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()
    value = _Cache.call("get", key)
    if value is None:
        value = compute()
        _Cache.call("set", key, value, TIMEOUT)
    return value


def remember(name, compute):
    """`compute()`'s value, computed once per data version, language and process (the
    vocabularies' labels are in the reader's language)."""
    key = (name, current_version(), get_language())
    if key not in _memo:
        if len(_memo) >= MEMO_SIZE:
            _memo.clear()
        _memo[key] = compute()
    return _memo[key]


def reset():
    """Forget what this process remembers (tests start from nothing)."""
    _memo.clear()
    _Cache.failing = False
    sharedversion.reset()
