"""gunicorn settings for the site: `gunicorn` run from this folder reads this file (or `gunicorn -c gunicorn.conf.py`).

Threaded workers (gthread): a reader who downloads slowly holds one thread, not a whole process, and the worker
timeout is a heartbeat of the process, not a limit on a request, so a long download is never cut short. Put a
buffering proxy (nginx) in front on a public site, and let it or the storage send large files (DOCUMENT_SENDFILE,
S3): then no thread waits on a slow reader at all. Every value can be set from the environment; options given on
the command line win over this file.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise SystemExit(f"Configuration error: {name} must be a whole number, not {value!r}.")
    return int(value)


def _switch(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value not in {"0", "1", "true", "false", "yes", "no", "on", "off"}:
        raise SystemExit(f"Configuration error: {name} must be 1 or 0, not {value!r}.")
    return value in {"1", "true", "yes", "on"}


wsgi_app = "hub.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Processes x threads. Django spends most of a request in Python, so about one process per core; threads cover
# the time spent waiting on the database, storage and readers' connections. With a per-process cache (no
# REDIS_URL) each process keeps its own page cache, another reason not to run many.
worker_class = "gthread"
workers = _int("GUNICORN_WORKERS", max(2, multiprocessing.cpu_count()))
threads = _int("GUNICORN_THREADS", 8)

# Each worker listens on its own socket (SO_REUSEPORT: the pinned gunicorn opens one per worker); the kernel spreads
# new connections across them. With one shared socket, the worker that wakes first accepts a burst of connections,
# and a client that keeps its connections open (a proxy's keep-alive pool, a CDN, a load tester) can be served by one
# process on one core for as long as they stay open: with `wrk -c16` on 2 workers, 15 or 16 of the 16 connections
# on one worker in 8 of 20 runs, at down to a third of the rate (docs/performance.md). The cost: a connection waits
# for the worker the kernel gave it, even if the other is idle, and a second gunicorn started on the same port by
# the same user shares it instead of failing. GUNICORN_REUSE_PORT=0 turns it off.
reuse_port = _switch("GUNICORN_REUSE_PORT", True)

# A process silent for this long (stuck, not busy) is restarted; requests themselves have no time limit.
timeout = _int("GUNICORN_TIMEOUT", 60)
# On a restart or deploy (SIGTERM, SIGHUP), requests in progress get this long to finish.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Seconds an idle connection from the proxy is kept open for its next request.
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Access log on standard output with the time each request took (%(M)s, milliseconds); GUNICORN_ACCESS_LOG=""
# turns it off, a path writes it to a file.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# The heartbeat files live in memory where /dev/shm exists (containers often mount /tmp on a slow disk).
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"
