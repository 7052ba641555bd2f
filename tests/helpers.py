"""Small helpers shared by the test modules."""

import difflib

from django.db import connection
from django.test.utils import CaptureQueriesContext


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
