"""The whole record as files, written once per data version and sent from disk.

The downloads that take no filter (the incidents as CSV, Excel CSV and JSON, and every table of
the data package) are the ones researchers fetch most, and they are the same for every reader
until the record changes. `build()` writes them all from one consistent read of the record
(the data version and the rows in one REPEATABLE READ transaction; the CSVs with PostgreSQL's
COPY, as the live exports), each with a gzip copy and its SHA-256, into a temporary directory
beside the snapshots, then renames that directory into place (os.replace in the same parent
directory: a reader finds the whole snapshot or none, never a partial file).

A request for such a download reads the data version (one query). When a snapshot of exactly
that version exists it is answered from the file (dashboard/fileresponses.py: sendfile, ranges,
ETag); otherwise it streams live as before and a rebuild starts in a process of its own. A
snapshot is named by the version it holds, so a stale one is never served, and a failed rebuild
leaves nothing behind but the older snapshots, which no request of the new version reads.

    SNAPSHOT_DIR/
      <version>-<site>/          manifest.json, the files, a .gz beside each (complete)
      .build-<version>-<site>-*/ being written: never served; a dead builder's is removed
      .lock                      held (flock) by the one builder at a time, in any process

`manage.py release` writes the data package with the same writer (`write`).
"""

import datetime as dt
import fcntl
import gzip
import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from config.compression import accepts_gzip
from dashboard import datapackage, exports
from dashboard.fileresponses import Representation
from dashboard.freshness import consistent_read, read_stamp, read_version, request_stamp

logger = logging.getLogger(__name__)

CSV = "text/csv; charset=utf-8"
JSON = "application/json"
MANIFEST = "manifest.json"
GZIP_LEVEL = 6
# A process starts a rebuild at most this often (seconds); the builder itself runs one at a time.
RESTART_AFTER = 60
_SAFE = re.compile(r"[0-9A-Za-z_-]+")


