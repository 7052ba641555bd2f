"""What editors curate about each live page of a language, kept in memory for ranking, result lines and "did you mean".

Per page: its type, title, summary, tags, framework drivers, ICS and a date. Built in a bounded number of queries (a
few per page type, whatever the number of pages) the first time a language is searched after a change, and kept per
process until the site's content version (``hub.cache.version()``, moved by every publish, unpublish, move, save or
delete from any process) changes: a search never reads them from the database.

The vocabulary ("did you mean") is every word of those titles, summaries, tags, drivers and ICS names, plus, on
SQLite, every term of the full-text index (FTS5's own vocabulary table).
"""

from __future__ import annotations

import bisect
import re
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.apps import apps
from django.db import DatabaseError, connection
from django.db.models import ForeignKey, ManyToManyField
from wagtail.models import Page

from hub import cache as page_cache

WORD = re.compile(r"\w+")
MIN_WORD = 3  # shorter words are neither suggested nor corrected
MAX_ENTRIES = 4  # (version, locale) entries kept per process


@dataclass
class PageFacts:
    title: str
    summary: str = ""
    tags: list[str] = field(default_factory=list)
    drivers: list[str] = field(default_factory=list)  # short names, shown beside the result
    driver_words: str = ""  # short names and titles, for ranking
    ics: list[str] = field(default_factory=list)
    date: object = None
    curated: frozenset = frozenset()  # the words of its tags, drivers and ICS, lower-cased
    summary_words: frozenset = frozenset()
    title_words: frozenset = frozenset()
    # The same words sorted, so "is a word starting with ..." is a binary search, not a scan.
    curated_sorted: tuple = ()
    summary_sorted: tuple = ()
    title_sorted: tuple = ()
    title_folded: str = ""
    tags_folded: tuple = ()

    def finish(self) -> None:
        self.curated = frozenset(WORD.findall(" ".join([*self.tags, self.driver_words, *self.ics]).casefold()))
        self.summary_words = frozenset(WORD.findall(self.summary.casefold()))
        self.title_folded = self.title.casefold()
        self.title_words = frozenset(WORD.findall(self.title_folded))
        self.curated_sorted = tuple(sorted(self.curated))
        self.summary_sorted = tuple(sorted(self.summary_words))
        self.title_sorted = tuple(sorted(self.title_words))
        self.tags_folded = tuple(tag.casefold() for tag in self.tags)


def has_word(words: frozenset, ordered: tuple, word: str, prefix_from: int = 4) -> bool:
    """``word`` is one of ``words``, or (when at least ``prefix_from`` long) the start of one of them."""
    if word in words:
        return True
    if len(word) < prefix_from:
        return False
    index = bisect.bisect_left(ordered, word)
    return index < len(ordered) and ordered[index].startswith(word)


@dataclass
class SiteFacts:
    pages: dict[int, PageFacts]
    vocabulary: Counter  # word -> how often it occurs
    paths: dict[int, str] = field(default_factory=dict)  # page id -> tree path (view restrictions)
    types: dict[int, int] = field(default_factory=dict)  # page id -> content type id

    @cached_property
    def _word_index(self) -> dict[str, tuple[dict, list]]:
        """Per field of PageFacts (title_words, curated, summary_words): {word: page ids} and the words sorted."""
        index = {}
        for name in ("title_words", "curated", "summary_words"):
            postings: dict[str, set] = defaultdict(set)
            for pk, facts in self.pages.items():
                for word in getattr(facts, name):
                    postings[word].add(pk)
            index[name] = (dict(postings), sorted(postings))
        return index

    def pages_with(self, name: str, word: str, prefix_from: int = 4) -> set:
        """The pages for which ``has_word(facts.<name>, ..., word, prefix_from)`` is true, from the word index: the
        pages with ``word`` in that field or (when it is at least ``prefix_from`` long) a word starting with it."""
        postings, ordered = self._word_index[name]
        if len(word) < prefix_from:
            return postings.get(word, set())
        found: set = set()
        index = bisect.bisect_left(ordered, word)
        while index < len(ordered) and ordered[index].startswith(word):
            found |= postings[ordered[index]]
            index += 1
        return found


_lock = threading.Lock()
_memo: dict[tuple, SiteFacts] = {}


def _page_models():
    return [model for model in apps.get_models() if issubclass(model, Page) and model is not Page]


def _field_names(model) -> dict:
    return {item.name: item for item in model._meta.get_fields()}


