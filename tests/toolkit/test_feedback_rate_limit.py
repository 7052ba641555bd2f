"""The daily feedback limit per address holds when requests arrive at once and across server processes: the count is
increased atomically first (Redis, or the database when the cache is each process's own memory), and the answer
is decided from the increased count.

The simultaneous posts come from two worker processes of eight threads each, as gunicorn would run them, against a
SQLite file copied from the test database (the in-memory test database cannot take writers from other processes).
"""

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import override_settings
from wagtail.contrib.forms.models import FormSubmission

from tests.helpers import database_url_for_other_processes
from tests.toolkit.factories import ToolkitIndexPageFactory, ToolkitPageFactory
from toolkit.models import FeedbackRateCount

BASE_DIR = Path(__file__).resolve().parents[2]
VALID = {"used": "used", "how_used": "We adapted the workbook.", "organisation": "", "email": "", "website": ""}
LIMIT = 5
WORKERS = 2
THREADS = 8
REDIS_URL = "redis://127.0.0.1:6379/6"

WORKER = textwrap.dedent(
    """
    import json, os, sys, threading, time
    import django
    django.setup()
    from django.db import connection
    from django.test import Client, override_settings

    url, workdir, name, threads, caches = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
    override_settings(TOOLKIT_FEEDBACK_DAILY_LIMIT=int(os.environ["LIMIT"]), **json.loads(caches)).enable()
    data = json.loads(os.environ["FORM"])
    Client().get(url)  # load the code paths before the race
    connection.close()
    start = threading.Barrier(threads)
    statuses = []

    def send():
        try:
            client = Client()
            start.wait()
            statuses.append(client.post(url + "feedback/", data, REMOTE_ADDR="192.0.2.44").status_code)
        except Exception as error:
            statuses.append(repr(error))
        finally:
            connection.close()

    open(os.path.join(workdir, "ready-" + name), "w").close()
    while not os.path.exists(os.path.join(workdir, "go")):
        time.sleep(0.01)
    workers = [threading.Thread(target=send) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    print(json.dumps(statuses))
    """
)


def post_from_workers(url: str, tmp_path: Path, caches: dict | None = None) -> tuple[list, str]:
    """POST the feedback form from every thread of every worker at once; the statuses, and the database used."""
    database = database_url_for_other_processes(tmp_path)
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.settings.test",
        "DATABASE_URL": database,
        "LIMIT": str(LIMIT),
        "FORM": json.dumps(VALID),
    }
    arguments = json.dumps({"CACHES": caches} if caches else {})
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, url, str(tmp_path), str(number), str(THREADS), arguments],
            cwd=BASE_DIR,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for number in range(WORKERS)
    ]
    deadline = time.monotonic() + 120
    while len(list(tmp_path.glob("ready-*"))) < WORKERS and time.monotonic() < deadline:
        if any(worker.poll() is not None for worker in workers):
            break
        time.sleep(0.05)
    (tmp_path / "go").touch()
    statuses = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        statuses += json.loads(out.strip().splitlines()[-1])
    return sorted(statuses, key=str), database


def stored_submissions(database: str) -> int:
    if database.startswith("sqlite:///"):
        with sqlite3.connect(database.removeprefix("sqlite:///")) as copy:
            return copy.execute("SELECT COUNT(*) FROM wagtailforms_formsubmission").fetchone()[0]
    return FormSubmission.objects.count()


@pytest.fixture
def toolkit(home):
    return ToolkitPageFactory(parent=ToolkitIndexPageFactory(parent=home), title="Voice tool", slug="voice")


@pytest.fixture
def redis_caches():
    prefix = f"test-{uuid.uuid4().hex}"
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    with override_settings(CACHES=caches):
        try:
            cache.set("ping", 1, 5)
        except Exception:  # any connection problem
            pytest.skip(f"no Redis at {REDIS_URL}")
        yield caches
        client = cache._cache.get_client(write=True)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # other processes see committed data
def test_simultaneous_posts_from_several_workers_with_the_default_cache_accept_exactly_the_limit(toolkit, tmp_path):
    statuses, database = post_from_workers(toolkit.url, tmp_path)
    total = WORKERS * THREADS
    assert statuses == [302] * LIMIT + [429] * (total - LIMIT)
    assert stored_submissions(database) == LIMIT


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # other processes see committed data
def test_simultaneous_posts_from_several_workers_with_redis_accept_exactly_the_limit(toolkit, tmp_path, redis_caches):
    statuses, database = post_from_workers(toolkit.url, tmp_path, caches=redis_caches)
    total = WORKERS * THREADS
    assert statuses == [302] * LIMIT + [429] * (total - LIMIT)
    assert stored_submissions(database) == LIMIT


@pytest.mark.django_db
@override_settings(TOOLKIT_FEEDBACK_DAILY_LIMIT=2)
def test_the_limit_holds_across_workers_that_each_have_their_own_memory(client, toolkit):
    """Each gunicorn worker has its own in-process cache: emptying it between posts stands for the next worker."""
    statuses = []
    for _attempt in range(4):
        cache.clear()
        statuses.append(client.post(f"{toolkit.url}feedback/", VALID, REMOTE_ADDR="192.0.2.45").status_code)
    assert statuses == [302, 302, 429, 429]
    assert FormSubmission.objects.count() == 2
    # Other addresses have their own count, and the address itself is not stored.
    assert client.post(f"{toolkit.url}feedback/", VALID, REMOTE_ADDR="192.0.2.46").status_code == 302
    assert not FeedbackRateCount.objects.filter(key__contains="192.0.2").exists()


@pytest.mark.django_db
@override_settings(TOOLKIT_FEEDBACK_DAILY_LIMIT=1)
def test_a_form_with_mistakes_does_not_use_up_the_limit(client, toolkit):
    response = client.post(f"{toolkit.url}feedback/", {**VALID, "used": ""}, REMOTE_ADDR="192.0.2.47")
    assert response.status_code == 200
    assert client.post(f"{toolkit.url}feedback/", VALID, REMOTE_ADDR="192.0.2.47").status_code == 302
