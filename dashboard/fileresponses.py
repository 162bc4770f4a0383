"""A file on disk as an HTTP response: the OS's sendfile, conditional requests and byte ranges.

Django's FileResponse hands an open file to the WSGI server's `wsgi.file_wrapper`; gunicorn then
sends it with sendfile(2), from the file's current offset for Content-Length bytes, without the
bytes passing through Python. Django answers neither conditional requests for such a file nor
ranges, so this module does, after whitenoise's responders (RFC 9110, sections 13 and 14):

- If-Match / If-Unmodified-Since (412) and If-None-Match / If-Modified-Since (304) first;
- then one byte range (`bytes=first-last`, `first-`, `-suffix`), answered 206 with
  Content-Range; a range that starts past the end is 416 with `Content-Range: bytes */size`;
  several ranges, another unit or a malformed header are ignored (the whole file, 200), as the
  RFC allows;
- If-Range: the range is honoured only when the validator names this very representation (the
  strong ETag, or exactly its Last-Modified date); otherwise the whole file, 200.
"""

import os
import re
from dataclasses import dataclass

from django.http import FileResponse, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe

BLOCK_SIZE = 256 * 1024  # where no sendfile is at hand (runserver, the test client)


class _Slice:
    """`length` bytes of an open file from `start` on.

    It keeps the file's own descriptor (fileno), positioned at `start`, so gunicorn sends the
    bytes with sendfile(2), taking the length from Content-Length; elsewhere `read` stops at the
    end of the range. No seek or tell: FileResponse would measure (or read) the file with them,
    and the length is set here instead.
    """

    def __init__(self, raw, start, length):
        raw.seek(start)
        self.raw, self.remaining = raw, length

    def read(self, size=-1):
        size = self.remaining if size < 0 else min(size, self.remaining)
        data = self.raw.read(size) if size > 0 else b""
        self.remaining -= len(data)
        return data

    def fileno(self):
        return self.raw.fileno()

    def close(self):
        self.raw.close()


class _Response(FileResponse):
    block_size = BLOCK_SIZE


@dataclass(frozen=True)
class Representation:
    """One stored file as sent: its path, media type, content coding and validators."""

    path: str
    content_type: str
    etag: str  # strong, quoted: '"..."'
    last_modified: float  # seconds since the epoch
    encoding: str = ""  # "gzip" for a compressed copy

    def response(self, request, headers=()):
        """The answer to `request` (GET or HEAD) for this file: 200, 206, 304, 412 or 416.

        `headers` are set on every answer that carries the file (or says it is unchanged).
        Raises FileNotFoundError when the file is gone, before anything is sent."""
        raw = open(self.path, "rb", buffering=0)  # noqa: SIM115 (closed by the response)
        try:
            size = os.fstat(raw.fileno()).st_size
            status, start, length = self._status(request, size)
        except BaseException:
            raw.close()
            raise
        if status in (304, 412, 416):
            raw.close()
            response = HttpResponse(status=status)
            if status == 416:
                response["Content-Range"] = f"bytes */{size}"
        else:
            response = _Response(_Slice(raw, start, length), status=status)
            response["Content-Length"] = str(length)
            response["Content-Type"] = self.content_type
            if self.encoding:
                response["Content-Encoding"] = self.encoding
            if status == 206:
                response["Content-Range"] = f"bytes {start}-{start + length - 1}/{size}"
        if status != 412:
            response["ETag"] = self.etag
            response["Last-Modified"] = http_date(self.last_modified)
            response["Accept-Ranges"] = "bytes"
            for name, value in headers:
                response[name] = value
        return response

    def _status(self, request, size):
        """(status, first byte, length) for `request`."""
        unchanged = get_conditional_response(
            request, etag=self.etag, last_modified=int(self.last_modified)
        )
        if unchanged is not None:
            return unchanged.status_code, 0, 0
        span = byte_range(request.META.get("HTTP_RANGE", ""), size)
        if span is None or not self._if_range(request.META.get("HTTP_IF_RANGE")):
            return 200, 0, size
        if span == UNSATISFIABLE:
            return 416, 0, 0
        first, last = span
        return 206, first, last - first + 1

    def _if_range(self, validator):
        """Whether a Range may be honoured: no If-Range, or one that names this file."""
        if validator is None:
            return True
        validator = validator.strip()
        if validator.startswith('"'):
            return validator == self.etag  # strong comparison; a weak tag never matches
        date = parse_http_date_safe(validator)
        return date is not None and date == int(self.last_modified)


UNSATISFIABLE = "unsatisfiable"


DIGITS = re.compile(r"[0-9]*")  # ASCII digits only: "²".isdigit(), but int("²") fails


def byte_range(header, size):
    """(first, last) byte of a single-range `Range` header for a file of `size` bytes,
    UNSATISFIABLE, or None to send the whole file (no header, another unit, several ranges, or
    a malformed one)."""
    unit, _, spec = header.partition("=")
    if unit.strip().lower() != "bytes" or "," in spec:
        return None
    first, dash, last = spec.strip().partition("-")
    first, last = first.strip(), last.strip()
    if not dash or not DIGITS.fullmatch(first) or not DIGITS.fullmatch(last):
        return None
    # Past 18 digits a position is beyond any file (and int() of 4,300 digits refuses).
    first, last = (text if len(text) <= 18 else "1" + "0" * 18 for text in (first, last))
    if first == "":
        if last == "":
            return None
        suffix = int(last)  # the last `suffix` bytes
        if suffix == 0 or size == 0:
            return UNSATISFIABLE
        return max(size - suffix, 0), size - 1
    first = int(first)
    if last and int(last) < first:
        return None  # invalid: ignored, as the RFC allows
    if first >= size:
        return UNSATISFIABLE
    return first, min(int(last), size - 1) if last else size - 1
