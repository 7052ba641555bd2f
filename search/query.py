"""Site-wide search over live, public pages of the reader's language and the text of the documents they offer.

Pages and documents are searched with Wagtail's search backend (the database backend by default; PostgreSQL full
text or Elasticsearch by settings). The backend ranks; filters that live on specific page types (ICS,
driver) are applied afterwards in SQL on the ranked ids, and only the current page of results is loaded, so a
search costs a fixed number of queries whatever the number of matches.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex

from hub.i18n import active_locale_id
from hub.querysets import exclude_private

MAX_QUERY_LENGTH = 200
MAX_RANKED = 500  # how many ranked matches of each kind are considered
PER_PAGE = 10
MAX_PARENT_PAGES = 3  # "from <page>, <page>, <page>" under a document result

# (key used in ?type=, label shown, model label). Other page types are shown as "Page".
RESULT_TYPES = [
    ("driver", _("Framework driver"), "hub.DriverPage"),
    ("framework", _("Framework"), "hub.FrameworkPage"),
    ("report", _("Report"), "reports.ReportPage"),
    ("chapter", _("Report chapter"), "reports.ReportChapterPage"),
    ("case-study", _("Case study"), "casestudies.CaseStudyPage"),
    ("toolkit", _("Toolkit"), "toolkit.ToolkitPage"),
    ("event", _("Event"), "events.EventPage"),
    ("indicator", _("Indicator"), "indicators.Indicator"),
    ("page", _("Page"), None),
    ("document", _("Document"), None),
]


def clean_query(raw: str) -> str:
    """A safe query: printable characters only, whitespace folded, at most MAX_QUERY_LENGTH characters.

    Search syntax characters are dropped so the backend reads every query as plain words.
    """
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(character for character in text if character.isprintable() or character.isspace())
    text = re.sub(r"[\"*():^~{}\[\]<>\\|&!+=/:]+", " ", text)
    text = " ".join(text.split())
    return text[:MAX_QUERY_LENGTH].strip()


def installed_types() -> list[dict]:
    """The result types whose models exist, as dicts with key, label and model (None for page/document)."""
    types = []
    for key, label, model_label in RESULT_TYPES:
        model = None
        if model_label:
            try:
                model = apps.get_model(model_label)
            except LookupError:
                continue
        types.append({"key": key, "label": label, "model": model})
    return types


@dataclass
class Result:
    kind: str  # a RESULT_TYPES key
    label: str
    title: str
    url: str
    snippet: str = ""
    ics: list = field(default_factory=list)
    drivers: list = field(default_factory=list)
    document: object = None
    parent_pages: list = field(default_factory=list)  # for a document: the pages that offer it
    date: object = None  # an event's start, a report's publication date
    documents: list = field(default_factory=list)  # a page's matching files (Results), under it
    alternatives: list = field(default_factory=list)  # a document's other formats (documents)
    title_html: str = ""  # the title, escaped, with the searched words marked


@dataclass
class SearchOutcome:
    query: str
    results: list[Result]
    total: int
    page_number: int
    pages: int
    promotions: list = field(default_factory=list)
    original: str | None = None  # the query as typed, when it was searched as ``query`` (corrected spelling)
    suggestion: str | None = None  # "did you mean", when the query as typed found little


WORD = re.compile(r"\w+")
TITLE_BONUS = 1000.0


def title_bonus(query: str, title: str) -> float:
    """Title matches outrank body matches: a bonus for the share of the query's words found in the title.

    The backend's scores are not comparable across fields on every backend, so this is applied on top of them.
    """
    words = {word for word in WORD.findall(query.lower()) if len(word) > 1}
    if not words:
        return 0.0
    title_words = set(WORD.findall(title.lower()))
    found = sum(1 for word in words if word in title_words or any(t.startswith(word) for t in title_words))
    return TITLE_BONUS * found / len(words)


def _page_matches(query: str, locale_id, type_models, request):
    # Only the fields the ranking reads: up to MAX_RANKED pages are made here, and a full page row is large.
    pages = exclude_private(Page.objects.live().only("id", "title", "content_type_id"), request)
    if locale_id is not None:
        pages = pages.filter(locale_id=locale_id)
    if type_models is not None:
        pages = pages.filter(content_type__in=[ContentType.objects.get_for_model(model) for model in type_models])
    ranked = pages.search(query, operator="and").annotate_score("_score")[:MAX_RANKED]
    matches = [
        (page.pk, page.content_type_id, (page._score or 0.0) + title_bonus(query, page.title)) for page in ranked
    ]
    if not matches:  # fall back to any of the words when all of them match nothing
        ranked = pages.search(query, operator="or").annotate_score("_score")[:MAX_RANKED]
        matches = [
            (page.pk, page.content_type_id, ((page._score or 0.0) + title_bonus(query, page.title)) * 0.5)
            for page in ranked
        ]
    return matches


def _document_matches(query: str, locale_id, request):
    DocumentText = apps.get_model("search", "DocumentText")
    ranked = DocumentText.objects.search(query, operator="and").annotate_score("_score")[:MAX_RANKED]
    # A page is the better destination than one of its files when both match by title.
    scores = {text.document_id: (text._score or 0.0) + 0.9 * title_bonus(query, text.title) for text in ranked}
    if not scores:
        return {}
    # Only documents offered by a live, public page of the reader's language are found.
    offering = _offering_pages(scores.keys(), locale_id, request)
    return {pk: (score, offering[pk]) for pk, score in scores.items() if pk in offering}


def _offering_pages(document_ids, locale_id, request) -> dict:
    """{document id: [pages that refer to it]}, from Wagtail's reference index, in two queries."""
    document_type = ContentType.objects.get_for_model(get_document_model())
    references = ReferenceIndex.objects.filter(
        to_content_type=document_type,
        to_object_id__in=[str(pk) for pk in document_ids],
        base_content_type=ContentType.objects.get_for_model(Page),
    ).values_list("to_object_id", "object_id")
    by_page: dict[int, set] = {}
    for document_id, object_id in references:
        by_page.setdefault(int(object_id), set()).add(int(document_id))
    if not by_page:
        return {}
    # The fields a link to the page needs; a shared file may be on many pages, and a full page row is large.
    pages = exclude_private(
        Page.objects.live().filter(pk__in=by_page).only("id", "title", "url_path", "path", "depth", "locale_id"),
        request,
    )
    if locale_id is not None:
        pages = pages.filter(locale_id=locale_id)
    offering: dict[int, list] = {}
    for page in pages.order_by("path"):
        for document_id in by_page[page.pk]:
            offering.setdefault(document_id, []).append(page)
    return offering


