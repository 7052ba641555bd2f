"""Search statistics never break a search: a write the database refuses is logged and kept for the next batch."""

import logging
import re
import time

import pytest
from django.db import OperationalError, connection
from wagtail.contrib.search_promotions.models import Query

from search import stats
from search.admin_views import search_terms
from tests.home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_batch(monkeypatch):
    """Each test starts with nothing pending and no retry delay (the counts live in the module)."""
    stats.flush()
    Query.objects.all().delete()
    monkeypatch.setattr(stats, "_retry_after", 0.0)
    yield
    stats._pending.clear()


class LockedStatistics:
    """A database that refuses every write to the statistics tables, as a locked SQLite file does (reads go on: the
    search itself reads Wagtail's query table for promoted results)."""

    def __init__(self):
        self.attempts = 0

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE")) and Query._meta.db_table in sql:
            self.attempts += 1
            raise OperationalError("database is locked")
        return execute(sql, params, many, context)


def counts():
    """{query: (searches, searches that found nothing)}, as the search terms report shows them."""
    return {row.query_string: (row.searches, row.found_nothing) for row in search_terms()}


def test_a_search_answers_even_when_its_statistics_cannot_be_written(client, home, settings, caplog):
    settings.SEARCH_LOG_BATCH_SIZE = 1  # every search writes its batch
    settings.SEARCH_LOG_MIN_SECONDS = 0
    StandardPageFactory(parent=home, slug="manatees", title="Page about manatee")
    with caplog.at_level(logging.WARNING, logger="search.stats"), connection.execute_wrapper(LockedStatistics()):
        response = client.get("/search/", {"q": "manatee"})
    assert response.status_code == 200
    assert 'href="/manatees/"' in response.content.decode()
    assert "Search statistics not written (1 searches kept" in caplog.text
    assert counts() == {}
    assert stats.flush() == 1  # the database answers again: the kept search is written
    assert counts() == {"manatee": (1, 0)}


def test_a_refused_batch_is_merged_with_later_searches_not_lost(settings):
    settings.SEARCH_LOG_BATCH_SIZE = 1000
    settings.SEARCH_LOG_BATCH_SECONDS = 3600
    stats.record("Manatee", 3)
    stats.record("manatee", 3)
    stats.record("dugong", 0)
    with connection.execute_wrapper(LockedStatistics()):
        assert stats.flush() == 0
    stats.record("manatee", 2)  # arrives while the refused batch waits
    assert stats.flush() == 4
    assert counts() == {"manatee": (3, 0), "dugong": (1, 1)}
    assert stats.flush() == 0  # nothing counted twice


class CountWrites:
    def __init__(self):
        self.batches = 0

    def __call__(self, execute, sql, params, many, context):
        if re.match(rf'INSERT (OR IGNORE )?INTO "{Query._meta.db_table}" ', sql.lstrip()):  # once per batch
            self.batches += 1
        return execute(sql, params, many, context)


def test_a_flood_of_searches_writes_one_batch_every_few_seconds_not_one_per_batch_size(settings, monkeypatch):
    """2,000 cached searches a second with a write every 50 had the two workers queue for SQLite's write lock."""
    settings.SEARCH_LOG_BATCH_SIZE = 50
    settings.SEARCH_LOG_MIN_SECONDS = 5
    monkeypatch.setattr(stats, "_last_flush", time.monotonic() - 10)  # the last write was 10 s ago
    writes = CountWrites()
    with connection.execute_wrapper(writes):
        for number in range(500):
            stats.record(f"manatee {number % 20}", 1)
    assert writes.batches == 1  # the 50th search wrote its batch; the next 450 wait for the interval
    assert sum(stats._pending.values()) == 450
    assert stats.flush() == 450  # nothing lost: written with the next batch (or when the process exits)
    assert sum(searches for searches, _zero in counts().values()) == 500


def test_after_a_refusal_searches_do_not_retry_the_write_every_time(settings):
    settings.SEARCH_LOG_BATCH_SIZE = 1
    settings.SEARCH_LOG_MIN_SECONDS = 0
    settings.SEARCH_LOG_RETRY_SECONDS = 60
    locked = LockedStatistics()
    with connection.execute_wrapper(locked):
        for _ in range(20):
            stats.record("manatee", 1)
    assert locked.attempts == 1  # one attempt, then the batch waits
    assert stats.flush() == 20
    assert counts() == {"manatee": (20, 0)}


def test_a_long_outage_keeps_memory_bounded(settings, monkeypatch, caplog):
    settings.SEARCH_LOG_BATCH_SIZE = 1000
    settings.SEARCH_LOG_BATCH_SECONDS = 3600
    monkeypatch.setattr(stats, "MAX_PENDING_QUERIES", 2)
    for word in ("one", "two", "three"):
        stats.record(word, 1)
    with caplog.at_level(logging.WARNING, logger="search.stats"), connection.execute_wrapper(LockedStatistics()):
        stats.flush()
    assert len(stats._pending) == 2
    assert "1 searches dropped" in caplog.text
    assert stats.flush() == 2


def test_a_term_deleted_while_its_counts_are_written_keeps_the_batch(settings):
    """Another process deletes the term (Wagtail's garbage collection) between the insert and the read of its id."""
    settings.SEARCH_LOG_BATCH_SIZE = 1000
    Query.get("manatee")
    stats.record("manatee", 1)
    deleted = []

    def delete_after_insert(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not deleted and sql.startswith("INSERT") and Query._meta.db_table in sql:
            deleted.append(Query.objects.filter(query_string="manatee").delete())
        return result

    with connection.execute_wrapper(delete_after_insert):
        assert stats.flush() == 0
    assert deleted
    assert stats.flush() == 1
    assert counts() == {"manatee": (1, 0)}
