"""Anonymous counts of searches, for editors: popular queries and queries that found nothing.

Counting must not slow searches down: counts gather in memory and are written in one batch every
SEARCH_LOG_BATCH_SIZE searches or SEARCH_LOG_BATCH_SECONDS seconds (and when the process exits), so under load
there is one small write per batch, not one per search. Queries that look like personal data (an email address,
a phone number) are recorded as "[personal data removed]"; nothing about the person is stored.
"""

from __future__ import annotations

import atexit
import contextlib
import re
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

REDACTED = "[personal data removed]"
PERSONAL = re.compile(r"\S+@\S+|\+?\d[\d\s().-]{6,}\d")

_lock = threading.Lock()
_pending: Counter = Counter()
_last_flush = time.monotonic()


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
        due = size >= getattr(settings, "SEARCH_LOG_BATCH_SIZE", 50) or (
            time.monotonic() - _last_flush >= getattr(settings, "SEARCH_LOG_BATCH_SECONDS", 60)
        )
    if due:
        flush()


def flush() -> int:
    """Write the pending counts to the database; returns how many searches were written."""
    global _last_flush
    from search.models import SearchQueryStat

    with _lock:
        batch = dict(_pending)
        _pending.clear()
        _last_flush = time.monotonic()
    if not batch:
        return 0
    totals: Counter = Counter()
    zero: Counter = Counter()
    for (day, query, is_zero), count in batch.items():
        totals[(day, query)] += count
        if is_zero:
            zero[(day, query)] += count
    with transaction.atomic():
        for (day, query), count in totals.items():
            stat, created = SearchQueryStat.objects.get_or_create(
                day=day, query=query, defaults={"hits": count, "zero_result_hits": zero[(day, query)]}
            )
            if not created:
                SearchQueryStat.objects.filter(pk=stat.pk).update(
                    hits=F("hits") + count, zero_result_hits=F("zero_result_hits") + zero[(day, query)]
                )
    return sum(batch.values())


@atexit.register
def _flush_on_exit():
    with contextlib.suppress(Exception):  # the database may already be gone at exit
        flush()
