"""Fault test: the database goes away and comes back under a real gunicorn.

A PostgreSQL cluster of its own (initdb + pg_ctl in a temporary directory, on a free loopback
port) holds a migrated record with the demo incidents; the app runs in gunicorn, as in
production, pointed at it. Then:

- the cluster is stopped: every public page, the API, the chart data, the feed and every
  download answer 503 with Retry-After (JSON where the URL is a JSON or API one, plain text for
  downloads, the "briefly unavailable" page otherwise), never 500 and never 200; `/readyz` says
  503, `/healthz` 200; the outage is logged once per worker, not once per request;
- the cluster is started again: everything answers 200, from the same gunicorn workers;
- 100,000 synthetic incidents are added, a CSV download starts, and its PostgreSQL backend is
  terminated in the middle: the client sees the chunked transfer end without its last chunk
  (`http.client.IncompleteRead`, curl's exit 18), never a clean end.

PostgreSQL only; skipped with a reason on SQLite and where the server binaries (initdb, pg_ctl)
are missing. About 20 s on a 2-CPU machine, most of it loading the 100,000 rows.
"""

import contextlib
import http.client
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
URL = os.environ.get("DATABASE_URL", "")
LOOPBACK = "127.0.0.1"
WORKERS = 2
# Enough rows that the CSV (~50 MB) cannot fit in the socket buffers between PostgreSQL and a
# client that stops reading: the export is certainly still running when its backend goes.
GENERATED = 100_000


def server_bindir():
    """The directory holding initdb and pg_ctl: PG_BINDIR, Debian's newest, or the PATH."""
    candidates = [os.environ.get("PG_BINDIR", "")]
    versions = Path("/usr/lib/postgresql").glob("*/bin")
    candidates += sorted(
        (str(path) for path in versions if path.parent.name.isdigit()),
        key=lambda path: int(Path(path).parent.name),
        reverse=True,
    )
    candidates.append(str(Path(shutil.which("initdb") or "/nonexistent").parent))
    for candidate in filter(None, candidates):
        if all((Path(candidate) / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            return Path(candidate)
    return None


BINDIR = server_bindir()

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not URL.startswith(("postgres://", "postgresql://")),
        reason="the fault test stops a PostgreSQL server of its own (DATABASE_URL is not one)",
    ),
    pytest.mark.skipif(
        BINDIR is None,
        reason="PostgreSQL server binaries (initdb, pg_ctl) not found (set PG_BINDIR)",
    ),
]


def free_port():
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


