"""gunicorn settings; each can be overridden by the environment (e.g. WEB_CONCURRENCY)."""

import multiprocessing
import os

from gunicorn.glogging import Logger

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Each worker keeps one PostgreSQL connection open (CONN_MAX_AGE), and PostgreSQL allows 100 by
# default: the default is 2 x cores + 1 but never more than MAX_DEFAULT_WORKERS, whatever the host.
# Raising WEB_CONCURRENCY past that means checking max_connections (web workers + management
# commands + backups must fit).
MAX_DEFAULT_WORKERS = 8
workers = int(
    os.environ.get("WEB_CONCURRENCY")
    or min(multiprocessing.cpu_count() * 2 + 1, MAX_DEFAULT_WORKERS)
)
# Exports stream for as long as the file takes; do not kill a worker in the middle of one.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "300"))
graceful_timeout = 30
accesslog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# The health probes (config/availability.py) come every few seconds; log only their failures.
PROBES = ("/healthz", "/readyz")


class QuietProbesLogger(Logger):
    def access(self, resp, req, environ, request_time):
        if environ.get("PATH_INFO") in PROBES and (resp.status_code or 0) < 400:
            return
        super().access(resp, req, environ, request_time)


logger_class = QuietProbesLogger
