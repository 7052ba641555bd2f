"""Tag pages: everything with a tag, across case studies, toolkits, reports and events, in the reader's language.

This app reads every app and no app imports it (docs/architecture.md).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy
from taggit.models import Tag
from wagtail.models import Locale, Page

from casestudies.models import CaseStudyPage
from events.models import EventPage
from hub import cache as page_cache
from hub.cache import META_HEADER_PREFIX
from hub.cards import render_cards
from hub.listing import VALUE_PATTERN, Pagination, page_size, parse_page_number, public_q
from reports.models import ReportPage
from toolkit.models import ToolkitPage

# (model, label of one, what the card needs fetched with it)
TAGGED_TYPES = [
    (CaseStudyPage, _("Case study"), ("ics", "listing_image")),
    (ToolkitPage, _("Toolkit"), ("listing_image",)),
    (ReportPage, _("Report"), ("listing_image",)),
    (EventPage, _("Event"), ("listing_image",)),
]
# How many of each type a tag page has, in words with the plural the number needs ("1 report", "2 reports"; three
# forms in Polish).
TYPE_COUNT_TEXT = {
    CaseStudyPage: ngettext_lazy("%(count)d case study", "%(count)d case studies", "count"),
    ToolkitPage: ngettext_lazy("%(count)d toolkit", "%(count)d toolkits", "count"),
    ReportPage: ngettext_lazy("%(count)d report", "%(count)d reports", "count"),
    EventPage: ngettext_lazy("%(count)d event", "%(count)d events", "count"),
}
MAX_SLUG_LENGTH = 100
RESULTS_HEADER = f"{META_HEADER_PREFIX}Search-Results"  # the result count of a search, for cached hits


def _active_locale_id():
    try:
        return Locale.get_active().pk
    except Locale.DoesNotExist:
        return Locale.get_default().pk


def _live(model, locale_id):
    return model.objects.live().filter(public_q(), locale_id=locale_id)


def tag_index(request):
    """/tags/: every tag in use on a live page of this language, with how many pages have it.

    ``/tags/?tag=<slug>`` goes to that tag's page.
    """
    requested = request.GET.get("tag", "").strip()
    if requested and len(requested) <= MAX_SLUG_LENGTH and VALUE_PATTERN.fullmatch(requested):
        return redirect("tag_page", slug=requested)
    locale_id = _active_locale_id()
    counts: dict = {}
    for model, _label, _related in TAGGED_TYPES:
        rows = (
            _live(model, locale_id)
            .order_by()
            .values("tags__slug", "tags__name")
            .annotate(count=Count("pk", distinct=True))
        )
        for row in rows:
            if row["tags__slug"]:
                entry = counts.setdefault(row["tags__slug"], {"slug": row["tags__slug"], "name": row["tags__name"]})
                entry["count"] = entry.get("count", 0) + row["count"]
    tags = sorted(counts.values(), key=lambda tag: tag["name"].casefold())
    return render(request, "search/tag_index.html", {"tags": tags})


def tag_page(request, slug):
    """/tags/<slug>/: the live, public pages of this language with the tag, by title, 12 a page."""
    if len(slug) > MAX_SLUG_LENGTH:
        raise Http404("Unknown tag")
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        raise Http404("Unknown tag")
    locale_id = _active_locale_id()
    # Ids and titles of every tagged page first (one light query per type), then the full pages of this page of
    # results only (a tag on hundreds of pages must not load hundreds of pages with their images).
    entries, type_counts = [], []
    for model, label, _related in TAGGED_TYPES:
        rows = list(_live(model, locale_id).filter(tags=tag).order_by().values_list("pk", "title").distinct())
        entries.extend((title.casefold(), pk, model, label) for pk, title in rows)
        if rows:
            type_counts.append(
                {"text": TYPE_COUNT_TEXT[model] % {"count": len(rows)}, "count": len(rows), "model": model}
            )
    if not entries:
        raise Http404("No pages have this tag")  # also hides tags used only by drafts or other languages
    entries.sort(key=lambda entry: entry[:2])
    paginator = Paginator(entries, page_size())
    number = parse_page_number(request.GET.get("page"))
    if number is None or number > paginator.num_pages:
        raise Http404("No such page of results")
    results = paginator.page(number)
    results.object_list = _tagged_cards(request, list(results.object_list))
    summary = ngettext("%(count)d page has this tag", "%(count)d pages have this tag", paginator.count) % {
        "count": paginator.count
    }
    return render(
        request,
        "search/tag_page.html",
        {
            "tag": tag,
            "results": results,
            "summary": summary,
            "type_counts": type_counts,
            "pagination": Pagination(results, lambda page: f"?page={page}" if page > 1 else "?"),
        },
    )


def _tagged_cards(request, entries: list[tuple]) -> list:
    """The cards of one page of tag results, in order: kept ones from the cache (``hub.cards``); for the others, each
    type's pages in one query with what its card needs. Each card is captioned with its page type."""
    entry_of = {entry[1]: entry for entry in entries}

    def load(pks):
        for model, _label, related in TAGGED_TYPES:
            of_type = [pk for pk in pks if entry_of[pk][2] is model]
            if of_type:
                found = model.objects.filter(pk__in=of_type).defer_streamfields().select_related(*related)
                yield from found.prefetch_related(Prefetch("listing_image__renditions"))

    return render_cards(
        request,
        list(entry_of),
        "includes/listing_card.html",
        load,
        context_for=lambda page: {"caption": entry_of[page.pk][3]},
        variant="tag-page",
    )