def _indicator_matches(query: str, locale_id, driver_key) -> dict:
    """{indicator id: score} for indicators, shown when the reader's language has the /data/ section."""
    Indicator = apps.get_model("indicators", "Indicator")
    ranked = Indicator.objects.search(query, operator="and").annotate_score("_score")[:MAX_RANKED]
    scores = {item.pk: (item._score or 0.0) + title_bonus(query, item.name) for item in ranked}
    if driver_key and scores:
        linked = set(
            Indicator.objects.filter(pk__in=scores, drivers__translation_key=driver_key).values_list("pk", flat=True)
        )
        scores = {pk: score for pk, score in scores.items() if pk in linked}
    return scores


def _filter_by_relations(page_ids: list[int], ics_slug: str | None, driver_key: str | None) -> set[int]:
    """The ids among ``page_ids`` that belong to the ICS and/or link to the driver (by translation key)."""
    allowed: set[int] = set()
    for model in apps.get_models():
        if not issubclass(model, Page) or model is Page:
            continue
        field_names = {field.name for field in model._meta.get_fields()}
        if (ics_slug and "ics" not in field_names) or (driver_key and "drivers" not in field_names):
            continue
        queryset = model.objects.filter(pk__in=page_ids)
        if ics_slug:
            queryset = queryset.filter(ics__slug=ics_slug)
        if driver_key:
            queryset = queryset.filter(drivers__translation_key=driver_key)
        allowed.update(queryset.values_list("pk", flat=True))
    if driver_key:
        # The driver's own page is a result for its driver too.
        allowed.update(Page.objects.filter(pk__in=page_ids, translation_key=driver_key).values_list("pk", flat=True))
    return allowed