class Cluster:
    """A throwaway PostgreSQL cluster in `workdir`, listening on 127.0.0.1:`port` only."""

    def __init__(self, workdir, port):
        self.workdir, self.port = workdir, port
        self.data = workdir / "data"
        self.log = workdir / "postgresql.log"

    def tool(self, name, *args, check=True):
        """Run one of PostgreSQL's programs (pg_ctl, pg_basebackup, ...) on this cluster."""
        argv = [str(BINDIR / name), *args]
        if os.geteuid() == 0:  # initdb and postgres refuse to run as root
            argv = ["runuser", "-u", "postgres", "--", *argv]
        result = subprocess.run(argv, capture_output=True, text=True, timeout=120)
        if check and result.returncode:
            log = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
            raise RuntimeError(f"{name} {args} failed:\n{result.stdout}{result.stderr}\n{log}")
        return result

    def init(self):
        for locale in ("C.UTF-8", "C"):
            result = self.tool(
                "initdb",
                *("-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"),
                *(f"--locale={locale}", "--no-sync"),
                check=False,
            )
            if result.returncode == 0:
                return
            shutil.rmtree(self.data, ignore_errors=True)
        raise RuntimeError(f"initdb failed:\n{result.stdout}{result.stderr}")

    def start(self):
        options = (
            f"-c listen_addresses={LOOPBACK} -p {self.port} "
            f"-c unix_socket_directories={self.workdir} "
            # A scratch cluster: nothing here needs to survive a crash.
            "-c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        )
        self.tool("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "-o",
                  options, "start")  # fmt: skip

    def stop(self, mode="fast"):
        self.tool("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def running(self):
        return self.tool("pg_ctl", "-D", str(self.data), "status", check=False).returncode == 0

    def url(self, database):
        return f"postgres://postgres@{LOOPBACK}:{self.port}/{database}"

    def destroy(self):
        """Stop the server if it runs (by its own pid if pg_ctl cannot), remove the directory."""
        try:
            if self.data.exists() and self.running():
                self.stop(mode="immediate")
        except Exception:
            pid_file = self.data / "postmaster.pid"
            if pid_file.exists():
                with contextlib.suppress(ProcessLookupError, ValueError):
                    os.kill(int(pid_file.read_text().split()[0]), signal.SIGQUIT)
                    time.sleep(1)
        finally:
            shutil.rmtree(self.workdir, ignore_errors=True)


class Gunicorn:
    """The app under gunicorn with the project's config, in a process group of its own."""

    def __init__(self, database_url, port, log_path):
        self.port, self.log_path = port, log_path
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings_test",
            "DEBUG": "0",
            "DATABASE_URL": database_url,
            "GUNICORN_BIND": f"{LOOPBACK}:{port}",
            "WEB_CONCURRENCY": str(WORKERS),
            "ALLOWED_HOSTS": LOOPBACK,
            "SECURE_SSL_REDIRECT": "0",
            # Requests for the whole record start snapshot builds: in the test's directory.
            "SNAPSHOT_DIR": str(log_path.parent / "snapshots"),
        }
        # Persistent connections with health checks, as in production (the settings' default).
        for name in ("CONN_MAX_AGE", "REDIS_URL", "LOG_LEVEL"):
            self.env.pop(name, None)
        self.process = None

    def start(self):
        """Start the server; `stop()` ends it even when it never became ready."""
        argv = [sys.executable, "-m", "gunicorn", "--config", "config/gunicorn.py", "config.wsgi"]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                argv, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"gunicorn exited:\n{self.log_tail()}"
            with contextlib.suppress(OSError):
                answer = get(self.port, "/healthz", timeout=5)
                if answer.status == 200 and len(self.workers()) == WORKERS:
                    return
            time.sleep(0.2)
        raise AssertionError(f"gunicorn did not answer within {timeout} s:\n{self.log_tail()}")

    def workers(self):
        """The pids of the master's children (its workers), read from /proc."""
        children = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, IndexError, ValueError):
                # The fields after the command name, which is in parentheses: state, ppid, ...
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == self.process.pid:
                    children.add(int(stat.parent.name))
        return children

    def log_text(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def log_tail(self, lines=40):
        return "\n".join(self.log_text().splitlines()[-lines:])

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


class Answer:
    def __init__(self, path, response, body):
        self.path, self.status, self.body = path, response.status, body
        self.headers = {name.lower(): value for name, value in response.getheaders()}

    @property
    def content_type(self):
        return self.headers.get("content-type", "")

    def __repr__(self):
        return f"{self.path} -> {self.status} {self.content_type} {self.body[:120]!r}"


def get(port, path, timeout=60):
    """GET `path` in full over a new connection (HTTP/1.1, as a browser or curl asks)."""
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return Answer(path, response, response.read())
    finally:
        connection.close()


def manage(database_url, *args):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test"}
    env["DATABASE_URL"] = database_url
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, f"manage.py {args}:\n{result.stdout}{result.stderr}"


class Live:
    def __init__(self, cluster, server, database_url):
        self.cluster, self.server, self.database_url = cluster, server, database_url
        self.port = server.port

    def get(self, path, **kwargs):
        return get(self.port, path, **kwargs)

    def query(self, sql, params=()):
        with psycopg.connect(self.database_url, autocommit=True) as connection:
            return connection.execute(sql, params).fetchall()


@pytest.fixture(scope="module")
def live():
    """A scratch cluster holding the migrated demo record, and gunicorn serving it; both gone
    afterwards whatever happened (no process, no directory left)."""
    if os.geteuid() == 0:
        try:
            postgres_user = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root, and there is no 'postgres' user to run initdb as")
    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="airdefense-faults-"))
    if os.geteuid() == 0:
        os.chown(workdir, postgres_user.pw_uid, postgres_user.pw_gid)
    cluster = Cluster(workdir, free_port())
    server = None
    try:
        cluster.init()
        cluster.start()
        with psycopg.connect(cluster.url("postgres"), autocommit=True) as connection:
            connection.execute("CREATE DATABASE airdefense_faults")
        database_url = cluster.url("airdefense_faults")
        manage(database_url, "migrate", "--no-input", "-v0")
        manage(database_url, "load_demo")
        server = Gunicorn(database_url, free_port(), workdir / "gunicorn.log")
        server.start()
        server.wait_ready()
        print(f"\nfault test: cluster and server ready in {time.monotonic() - started:.1f} s")
        yield Live(cluster, server, database_url)
    finally:
        if server is not None:
            server.stop()
        cluster.destroy()
        print(f"\nfault test: {time.monotonic() - started:.1f} s in all")