# Site-wide search ----------------------------------------------------------------------------------------------


def _clean_choice(raw, allowed: set[str]) -> str | None:
    value = (raw or "").strip()
    return value if value in allowed else None


def _options(choices, selected):
    from django.utils.html import format_html_join
    from django.utils.safestring import mark_safe

    return (
        format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((value, mark_safe(" selected") if value == selected else "", label) for value, label in choices),
        )
        if choices
        else mark_safe("")
    )


def _filter_choices(locale_id) -> tuple[list[tuple[str, str]], list[dict]]:
    """The ICS and driver filters' options in this language: (slug, name) of every ICS, and the slug, translation
    key and short name of every live, public driver. Kept for the content version (any edit moves it on)."""
    from hub.models import DriverPage, IntegratedCareSystem

    key = f"chec:search-filters:{page_cache.version()}:{locale_id}"
    choices = cache.get(key)
    if choices is None:
        systems = list(
            IntegratedCareSystem.objects.filter(locale_id=locale_id).order_by("name").values_list("slug", "name")
        )
        # Only what the filter needs: plain values, not pages (the framework may have many drivers, with large bodies).
        drivers = list(
            DriverPage.objects.live()
            .filter(public_q(), locale_id=locale_id)
            .order_by("path")
            .values("slug", "translation_key", "short_name")
        )
        choices = (systems, drivers)
        cache.set(key, choices, settings.FRAGMENT_CACHE_SECONDS)
    return choices