# Ranking ---------------------------------------------------------------------------------------------------------
# On top of the backend's text score (which differs in scale between backends), bonuses from what editors curate, so
# the order is the same on SQLite, PostgreSQL and Elasticsearch: title words (TITLE_BONUS), the whole query as a
# phrase in the title, tags, framework drivers and ICS (CURATED_BONUS, and TAG_PHRASE_BONUS when a tag is the query),
# and the summary (SUMMARY_BONUS).
PHRASE_BONUS = 300.0
CURATED_BONUS = 600.0
TAG_PHRASE_BONUS = 400.0
SUMMARY_BONUS = 200.0
DOCUMENT_FACTOR = 0.9  # a page is the better destination than one of its files when both match alike
OR_FACTOR = 0.5  # results of the "any of the words" fallback
MAX_GROUPED = 3  # documents shown under their page


def _share(words: list[str], found: frozenset, ordered: tuple) -> float:
    """The share of the query's words among ``found`` (a word may also be the start of one: "tool", "toolkit")."""
    from search.facts import has_word

    if not words:
        return 0.0
    return sum(1 for word in words if has_word(found, ordered, word)) / len(words)


class PageBonus:
    """The bonus of a page for the query (``bonus(pk, facts)``), from its title, tags, drivers, ICS and summary
    (``facts.PageFacts``). Which pages have each word in each field is read once per query from the site's word
    index (``SiteFacts.pages_with``), so scoring a thousand candidates is a few set lookups each."""

    def __init__(self, words: list[str], query: str, site_facts):
        self.count = len(words)
        self.lowered = query.casefold()
        self.phrase = len(words) > 1
        self.title = [site_facts.pages_with("title_words", word, 2) for word in words if len(word) > 1]
        self.curated = [site_facts.pages_with("curated", word) for word in words]
        self.summary = [site_facts.pages_with("summary_words", word) for word in words]

    def __call__(self, pk: int, facts) -> float:
        if not self.count:
            return 0.0
        bonus = TITLE_BONUS * sum(pk in pages for pages in self.title) / self.count
        if self.phrase and self.lowered in facts.title_folded:
            bonus += PHRASE_BONUS
        if facts.curated:
            bonus += CURATED_BONUS * sum(pk in pages for pages in self.curated) / self.count
            if any(self.lowered == tag or (self.phrase and self.lowered in tag) for tag in facts.tags_folded):
                bonus += TAG_PHRASE_BONUS
        if facts.summary_words:
            bonus += SUMMARY_BONUS * sum(pk in pages for pages in self.summary) / self.count
        return bonus


def _model(label: str):
    """An app's model, or None when the app is not installed (search reads every app and needs none of them)."""
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def indicator_model():
    return _model("indicators.Indicator")


def _page_content_type_ids(kind, types, typed_models) -> list[int] | None:
    """The content types a page search covers for the ?type= filter; None for every page type."""
    if kind in (None, "page"):
        return None
    model = types.get(kind, {}).get("model")
    if model is None or not issubclass(model, Page):
        return []
    return [ContentType.objects.get_for_model(model).pk]


@dataclass
class Candidates:
    pages: dict = field(default_factory=dict)  # page id -> score
    documents: dict = field(default_factory=dict)  # document id -> (score, title)
    indicators: dict = field(default_factory=dict)  # indicator id -> score
    every_word: bool = True  # False when only the "any of the words" fallback matched

    def __bool__(self) -> bool:
        return bool(self.pages or self.documents or self.indicators)


