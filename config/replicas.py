"""Read replicas: public reads from a PostgreSQL streaming replica, everything else from the
primary (DATABASE_REPLICA_URLS; without it, everything reads the primary).

Which database a request reads is decided once, when it starts (ReplicaMiddleware), and kept
for the whole request, so everything it reads (the data version first, then the rows) comes
from one database, and a page is never kept under a version newer than its rows
(dashboard/freshness.py). The primary answers:

- every write (the router sends writes nowhere else), and every request that is not GET or
  HEAD, so the services' reads inside their transactions see what they lock;
- every admin request;
- views that must read it (`reads_primary = True`: the change feed, which asks the primary
  which write transactions are still open);
- read-your-writes: a browser that has just written (any POST, PUT, PATCH or DELETE) carries a
  cookie that sends its requests to the primary for READ_YOUR_WRITES_SECONDS, so an editor
  sees the change at once, before the replica has replayed it.

Outside a request (commands, the shell, tests without the middleware) everything reads the
primary.
"""

import contextvars
import random
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

PIN_COOKIE = "read_primary_until"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

_reading = contextvars.ContextVar("reading", default=DEFAULT_DB_ALIAS)


def replicas():
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


def reading():
    """The database the current request reads."""
    return _reading.get()


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return _reading.get()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, copied

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # a replica follows the primary's schema


def _pinned(request):
    try:
        return float(request.COOKIES.get(PIN_COOKIE, "0")) > time.time()
    except ValueError:
        return False


def _for(request):
    choices = replicas()
    if (
        not choices
        or request.method not in SAFE_METHODS
        or request.path.startswith("/" + settings.ADMIN_URL)
        or _pinned(request)
    ):
        return DEFAULT_DB_ALIAS
    return random.choice(choices)


class ReplicaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _reading.set(_for(request))
        try:
            response = self.get_response(request)
        finally:
            _reading.reset(token)
        if request.method not in SAFE_METHODS and replicas():
            seconds = settings.READ_YOUR_WRITES_SECONDS
            response.set_cookie(
                PIN_COOKIE,
                f"{time.time() + seconds:.3f}",
                max_age=seconds,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_view(self, request, view, args, kwargs):
        if getattr(getattr(view, "view_class", view), "reads_primary", False):
            _reading.set(DEFAULT_DB_ALIAS)  # reset with the request's own token above
