"""gzip for what the public reads: pages, JSON and SVG charts, when the client accepts it.

Never for the admin, nor for any response that carries a CSRF token (a secret in a compressed
body is what BREACH reads out), nor for streamed downloads (a CSV is read by programs at the
speed of the database; compressing it would cost the export its throughput). Django's own
middleware does the compressing, with its random padding against BREACH-style length attacks.
The page cache (dashboard/freshness.py) keeps a page compressed, so a cached page is compressed
once, not on every request.
"""

import re

from django.conf import settings
from django.middleware.gzip import GZipMiddleware

from incidents.internals import csrf_token_used

COMPRESSED_TYPES = ("text/html", "application/json", "image/svg+xml")
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def accepts_gzip(request):
    return bool(ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def carries_csrf_token(request, response):
    """Whether `response` may hold the CSRF token: get_token() ran while it was made (Django's
    flag, set until its middleware has sent the cookie) or the token's cookie is being sent."""
    return csrf_token_used(request) or (settings.CSRF_COOKIE_NAME in response.cookies)


class PublicGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if (
            response.streaming
            or request.path.startswith("/" + settings.ADMIN_URL)
            or carries_csrf_token(request, response)
            or not response.get("Content-Type", "").startswith(COMPRESSED_TYPES)
        ):
            return response
        return super().process_response(request, response)


def compressed(request, response):
    """`response` as the middleware would send it to this request (compressed, if it may be)."""
    return PublicGZipMiddleware(lambda request: response).process_response(request, response)
