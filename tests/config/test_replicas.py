"""Read replicas, with a real streaming replica on loopback: public reads go to the replica;
writes, the admin and an editor's next requests go to the primary, so the editor sees the
change at once while the replica has not replayed it.

A primary cluster of its own (initdb), a replica made from it with `pg_basebackup -R` and
started on another port, gunicorn with DATABASE_URL (the primary) and DATABASE_REPLICA_URLS.
Replay on the replica is paused (pg_wal_replay_pause) while the editor writes, so which
database answered shows in the page. Skipped where PostgreSQL's server binaries are missing.
"""

import http.cookiejar
import os
import pwd
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import psycopg
import pytest

from tests.config.test_faults import (
    LOOPBACK,
    ROOT,
    Cluster,
    Gunicorn,
    free_port,
    manage,
)
from tests.config.test_faults import pytestmark as needs_postgresql_binaries

pytestmark = needs_postgresql_binaries

PASSWORD = "a-long-test-password-for-the-replica-test"


class Form(HTMLParser):
    """The fields of the admin form as a browser would post them."""

    def __init__(self, html):
        super().__init__()
        self.fields, self._select, self._textarea = {}, None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "checkbox"):
            self.fields[name] = attrs.get("value") or ""
        elif tag == "input" and name and "checked" in attrs:
            self.fields[name] = attrs.get("value") or "on"
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select] = attrs.get("value") or ""
        elif tag == "textarea":
            self._textarea = name
            self.fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


class Browser:
    def __init__(self, port):
        self.base = f"http://{LOOPBACK}:{port}"
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path):
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def post(self, path, fields):
        data = urllib.parse.urlencode(fields).encode()
        with self.opener.open(self.base + path, data=data, timeout=30) as response:
            return response.geturl(), response.read().decode()

    def forget(self, cookie):
        for stored in list(self.jar):
            if stored.name == cookie:
                self.jar.clear(stored.domain, stored.path, stored.name)


@pytest.fixture(scope="module")
def topology():
    if os.geteuid() == 0:
        try:
            postgres_user = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root, and there is no 'postgres' user to run initdb as")
    workdir = Path(tempfile.mkdtemp(prefix="airdefense-replicas-"))
    (workdir / "primary").mkdir()
    (workdir / "replica").mkdir()
    if os.geteuid() == 0:
        for path in (workdir, workdir / "primary", workdir / "replica"):
            os.chown(path, postgres_user.pw_uid, postgres_user.pw_gid)
    primary = Cluster(workdir / "primary", free_port())
    replica = Cluster(workdir / "replica", free_port())
    server = None
    try:
        primary.init()
        primary.start()
        with psycopg.connect(primary.url("postgres"), autocommit=True) as connection:
            connection.execute("CREATE DATABASE airdefense_replicas")
        database_url = primary.url("airdefense_replicas")
        manage(database_url, "migrate", "--no-input", "-v0")
        manage(database_url, "load_demo")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings_test",
            "DATABASE_URL": database_url,
            "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
        }
        subprocess.run(
            [sys.executable, "manage.py", "createsuperuser", "--no-input",
             "--username", "chief", "--email", "chief@example.org"],
            cwd=ROOT, env=env, check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        replica.tool(
            "pg_basebackup", "-D", str(replica.data), "-R", "-X", "stream", "--no-sync",
            "-c", "fast", "-h", LOOPBACK, "-p", str(primary.port), "-U", "postgres",
        )  # fmt: skip
        replica.start()
        replica_url = replica.url("airdefense_replicas")
        with psycopg.connect(replica_url, autocommit=True) as connection:
            assert connection.execute("SELECT pg_is_in_recovery()").fetchone()[0]
        server = Gunicorn(database_url, free_port(), workdir / "gunicorn.log")
        server.env["DATABASE_REPLICA_URLS"] = replica_url
        server.env["SECURE_COOKIES"] = "0"  # plain HTTP on loopback: cookies must travel
        server.start()
        server.wait_ready()
        yield primary, replica, server
    finally:
        if server is not None:
            server.stop()
        replica.destroy()
        primary.destroy()


def on(cluster, sql, params=()):
    with psycopg.connect(cluster.url("airdefense_replicas"), autocommit=True) as connection:
        cursor = connection.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def test_public_reads_the_replica_and_an_editor_sees_the_change_at_once(topology):
    primary, replica, server = topology
    incident, source, name = on(
        primary,
        "SELECT i.id, s.id, s.name FROM incidents_incident i "
        "JOIN incidents_citation c ON c.incident_id = i.id "
        "JOIN incidents_source s ON s.id = c.source_id "
        "WHERE i.status = 'published' ORDER BY i.id LIMIT 1",
    )[0]
    page = f"/incidents/{incident}/"
    reader, editor = Browser(server.port), Browser(server.port)
    assert name in reader.get(page)

    login = Form(editor.get("/admin/login/?next=/admin/")).fields
    editor.post("/admin/login/?next=/admin/", {**login, "username": "chief", "password": PASSWORD})
    change = f"/admin/incidents/source/{source}/change/"
    fields = Form(editor.get(change)).fields
    assert fields["name"] == name

    on(replica, "SELECT pg_wal_replay_pause()")
    try:
        renamed = name + " (renamed)"
        landed, _ = editor.post(change, {**fields, "name": renamed, "_save": "Save"})
        assert "/change/" not in landed, "the admin refused the change"
        assert on(primary, "SELECT name FROM incidents_source WHERE id = %s", [source]) == [
            (renamed,)
        ]

        # The public reads the replica, which has not replayed the write.
        assert renamed not in reader.get(page) and name in reader.get(page)
        # The editor's next requests read the primary: the change at once.
        assert renamed in editor.get(page)
        # The admin reads the primary, also without the read-your-writes cookie; a public
        # page without it reads the replica again.
        editor.forget("read_primary_until")
        assert f'value="{renamed}"' in editor.get(change)
        assert renamed not in editor.get(page)
    finally:
        on(replica, "SELECT pg_wal_replay_resume()")

    # Once replayed, the public sees it too (a new data version: no stale cached page).
    deadline = time.monotonic() + 30
    while renamed not in reader.get(page):
        assert time.monotonic() < deadline, "the replica never showed the change"
        time.sleep(0.2)


def test_the_change_feed_reads_the_primary(topology):
    primary, replica, server = topology
    on(replica, "SELECT pg_wal_replay_pause()")
    try:
        on(
            primary,
            "UPDATE incidents_incident SET updated_at = now() - interval '1 hour' WHERE id = "
            "(SELECT max(id) FROM incidents_incident WHERE status = 'published')",
        )
        since = urllib.parse.quote("2000-01-01T00:00:00Z")
        body = Browser(server.port).get(f"/api/changes/?since={since}&limit=1000")
        # The latest incident moved first: on the primary, not yet on the replica.
        primary_ids = on(
            primary,
            "SELECT id FROM incidents_incident WHERE status IN ('published', 'retracted') "
            "ORDER BY updated_at, id",
        )
        listed = [int(i) for i in re.findall(r'"kind":"incident","id":(\d+)', body)]
        assert listed == [row[0] for row in primary_ids] and listed[0] == max(listed)
    finally:
        on(replica, "SELECT pg_wal_replay_resume()")
