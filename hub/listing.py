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

Queries: the options of every facet, their counts and the number of results come from one SQL query (a UNION of one
aggregate per facet), and the page of items from one more, whatever the number of items or filters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import CharField, Count, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext_lazy as _
from wagtail.models import PageViewRestriction

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
TOTAL = "__total__"


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


class KnownCountPaginator(Paginator):
    """A paginator told the number of items, so it does not run its own COUNT query."""

    def __init__(self, object_list, per_page, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


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


class FacetedListing:
    """Filter, count and paginate ``queryset`` from the request's query string.

    ``queryset`` is everything the listing may show (live, public, the reader's language), unfiltered and unsorted.
    ``orderings`` maps a ``sort`` value to ``(label, order_by fields)``; the first is the default.
    ``result_label`` turns a count into text, e.g. ``lambda n: ngettext("%d toolkit", "%d toolkits", n) % n``.
    ``prepare_items`` adds ``select_related``/``prefetch_related`` to the queryset of the page of items.
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
    ):
        self.request = request
        self.base = queryset.order_by()
        self.facets = facets
        self.orderings = orderings or {"title": ("Title", ["title"])}
        self.per_page = page_size(per_page)
        self.result_label = result_label or (lambda count: str(count))
        self.prepare_items = prepare_items or (lambda items: items)
        query = request.GET
        self.requested = {facet.param: facet.clean_values(query.getlist(facet.param)) for facet in facets}
        sort = query.get("sort", "")
        self.sort = sort if sort in self.orderings else next(iter(self.orderings))
        self.requested_page = parse_page_number(query.get("page"))

    # Filtering -------------------------------------------------------------------------------------------------

    def _condition(self, facet: Facet, values: list[str]) -> Q:
        """Items with any of ``values``; no filter at all if no item of the listing has any of them."""
        matching = self.base.filter(**{f"{facet.lookup}__in": values}).values("pk")
        return Q(pk__in=matching) | ~Exists(matching)

    def _filtered(self, except_param: str | None = None):
        conditions = [
            self._condition(facet, self.requested[facet.param])
            for facet in self.facets
            if facet.param != except_param and self.requested[facet.param]
        ]
        return self.base.filter(*conditions) if conditions else self.base

    def _facet_part(self, facet: Facet):
        """One aggregate: every value of this facet among the listing's items, with its count under the others."""
        others = self._filtered(except_param=facet.param)
        if others is self.base:
            count = Count("pk", distinct=True)
        else:
            count = Count("pk", distinct=True, filter=Q(pk__in=others.values("pk")))
        text = CharField()
        return (
            self.base.annotate(
                row_facet=Value(facet.param, output_field=text),
                row_value=F(facet.lookup),
                row_label=F(facet.label_lookup) if facet.label_lookup else Value("", output_field=text),
                row_sort=F(facet.sort_lookup) if facet.sort_lookup else Value("", output_field=text),
            )
            .values("row_facet", "row_value", "row_label", "row_sort")
            .annotate(row_count=count)
            .values_list("row_facet", "row_value", "row_label", "row_sort", "row_count")
        )

    def _total_part(self):
        text = CharField()
        blank = Value("", output_field=text)
        return (
            self._filtered()
            .annotate(row_facet=Value(TOTAL, output_field=text), row_value=blank, row_label=blank, row_sort=blank)
            .values("row_facet", "row_value", "row_label", "row_sort")
            .annotate(row_count=Count("pk", distinct=True))
            .values_list("row_facet", "row_value", "row_label", "row_sort", "row_count")
        )

    def _facet_rows(self) -> list[tuple]:
        parts = [self._facet_part(facet) for facet in self.facets]
        total = self._total_part()
        return list(total.union(*parts, all=True)) if parts else list(total)

    # Building the page -----------------------------------------------------------------------------------------

    def resolve(self) -> FacetedListing:
        rows = self._facet_rows()
        self.total = 0
        found: dict[str, dict[str, tuple]] = {facet.param: {} for facet in self.facets}
        for facet_param, value, label, sort, count in rows:
            if facet_param == TOTAL:
                self.total = count
            elif value is not None and facet_param in found:
                value = str(value)
                previous = found[facet_param].get(value)
                if previous is None or count > previous[2]:
                    found[facet_param][value] = (label, sort, count)
        # Only values that some item has are in use; the rest were ignored by the SQL above as well.
        self.selected = {
            facet.param: [value for value in self.requested[facet.param] if value in found[facet.param]]
            for facet in self.facets
        }
        self.bound_facets = [self._bind(facet, found[facet.param]) for facet in self.facets]

        paginator = KnownCountPaginator(self._ordered_items(), self.per_page, count=self.total)
        number = self.requested_page
        # A page past the end (an old link, a shared URL after filtering, ?page=999): the last page, and the
        # template says which page was asked for, instead of a 404 that loses the reader.
        self.past_end = number is None or number > paginator.num_pages
        if self.past_end:
            number = paginator.num_pages
        self.paginator = paginator
        self.page = paginator.page(number)
        return self

    def _bind(self, facet: Facet, found: dict[str, tuple]) -> BoundFacet:
        selected = self.selected[facet.param]
        options = []
        if facet.choices:
            for value, label in facet.choices:
                if str(value) in found:
                    options.append(FacetOption(str(value), str(label), found[str(value)][2], str(value) in selected))
        else:
            ordered = sorted(found.items(), key=lambda item: (str(item[1][1]), str(item[1][0]).casefold()))
            for value, (label, _sort, count) in ordered:
                options.append(FacetOption(value, str(label or value), count, value in selected))
        for index, option in enumerate(options, start=1):
            option.input_id = f"filter-{facet.param}-{index}"
        return BoundFacet(facet=facet, options=options, selected=selected)

    def _ordered_items(self):
        items = self._filtered().order_by(*self.orderings[self.sort][1])
        return self.prepare_items(items)

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
