"""`make scale-test`: the production topology beyond one machine, on loopback, under load.

Brings up, from Debian's packages and the project's own configuration:

    wrk -> nginx (proxy cache) -> 2 gunicorns -> pgbouncer (transaction pooling)
                                       |            -> PostgreSQL primary
                                       |            -> its streaming replica (pg_basebackup -R)
                                       +-> Redis (page cache and data version)

and, in the same run, the baseline: one gunicorn on the primary alone (no Redis, no replica,
no proxy). Each target gets the same bounded wrk load on the same repeated views; the report
gives requests/s, errors (non-2xx/3xx and socket errors), the share of the proxy's answers
from its cache, and the checks: 0 errors, and repeated views through the proxy at >= 10 x the
one gunicorn. Everything listens on 127.0.0.1 only and is stopped (by its own process id) and
removed when the run ends, whatever happens.

Missing tools are installed with apt-get (nginx-light, pgbouncer, wrk) when run as root, as
the docs say to; PostgreSQL's server binaries are found as the fault test finds them.

Environment: SCALE_PORTS=first port of ten (default 8401), SCALE_PG_PORT (5433; the replica
gets the next), SCALE_PGBOUNCER_PORT (6433), SCALE_NGINX_PORT (8480), SCALE_REDIS_URL
(redis://127.0.0.1:6379/4: flushed), SCALE_DURATION (s per wrk run, 10), SCALE_ROWS (5000).
"""

import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.config.test_faults import BINDIR, Cluster  # noqa: E402

LOOPBACK = "127.0.0.1"
APP_PORT = int(os.environ.get("SCALE_PORTS", "8401"))
PG_PORT = int(os.environ.get("SCALE_PG_PORT", "5433"))
PGBOUNCER_PORT = int(os.environ.get("SCALE_PGBOUNCER_PORT", "6433"))
NGINX_PORT = int(os.environ.get("SCALE_NGINX_PORT", "8480"))
REDIS_URL = os.environ.get("SCALE_REDIS_URL", "redis://127.0.0.1:6379/4")
DURATION = int(os.environ.get("SCALE_DURATION", "10"))
ROWS = int(os.environ.get("SCALE_ROWS", "5000"))
WORKERS = os.environ.get("SCALE_WORKERS", "2")
DATABASE = "airdefense_scale_test"
PACKAGES = {"nginx": "nginx-light", "pgbouncer": "pgbouncer", "wrk": "wrk"}
# Repeated views: the pages and chart data a shared link opens.
VIEWS = [
    "/en/",
    "/en/incidents/?region=moscow",
    "/charts/daily.json?region=kaluga-oblast",
]
TARGET_FACTOR = 10


def log(message):
    print(message, flush=True)


def tool(name):
    for directory in ("/usr/sbin", "/usr/bin", "/sbin", "/bin"):
        if Path(directory, name).is_file():
            return str(Path(directory, name))
    return shutil.which(name)


def install_missing():
    missing = [package for name, package in PACKAGES.items() if tool(name) is None]
    if not missing:
        return
    if os.geteuid() != 0:
        sys.exit(
            f"missing: {', '.join(missing)}; install them: apt-get install {' '.join(missing)}"
        )
    log(f"installing {' '.join(missing)} with apt-get")
    command = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
    if subprocess.run(command, capture_output=True).returncode:
        subprocess.run(["apt-get", "update"], capture_output=True, check=True)
        subprocess.run(command, capture_output=True, check=True)


class Processes:
    """Processes started here, each in a session of its own; stopped by their own ids."""

    def __init__(self):
        self.started = []

    def start(self, argv, log_path, env=None, cwd=ROOT):
        with open(log_path, "wb") as out:
            process = subprocess.Popen(
                argv, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        self.started.append(process)
        return process

    def stop(self):
        for process in reversed(self.started):
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, 15)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, 9)
                    process.wait()


def wait_http(port, path="/healthz", timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        url = f"http://{LOOPBACK}:{port}{path}"
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=5) as answer:
            if answer.status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing answered on port {port} within {timeout} s")


def app_env(database_url, **extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "scale-test-only-" + "x" * 40,
        "DEBUG": "0",
        "ALLOWED_HOSTS": LOOPBACK,
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "BEHIND_TLS_PROXY": "0",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": database_url,
        "WEB_CONCURRENCY": WORKERS,
        "SNAPSHOT_AUTOBUILD": "0",
        "LOG_LEVEL": "WARNING",
    }
    for name in ("REDIS_URL", "DATABASE_REPLICA_URLS", "DATABASE_POOL_MODE", "CONN_MAX_AGE"):
        env.pop(name, None)
    env.update(extra)
    return env


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)}:\n{result.stdout}{result.stderr}")


