"""The whole record as files: the unfiltered downloads are sent from the snapshot of the current
data version (sendfile, ETag, ranges), byte for byte what the live stream gives; after a write
they stream live until a rebuild has written the new version; a failed rebuild leaves no
partial file and serves nothing stale; releases carry checksums that verify."""

import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.http import FileResponse
from django.urls import reverse

from dashboard import snapshots
from dashboard.freshness import DataVersion, read_version
from incidents import services
from incidents.models import Incident
from tests.factories import CitationFactory, IncidentFactory, SourceFactory, damage, region

pytestmark = pytest.mark.django_db

SITE = "http://testserver"  # the test client's address
FRICTIONLESS = Path(sys.executable).parent / "frictionless"
BY = services.Command("the snapshot tests")
# Every whole-record download, and the name of its file in a snapshot.
DOWNLOADS = {
    reverse("dashboard:export-csv"): "incidents.csv",
    reverse("dashboard:export-csv-excel"): "incidents-excel.csv",
    reverse("dashboard:export-json"): "incidents.json",
    **{
        reverse("dashboard:datapackage-table", args=[name]): f"{name}.csv"
        for name in ("incidents", "citations", "regions")
    },
}
CSV = reverse("dashboard:export-csv")


@pytest.fixture
def record():
    kaluga = IncidentFactory(
        region=region("RU-KLU"),
        summary='=HYPERLINK("x") над Калугой,\n"в кавычках"',
        damage_types=damage("fire", "residential"),
        cited=False,
    )
    CitationFactory(incident=kaluga, source=SourceFactory(name="Губернатор"), quote="-2+3")
    CitationFactory(incident=kaluga, source=SourceFactory(name="MoD", kind="ministry"))
    IncidentFactory(region=region("UA-43"), intercepted=None)
    IncidentFactory(region=region("RU-BEL"), status=Incident.Status.DRAFT, summary="draft")
    return kaluga


def content(response):
    return b"".join(response.streaming_content)


def ids(body):
    return {int(row["id"]) for row in csv.DictReader(io.StringIO(body.decode()))}


def is_file(response):
    """Sent from a file (the WSGI server's sendfile path), not streamed from the database."""
    return isinstance(response, FileResponse)


def build():
    return snapshots.build(snapshots.Site(SITE))


def snapshot_dirs(root):
    return sorted(p.name for p in Path(root).iterdir() if p.is_dir()) if Path(root).exists() else []


