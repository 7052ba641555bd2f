"""Faceted listings that work without JavaScript: a GET form of checkboxes, counts per option, pagination.

Used by every index page that filters its children (case studies, toolkits). An index page declares its facets and
hands its live, public children of the reader's language to ``FacetedListing``; the template includes
``includes/faceted_listing.html``.

How filters combine: the values ticked within one facet are alternatives (any of them), and facets combine with
each other (all of them). Each option's count is how many items have that option given the other facets' filters,
so ticking only that option gives exactly that many results.

Bad input is ignored, never an error: a value is used only if it looks like a slug or code (at most 100 characters,
at most 20 per facet) and at least one item of the listing has it; anything else is dropped from the filters, the
links and the page. ``page`` must be a whole number: anything else (or 0) shows the first page, and a page past the
end is a 404.

Speed: filtering and counting happen in Python on a ``FacetIndex``, which holds, for each facet value, the set of
items that have it, and the listing's items in each sort order. It is read from the database in one query per facet
and per ordering, and kept in the cache for the content version (``hub.cache.version()``: any publish, edit, move or
restriction moves it on, so a kept index is never stale). Every filter combination then costs one SQL query: the page
of items, whatever the number of items or filters. Without a ``cache_key`` the index is read for every request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.models import PageViewRestriction

from hub import cache as page_cache
from hub.cards import render_cards

PAGE_SIZE = 12
# The static archive has no query strings (a plain file server ignores them): every listing is one page there.
ARCHIVE_PAGE_SIZE = 1_000_000


def page_size(size: int = PAGE_SIZE) -> int:
    """The number of items per listing page: ``size``, or all of them while the static archive is built."""
    return ARCHIVE_PAGE_SIZE if getattr(settings, "ARCHIVE_BUILD", None) else size


MAX_VALUES_PER_FACET = 20
MAX_VALUE_LENGTH = 100
MAX_PAGE_DIGITS = 9
VALUE_PATTERN = re.compile(r"[\w-]+")  # slugs and codes, including non-Latin slugs (\w is Unicode-aware)


def public_q() -> Exists:
    """A filter for pages without a view restriction on themselves or an ancestor, inside the same SQL query.

    Wagtail's ``.public()`` reads the restrictions table first (one query each time it is called); this is a
    correlated subquery instead, so it costs nothing extra and composes into other subqueries.
    """
    restricted = PageViewRestriction.objects.filter(page__path=Substr(OuterRef("path"), 1, Length("page__path")))
    return ~Exists(restricted)


@dataclass(frozen=True)
class Facet:
    """One dimension of filtering, e.g. "Integrated Care System".

    - ``param``: the GET parameter, e.g. ``"ics"``.
    - ``lookup``: the ORM path from the listed model to the option's value, e.g. ``"ics__slug"`` or
      ``"tags__slug"``; values are what appears in the URL.
    - ``label_lookup``: the ORM path to the option's label (``"ics__name"``), or None when ``choices`` gives labels.
    - ``choices``: for a fixed list, ``(value, label)`` pairs in display order; other values are ignored.
    - ``sort_lookup``: the ORM path to sort options by (e.g. a driver's tree ``path``); else choices order or label.
    """

    param: str
    label: str
    lookup: str
    label_lookup: str | None = None
    choices: tuple = ()
    sort_lookup: str | None = None

    def clean_values(self, raw_values) -> list[str]:
        """The usable values from the query string: well-formed, unique, known for a fixed list, at most 20."""
        known = {str(value) for value, _label in self.choices}
        values: list[str] = []
        for raw in raw_values:
            value = raw.strip()
            if not value or len(value) > MAX_VALUE_LENGTH or not VALUE_PATTERN.fullmatch(value):
                continue
            if known and value not in known:
                continue
            if value not in values:
                values.append(value)
            if len(values) == MAX_VALUES_PER_FACET:
                break
        return values


# The framework-driver filter, shared by every listing of pages with a ``drivers`` relation (drivers in the
# framework's order, labelled by their short names).
DRIVER_FACET = Facet(
    "driver", _("Framework driver"), "drivers__slug", label_lookup="drivers__short_name", sort_lookup="drivers__path"
)


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    input_id: str = ""

    @property
    def count_text(self) -> str:
        """ ", 3 results" for screen readers (the visible "(3)" is hidden from them)."""
        return ngettext("%(count)d result", "%(count)d results", self.count) % {"count": self.count}


@dataclass
class BoundFacet:
    facet: Facet
    options: list[FacetOption]
    selected: list[str] = field(default_factory=list)

    @property
    def param(self) -> str:
        return self.facet.param

    @property
    def label(self) -> str:
        return self.facet.label

    @property
    def visible_options(self) -> list[FacetOption]:
        """Options with results given the other filters, and any ticked option (so it can be unticked)."""
        return [option for option in self.options if option.count or option.selected]


@dataclass(frozen=True)
class ActiveFilter:
    facet_label: str
    label: str
    remove_url: str


def parse_page_number(raw) -> int | None:
    """The requested page: 1 for anything that is not a positive whole number; None when absurdly large."""
    if raw is None:
        return 1
    raw = str(raw).strip()
    if not raw.isascii() or not raw.isdigit():
        return 1
    if len(raw) > MAX_PAGE_DIGITS:
        return None  # past any real end: the last page
    return int(raw) or 1


class Pagination:
    """Links for a page of results: previous, next, the first, the last and the pages near the current one.

    ``url_for(number)`` gives a page's link (keeping the filters). Used by ``includes/pagination.html``.
    """

    def __init__(self, page, url_for):
        self.page = page
        self.url_for = url_for
        self.number = page.number
        self.num_pages = page.paginator.num_pages

    @property
    def is_paginated(self) -> bool:
        return self.num_pages > 1

    @property
    def links(self) -> list[dict]:
        current, last = self.number, self.num_pages
        numbers = sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
        links, previous = [], 0
        for number in numbers:
            if number - previous > 1:
                links.append({"gap": True})
            links.append({"number": number, "url": self.url_for(number), "current": number == current})
            previous = number
        return links

    @property
    def previous_url(self) -> str | None:
        return self.url_for(self.page.previous_page_number()) if self.page.has_previous() else None

    @property
    def next_url(self) -> str | None:
        return self.url_for(self.page.next_page_number()) if self.page.has_next() else None


@dataclass(frozen=True)
class FacetIndex:
    """What filtering and counting a listing needs, read once per content version (see the module's docstring).

    - ``items_with``: for each facet's param, each value some item has -> the ids of the items that have it;
    - ``labels``: for each facet's param, each value -> (label, sort key) as the database gives them;
    - ``orders``: for each ``sort`` value, the ids of every item of the listing in that order.
    """

    items_with: dict[str, dict[str, frozenset[int]]]
    labels: dict[str, dict[str, tuple[str, str]]]
    orders: dict[str, tuple[int, ...]]

    @classmethod
    def build(cls, base, facets: list[Facet], orderings: dict) -> FacetIndex:
        items_with: dict[str, dict[str, set[int]]] = {}
        labels: dict[str, dict[str, tuple[str, str]]] = {}
        for facet in facets:
            fields = ["pk", facet.lookup, facet.label_lookup or facet.lookup, facet.sort_lookup or facet.lookup]
            values, facet_labels = items_with.setdefault(facet.param, {}), labels.setdefault(facet.param, {})
            for pk, value, label, sort in base.values_list(*fields):
                if value is None:
                    continue
                value = str(value)
                values.setdefault(value, set()).add(pk)
                facet_labels.setdefault(value, (str(label or "") if facet.label_lookup else "", str(sort or "")))
        orders = {
            sort: tuple(base.order_by(*order_by).values_list("pk", flat=True))
            for sort, (_label, order_by) in orderings.items()
        }
        frozen = {
            param: {value: frozenset(pks) for value, pks in values.items()} for param, values in items_with.items()
        }
        return cls(items_with=frozen, labels=labels, orders=orders)


class FacetedListing:
    """Filter, count and paginate ``queryset`` from the request's query string.

    ``queryset`` is everything the listing may show (live, public, the reader's language), unfiltered and unsorted,
    or a function that returns it (called only when the kept index or cards miss).
    ``orderings`` maps a ``sort`` value to ``(label, order_by fields)``; the first is the default.
    ``result_label`` turns a count into text, e.g. ``lambda n: ngettext("%d toolkit", "%d toolkits", n) % n``.
    ``prepare_items`` adds ``select_related``/``prefetch_related`` to the queryset of the items whose cards are made
    (``card_template``, kept per item by ``hub.cards``: a page whose cards are kept loads no item).
    ``cache_key`` names this listing's items (the same key must always mean the same ``queryset``, facets and
    orderings, e.g. the index page's id): its ``FacetIndex`` is then kept for the content version.
    Call ``resolve()`` once (a page past the end gives the last page, with ``past_end`` set), then use the
    attributes in templates.
    """

    def __init__(
        self,
        request,
        queryset,
        facets: list[Facet],
        *,
        orderings: dict | None = None,
        per_page: int = PAGE_SIZE,
        result_label=None,
        prepare_items=None,
        cache_key: str | None = None,
        card_template: str = "includes/listing_card.html",
    ):
        self.request = request
        self.cache_key = cache_key
        self._queryset = queryset
        self.facets = facets
        self.orderings = orderings or {"title": ("Title", ["title"])}
        self.per_page = page_size(per_page)
        self.result_label = result_label or (lambda count: str(count))
        self.prepare_items = prepare_items or (lambda items: items)
        self.card_template = card_template
        query = request.GET
        self.requested = {facet.param: facet.clean_values(query.getlist(facet.param)) for facet in facets}
        sort = query.get("sort", "")
        self.sort = sort if sort in self.orderings else next(iter(self.orderings))
        self.requested_page = parse_page_number(query.get("page"))

    @cached_property
    def base(self):
        """The listing's queryset, unsorted; built only when read (the kept index and cards need none)."""
        queryset = self._queryset() if callable(self._queryset) else self._queryset
        return queryset.order_by()

    # Filtering -------------------------------------------------------------------------------------------------

    @cached_property
    def index(self) -> FacetIndex:
        if not self.cache_key:
            return FacetIndex.build(self.base, self.facets, self.orderings)
        key = f"chec:facets:{page_cache.version()}:{self.cache_key}"
        index = cache.get(key)
        if index is None:
            index = FacetIndex.build(self.base, self.facets, self.orderings)
            cache.set(key, index, settings.FRAGMENT_CACHE_SECONDS)
        return index

    def _matching(self, except_param: str | None = None) -> frozenset[int] | None:
        """The ids of the items the selected filters allow (ignoring ``except_param``'s); None when nothing filters."""
        matching = None
        for facet in self.facets:
            selected = self.selected[facet.param]
            if facet.param == except_param or not selected:
                continue
            with_any = frozenset().union(*(self.index.items_with[facet.param][value] for value in selected))
            matching = with_any if matching is None else matching & with_any
        return matching

    # Building the page -----------------------------------------------------------------------------------------

    def resolve(self) -> FacetedListing:
        index = self.index
        # Only values that some item has are used; the rest are dropped from the filters, the links and the page.
        self.selected = {
            facet.param: [value for value in self.requested[facet.param] if value in index.items_with[facet.param]]
            for facet in self.facets
        }
        self.bound_facets = [self._bind(facet) for facet in self.facets]
        matching = self._matching()
        ordered = index.orders[self.sort]
        if matching is not None:
            ordered = [pk for pk in ordered if pk in matching]
        self.total = len(ordered)

        paginator = Paginator(ordered, self.per_page)
        number = self.requested_page
        # A page past the end (an old link, a shared URL after filtering, ?page=999): the last page, and the
        # template says which page was asked for, instead of a 404 that loses the reader.
        self.past_end = number is None or number > paginator.num_pages
        if self.past_end:
            number = paginator.num_pages
        self.paginator = paginator
        self.page = paginator.page(number)
        self.page.object_list = list(self.page.object_list)  # the ids shown; ``cards`` and ``items`` are theirs
        return self

    def _bind(self, facet: Facet) -> BoundFacet:
        items_with = self.index.items_with[facet.param]
        labels = self.index.labels[facet.param]
        others = self._matching(except_param=facet.param)
        selected = self.selected[facet.param]

        def count(value: str) -> int:
            return len(items_with[value]) if others is None else len(items_with[value] & others)

        options = []
        if facet.choices:
            for value, label in facet.choices:
                if str(value) in items_with:
                    options.append(FacetOption(str(value), str(label), count(str(value)), str(value) in selected))
        else:
            ordered = sorted(labels.items(), key=lambda item: (item[1][1], item[1][0].casefold()))
            for value, (label, _sort) in ordered:
                options.append(FacetOption(value, label or value, count(value), value in selected))
        for number, option in enumerate(options, start=1):
            option.input_id = f"filter-{facet.param}-{number}"
        return BoundFacet(facet=facet, options=options, selected=selected)

    def _items(self, pks: list[int]) -> list:
        """Items by id, in the listing's order (still live and public: the query filters them again)."""
        position = {pk: number for number, pk in enumerate(pks)}
        items = self.prepare_items(self.base.filter(pk__in=pks))
        return sorted(items, key=lambda item: position[item.pk])

    @cached_property
    def items(self) -> list:
        """The page of items (for code; the template shows ``cards``, which loads only the items not kept)."""
        return self._items(self.page.object_list)

    @cached_property
    def cards(self) -> list:
        """The HTML of the page's cards, in order."""
        return render_cards(self.request, self.page.object_list, self.card_template, self._items)

    # For templates ---------------------------------------------------------------------------------------------

    def url(self, selected: dict | None = None, page: int | None = None, sort: str | None = None) -> str:
        """The query string ("?...") for these filters, page and sort; "?" alone means none."""
        selected = self.selected if selected is None else selected
        pairs = [(facet.param, value) for facet in self.facets for value in selected.get(facet.param, [])]
        sort = self.sort if sort is None else sort
        if sort != next(iter(self.orderings)):
            pairs.append(("sort", sort))
        if page and page > 1:
            pairs.append(("page", str(page)))
        return "?" + urlencode(pairs)

    @property
    def is_filtered(self) -> bool:
        return any(self.selected.values())

    @property
    def active_filters(self) -> list[ActiveFilter]:
        filters = []
        for bound in self.bound_facets:
            labels = {option.value: option.label for option in bound.options}
            for value in bound.selected:
                remaining = {**self.selected, bound.param: [other for other in bound.selected if other != value]}
                filters.append(ActiveFilter(bound.label, labels.get(value, value), self.url(remaining)))
        return filters

    @property
    def clear_url(self) -> str:
        return self.url({})

    @property
    def result_text(self) -> str:
        return self.result_label(self.total)

    @property
    def sort_options(self) -> list[tuple[str, str, bool]]:
        return [(value, str(label), value == self.sort) for value, (label, _fields) in self.orderings.items()]

    @cached_property
    def pagination(self) -> Pagination:
        return Pagination(self.page, lambda number: self.url(page=number))