def gunicorn(processes, env, port, workdir, name):
    env = {**env, "GUNICORN_BIND": f"{LOOPBACK}:{port}"}
    argv = [sys.executable, "-m", "gunicorn", "--config", "config/gunicorn.py", "config.wsgi"]
    processes.start(argv, workdir / f"{name}.log", env=env)
    wait_http(port)


PGBOUNCER_INI = """[databases]
{db} = host={host} port={primary} dbname={db} user=postgres
{db}_replica = host={host} port={replica} dbname={db} user=postgres

[pgbouncer]
listen_addr = {host}
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {workdir}/userlist.txt
pool_mode = transaction
default_pool_size = 10
max_client_conn = 200
ignore_startup_parameters = extra_float_digits,options
logfile = {workdir}/pgbouncer.log
pidfile = {workdir}/pgbouncer.pid
"""


def nginx_conf(workdir, upstreams):
    template = (ROOT / "deploy" / "nginx-scale.conf").read_text()
    servers = "\n".join(f"        server {LOOPBACK}:{port};" for port in upstreams)
    return (
        template.replace("@UPSTREAMS@", servers)
        .replace("@LISTEN@", f"{LOOPBACK}:{NGINX_PORT}")
        .replace("@WORKDIR@", str(workdir))
    )


SOCKET_ERRORS = r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)"


def wrk(port, path):
    """(requests/s, requests, errors) of a bounded wrk run against one view."""
    result = subprocess.run(
        [tool("wrk"), "-t2", "-c32", f"-d{DURATION}s", "--timeout", "10s",
         f"http://{LOOPBACK}:{port}{path}"],
        capture_output=True, text=True, timeout=DURATION + 60,
    )  # fmt: skip
    out = result.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(match.group(1))
    if match := re.search(SOCKET_ERRORS, out):
        errors += sum(int(n) for n in match.groups())
        log(f"  {path} on {port}: {match.group(0)}")
    return rate, requests, errors


def cache_share(access_log, since):
    """The share of the proxy's answers since byte `since` of its log served from its cache."""
    lines = access_log.read_text(errors="replace")[since:].splitlines()
    hits = sum(1 for line in lines if line.split()[-1] in ("HIT", "STALE", "UPDATING"))
    return hits / len(lines) if lines else 0.0


