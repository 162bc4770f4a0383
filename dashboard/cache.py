"""Whole public pages, cached under the record's data version.

A page is stored under its path, its query string (keys and values sorted, so the same view
always has one key) and the current data version; any write to the record changes the version
(incidents/versions.py), so a cached page is never older than the data it shows. Reading the
version costs one primary-key lookup, at most every 0.2 s per process (see versions.py).
"""

import hashlib
import json
import logging
from functools import wraps

from django.core.cache import cache
from django.utils.translation import get_language

from incidents.versions import data_version

TIMEOUT = 3600
logger = logging.getLogger(__name__)


def page_key(path, query, version):
    """The key of the page at `path` with `query` (a QueryDict), at a data version.

    The parts are serialised as JSON, which keeps every value apart (`q=a%26sort%3Ddate` never
    meets `q=a&sort=date`), and the parameters sorted, so one view has one key however its
    query string is ordered.
    """
    pairs = sorted((key, value) for key in query for value in query.getlist(key))
    raw = json.dumps([path, pairs, version, get_language()])
    return "page:" + hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


class _Cache:
    """The page cache, optional at run time: an error is logged once, until it answers again,
    and the page is computed without it."""

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


def cached_public_page(view):
    """Serve a public view from the cache while the record is unchanged (200s only)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        # Read before the view reads any data: a page is never stored under a newer version
        # than the data it shows (a write meanwhile leaves it under the old one, unused).
        request.page_version = data_version()
        key = page_key(request.path, request.GET, request.page_version)
        response = _Cache.call("get", key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                _Cache.call("set", key, response, TIMEOUT)
        return response

    return wrapper


def store_page(request, path, query, response):
    """Cache `response` as the page at `path` with `query`, computed within `request`'s view.

    For a page that computes what another page shows (the overview and its chart data), so the
    second costs nothing; stored under the version `request`'s own page was read at.
    """
    _Cache.call("set", page_key(path, query, request.page_version), response, TIMEOUT)