def test_a_current_snapshot_is_sent_as_a_file(client, record):
    live = client.get(CSV)
    assert live.streaming and not is_file(live)  # no snapshot yet: streamed as before
    assert build() == "built"
    response = client.get(CSV)
    assert response.status_code == 200 and is_file(response)
    body = content(response)
    assert int(response["Content-Length"]) == len(body) > 0
    version = read_version()
    assert response["ETag"] == f'"{version}-incidents.csv"'
    assert response["X-Data-Version"] == version
    assert response["Accept-Ranges"] == "bytes" and response["Last-Modified"]
    assert response["X-Snapshot-Built-At"].endswith("Z") and response["X-Data-As-Of"]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert build() == "current"  # nothing to do until the record changes
    # The ETag answers a repeated request with 304, no body.
    again = client.get(CSV, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again["ETag"] == response["ETag"]


@pytest.mark.parametrize("url", DOWNLOADS)
def test_the_snapshot_is_byte_for_byte_the_live_stream(client, record, url):
    live = client.get(url)
    assert not is_file(live)
    expected = content(live)
    assert build() == "built"
    served = client.get(url)
    assert is_file(served) and content(served) == expected
    assert served["Content-Type"] == live["Content-Type"]
    packed = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert packed["Content-Encoding"] == "gzip" and packed["Vary"] == "Accept-Encoding"
    assert packed["ETag"] != served["ETag"]  # another representation, another tag
    assert gzip.decompress(content(packed)) == expected


def test_a_snapshot_says_when_the_record_last_changed_not_when_it_was_built(client, record):
    """Last-Modified is the record's: a conditional request by date asks "has the record
    changed since?", and a rebuild of the same version must not make every copy look new."""
    changed = dt.datetime(2026, 11, 30, 21, 15, 7, tzinfo=dt.UTC)
    DataVersion.objects.update(changed_at=changed)
    build()
    response = client.get(CSV)
    assert is_file(response)
    assert response["Last-Modified"] == "Mon, 30 Nov 2026 21:15:07 GMT"
    assert response["X-Data-As-Of"] == "2026-11-30T21:15:07Z"
    packed = client.get(CSV, HTTP_ACCEPT_ENCODING="gzip")
    # Each representation has its own strong tag, stable from process to process (If-Range
    # must never resume the compressed file with the plain one's bytes).
    assert packed["ETag"] == f'"{read_version()}-incidents.csv-gzip"'


def test_only_a_request_for_the_site_the_snapshots_are_made_for_starts_a_rebuild(
    client, record, settings, monkeypatch
):
    started = []
    monkeypatch.setattr(snapshots, "start_rebuild", started.append)
    settings.ALLOWED_HOSTS = ["testserver", "data.example.org"]
    settings.SITE_URL = "https://data.example.org"
    other = client.get(CSV)  # http://testserver: its links would name another address
    assert other.status_code == 200 and not is_file(other) and started == []
    ours = client.get(CSV, HTTP_HOST="data.example.org", secure=True)
    assert ours.status_code == 200 and not is_file(ours)
    assert [site.root for site in started] == ["https://data.example.org"]
    settings.SITE_URL = ""  # no address configured: the site asked is the one
    client.get(CSV)
    assert [site.root for site in started][1:] == ["http://testserver"]


def test_without_an_address_configured_another_host_never_evicts_the_current_snapshot(
    client, record, settings, monkeypatch
):
    # Only one snapshot is kept, and a Host header may name any port: each new one evicted
    # the current snapshot and started a full rebuild (found by an outside sweep).
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
    build()  # for SITE, the site this test's client asks for
    started = []
    monkeypatch.setattr(snapshots, "start_rebuild", started.append)
    for port in (1, 2, 99999):
        other = client.get(CSV, HTTP_HOST=f"127.0.0.1:{port}")
        assert other.status_code == 200 and not is_file(other)  # its own links: streamed
    assert started == []
    assert is_file(client.get(CSV))  # the snapshot is still there, and sent
    IncidentFactory()  # a new data version: the first host to ask starts the rebuild
    client.get(CSV, HTTP_HOST="127.0.0.1:1")
    assert [site.root for site in started] == ["http://127.0.0.1:1"]


def test_the_json_file_names_its_data_version(client, record):
    build()
    document = json.loads(content(client.get(reverse("dashboard:export-json"))))
    assert document["meta"]["data_version"] == read_version()
    assert document["meta"]["as_of"].endswith("Z")
    assert len(document["incidents"]) == 2  # published only


def test_a_filtered_download_never_comes_from_the_snapshot(client, record):
    build()
    filtered = client.get(CSV, {"region": "kaluga-oblast"})
    assert filtered.status_code == 200 and not is_file(filtered)
    assert content(filtered).count(b"\n") > 1
    # A query that selects nothing less than the whole record (as the filter reads it) does.
    assert is_file(client.get(CSV, {"region": "", "utm_source": "x"}))


def test_a_range_request_resumes_the_download(client, record):
    build()
    whole = content(client.get(CSV))
    size = len(whole)
    etag = client.get(CSV)["ETag"]
    head = client.get(CSV, HTTP_RANGE="bytes=0-99")
    first = content(head)
    assert head.status_code == 206 and first == whole[:100]
    assert head["Content-Range"] == f"bytes 0-99/{size}" and head["Content-Length"] == "100"
    rest = client.get(CSV, HTTP_RANGE="bytes=100-", HTTP_IF_RANGE=etag)
    assert rest.status_code == 206 and first + content(rest) == whole
    assert content(client.get(CSV, HTTP_RANGE="bytes=-10")) == whole[-10:]
    assert content(client.get(CSV, HTTP_RANGE=f"bytes=5-{size + 99}")) == whole[5:]
    one = client.get(CSV, HTTP_RANGE="bytes=7-7")
    assert one.status_code == 206 and content(one) == whole[7:8]
    for unsatisfiable in (f"bytes={size}-", f"bytes={size + 10}-{size + 20}", "bytes=-0"):
        refused = client.get(CSV, HTTP_RANGE=unsatisfiable)
        assert refused.status_code == 416, unsatisfiable
        assert refused["Content-Range"] == f"bytes */{size}"
    # Another version's tag (the file changed since the first part): the whole file again.
    stale = client.get(CSV, HTTP_RANGE="bytes=100-", HTTP_IF_RANGE='"another-version"')
    assert stale.status_code == 200 and content(stale) == whole
    # Several ranges, other units, nonsense: the whole file, as the RFC allows.
    for ignored in ("bytes=0-1,5-6", "items=0-1", "bytes=9-3", "bytes=x-"):
        answer = client.get(CSV, HTTP_RANGE=ignored)
        assert answer.status_code == 200 and content(answer) == whole, ignored
    # The compressed copy is a representation of its own, with its own ranges.
    packed = content(client.get(CSV, HTTP_ACCEPT_ENCODING="gzip"))
    part = client.get(CSV, HTTP_ACCEPT_ENCODING="gzip", HTTP_RANGE="bytes=10-")
    assert part.status_code == 206 and content(part) == packed[10:]


def test_a_write_makes_the_snapshot_stale_and_it_is_never_served(client, record, snapshot_dir):
    build()
    before = snapshot_dirs(snapshot_dir)
    services.retract(by=BY, incidents=Incident.objects.filter(pk=record.pk), reason="Wrong.")
    response = client.get(CSV)
    assert response.status_code == 200 and not is_file(response)
    assert record.pk not in ids(content(response))  # the live rows
    assert snapshot_dirs(snapshot_dir) == before  # nothing written by the request itself
    assert build() == "built"
    assert snapshot_dirs(snapshot_dir) != before and len(snapshot_dirs(snapshot_dir)) == 1
    fresh = client.get(CSV)
    assert is_file(fresh) and fresh["X-Data-Version"] == read_version()
    assert record.pk not in ids(content(fresh))


def test_a_failing_rebuild_leaves_no_partial_file_and_nothing_stale_in_service(
    client, record, snapshot_dir
):
    build()
    old = snapshot_dirs(snapshot_dir)
    old_files = {p.name: p.read_bytes() for p in (snapshot_dir / old[0]).iterdir()}
    services.retract(by=BY, incidents=Incident.objects.filter(pk=record.pk), reason="Wrong.")
    # The disk "fills up": the kernel refuses to grow any file past 2 KB (EFBIG).
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (2048, hard))
    try:
        with pytest.raises(OSError, match="too large"):
            build()
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)
    assert sorted(p.name for p in snapshot_dir.iterdir() if p.name != ".lock") == old
    assert {p.name: p.read_bytes() for p in (snapshot_dir / old[0]).iterdir()} == old_files
    response = client.get(CSV)
    assert response.status_code == 200 and not is_file(response)  # live, never the old file
    assert record.pk not in ids(content(response))


