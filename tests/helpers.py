"""Small helpers shared by the test modules."""

import contextlib
import difflib
import sqlite3
import urllib.parse
from io import StringIO
from pathlib import Path

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext


@contextlib.contextmanager
def demo_site_for_module(django_db_blocker):
    """The demo site for a module-scoped fixture: loaded once, inside a transaction rolled back when the block ends
    (each test's own changes are rolled back after it as usual). The cache is emptied on both sides."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_demo", stdout=StringIO())
            cache.clear()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            cache.clear()


def warm_queries(client, url, **request_options) -> list[str]:
    """The SQL of a warm render of ``url`` (after two renders: the first may create the site settings rows,
    which bumps the cache version once; the second fills the caches for that version)."""
    for _warm_up in range(2):
        assert client.get(url, **request_options).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, **request_options).status_code == 200
    return [query["sql"] for query in queries]


def warm_query_count(client, url, **request_options) -> int:
    return len(warm_queries(client, url, **request_options))


def query_diff(small: list[str], large: list[str]) -> str:
    """The queries one render ran and the other did not, for an assertion message (what a flaky count was)."""
    return "\n".join(difflib.unified_diff([q[:200] for q in small], [q[:200] for q in large], lineterm="", n=0))


def database_url_for_other_processes(workdir: Path) -> str:
    """A DATABASE_URL other processes (a gunicorn, a management command) can open for this test's committed data:
    the PostgreSQL test database itself, or a copy of the SQLite one (an in-memory database cannot be shared) in WAL
    mode."""
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        user = urllib.parse.quote(settings_dict.get("USER") or "")
        password = settings_dict.get("PASSWORD")
        credentials = f"{user}:{urllib.parse.quote(password)}@" if password else (f"{user}@" if user else "")
        host = settings_dict.get("HOST") or "127.0.0.1"
        port = settings_dict.get("PORT") or 5432
        return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"
    if connection.vendor != "sqlite":
        raise NotImplementedError(f"no cross-process tests for {connection.vendor}")
    path = workdir / "site.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
        # In WAL mode, as `migrate` leaves a site's file: several processes switching a file to WAL at once (each
        # connection's init_command) fail with "database is locked" whatever the timeout.
        target.execute("PRAGMA journal_mode=WAL")
    finally:
        target.close()
    return f"sqlite:///{path}"