def _engine_candidates(query, words, wanted, page_types, site_facts, public, fallback=True) -> Candidates:
    """Everything that matches every word, from one ranked query on the database backend's index; with
    ``fallback`` (when nothing did), everything that matches any of the words (score times OR_FACTOR)."""
    from search import engine

    DocumentText = apps.get_model("search", "DocumentText")
    Indicator = indicator_model()
    bonus = PageBonus(words, query, site_facts)
    content_types = {}
    if "page" in wanted:
        page_model_types = [
            ContentType.objects.get_for_model(model).pk
            for model in apps.get_models()
            if issubclass(model, Page) and model is not Page
        ]
        for pk in page_types if page_types is not None else page_model_types:
            content_types[pk] = "page"
    if "document" in wanted:
        content_types[ContentType.objects.get_for_model(DocumentText).pk] = "document"
    if "indicator" in wanted and Indicator is not None:
        content_types[ContentType.objects.get_for_model(Indicator).pk] = "indicator"
    found = Candidates()
    passes = (("or", OR_FACTOR),) if fallback else (("and", 1.0),)
    for operator, factor in passes:
        rows = engine.rank(query, list(content_types), operator=operator, limit=MAX_RANKED * 2)
        text_ids = {}
        for content_type_id, object_id, score in rows:
            kind = content_types.get(content_type_id)
            if kind == "page":
                facts = site_facts.pages.get(object_id)
                if facts is not None and public(object_id):
                    found.pages[object_id] = (score + bonus(object_id, facts)) * factor
            elif kind == "document":
                text_ids[object_id] = score
            elif kind == "indicator":
                found.indicators[object_id] = score
        if text_ids:
            for pk, document_id, title in DocumentText.objects.filter(pk__in=text_ids).values_list(
                "pk", "document_id", "title"
            ):
                score = (text_ids[pk] + DOCUMENT_FACTOR * title_bonus(query, title)) * factor
                found.documents[document_id] = (score, title)
        if found.indicators:
            names = dict(Indicator.objects.filter(pk__in=found.indicators).values_list("pk", "name"))
            found.indicators = {
                pk: (score + title_bonus(query, names[pk])) * factor
                for pk, score in found.indicators.items()
                if pk in names
            }
    found.every_word = bool(found) and not fallback
    return found


def _backend_candidates(query, words, wanted, page_types, site_facts, public, request, locale_id) -> Candidates:
    """The same from Wagtail's ``.search()`` (Elasticsearch, or a database the engine does not know)."""
    found = Candidates()
    bonus = PageBonus(words, query, site_facts)
    if "page" in wanted:
        type_models = None
        if page_types is not None:
            type_models = [ContentType.objects.get_for_id(pk).model_class() for pk in page_types]
        for pk, _content_type_id, score in _page_matches(query, locale_id, type_models, request):
            facts = site_facts.pages.get(pk)
            if facts is not None and public(pk):
                found.pages[pk] = score - title_bonus(query, facts.title) + bonus(pk, facts)
    if "document" in wanted:
        DocumentText = apps.get_model("search", "DocumentText")
        ranked = DocumentText.objects.search(query, operator="and").annotate_score("_score")[:MAX_RANKED]
        for text in ranked:
            score = (text._score or 0.0) + DOCUMENT_FACTOR * title_bonus(query, text.title)
            found.documents[text.document_id] = (score, text.title)
    if "indicator" in wanted and indicator_model() is not None:
        found.indicators = _indicator_matches(query, locale_id, None)
    return found


def _public_check(site_facts, request):
    """A function telling whether a page (by id) is outside every view restriction (restricted paths are cached)."""
    from hub.querysets import restricted_page_paths

    restricted = tuple(restricted_page_paths())
    if not restricted:
        return lambda pk: True
    return lambda pk: not site_facts.paths.get(pk, "").startswith(restricted)