def test_the_manifest_describes_each_file_as_written(record, snapshot_dir):
    """What a mirror or a release checks a file against: its size and SHA-256, and its gzip
    copy's size; the gzip copy carries no name or time, so the same bytes give the same file."""
    build()
    [snapshot] = [p for p in snapshot_dir.iterdir() if p.is_dir()]
    manifest = json.loads((snapshot / "manifest.json").read_bytes())
    assert manifest["version"] == read_version() and manifest["site"] == SITE
    assert manifest["built_at"].endswith("Z")
    assert set(manifest["files"]) >= set(DOWNLOADS.values())
    for name, described in manifest["files"].items():
        data, packed = (snapshot / name).read_bytes(), (snapshot / f"{name}.gz").read_bytes()
        assert described["bytes"] == len(data) > 0, name
        assert described["sha256"] == hashlib.sha256(data).hexdigest(), name
        assert described["gzip_bytes"] == len(packed) and gzip.decompress(packed) == data
        # RFC 1952: byte 3 holds the flags (0x08: a file name follows), bytes 4-7 the time.
        assert packed[3] & 0x08 == 0 and packed[4:8] == b"\0\0\0\0", name


def test_a_snapshot_is_written_out_of_sight_and_appears_whole(record, snapshot_dir):
    seen = []

    def chunks(site):
        yield b"id\n"
        seen.extend(sorted(p.name for p in snapshot_dir.iterdir()))  # mid-write
        yield b"1\n"

    files = [snapshots.Download("incidents.csv", "text/csv", chunks)]
    assert snapshots.build(snapshots.Site(SITE), files=files) == "built"
    [partial] = [name for name in seen if name != ".lock"]
    assert partial.startswith(".build-")  # hidden, and a dead builder's is swept (below)
    final = f"{read_version()}-{snapshots.Site(SITE).key}"
    assert sorted(p.name for p in snapshot_dir.iterdir()) == [".lock", final]
    manifest = json.loads((snapshot_dir / final / "manifest.json").read_bytes())
    assert manifest["files"]["incidents.csv"]["bytes"] == len(b"id\n1\n")  # both chunks