# What a reader or a client can ask for. {incident} and {region} are filled in from the record.
PAGES = [
    "/en/",
    "/en/incidents/",
    "/en/incidents/{incident}/",
    "/en/regions/",
    "/en/regions/{region}/",
    "/en/corrections/",
    "/en/about/",
    "/en/about/data/",
]
JSON_VIEWS = ["/api/incidents/", "/api/incidents/{incident}/", "/charts/daily.json"]
DOWNLOADS = [
    "/incidents.csv",
    "/incidents-excel.csv",
    "/incidents.json",
    "/data/incidents.csv",
    "/data/citations.csv",
    "/data/regions.csv",
    "/feeds/incidents.atom",
]
# Made from code alone, no rows: they answer while the database is away (docs/operations.md).
WITHOUT_DATA = ["/data/datapackage.json", "/api/schema/", "/static/css/site.css"]


def public_urls(live):
    incident, region = live.query(
        "SELECT i.id, r.slug FROM incidents_incident i JOIN incidents_region r "
        "ON r.id = i.region_id WHERE i.status = 'published' ORDER BY i.id LIMIT 1"
    )[0]
    return [url.format(incident=incident, region=region) for url in PAGES + JSON_VIEWS + DOWNLOADS]


def assert_unavailable(answer):
    """503, Retry-After, no store, and the body in the form the URL's clients read."""
    assert answer.status == 503, answer
    assert int(answer.headers.get("retry-after", "0")) > 0, answer
    assert answer.headers.get("cache-control") == "no-store", answer
    assert "content-disposition" not in answer.headers, answer  # no file offered
    path = answer.path
    if path.endswith(".json") or path.startswith("/api/"):
        assert answer.content_type == "application/json", answer
        assert "briefly unavailable" in json.loads(answer.body)["error"], answer
    elif path.endswith((".csv", ".atom")):
        assert answer.content_type.startswith("text/plain"), answer
        assert answer.body.startswith(b"The record is briefly unavailable"), answer
    else:
        assert answer.content_type.startswith("text/html"), answer
        assert b"The record is briefly unavailable" in answer.body, answer


def assert_complete(answer, demo_rows=31):
    """200 and the whole of what the URL serves (the demo record: 31 published incidents)."""
    assert answer.status == 200, answer
    path = answer.path
    if path in ("/incidents.csv", "/incidents-excel.csv", "/data/incidents.csv"):
        assert answer.body.decode("utf-8-sig").count("\n") == 1 + demo_rows, answer
    elif path == "/incidents.json":
        assert len(json.loads(answer.body)["incidents"]) == demo_rows, answer
    elif path.endswith(".json") or path.startswith("/api/"):
        assert answer.content_type == "application/json", answer
        json.loads(answer.body)


