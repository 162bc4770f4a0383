"""What every part of the harness shares: where it works, how it logs, how Django runs."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench"  # server logs, wrk scripts, the SQLite copy (ignored by git)


def log(message):
    # UTC: Django's setup switches the process to its TIME_ZONE half way through a run.
    stamp = time.strftime("%H:%M:%S", time.gmtime())
    print(f"[bench {stamp}] {message}", file=sys.stderr, flush=True)


def environment(url):
    """What every Django process of the harness runs with: production settings, loopback."""
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-only-not-a-secret",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        # No TLS on loopback: requests say they came through the TLS proxy instead.
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }


def probe(env, *args):
    """Run bench/probe.py in a fresh process; its last line of output is the JSON answer."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "probe.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise RuntimeError(f"probe {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def busy_cores():
    """The 1-minute load average: how many cores other work kept busy (0 on a quiet machine)."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0


def wait_until_quiet(limit_seconds, threshold=0.5):
    """Wait (at most `limit_seconds`) for the machine's other work to settle; say how it went.

    Numbers taken while something else holds a core move by tens of percent; ratios suffer
    less (both sides share the disturbance) but not nothing."""
    started = time.monotonic()
    while busy_cores() > threshold and time.monotonic() - started < limit_seconds:
        time.sleep(5)
    return busy_cores()
