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
from django.db.models import prefetch_related_objects
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


@dataclass
class SearchOutcome:
    query: str
    results: list[Result]
    total: int
    page_number: int
    pages: int
    promotions: list = field(default_factory=list)


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


def search(
    request,
    raw_query: str,
    kind: str | None = None,
    ics_slug: str | None = None,
    driver_key: str | None = None,
    page_number: int = 1,
) -> SearchOutcome:
    query = clean_query(raw_query)
    if not query:
        return SearchOutcome(query="", results=[], total=0, page_number=1, pages=0)
    locale_id = active_locale_id()
    types = {item["key"]: item for item in installed_types()}
    typed_models = {item["model"]: item for item in types.values() if item["model"] is not None}

    ranked: list[tuple[float, str, int]] = []  # (score, "page"/"document", id)
    if kind not in ("document", "indicator"):
        if kind in (None, "page"):
            type_models = None
        else:
            type_models = [types[kind]["model"]] if kind in types and types[kind]["model"] else []
        if type_models != []:
            matches = _page_matches(query, locale_id, type_models, request)
            if kind == "page":
                typed_ids = {ContentType.objects.get_for_model(model).pk for model in typed_models}
                matches = [match for match in matches if match[1] not in typed_ids]
            if ics_slug or driver_key:
                allowed = _filter_by_relations([pk for pk, _, _ in matches], ics_slug, driver_key)
                matches = [match for match in matches if match[0] in allowed]
            ranked += [(score, "page", pk) for pk, _, score in matches]
    if kind in (None, "indicator") and not ics_slug:
        indicator_scores = _indicator_matches(query, locale_id, driver_key)
        ranked += [(score, "indicator", pk) for pk, score in indicator_scores.items()]
    documents = {}
    if kind in (None, "document") and not ics_slug and not driver_key:
        documents = _document_matches(query, locale_id, request)
        ranked += [(score, "document", pk) for pk, (score, _pages) in documents.items()]
    # Higher score first; pages before documents on a tie; then a stable order.
    ranked.sort(key=lambda item: (-item[0], item[1] != "page", item[2]))

    total = len(ranked)
    pages_count = max(1, -(-total // PER_PAGE))
    page_number = min(max(page_number, 1), pages_count)
    window = ranked[(page_number - 1) * PER_PAGE : page_number * PER_PAGE]
    results = _load_results(window, documents, typed_models, request, locale_id)
    return SearchOutcome(query=query, results=results, total=total, page_number=page_number, pages=pages_count)


def _load_results(window, documents, typed_models, request, locale_id=None) -> list[Result]:
    page_ids = [pk for _, kind, pk in window if kind == "page"]
    pages = {page.pk: page for page in Page.objects.filter(pk__in=page_ids).defer_streamfields().specific()}
    # Related names shown beside results: one query per relation and type, not per result.
    by_model: dict = {}
    for page in pages.values():
        by_model.setdefault(type(page), []).append(page)
    for model, items in by_model.items():
        field_names = {field.name for field in model._meta.get_fields()}
        for relation in ("drivers", "ics"):
            if relation in field_names:
                prefetch_related_objects(items, relation)
    document_model = get_document_model()
    document_ids = [pk for _, kind, pk in window if kind == "document"]
    document_objects = document_model.objects.in_bulk(document_ids)
    indicator_ids = [pk for _, kind, pk in window if kind == "indicator"]
    indicators = apps.get_model("indicators", "Indicator").objects.in_bulk(indicator_ids) if indicator_ids else {}
    data_page = None
    if indicators:
        data_page = (
            apps.get_model("indicators", "IndicatorIndexPage").objects.live().filter(locale_id=locale_id).first()
        )

    results = []
    for _score, kind, pk in window:
        if kind == "page":
            page = pages.get(pk)
            if page is None:
                continue
            info = typed_models.get(type(page))
            results.append(
                Result(
                    kind=info["key"] if info else "page",
                    label=info["label"] if info else _("Page"),
                    title=page.title,
                    url=page.get_url(request) or "",
                    snippet=getattr(page, "summary", "") or page.search_description or "",
                    ics=[page.ics] if getattr(page, "ics", None) else [],
                    drivers=list(page.drivers.all()) if hasattr(page, "drivers") else [],
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
                    snippet=indicator.definition,
                )
            )
        else:
            document = document_objects.get(pk)
            if document is None:
                continue
            results.append(
                Result(
                    kind="document",
                    label=_("Document"),
                    title=document.title,
                    url=document.url,
                    document=document,
                    parent_pages=documents.get(pk, (0, []))[1][:MAX_PARENT_PAGES],
                )
            )
    return results