def search_view(request):
    """/search/?q=&type=&ics=&driver=&page=: every filter is a GET parameter, so it works without JavaScript."""
    from urllib.parse import urlencode

    from django.core.paginator import Paginator as DjangoPaginator
    from modelsearch.utils import normalise_query_string
    from wagtail.contrib.search_promotions.models import SearchPromotion

    from casestudies.models import CaseStudyIndexPage
    from hub.models import FrameworkPage
    from search import query as site_search
    from search import stats
    from toolkit.models import ToolkitIndexPage

    locale_id = _active_locale_id()
    types = site_search.installed_types()
    systems, drivers = _filter_choices(locale_id)
    kind = _clean_choice(request.GET.get("type"), {item["key"] for item in types})
    ics = _clean_choice(request.GET.get("ics"), {slug for slug, _name in systems})
    driver_slug = _clean_choice(request.GET.get("driver"), {driver["slug"] for driver in drivers})
    driver = next((item for item in drivers if item["slug"] == driver_slug), None)
    page_number = parse_page_number(request.GET.get("page")) or 1

    outcome = site_search.search(
        request,
        request.GET.get("q", ""),
        kind=kind,
        ics_slug=ics,
        driver_key=driver["translation_key"] if driver else None,
        page_number=page_number,
        exact=request.GET.get("exact") == "1",
    )
    promotions = []
    if outcome.query:
        stats.record(outcome.query, outcome.total)
        if outcome.page_number == 1:
            promotions = list(
                SearchPromotion.objects.filter(query__query_string=normalise_query_string(outcome.query))
                .select_related("page")
                .order_by("sort_order")
            )
            promotions = [item for item in promotions if item.page is None or item.page.live]

    query_as_typed = outcome.original or outcome.query
    params = {"q": outcome.query, "type": kind or "", "ics": ics or "", "driver": driver_slug or ""}
    kept_filters = [(key, value) for key, value in params.items() if key != "q" and value]
    if request.GET.get("exact") == "1":
        params["exact"] = "1"

    def search_url(query, **extra):
        return "?" + urlencode({key: value for key, value in {**params, "q": query, **extra}.items() if value})

    def url_for(number):
        return "?" + urlencode({key: value for key, value in {**params, "page": number}.items() if value})

    page = DjangoPaginator(range(outcome.total), site_search.PER_PAGE).get_page(outcome.page_number)
    browse = []
    if outcome.query and not outcome.total:
        sections = [
            (FrameworkPage, _("Browse the Child Health Equity Framework by driver")),
            (ToolkitIndexPage, _("Browse the toolkits")),
            (CaseStudyIndexPage, _("Browse the case studies")),
        ]
        # One query on the page table (by type, never joining each type's table: on a large site a join sorted by
        # path took 10 ms a type on PostgreSQL).
        content_types = {ContentType.objects.get_for_model(model).pk: label for model, label in sections}
        found = {}
        for section in (
            Page.objects.live()
            .filter(locale_id=locale_id, content_type_id__in=content_types)
            .only("id", "url_path", "path", "depth", "locale_id", "content_type_id")
            .order_by("-path")  # the first of each type in the tree wins
        ):
            found[section.content_type_id] = section
        for content_type_id, label in content_types.items():
            if content_type_id in found:
                browse.append({"url": found[content_type_id].get_url(request), "label": label})
    context = {
        # The filters' options, built here: with many drivers a template loop costs more than the search.
        "type_options": _options([(item["key"], item["label"]) for item in types], kind),
        "ics_options": _options(systems, ics),
        "driver_options": _options([(item["slug"], item["short_name"]) for item in drivers], driver_slug),
        "start": (outcome.page_number - 1) * site_search.PER_PAGE + 1,
        "browse": browse,
        "query": outcome.query,
        "query_as_typed": query_as_typed,
        "kept_filters": kept_filters,
        "exact_url": search_url(query_as_typed, exact="1"),
        "suggestion_url": search_url(outcome.suggestion or "", exact=""),
        "outcome": outcome,
        "results": outcome.results,
        "promotions": promotions,
        "pagination": Pagination(page, url_for) if outcome.total else None,
        "types": types,
        "systems": systems,
        "drivers": drivers,
        "selected": {"type": kind, "ics": ics, "driver": driver_slug},
        "is_filtered": bool(kind or ics or driver_slug),
        "result_text": ngettext("%(count)d result", "%(count)d results", outcome.total) % {"count": outcome.total},
    }
    response = render(request, "search/search.html", context)
    if outcome.query:
        # Kept with the cached page (never sent to the browser): a cache hit is counted from it (search/apps.py).
        response[RESULTS_HEADER] = str(outcome.total)
    return response
