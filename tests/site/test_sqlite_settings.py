"""The embedded SQLite default is configured for several workers and threads writing at once.

Each check runs in a fresh process against a SQLite file (the test database is in memory, where WAL cannot apply),
with the project's settings built from DATABASE_URL exactly as in production.
"""

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.db import connection

from tests.helpers import database_url_for_other_processes

BASE_DIR = Path(__file__).resolve().parents[2]

PROBE = textwrap.dedent(
    """
    import json, threading, time
    import django
    django.setup()
    from django.conf import settings
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE counter (n integer)")
        cursor.execute("INSERT INTO counter VALUES (0)")
        journal_mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        synchronous = cursor.execute("PRAGMA synchronous").fetchone()[0]
        busy_timeout = cursor.execute("PRAGMA busy_timeout").fetchone()[0]
    connection.close()

    errors = []
    start = threading.Barrier(4)

    def add_one():
        # Read, then write in the same transaction: what get_or_create, a page publish or a counter does.
        try:
            start.wait()
            with transaction.atomic(), connection.cursor() as cursor:
                n = cursor.execute("SELECT n FROM counter").fetchone()[0]
                time.sleep(0.2)
                cursor.execute("UPDATE counter SET n = %s", [n + 1])
        except Exception as error:
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=add_one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with connection.cursor() as cursor:
        total = cursor.execute("SELECT n FROM counter").fetchone()[0]
    print(json.dumps({"journal_mode": journal_mode, "synchronous": synchronous, "busy_timeout": busy_timeout,
                      "errors": errors, "total": total}))
    """
)


def run(code: str, **environment) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "hub.settings.test", **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_sqlite_uses_wal_a_busy_timeout_and_queues_concurrent_writers(tmp_path):
    outcome = run(PROBE, DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}")
    assert outcome["journal_mode"] == "wal"
    assert outcome["synchronous"] == 1  # NORMAL
    assert outcome["busy_timeout"] == 20_000  # milliseconds
    # Four transactions that read then write at the same moment: none fails with "database is locked", and no
    # update is lost (each waits for the write lock instead of upgrading a stale read).
    assert outcome["errors"] == []
    assert outcome["total"] == 4


def test_the_sqlite_timeout_comes_from_the_environment(tmp_path):
    outcome = run(PROBE, DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}", SQLITE_TIMEOUT="3")
    assert outcome["busy_timeout"] == 3_000


def test_postgresql_gets_none_of_the_sqlite_options():
    code = "import json, django; django.setup(); from django.conf import settings; "
    code += "print(json.dumps(settings.DATABASES['default']['OPTIONS']))"
    options = run(code, DATABASE_URL="postgres://chec@127.0.0.1:5432/chec")
    assert "init_command" not in options and "transaction_mode" not in options and "timeout" not in options


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # a copy waits for open transactions
def test_the_copy_other_processes_open_is_in_wal_mode_as_a_migrated_site_file_is(tmp_path):
    """Two worker processes each switching a fresh copy to WAL at the same moment fail with "database is locked"
    whatever the timeout (CI's feedback race test did once): the copy must be in WAL mode before they start."""
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL test database is shared as it is")
    url = database_url_for_other_processes(tmp_path)
    copy = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        copy.close()
