"""Whole public pages, cached under the record's data version.

A page is stored under its path, its query string (keys and values sorted, so the same view
always has one key) and the current data version; any write to the record changes the version
(incidents/versions.py), so a cached page is never older than the data it shows. Each request
pays one primary-key lookup for the version.
"""

import hashlib
from functools import wraps

from django.core.cache import cache

from incidents.versions import data_version

TIMEOUT = 3600


def page_key(request, version):
    query = "&".join(
        f"{key}={value}"
        for key in sorted(request.GET)
        for value in sorted(request.GET.getlist(key))
    )
    raw = f"{request.path}?{query}|{version}"
    return "page:" + hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def cached_public_page(view):
    """Serve a public view from the cache while the record is unchanged (200s only)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        key = page_key(request, data_version())
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                cache.set(key, response, TIMEOUT)
        return response

    return wrapper