def _group_documents(found: Candidates, site_facts, public, nest: bool = True):
    """Documents under their pages (with ``nest``), alternative formats under their main file.

    A matching document is shown under the page that offers it (the best-ranked one when several do, else the first
    in the tree), and that page ranks at least as high as the document: the page is where a reader understands the
    file. Without ``nest`` (only documents were asked for) documents stay results of their own.

    Returns (ranked document entries, {page id: [document ids]}, {document id: [pages offering it]},
    {main document id: [alternative document ids]}).
    """
    if not found.documents:
        return {}, {}, {}, {}
    from wagtail.models import ReferenceIndex

    ToolkitDownload = _model("toolkit.ToolkitDownload")
    alternatives: dict[int, list[int]] = {}
    if ToolkitDownload is not None:
        rows = ToolkitDownload.objects.filter(alternative_document_id__in=list(found.documents)).values_list(
            "alternative_document_id", "document_id"
        )
        for alternative_id, main_id in rows:
            if alternative_id == main_id:
                continue
            alternatives.setdefault(main_id, []).append(alternative_id)
            score, _title = found.documents.pop(alternative_id, (None, None))
            if score is not None:
                main_score, main_title = found.documents.get(main_id, (float("-inf"), ""))
                found.documents[main_id] = (max(score, main_score), main_title)
    document_type = ContentType.objects.get_for_model(get_document_model())
    references = ReferenceIndex.objects.filter(
        to_content_type=document_type,
        to_object_id__in=[str(pk) for pk in found.documents],
        base_content_type=ContentType.objects.get_for_model(Page),
    ).values_list("to_object_id", "object_id")
    offering: dict[int, list[int]] = {}
    for document_id, object_id in references:
        page_id = int(object_id)
        if page_id in site_facts.pages and public(page_id):
            pages = offering.setdefault(int(document_id), [])
            if page_id not in pages:
                pages.append(page_id)
    for pages in offering.values():
        pages.sort(key=lambda pk: site_facts.paths.get(pk, ""))
    # Only documents offered by a live, public page of the reader's language are found.
    documents = {pk: entry for pk, entry in found.documents.items() if pk in offering}
    grouped: dict[int, list[int]] = {}
    if not nest:
        return documents, grouped, offering, alternatives
    for document_id, (score, _title) in sorted(documents.items(), key=lambda item: -item[1][0]):
        home = max(
            (pk for pk in offering[document_id] if pk in found.pages),
            key=lambda pk: found.pages[pk],
            default=offering[document_id][0],
        )
        grouped.setdefault(home, []).append(document_id)
        found.pages[home] = max(found.pages.get(home, score), score)
        del documents[document_id]
    return documents, grouped, offering, alternatives


