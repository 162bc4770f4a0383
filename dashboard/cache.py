"""Whole public pages, cached under the record's data version.

A page is stored under its path, its query string (keys and values sorted, so the same view
always has one key) and the current data version; any write to the record changes the version
(incidents/versions.py), so a cached page is never older than the data it shows. Reading the
version costs one primary-key lookup, at most every 0.2 s per process (see versions.py).
"""

import hashlib
from functools import wraps

from django.core.cache import cache

from incidents.versions import data_version

TIMEOUT = 3600


def page_key(path, query, version):
    """The key of the page at `path` with `query` (a QueryDict), at a data version."""
    query = "&".join(
        f"{key}={value}" for key in sorted(query) for value in sorted(query.getlist(key))
    )
    raw = f"{path}?{query}|{version}"
    return "page:" + hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def cached_public_page(view):
    """Serve a public view from the cache while the record is unchanged (200s only)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        # Read before the view reads any data: a page is never stored under a newer version
        # than the data it shows (a write meanwhile leaves it under the old one, unused).
        request.page_version = data_version()
        key = page_key(request.path, request.GET, request.page_version)
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                cache.set(key, response, TIMEOUT)
        return response

    return wrapper


def store_page(request, path, query, response):
    """Cache `response` as the page at `path` with `query`, computed within `request`'s view.

    For a page that computes what another page shows (the overview and its chart data), so the
    second costs nothing; stored under the version `request`'s own page was read at.
    """
    cache.set(page_key(path, query, request.page_version), response, TIMEOUT)