def build(locale_id) -> SiteFacts:
    """Read the facts of every live page of the language (a few queries per page type that has curated fields)."""
    base = Page.objects.live()
    if locale_id is not None:
        base = base.filter(locale_id=locale_id)
    pages, paths, types = {}, {}, {}
    for pk, title, path, content_type_id in base.values_list("pk", "title", "path", "content_type_id"):
        pages[pk] = PageFacts(title=title)
        paths[pk] = path
        types[pk] = content_type_id
    for model in _page_models():
        names = _field_names(model)
        own = model.objects.filter(pk__in=base.values("pk")) if pages else model.objects.none()
        if "summary" in names and not names["summary"].is_relation:
            for pk, summary in own.exclude(summary="").values_list("pk", "summary"):
                if pk in pages:
                    pages[pk].summary = summary or ""
        for date_field in ("start", "publication_date"):
            if date_field in names and not names[date_field].is_relation:
                for pk, value in own.exclude(**{f"{date_field}__isnull": True}).values_list("pk", date_field):
                    if pk in pages:
                        pages[pk].date = value
                break
        if "tags" in names:
            for pk, name in own.filter(tags__isnull=False).values_list("pk", "tags__name"):
                if pk in pages and name:
                    pages[pk].tags.append(name)
        relation = names.get("drivers")
        if isinstance(relation, ManyToManyField):
            for pk, short_name, title in own.filter(drivers__isnull=False).values_list(
                "pk", "drivers__short_name", "drivers__title"
            ):
                if pk in pages:
                    pages[pk].drivers.append(short_name or title)
                    pages[pk].driver_words += f" {short_name} {title}"
        relation = names.get("ics")
        if isinstance(relation, ForeignKey):
            for pk, name in own.filter(ics__isnull=False).values_list("pk", "ics__name"):
                if pk in pages and name:
                    pages[pk].ics.append(name)
    vocabulary: Counter = Counter()
    for facts in pages.values():
        facts.finish()
        text = " ".join([facts.title, facts.summary, *facts.tags, facts.driver_words, *facts.ics])
        vocabulary.update(word for word in WORD.findall(text.casefold()) if len(word) >= MIN_WORD)
    vocabulary.update(_index_terms())
    return SiteFacts(pages=pages, vocabulary=vocabulary, paths=paths, types=types)


def _index_terms() -> Counter:
    """On SQLite: every word of the full-text index, with the number of entries it is in (FTS5's vocabulary table)."""
    if connection.vendor != "sqlite":
        return Counter()
    terms: Counter = Counter()
    with connection.cursor() as cursor:
        try:
            cursor.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.chec_search_vocabulary "
                "USING fts5vocab(main, 'wagtailsearch_indexentry_fts', 'row')"
            )
            cursor.execute("SELECT term, doc FROM temp.chec_search_vocabulary WHERE length(term) >= %s", [MIN_WORD])
        except DatabaseError:  # no FTS5 table: the curated words are enough
            return terms
        for term, count in cursor.fetchall():
            if not term.isdigit():
                terms[term] = count
    return terms


def get(locale_id) -> SiteFacts:
    """The facts for the language, built at most once per content version and process."""
    key = (page_cache.version(), locale_id)
    facts = _memo.get(key)
    if facts is None:
        with _lock:
            facts = _memo.get(key)
            if facts is None:
                facts = build(locale_id)
                if len(_memo) >= MAX_ENTRIES:
                    _memo.clear()
                _memo[key] = facts
    return facts


def clear() -> None:
    _memo.clear()


def suggest(query_words: list[str], facts: SiteFacts) -> list[str] | None:
    """The query with each word the site never uses replaced by the closest word it does use, or None.

    rapidfuzz's ratio (an edit-distance similarity, 0-100) against the vocabulary; among the close words, the most
    frequent. Words of fewer than MIN_WORD + 1 letters and numbers are kept as they are.
    """
    from rapidfuzz import fuzz, process

    vocabulary = facts.vocabulary
    if not vocabulary:
        return None
    corrected, changed = [], False
    for word in query_words:
        if word in vocabulary or len(word) <= MIN_WORD or word.isdigit():
            corrected.append(word)
            continue
        candidates = process.extract(word, vocabulary.keys(), scorer=fuzz.ratio, score_cutoff=75, limit=5)
        if not candidates:
            corrected.append(word)
            continue
        best = max(candidates, key=lambda item: (round(item[1] / 5), vocabulary[item[0]]))
        corrected.append(best[0])
        changed = True
    return corrected if changed else None


def curated_matches(query_words: list[str], facts: SiteFacts) -> list[int]:
    """Pages whose tags, drivers or ICS carry every word of the query, whether or not the index has them."""
    wanted = set(query_words)
    return [pk for pk, page in facts.pages.items() if page.curated and wanted <= page.curated]