@dataclass(frozen=True)
class Site:
    """The public address the files' links are written with (`https://host`, no path)."""

    root: str

    @classmethod
    def of(cls, request):
        return cls(f"{request.scheme}://{request.get_host()}")

    def url(self, name, *args):
        return self.root + reverse(name, args=args)

    @property
    def key(self):
        return hashlib.sha256(self.root.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Download:
    """One file of a snapshot: its name there, media type, and bytes for a site."""

    name: str
    content_type: str
    chunks: object  # (Site) -> iterator of bytes


def _table(name, table):
    return Download(
        f"{name}.csv",
        CSV,
        lambda site: exports.csv_chunks(
            datapackage.table_rows(name), base_url=site.url("dashboard:incident-list"), table=table
        ),
    )


def downloads():
    """Every download that takes no filter: each table of the data package (incidents.csv is
    also /incidents.csv), the incidents for Excel, and as JSON."""
    incidents = datapackage.table_rows("incidents")
    return [
        *(_table(name, table) for name, table in datapackage.TABLES.items()),
        Download(
            "incidents-excel.csv",
            CSV,
            lambda site: exports.csv_chunks(
                incidents, base_url=site.url("dashboard:incident-list"), bom=True
            ),
        ),
        Download(
            "incidents.json",
            JSON,
            lambda site: exports.json_chunks(
                incidents,
                base_url=site.url("dashboard:incident-list"),
                meta=exports.json_meta(codebook=site.url("dashboard:codebook"), query=""),
            ),
        ),
    ]


def package(version_name):
    """The data package as files: each table, and datapackage.json naming `version_name(stamp)`
    as its version (read in the same view of the record as the tables)."""

    def descriptor(site):
        described = datapackage.descriptor(codebook_url=site.url("dashboard:codebook"))
        stamp = read_stamp()
        described.update(version=version_name(stamp), data_version=stamp.version, as_of=stamp.as_of)
        yield json.dumps(described, indent=2, ensure_ascii=False).encode()

    tables = [_table(name, table) for name, table in datapackage.TABLES.items()]
    return [*tables, Download("datapackage.json", JSON, descriptor)]


# Writing ---------------------------------------------------------------------------------------


class Moved(Exception):
    """The record changed while it was read (SQLite only): the files may mix two versions."""


def write(directory, files, *, site, compress=True):
    """Write `files` (Downloads) for `site` into `directory` from one consistent read of the
    record, each flushed to disk with its SHA-256 (and a gzip copy beside it); return the
    manifest, also written there last as manifest.json."""
    directory = Path(directory)
    with consistent_read() as stamp:
        written = {
            file.name: _write_file(directory / file.name, file.chunks(site), compress)
            for file in files
        }
    if connection.vendor != "postgresql" and read_version() != stamp.version:
        raise Moved(stamp.version)
    manifest = {
        "version": stamp.version,
        "as_of": stamp.as_of,
        "built_at": timezone.now().astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "site": site.root,
        "files": {
            file.name: {"content_type": file.content_type, **written[file.name]} for file in files
        },
    }
    _write_durably(directory / MANIFEST, json.dumps(manifest, indent=1).encode())
    return manifest


def _write_file(path, chunks, compress):
    digest, size = hashlib.sha256(), 0
    with open(path, "wb") as out:
        packed = open(f"{path}.gz", "wb") if compress else None  # noqa: SIM115
        try:
            # No name or time in the gzip header: the same bytes give the same file.
            zipped = packed and gzip.GzipFile("", "wb", GZIP_LEVEL, packed, mtime=0)
            for chunk in chunks:
                out.write(chunk)
                digest.update(chunk)
                size += len(chunk)
                if zipped:
                    zipped.write(chunk)
            if zipped:
                zipped.close()
                packed.flush()
                os.fsync(packed.fileno())
        finally:
            if packed:
                packed.close()
        out.flush()
        os.fsync(out.fileno())
    found = {"bytes": size, "sha256": digest.hexdigest()}
    if compress:
        found["gzip_bytes"] = os.path.getsize(f"{path}.gz")
    return found


def _write_durably(path, data):
    with open(path, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def _sync_directory(path):
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def directory():
    return Path(settings.SNAPSHOT_DIR)


def _name(version, site):
    if not _SAFE.fullmatch(version):
        raise ValueError(f"unexpected data version {version!r}")
    return f"{version}-{site.key}"


@contextmanager
def _lock(root):
    """The builders' lock (flock on root/.lock): yields whether this process holds it. Released
    by the kernel if the holder dies, so a crashed build never blocks the next."""
    root.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(root / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(descriptor)  # releases the lock


def build(site, *, files=None):
    """Make the snapshot of the current data version for `site` exist: "current" if it already
    did, "built", "busy" (another builder holds the lock) or "moved" (SQLite: the record changed
    during the read; the next build tries again). A failure removes what it had written and
    raises; the older snapshots stay as they were (unused: they hold older versions)."""
    root = directory()
    with _lock(root) as locked:
        if not locked:
            return "busy"
        for leftover in root.glob(".build-*"):  # a builder that died: we hold the lock
            shutil.rmtree(leftover, ignore_errors=True)
        name = _name(read_version(), site)
        if (root / name / MANIFEST).exists():
            return "current"
        temporary = Path(tempfile.mkdtemp(prefix=f".build-{name}-", dir=root))
        try:
            manifest = write(temporary, files or downloads(), site=site)
            final = root / _name(manifest["version"], site)
            os.replace(temporary, final)  # atomic: the whole snapshot appears at once
        except Moved:
            shutil.rmtree(temporary, ignore_errors=True)
            return "moved"
        except BaseException:
            shutil.rmtree(temporary, ignore_errors=True)
            raise
        _sync_directory(root)
        for old in root.iterdir():
            if old.is_dir() and old != final and not old.name.startswith("."):
                shutil.rmtree(old, ignore_errors=True)  # open files stay readable until closed
    return "built"


def start_rebuild(site):
    """Start `manage.py build_snapshots` in a process of its own, unless this process started
    one less than RESTART_AFTER seconds ago or a builder holds the lock. Never waits for it."""
    global _builder, _started_at
    if not settings.SNAPSHOT_AUTOBUILD:
        return
    if _builder is not None and _builder.poll() is None:  # poll() also reaps a finished one
        return
    if time.monotonic() - _started_at < RESTART_AFTER:
        return
    with _lock(directory()) as free:
        if not free:
            return
    _started_at = time.monotonic()
    command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "build_snapshots"]
    environment = {**os.environ, "SNAPSHOT_DIR": str(directory())}
    try:
        _builder = subprocess.Popen(
            [*command, "--site-url", site.root, "--nice"],
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            start_new_session=True,  # not killed with the worker that started it
        )
    except OSError as error:
        logger.warning("could not start a snapshot rebuild: %r", error)


_builder = None
_started_at = -float("inf")


# Serving ---------------------------------------------------------------------------------------

_manifests = {}  # snapshot directory -> its manifest, for this process


def find(version, site):
    """The manifest of the snapshot of `version` for `site`, or None."""
    path = directory() / _name(version, site)
    if path not in _manifests:
        try:
            manifest = json.loads((path / MANIFEST).read_bytes())
        except FileNotFoundError:
            return None
        if len(_manifests) >= 16:
            _manifests.clear()
        _manifests[path] = manifest
    return _manifests[path]


def _made_for(site, version):
    """Whether a request for `site` may start a rebuild: the snapshots are made for SITE_URL
    when it is set; else for the site asked, unless the current version's snapshot exists for
    another one. Only one snapshot is kept, and a Host header may name any port: without this,
    each new port evicted the current snapshot and started a full rebuild (an outside sweep)."""
    if settings.SITE_URL:
        return site.root == settings.SITE_URL
    _name(version, site)  # the version's shape, checked before it is part of a pattern
    return not any(directory().glob(f"{version}-*/{MANIFEST}"))


def etag(version, name, encoding=""):
    """The ETag of snapshot file `name` at a data version (strong: used by If-Range)."""
    return f'"{version}-{name}{"-" + encoding if encoding else ""}"'


def response(request, name):
    """`name` from the snapshot of the current data version, as a file response to `request`,
    or None: no snapshot of this version (a rebuild is started), or it is gone meanwhile. The
    caller then streams the file live."""
    if not settings.SNAPSHOT_DIR:
        return None
    stamp = request_stamp()  # the one the request's ETag names
    site = Site.of(request)
    manifest = find(stamp.version, site)
    if manifest is None:
        if _made_for(site, stamp.version):
            start_rebuild(site)
        return None
    encoding = "gzip" if accepts_gzip(request) else ""
    path = directory() / _name(stamp.version, site) / (name + (".gz" if encoding else ""))
    built = dt.datetime.fromisoformat(manifest["built_at"].replace("Z", "+00:00"))
    representation = Representation(
        path=str(path),
        content_type=manifest["files"][name]["content_type"],
        etag=etag(stamp.version, name, encoding),
        last_modified=(stamp.changed_at or built).timestamp(),
        encoding=encoding,
    )
    headers = [
        ("Vary", "Accept-Encoding"),
        ("X-Data-Version", stamp.version),
        ("X-Data-As-Of", manifest["as_of"] or ""),
        ("X-Snapshot-Built-At", manifest["built_at"]),
    ]
    try:
        return representation.response(request, headers)
    except FileNotFoundError:  # removed by a newer build after we looked: stream live
        return None


def forget():
    """Forget the manifests this process read, and the rebuild it started and when (tests
    start from nothing: a rebuild started by an earlier test would hold the next one back for
    RESTART_AFTER seconds)."""
    global _builder, _started_at
    _manifests.clear()
    _builder, _started_at = None, -float("inf")
