"""One way to count things per day (downloads, short-link clicks, feedback per reader), safe with parallel requests.

The row of the day is updated in one statement (``count = count + 1``, so no update is lost between two workers);
the day's first request creates it, and a request that loses that race adds to the row the other one made.
"""

import contextlib
import contextvars

from django.db import IntegrityError, transaction
from django.db.models import F

_counting = contextvars.ContextVar("counting", default=True)


@contextlib.contextmanager
def not_counted():
    """Requests made inside this block count nothing (the static archive reads every page, file and short link:
    readers did not)."""
    token = _counting.set(False)
    try:
        yield
    finally:
        _counting.reset(token)


def add_one(model, *, field: str = "count", read_back: bool = False, **lookup) -> int | None:
    """Add one to ``field`` of the ``model`` row matching ``lookup`` (made with 1 if missing; ``lookup`` must name a
    unique row). With ``read_back``, return the count after this request's addition (the UPDATE holds the row's
    lock until the count is read); otherwise None, with no transaction of its own in the common case."""
    if not _counting.get():
        return None
    rows = model.objects.filter(**lookup)
    for _attempt in range(3):
        if read_back:
            with transaction.atomic():
                if rows.update(**{field: F(field) + 1}):
                    return rows.values_list(field, flat=True).get()
        elif rows.update(**{field: F(field) + 1}):
            return None
        try:
            with transaction.atomic():
                model.objects.create(**lookup, **{field: 1})
        except IntegrityError:
            continue  # created by a parallel request: add to it instead
        return 1 if read_back else None
    return None
