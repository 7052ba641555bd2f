"""One ranked query on the index of Wagtail's database search backend, for SQLite (FTS5) and PostgreSQL (full text).

Wagtail's own ``.search().annotate_score()`` on the database backend ranks with a correlated subquery that runs the
full-text match again for every matching row (seconds on a few thousand pages under SQLite). This module asks the same
index tables (``wagtailsearch_indexentry`` and, on SQLite, its FTS5 table) once, with the words bound as parameters,
and returns the best ``limit`` (content type, object id, score) rows. Other backends (Elasticsearch) return None, and
the caller uses Wagtail's ``.search()`` as before.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import OperationalError, connection
from wagtail.search.backends import get_search_backend

WORD = re.compile(r"\w+")
MAX_WORDS = 12  # words of a query used for matching; a longer query costs no more than this
PREFIX_MIN = 4  # words at least this long also match longer words ("tool" finds "tools"): SQLite has no stemming

# Column weights: a match in the title counts five times one in the body (SQLite FTS5 columns: autocomplete, body,
# title). PostgreSQL reads the weights Wagtail gave each field's boost (A-D) with ts_rank's defaults.
SQLITE_WEIGHTS = (0.0, 1.0, 5.0)


def words(query: str) -> list[str]:
    """The query's words, lower-cased, in order, without repeats, at most MAX_WORDS."""
    seen: list[str] = []
    for word in WORD.findall(query.casefold()):
        word = word.strip("_")
        if word and word not in seen:
            seen.append(word)
    return seen[:MAX_WORDS]


def available() -> bool:
    """True when the default search backend is Wagtail's database backend on SQLite or PostgreSQL."""
    module = type(get_search_backend()).__module__
    database = module.startswith(("wagtail.search.backends.database", "modelsearch.backends.database"))
    return database and connection.vendor in ("sqlite", "postgresql")


def _fts5_expression(terms: list[str], operator: str) -> str:
    # Each word is an FTS5 string (double quotes, inner quotes doubled), so no word is ever read as syntax.
    parts = []
    for term in terms:
        quoted = '"' + term.replace('"', '""') + '"'
        parts.append(quoted + "*" if len(term) >= PREFIX_MIN else quoted)
    return (" OR " if operator == "or" else " AND ").join(parts)


def rank(query: str, content_type_ids: list[int], operator: str = "and", limit: int = 500) -> list[tuple]:
    """[(content_type_id, object_id as int, score)], best first. Empty when the query has no word."""
    terms = words(query)
    if not terms or not content_type_ids:
        return []
    types = ",".join(str(int(pk)) for pk in content_type_ids)
    if connection.vendor == "sqlite":
        weights = ", ".join(str(weight) for weight in SQLITE_WEIGHTS)
        sql = (
            f"SELECT e.content_type_id, e.object_id, -bm25(wagtailsearch_indexentry_fts, {weights}) AS score "
            "FROM wagtailsearch_indexentry_fts JOIN wagtailsearch_indexentry e "
            "ON e.id = wagtailsearch_indexentry_fts.rowid "
            f"WHERE wagtailsearch_indexentry_fts MATCH %s AND e.content_type_id IN ({types}) "
            "ORDER BY score DESC LIMIT %s"
        )
        params = [_fts5_expression(terms, operator), limit]
    else:
        config = settings.WAGTAILSEARCH_BACKENDS["default"].get("SEARCH_CONFIG") or "simple"
        # plainto_tsquery per word: each word is a parameter, never tsquery syntax; the last one is also a prefix.
        joiner = " || " if operator == "or" else " && "
        pieces = []
        params: list = []
        for term in terms:
            pieces.append("plainto_tsquery(%s::regconfig, %s)")
            params += [config, term]
        tsquery = "(" + joiner.join(pieces) + ")"
        # Bodies are ranked only when at most ``limit`` entries match, i.e. when every match is returned anyway;
        # a word on most pages of a large site (10,000 pages: 20 ms of reading and ranking every body) returns the
        # title matches first, then the others in the order the index gives them (no more of them are read than
        # can be returned), and the curated bonuses (query.PageBonus) order them. Title matches and body-only
        # matches are read apart, so the bodies of the latter are never read. The tsquery is a materialized CTE:
        # the planner then uses the GIN indexes rather than testing every row.
        sql = (
            f"WITH q AS MATERIALIZED (SELECT {tsquery} AS query), "
            "matched AS MATERIALIZED ("
            "SELECT e.id, e.content_type_id, e.object_id, ts_rank(e.title, q.query) AS title_rank "
            f"FROM wagtailsearch_indexentry e, q WHERE e.title @@ q.query AND e.content_type_id IN ({types}) "
            "UNION ALL "
            "(SELECT e.id, e.content_type_id, e.object_id, 0.0 FROM wagtailsearch_indexentry e, q "
            f"WHERE e.body @@ q.query AND NOT e.title @@ q.query AND e.content_type_id IN ({types}) LIMIT %s)"
            "), "
            "size AS (SELECT count(*) <= %s AS rank_bodies FROM matched) "
            "SELECT m.content_type_id, m.object_id, m.title_rank * 5 + CASE WHEN size.rank_bodies THEN "
            "(SELECT ts_rank(b.body, q.query) FROM wagtailsearch_indexentry b WHERE b.id = m.id) ELSE 0 END AS score "
            "FROM matched m, size, q ORDER BY score DESC, m.id LIMIT %s"
        )
        params += [limit + 1, limit, limit]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            try:
                cursor.execute(sql, params)
            except OperationalError:  # an FTS5 expression it refuses finds nothing, never a server error
                return []
        else:
            cursor.execute(sql, params)
        rows = cursor.fetchall()
    results = []
    for content_type_id, object_id, score in rows:
        try:
            results.append((content_type_id, int(object_id), float(score or 0.0)))
        except (TypeError, ValueError):
            continue
    return results