def main():
    if BINDIR is None:
        sys.exit(
            "PostgreSQL's server binaries (initdb, pg_ctl) not found: apt-get install postgresql"
        )
    install_missing()
    workdir = Path(tempfile.mkdtemp(prefix="airdefense-scale-"))
    os.chmod(workdir, 0o755)
    for part in ("primary", "replica"):
        (workdir / part).mkdir()
        if os.geteuid() == 0:
            shutil.chown(workdir / part, "postgres", "postgres")
    primary = Cluster(workdir / "primary", PG_PORT)
    replica = Cluster(workdir / "replica", PG_PORT + 1)
    processes = Processes()
    started = time.monotonic()
    try:
        log(f"primary PostgreSQL on {PG_PORT}, {ROWS} synthetic incidents")
        primary.init()
        primary.start()
        direct = primary.url(DATABASE)
        with psycopg.connect(primary.url("postgres"), autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {DATABASE}")
        env = app_env(direct)
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "load_demo")
        manage(env, "generate_incidents", "--count", str(ROWS), "--seed", "1")
        manage(env, "collectstatic", "--no-input", "-v0")
        log(f"replica on {PG_PORT + 1} (pg_basebackup -R)")
        replica.tool("pg_basebackup", "-D", str(replica.data), "-R", "-X", "stream",
                     "--no-sync", "-c", "fast", "-h", LOOPBACK, "-p", str(PG_PORT),
                     "-U", "postgres")  # fmt: skip
        replica.start()

        log(f"pgbouncer on {PGBOUNCER_PORT} (transaction pooling)")
        (workdir / "userlist.txt").write_text('"postgres" ""\n')
        (workdir / "pgbouncer.ini").write_text(
            PGBOUNCER_INI.format(db=DATABASE, host=LOOPBACK, primary=PG_PORT,
                                 replica=PG_PORT + 1, port=PGBOUNCER_PORT, workdir=workdir)
        )  # fmt: skip
        pgbouncer = [tool("pgbouncer"), str(workdir / "pgbouncer.ini")]
        if os.geteuid() == 0:
            shutil.chown(workdir, "postgres", "postgres")
            pgbouncer = ["runuser", "-u", "postgres", "--", *pgbouncer]
        processes.start(pgbouncer, workdir / "pgbouncer.out")
        time.sleep(1)

        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
        pooled = f"postgres://postgres@{LOOPBACK}:{PGBOUNCER_PORT}/{DATABASE}"
        scaled = app_env(
            pooled,
            DATABASE_REPLICA_URLS=pooled + "_replica",
            DATABASE_POOL_MODE="transaction",
            REDIS_URL=REDIS_URL,
        )
        log(f"baseline: one gunicorn on the primary ({APP_PORT})")
        gunicorn(processes, env, APP_PORT, workdir, "baseline")
        log(f"two gunicorns ({APP_PORT + 1}, {APP_PORT + 2}) behind nginx ({NGINX_PORT})")
        gunicorn(processes, scaled, APP_PORT + 1, workdir, "web1")
        gunicorn(processes, scaled, APP_PORT + 2, workdir, "web2")
        (workdir / "nginx.conf").write_text(nginx_conf(workdir, [APP_PORT + 1, APP_PORT + 2]))
        for part in ("nginx-body", "nginx-proxy", "nginx-fastcgi", "nginx-uwsgi", "nginx-scgi",
                     "nginx-cache"):  # fmt: skip
            (workdir / part).mkdir()
            os.chmod(workdir / part, 0o777)  # nginx's workers run as an unprivileged user
        processes.start([tool("nginx"), "-c", str(workdir / "nginx.conf"), "-g", "daemon off;"],
                        workdir / "nginx.out")  # fmt: skip
        wait_http(NGINX_PORT)
        log(f"ready in {time.monotonic() - started:.0f} s; wrk: 2 threads, 32 connections, "
            f"{DURATION} s per view")  # fmt: skip

        rows, failures = [], []
        access_log = workdir / "nginx-access.log"
        for path in VIEWS:
            for port in (APP_PORT, NGINX_PORT, APP_PORT + 1):
                wait_http(port, path)  # each warmed once (its caches hold the page)
            mark = access_log.stat().st_size
            one = wrk(APP_PORT, path)
            proxy = wrk(NGINX_PORT, path)
            share = cache_share(access_log, mark)
            app = wrk(APP_PORT + 1, path)  # one of the pair, past the proxy (Redis, replica)
            rows.append((path, one, proxy, app, share))
            factor = proxy[0] / one[0] if one[0] else 0
            if one[2] or proxy[2] or app[2]:
                failures.append(f"{path}: errors")
            if factor < TARGET_FACTOR:
                failures.append(f"{path}: proxy {factor:.1f} x one gunicorn < {TARGET_FACTOR} x")
        report(rows, failures)
        for name in ("baseline", "web1", "web2"):
            answers = (workdir / f"{name}.log").read_text(errors="replace").splitlines()
            failed = [line for line in answers if re.search(r'" [45]\d\d ', line)]
            if failed:
                log(f"{name}: {len(failed)} error answers, e.g. {failed[0]}")
        return 1 if failures else 0
    except Exception:
        for name in sorted(workdir.glob("*.log")) + sorted(workdir.glob("*.out")):
            log(
                f"--- {name.name}\n"
                + "\n".join(name.read_text(errors="replace").splitlines()[-15:])
            )
        raise
    finally:
        processes.stop()
        replica.destroy()
        primary.destroy()
        shutil.rmtree(workdir, ignore_errors=True)


def report(rows, failures):
    log("")
    log("| view | one gunicorn, one database | nginx cache -> 2 gunicorns, Redis, replica, "
        "pgbouncer | x | from the proxy's cache | one of the pair past the proxy |")  # fmt: skip
    log("| --- | --- | --- | --- | --- | --- |")
    for path, one, proxy, app, share in rows:
        factor = proxy[0] / one[0] if one[0] else 0
        log(f"| `{path}` | {one[0]:,.0f} req/s, {one[2]} errors | {proxy[0]:,.0f} req/s, "
            f"{proxy[2]} errors | {factor:.1f} | {share:.1%} | {app[0]:,.0f} req/s, "
            f"{app[2]} errors |")  # fmt: skip
    log("")
    log("FAILED: " + "; ".join(failures) if failures else "PASSED: 0 errors, proxy >= 10 x")


if __name__ == "__main__":
    sys.exit(main())