def count(pattern, text):
    return len(re.findall(pattern, text))


def test_while_the_database_is_down_every_url_answers_503_and_200_once_it_is_back(live):
    urls = public_urls(live)
    for url in urls:  # also opens a persistent connection in the workers that answer
        assert_complete(live.get(url))
    assert live.get("/readyz").status == 200
    workers = live.server.workers()

    live.cluster.stop()
    try:
        down_from = len(live.server.log_text())
        # Twice: the first requests find the persistent connection that died with the server,
        # later ones none at all (either worker may answer any of them).
        for _ in range(2):
            for url in urls:
                assert_unavailable(live.get(url))
            for url in WITHOUT_DATA:
                assert live.get(url).status == 200, url
            ready = live.get("/readyz")
            assert ready.status == 503 and int(ready.headers["retry-after"]) > 0, ready
            assert json.loads(ready.body)["checks"]["database"].startswith("unavailable")
            alive = live.get("/healthz")
            assert alive.status == 200 and json.loads(alive.body) == {"status": "ok"}
        during = live.server.log_text()[down_from:]
    finally:
        live.cluster.start()

    for url in urls:
        assert_complete(live.get(url))
    ready = live.get("/readyz")
    assert ready.status == 200, ready
    assert json.loads(ready.body)["checks"] == {"database": "ok", "cache": "ok"}
    # Recovered in place: the same master and the same workers, none restarted.
    assert live.server.process.poll() is None
    assert live.server.workers() == workers

    # Logged once per worker and outage, not per request; recovery only once it is true.
    assert 1 <= count("database unavailable, answering 503", during) <= WORKERS, during
    assert "database reachable again" not in during, during
    assert "Internal Server Error" not in during and "Traceback" not in during, during
    assert "Service Unavailable:" not in during, during
    after = live.server.log_text()[down_from + len(during) :]
    assert 1 <= count("database reachable again", after) <= WORKERS, after


class SlowReader(http.client.HTTPConnection):
    """A client with a small receive buffer, so the server cannot run far ahead of it."""

    def connect(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
        self.sock.settimeout(self.timeout)
        self.sock.connect((self.host, self.port))


def test_a_backend_terminated_mid_export_cuts_the_transfer_short(live):
    manage(live.database_url, "generate_incidents", "--count", str(GENERATED), "--no-progress")
    total_rows = live.query("SELECT count(*) FROM incidents_incident WHERE status = 'published'")
    connection = SlowReader(LOOPBACK, live.port, timeout=60)
    try:
        connection.request("GET", "/incidents.csv")
        response = connection.getresponse()
        assert response.status == 200 and response.chunked, response.getheaders()
        received = response.read(64 * 1024)
        assert received.startswith(b"id,url,date,"), received[:100]

        # The export's backend, still inside its COPY: the client has read 64 KiB of ~50 MB.
        deadline, exporting = time.monotonic() + 10, []
        while not exporting and time.monotonic() < deadline:
            exporting = live.query(
                # The client's own backend, not its parallel workers running the same query.
                "SELECT pid FROM pg_stat_activity WHERE state = 'active' "
                "AND backend_type = 'client backend' "
                "AND query LIKE 'COPY %%' AND pid <> pg_backend_pid()"
            )
            time.sleep(0.05)
        assert len(exporting) == 1, exporting
        assert live.query("SELECT pg_terminate_backend(%s)", exporting[0]) == [(True,)]

        with pytest.raises(http.client.IncompleteRead):
            while chunk := response.read(64 * 1024):
                received += chunk
    finally:
        connection.close()
    # Part of the file came, then the transfer ended without its final chunk.
    assert 0 < received.count(b"\n") < total_rows[0][0] + 1

    # The worker that lost its connection serves the next requests.
    for _ in range(WORKERS + 1):
        assert live.get("/data/regions.csv").status == 200
        assert live.get("/en/regions/").status == 200
    assert live.server.process.poll() is None
