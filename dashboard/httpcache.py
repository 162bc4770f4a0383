"""HTTP caching of what the public reads, so that a proxy, a CDN or the reader's browser can
serve a repeated view without asking the site, and ask cheaply when it must.

- A public answer carries an ETag made of its page cache key (dashboard/freshness.py:
  page_key, i.e. the data version, the path, the canonical query, the language and the
  encoding), so a write, which changes the data version, changes every ETag at once.
- A request whose If-None-Match names that ETag is answered 304 before the view reads any data
  (the data version is the one query).
- `Cache-Control: public` with an s-maxage suited to what it is (Policy) for shared caches,
  max-age=0 for browsers (they revalidate), and stale-while-revalidate so a proxy keeps
  answering while it asks; `Vary: Accept-Encoding` (the language is in the key and in the
  address: a page's prefix, a file's `?lang=`; no public answer depends on Accept-Language,
  config/languages.py).
- Everything else (the admin, a page that read the session or holds a CSRF token, an error, a
  view nobody marked public) is `private, no-store` (HttpCacheMiddleware): a shared cache
  never keeps what one person saw.
"""

from dataclasses import dataclass
from functools import wraps

from django.http import HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags

from config.compression import carries_csrf_token

PRIVATE = "private, no-store"


@dataclass(frozen=True)
class Policy:
    """How long a shared cache may serve an answer without asking (max_age), and how much
    longer it may serve it while it asks (stale), in seconds."""

    max_age: int
    stale: int

    @property
    def header(self):
        # Browsers ask again each time (a 304 costs one query), so an editor who has just
        # written sees it (config/replicas.py); shared caches keep it for max_age.
        return f"public, max-age=0, s-maxage={self.max_age}, stale-while-revalidate={self.stale}"


# Pages: a correction reaches readers within a minute. The chart data follows its page, so a
# page and its chart never disagree for long.
PAGES = Policy(max_age=60, stale=600)
CHARTS = PAGES
# The API: programs that poll; the same minute.
API = Policy(max_age=60, stale=600)
# Files: large, fetched by mirrors and scripts; revalidating costs one query, a download many.
EXPORTS = Policy(max_age=300, stale=3600)


def etag(key):
    """The weak ETag of the answer kept under page cache key `key` (weak: the same content may
    be sent compressed or not, and gzip's padding differs between compressions)."""
    return f'W/"{key.split(":", 1)[-1][:40]}"'


def matches(request, tag):
    """Whether the request's If-None-Match names `tag` (weak comparison, as RFC 9110 asks).
    "*" matches nothing here: it means "any current representation", and this is asked before
    the view has said whether there is one (a 304 for a page that is a 404 or a 400)."""
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    tags = parse_etags(header)
    return tag.removeprefix("W/") in {t.removeprefix("W/") for t in tags}


def not_modified(tag, policy):
    response = HttpResponseNotModified()
    return mark_public(response, tag, policy)


def mark_public(response, tag, policy):
    """`response` as a shared cache may keep it (an ETag the view set itself is kept: a
    snapshot file's strong tag serves its byte ranges)."""
    if tag:
        response.setdefault("ETag", tag)
    response["Cache-Control"] = policy.header
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


def personal(request, response):
    """Whether `response` may hold something of one person: it read the session (or the
    user, who comes from it), may hold the CSRF token, or sets a cookie."""
    session = getattr(request, "session", None)
    return (
        (session is not None and session.accessed)
        or carries_csrf_token(request, response)
        or bool(response.cookies)
    )


def shareable(request, response):
    """A complete answer to the request that anyone else asking the same would get."""
    return response.status_code == 200 and not personal(request, response)


def from_code(policy):
    """A public view made from code alone (no rows, no data version: it answers while the
    database is away), which a shared cache may keep for `policy`'s time."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if shareable(request, response):
                mark_public(response, None, policy)
            return response

        return wrapper

    return decorator


class HttpCacheMiddleware:
    """`private, no-store` on every answer that does not say how it may be cached (the admin's
    own never_cache headers, the public views' Policy and static files' are kept)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Cache-Control" not in response or personal(request, response):
            response["Cache-Control"] = PRIVATE
        return response
