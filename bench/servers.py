"""Servers the harness starts on loopback ports, and the clients that measure them.

Every server runs in its own process group and is stopped (by its own id) when its `with`
block ends, whatever happened inside it.
"""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = "127.0.0.1"
# Requests carry what production's TLS proxy adds (see SECURE_PROXY_SSL_HEADER in settings).
HEADERS = {"X-Forwarded-Proto": "https"}


def free_port():
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


class Server:
    """A server process listening on 127.0.0.1:port, ready once `ready_path` answers."""

    def __init__(self, name, argv, env, log_dir, ready_path="/", port=None):
        self.name, self.argv, self.env, self.ready_path = name, argv, env, ready_path
        self.port = port or free_port()
        self.argv = [part.format(port=self.port) for part in argv]
        self.log_path = Path(log_dir) / f"{name}.log"
        self.process = None

    def __enter__(self):
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            self.argv,
            env=self.env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped with all its workers
        )
        log.close()
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited:\n{self.log_tail()}")
            try:
                status, *_ = get(self.port, self.ready_path, timeout=30)
                if status < 500:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not answer within {timeout}s:\n{self.log_tail()}")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def log_tail(self, lines=30):
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def gunicorn(name, app, env, log_dir, workers=4):
    """Our app (or the hello-world one) under gunicorn's sync workers, as in production."""
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        app,
        f"--workers={workers}",
        "--worker-class=sync",
        f"--bind={LOOPBACK}:{{port}}",
        "--timeout=600",
        "--log-level=warning",
    ]
    return Server(name, argv, env, log_dir)


def get(port, path, timeout=600):
    """GET a path, reading the body as it streams: (status, bytes, newlines, seconds)."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
    try:
        connection.request("GET", path, headers=HEADERS)
        response = connection.getresponse()
        size = lines = 0
        while chunk := response.read(64 * 1024):
            size += len(chunk)
            lines += chunk.count(b"\n")
        return response.status, size, lines, time.perf_counter() - started
    finally:
        connection.close()


# wrk ---------------------------------------------------------------------------------------

UNIQUE_URLS = """\
-- Every request asks for a URL not asked before in this run, so no cache keyed on the URL can
-- answer it: a base from the list, then a part made of the wrk run's number (init's argument:
-- the warm-up and each measured run ask for different URLs), this thread's number and its own
-- request counter. "date": a date range (a real filter: nothing below the page cache is warm
-- for it either); "run": a date_to past every incident (the same rows; the page cache keys on
-- the parameters a view reads, so an unknown one would be answered from it), within the dates
-- the filter accepts (to 2100-12-31: past it every request was a 400). A base that has a
-- date_to of its own is then read up to that later date. Each run has per_run numbers of its
-- own; a run that asks for more (thousands of new pages a second) repeats its first URLs.
bases = {{ {bases} }}
unique = "{unique}"
threads = {threads}
per_run = {per_run}
run = 0
started = 0
function setup(thread)
  thread:set("thread_number", started)
  started = started + 1
end
function init(args)
  run = tonumber(args[1] or "0")
end
counter = 0
origin = os.time({{year = 2023, month = 1, day = 1, hour = 12}})
future = os.time({{year = 2030, month = 1, day = 1, hour = 12}})
function request()
  counter = counter + 1
  local n = run * per_run + (counter * threads + thread_number) % per_run
  local base = bases[(n % #bases) + 1]
  local part
  if unique == "date" then
    -- (first day, length) differs for every n, so the range does too.
    local first = origin + (n % 997) * 86400
    local last = first + (7 + math.floor(n / 997)) * 86400
    part = "date_from=" .. os.date("!%Y-%m-%d", first) .. "&date_to=" .. os.date("!%Y-%m-%d", last)
  else
    part = "date_to=" .. os.date("!%Y-%m-%d", future + n * 86400)
  end
  return wrk.format(nil, base .. part)
end
"""
# The numbers the runs of one script share: "run" dates from 2030 stay before 2096, "date"
# ranges within 2023-2026.
NUMBERS = 24_000


def lua_script(path, bases, unique="run", threads=2, runs=4, extra=""):
    """A wrk script whose every request is a new URL made from `bases` (see UNIQUE_URLS), for
    `runs` wrk runs of `threads` threads, each given its number (script_args=[0 ... runs-1]);
    `extra` is more Lua (bench/load.py's latency report)."""
    # Each base ends where a parameter may follow ("?" or "&"): the script only appends.
    bases = [b if b.endswith(("?", "&")) else b + ("&" if "?" in b else "?") for b in bases]
    quoted = ", ".join('"' + url.replace("\\", "\\\\").replace('"', '\\"') + '"' for url in bases)
    Path(path).write_text(
        UNIQUE_URLS.format(bases=quoted, unique=unique, threads=threads, per_run=NUMBERS // runs)
        + extra
    )
    return path


def wrk(port, path="/", *, duration, threads=2, connections=8, script=None, script_args=()):
    """One bounded wrk run: requests/s, p50 and p99 latency (s), errors."""
    argv = [
        "wrk",
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={duration}s",
        "--timeout=30s",
        "--latency",
        *[f"--header={key}: {value}" for key, value in HEADERS.items()],
        *([f"--script={script}"] if script else []),
        f"http://{LOOPBACK}:{port}{path}",
        *(["--", *map(str, script_args)] if script and script_args else []),
    ]
    output = subprocess.run(
        argv, capture_output=True, text=True, check=True, timeout=duration + 60
    ).stdout
    return parse_wrk(output)


UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


def parse_wrk(output):
    def latency(percent):
        match = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
        return float(match.group(1)) * UNITS[match.group(2)] if match else float("nan")

    def number(pattern):
        match = re.search(pattern, output, re.M)
        return float(match.group(1)) if match else 0.0

    socket_errors = re.search(r"Socket errors: (.*)$", output, re.M)
    errors = 0
    if socket_errors:
        errors = sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1)))
    return {
        "requests_per_s": number(r"^Requests/sec:\s+([\d.]+)"),
        "requests": number(r"^\s*(\d+) requests in"),
        "p50": latency(50),
        "p99": latency(99),
        "non_2xx": int(number(r"Non-2xx or 3xx responses: (\d+)")),
        "socket_errors": errors,
        "output": output,
    }
