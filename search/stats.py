"""Anonymous counts of searches, for editors: popular queries and queries that found nothing.

Every search is counted in Wagtail's own search terms (``Query`` and ``QueryDailyHits`` of Wagtail's search
promotions, which promoted results use too); those that found nothing are also counted in
``search.NoResultsDailyHits``, the one count Wagtail does not keep. The report is search/admin_views.py.

Counting must not slow searches down: counts gather in memory and are written in one batch every
SEARCH_LOG_BATCH_SECONDS seconds, or sooner once SEARCH_LOG_BATCH_SIZE searches are pending but never twice within
SEARCH_LOG_MIN_SECONDS (and when the process exits): at most one small write per process every few seconds, however
many searches arrive. (A batch every 50 searches meant 40 writes a second at 2,000 cached searches a second; on
SQLite the two workers then queued for the write lock and the p95 of a cached search rose from 11 to 700 ms.)

Queries that look like personal data (an email address, a phone number) are recorded as "[personal data
removed]"; nothing about the person is stored.

A flush runs inside a reader's search, so it never raises: if the database refuses the write (locked, read-only,
gone), the error is logged and the batch goes back into the pending counts, to be written with the next batch after
SEARCH_LOG_RETRY_SECONDS. Counts are lost only if the process ends while the database still refuses them, or beyond
MAX_PENDING_QUERIES distinct queries (memory stays bounded during a long outage).
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import re
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone

REDACTED = "[personal data removed]"
PERSONAL = re.compile(r"\S+@\S+|\+?\d[\d\s().-]{6,}\d")

MAX_PENDING_QUERIES = 10_000  # distinct (day, query, found nothing) keys kept while the database refuses writes

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_pending: Counter = Counter()
_last_flush = time.monotonic()
_retry_after = 0.0  # after a failed write, no new attempt from record() before this time (time.monotonic())


def normalise(query: str) -> str:
    query = " ".join(query.lower().split())[:100]
    return REDACTED if PERSONAL.search(query) else query


def record(query: str, found: int) -> None:
    """Count one search (in memory); write the batch when it is big or old enough."""
    global _last_flush
    key = (timezone.localdate(), normalise(query), found == 0)
    with _lock:
        _pending[key] += 1
        size = sum(_pending.values())
        now = time.monotonic()
        since_last = now - _last_flush
        due = now >= _retry_after and (
            since_last >= getattr(settings, "SEARCH_LOG_BATCH_SECONDS", 60)
            or (
                size >= getattr(settings, "SEARCH_LOG_BATCH_SIZE", 50)
                and since_last >= getattr(settings, "SEARCH_LOG_MIN_SECONDS", 5)
            )
        )
    if due:
        flush()


def flush() -> int:
    """Write the pending counts to the database; returns how many searches were written.

    Never raises a database error: a batch the database refuses is logged and put back into the pending counts.
    """
    global _last_flush
    with _lock:
        batch = dict(_pending)
        _pending.clear()
        _last_flush = time.monotonic()
    if not batch:
        return 0
    try:
        _write(batch)
    except DatabaseError:
        logger.warning(
            "Search statistics not written (%d searches kept for the next batch)", sum(batch.values()), exc_info=True
        )
        _put_back(batch)
        return 0
    return sum(batch.values())


def _write(batch: dict) -> None:
    """Add a batch to Wagtail's search terms (``Query``, ``QueryDailyHits``) and to ``NoResultsDailyHits``.

    The batch equivalent of Wagtail's ``Query.get(q).add_hit()``, in one transaction: missing rows are inserted with
    no hits (a row another process inserted meanwhile is left alone), then every count is added with ``F()``, so
    processes writing at the same time never lose each other's counts.
    """
    from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

    from search.models import NoResultsDailyHits

    searches: Counter = Counter()
    found_nothing: Counter = Counter()
    for (day, query, is_zero), count in batch.items():
        searches[(query, day)] += count
        if is_zero:
            found_nothing[(query, day)] += count
    strings = {query for query, _day in searches}
    with transaction.atomic():
        Query.objects.bulk_create([Query(query_string=query) for query in strings], ignore_conflicts=True)
        ids = dict(Query.objects.filter(query_string__in=strings).values_list("query_string", "pk"))
        if len(ids) < len(strings):  # deleted by another process since the insert: keep the batch for the next try
            raise DatabaseError("search terms deleted while their counts were written")
        for model, counts in ((QueryDailyHits, searches), (NoResultsDailyHits, found_nothing)):
            model.objects.bulk_create(
                [model(query_id=ids[query], date=day) for query, day in counts], ignore_conflicts=True
            )
            for (query, day), count in counts.items():
                model.objects.filter(query_id=ids[query], date=day).update(hits=F("hits") + count)


def _put_back(batch: dict) -> None:
    """Merge a batch that could not be written into the pending counts (added to what came in meanwhile)."""
    global _retry_after
    retry_seconds = getattr(settings, "SEARCH_LOG_RETRY_SECONDS", 10)
    with _lock:
        _retry_after = time.monotonic() + retry_seconds
        dropped = 0
        for key, count in batch.items():
            if key in _pending or len(_pending) < MAX_PENDING_QUERIES:
                _pending[key] += count
            else:
                dropped += count
    if dropped:
        logger.error(
            "Search statistics: %d searches dropped (more than %d queries pending)", dropped, MAX_PENDING_QUERIES
        )


@atexit.register
def _flush_on_exit():
    """Write what is pending as the process ends, quietly: the database and the log streams may already be gone
    (flush() would log a failure with its traceback to a closed stream)."""
    with _lock:
        batch = dict(_pending)
        _pending.clear()
    if batch:
        with contextlib.suppress(Exception):
            _write(batch)