def test_a_build_removes_what_a_builder_that_died_left_half_written(record, snapshot_dir):
    dead = snapshot_dir / ".build-0-abc-x1y2"
    dead.mkdir(parents=True)
    (dead / "incidents.csv").write_bytes(b"id,url\n1,")  # cut off mid-row
    assert build() == "built"
    assert not dead.exists()
    assert [p.name for p in snapshot_dir.iterdir() if p.name.startswith(".build")] == []


@pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="PostgreSQL reads the whole snapshot in one view of the record (REPEATABLE READ)",
)
def test_a_record_that_changed_during_the_read_is_not_kept_as_a_snapshot(
    client, record, snapshot_dir
):
    """SQLite has no snapshot isolation across the files: a write during the read would mix
    two versions, so the build is dropped ("moved") and the next one tries again."""

    def chunks_with_a_write_between(site):
        yield b"id\n"
        services.retract(by=BY, incidents=Incident.objects.filter(pk=record.pk), reason="Wrong.")
        yield b"1\n"

    files = [snapshots.Download("incidents.csv", "text/csv", chunks_with_a_write_between)]
    assert snapshots.build(snapshots.Site(SITE), files=files) == "moved"
    assert [p.name for p in snapshot_dir.iterdir() if p.name != ".lock"] == []
    assert not is_file(client.get(CSV))  # nothing to send: streamed live
    assert build() == "built"


def test_one_builder_at_a_time(record, snapshot_dir):
    with snapshots._lock(snapshot_dir) as mine:
        assert mine
        assert build() == "busy"
    assert build() == "built"


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the builder runs in a process of its own, and SQLite's test database lives in "
    "this process's memory",
)
@pytest.mark.django_db(transaction=True)
def test_after_a_write_the_next_request_streams_live_and_a_rebuild_follows(
    client, seeded, settings, monkeypatch, snapshot_dir
):
    incident = IncidentFactory(summary="first")
    db = connection.settings_dict
    monkeypatch.setenv(
        "DATABASE_URL",
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    )
    settings.SNAPSHOT_AUTOBUILD = True
    build()
    services.retract(by=BY, incidents=Incident.objects.filter(pk=incident.pk), reason="Wrong.")
    other = IncidentFactory(summary="second")
    services.retract(by=BY, incidents=Incident.objects.filter(pk=other.pk), reason="Wrong.")
    version = read_version()

    response = client.get(CSV)  # stale: streamed live, and a builder started meanwhile
    assert response.status_code == 200 and not is_file(response)
    expected = content(response)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        response = client.get(CSV)
        if is_file(response):
            break
        content(response)
        time.sleep(0.5)
    assert is_file(response), "no rebuild followed the stale request"
    assert response["X-Data-Version"] == version and content(response) == expected
    snapshots._builder.wait(timeout=30)


def test_release_writes_a_checksum_that_verifies(record, tmp_path):
    call_command("release", site_url=SITE, directory=tmp_path / "releases")
    [release] = (tmp_path / "releases").iterdir()
    assert release.name.endswith(read_version())
    names = {p.name for p in release.iterdir()}
    assert names >= {
        "incidents.csv",
        "citations.csv",
        "regions.csv",
        "datapackage.json",
        "SHA256SUMS",
    }
    checked = subprocess.run(
        ["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=release, capture_output=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    listed = {line.split()[1] for line in (release / "SHA256SUMS").read_text().splitlines()}
    assert listed == names - {"SHA256SUMS"}
    assert not any(os.stat(p).st_mode & 0o222 for p in release.iterdir())  # read-only
    package = json.loads((release / "datapackage.json").read_text())
    assert package["version"] == release.name
    assert package["data_version"] == read_version() and package["as_of"].endswith("Z")
    validated = subprocess.run(
        [str(FRICTIONLESS), "validate", "--json", str(release / "datapackage.json")],
        capture_output=True,
        text=True,
    )
    assert json.loads(validated.stdout)["valid"]
    with pytest.raises(CommandError, match="never changed"):  # immutable
        call_command("release", site_url=SITE, directory=tmp_path / "releases")
    # The checksums can fail: a copy with one byte changed does not verify.
    copy = tmp_path / "copy"
    shutil.copytree(release, copy)
    (copy / "incidents.csv").chmod(0o644)
    with open(copy / "incidents.csv", "r+b") as file:
        file.seek(3)
        file.write(b"#")
    tampered = subprocess.run(["sha256sum", "--check", "SHA256SUMS"], cwd=copy, capture_output=True)
    assert tampered.returncode != 0
    for path in (copy, release):
        path.chmod(0o755)


def test_the_codebook_says_as_of_which_version(client, record):
    page = client.get(reverse("dashboard:codebook")).content.decode()
    assert read_version() in page and "as of" in page
