"""Small helpers shared by the test modules."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def warm_query_count(client, url, **request_options) -> int:
    """SQL queries of a warm render of ``url`` (after two renders: the first may create the site settings rows,
    which bumps the cache version once; the second fills the caches for that version)."""
    for _warm_up in range(2):
        assert client.get(url, **request_options).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, **request_options).status_code == 200
    return len(queries)