def search(
    request,
    raw_query: str,
    kind: str | None = None,
    ics_slug: str | None = None,
    driver_key: str | None = None,
    page_number: int = 1,
    exact: bool = False,
) -> SearchOutcome:
    from search import engine
    from search import facts as site_facts_module

    query = clean_query(raw_query)
    words = engine.words(query)
    if not query or not words:
        return SearchOutcome(query=query, results=[], total=0, page_number=1, pages=0)
    locale_id = active_locale_id()
    site_facts = site_facts_module.get(locale_id)
    types = {item["key"]: item for item in installed_types()}
    typed_models = {item["model"]: item for item in types.values() if item["model"] is not None}
    wanted = set()
    if kind not in ("document", "indicator"):
        wanted.add("page")
    if kind in (None, "indicator") and not ics_slug:
        wanted.add("indicator")
    if kind in (None, "document") and not ics_slug and not driver_key:
        wanted.add("document")
    page_types = _page_content_type_ids(kind, types, typed_models)
    public = _public_check(site_facts, request)
    if page_types == []:
        wanted.discard("page")

    def candidates(query, words, fallback):
        if engine.available():
            found = _engine_candidates(query, words, wanted, page_types, site_facts, public, fallback)
        else:
            found = _backend_candidates(query, words, wanted, page_types, site_facts, public, request, locale_id)
            found.every_word = all(word in site_facts.vocabulary for word in words)
        if "page" in wanted:
            # What editors tagged is found even when the index has not caught up with it (or the backend drops it).
            bonus = None
            for pk in site_facts_module.curated_matches(words, site_facts):
                of_type = page_types is None or site_facts.types.get(pk) in page_types
                if pk not in found.pages and public(pk) and of_type:
                    bonus = bonus or PageBonus(words, query, site_facts)
                    found.pages[pk] = bonus(pk, site_facts.pages[pk])
                    found.every_word = True
        return found

    # Every word first; when some word matches nothing, the closest words the site uses ("readyness" ->
    # "readiness") are searched instead if they match (unless the reader asked for the words as typed); otherwise
    # any of the words, with the correction offered as "did you mean".
    found = candidates(query, words, fallback=False)
    original = suggestion = None
    if not found.every_word:
        corrected = site_facts_module.suggest(words, site_facts)
        if corrected and not exact:
            corrected_query = " ".join(corrected)
            found_corrected = candidates(corrected_query, corrected, fallback=False)
            if found_corrected.every_word:
                original, query, words, found = query, corrected_query, corrected, found_corrected
        if original is None:
            suggestion = " ".join(corrected) if corrected else None
            if len(words) > 1:
                found = candidates(query, words, fallback=True)
    if found.indicators and driver_key:
        Indicator = indicator_model()
        linked = set(
            Indicator.objects.filter(pk__in=found.indicators, drivers__translation_key=driver_key).values_list(
                "pk", flat=True
            )
        )
        found.indicators = {pk: score for pk, score in found.indicators.items() if pk in linked}
    if kind == "page" and found.pages:
        typed_ids = {ContentType.objects.get_for_model(model).pk for model in typed_models if issubclass(model, Page)}
        found.pages = {pk: score for pk, score in found.pages.items() if site_facts.types.get(pk) not in typed_ids}
    if (ics_slug or driver_key) and found.pages:
        allowed = _filter_by_relations(list(found.pages), ics_slug, driver_key)
        found.pages = {pk: score for pk, score in found.pages.items() if pk in allowed}
    documents, grouped, offering, alternatives = _group_documents(found, site_facts, public, nest=kind is None)

    ranked: list[tuple[float, str, int]] = [(score, "page", pk) for pk, score in found.pages.items()]
    ranked += [(score, "indicator", pk) for pk, score in found.indicators.items()]
    ranked += [(score, "document", pk) for pk, (score, _title) in documents.items()]
    # Higher score first; pages before documents on a tie; then a stable order.
    ranked.sort(key=lambda item: (-item[0], item[1] != "page", item[2]))

    total = len(ranked)
    pages_count = max(1, -(-total // PER_PAGE))
    page_number = min(max(page_number, 1), pages_count)
    window = ranked[(page_number - 1) * PER_PAGE : page_number * PER_PAGE]
    results = _load_results(
        window, words, site_facts, grouped, offering, alternatives, typed_models, request, locale_id
    )
    return SearchOutcome(
        query=query,
        results=results,
        total=total,
        page_number=page_number,
        pages=pages_count,
        original=original,
        suggestion=suggestion,
    )


def _index_texts(page_ids: list[int], site_facts) -> dict[int, str]:
    """The indexed text of pages (SQLite keeps it beside the FTS index; PostgreSQL keeps only the vectors)."""
    from django.db import connection

    if not page_ids or connection.vendor != "sqlite":
        return {}
    IndexEntry = _model("wagtailsearch.IndexEntry")
    if IndexEntry is None:
        return {}
    rows = IndexEntry.objects.filter(
        content_type_id__in={site_facts.types[pk] for pk in page_ids if pk in site_facts.types},
        object_id__in=[str(pk) for pk in page_ids],
    ).values_list("object_id", "body")
    return {int(object_id): body or "" for object_id, body in rows}


def _load_results(
    window, words, site_facts, grouped, offering, alternatives, typed_models, request, locale_id=None
) -> list[Result]:
    """The shown results, in a fixed number of queries: pages (and the pages named under documents) in one, their
    documents in one, document texts in one, indexed texts in one, indicators in one or two."""
    from django.db.models.functions import Substr

    from search.highlight import excerpt, mark

    page_ids = [pk for _, kind, pk in window if kind == "page"]
    document_ids = [pk for _, kind, pk in window if kind == "document"]
    shown_documents = set(document_ids)
    for pk in page_ids:
        shown_documents.update(grouped.get(pk, [])[:MAX_GROUPED])
    for pk in list(shown_documents):
        shown_documents.update(alternatives.get(pk, []))
    named_pages = set(page_ids)
    for pk in document_ids:
        named_pages.update(offering.get(pk, [])[:MAX_PARENT_PAGES])
    pages = (
        Page.objects.filter(pk__in=named_pages)
        .only("id", "title", "url_path", "path", "depth", "locale_id", "content_type_id", "first_published_at")
        .in_bulk()
    )
    document_objects = get_document_model().objects.in_bulk(list(shown_documents)) if shown_documents else {}
    DocumentText = apps.get_model("search", "DocumentText")
    texts = {}
    with_text = set(document_ids)
    for pk in page_ids:
        with_text.update(grouped.get(pk, [])[:MAX_GROUPED])
    if with_text:
        texts = dict(
            DocumentText.objects.filter(document_id__in=with_text)
            .annotate(start=Substr("text", 1, 20_000))
            .values_list("document_id", "start")
        )
    index_texts = _index_texts(page_ids, site_facts)
    indicator_ids = [pk for _, kind, pk in window if kind == "indicator"]
    indicators = indicator_model().objects.in_bulk(indicator_ids) if indicator_ids else {}
    data_page = None
    if indicators:
        data_page = _model("indicators.IndicatorIndexPage")
        data_page = data_page.objects.live().filter(locale_id=locale_id).first() if data_page else None
    by_type = {ContentType.objects.get_for_model(model).pk: info for model, info in typed_models.items()}

    def document_result(pk, parents=()):
        document = document_objects.get(pk)
        if document is None:
            return None
        return Result(
            snippet=excerpt(texts.get(pk, ""), words, length=160),
            kind="document",
            label=_("Document"),
            title=document.title,
            url=document.url,
            document=document,
            parent_pages=[pages[parent] for parent in parents if parent in pages],
            alternatives=[document_objects[alt] for alt in alternatives.get(pk, []) if alt in document_objects],
            title_html=mark(document.title, words),
        )

    results = []
    for _score, kind, pk in window:
        if kind == "page":
            page = pages.get(pk)
            facts = site_facts.pages.get(pk)
            if page is None or facts is None:
                continue
            info = by_type.get(page.content_type_id)
            summary = facts.summary or ""
            source = summary
            if not _share(words, facts.summary_words, facts.summary_sorted) and index_texts.get(pk):
                source = index_texts[pk]
            children = [document_result(document_id) for document_id in grouped.get(pk, [])[:MAX_GROUPED]]
            results.append(
                Result(
                    kind=info["key"] if info else "page",
                    label=info["label"] if info else _("Page"),
                    title=page.title,
                    url=page.get_url(request) or "",
                    snippet=excerpt(source or "", words),
                    ics=facts.ics,
                    drivers=facts.drivers,
                    date=facts.date,
                    documents=[child for child in children if child],
                    title_html=mark(page.title, words),
                )
            )
        elif kind == "indicator":
            indicator = indicators.get(pk)
            if indicator is None or data_page is None:
                continue
            results.append(
                Result(
                    kind="indicator",
                    label=_("Indicator"),
                    title=indicator.name,
                    url=data_page.get_url(request) + data_page.reverse_subpage("indicator", args=(indicator.slug,)),
                    snippet=excerpt(indicator.definition, words),
                    title_html=mark(indicator.name, words),
                )
            )
        else:
            result = document_result(pk, offering.get(pk, [])[:MAX_PARENT_PAGES])
            if result is not None:
                result.snippet = excerpt(texts.get(pk, ""), words)
                results.append(result)
    return results
