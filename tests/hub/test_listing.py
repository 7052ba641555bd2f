"""The shared faceted-listing helper (hub/listing.py): parsing, filtering, counting and paginating."""

import pytest
from django.test import RequestFactory
from wagtail.models import PageViewRestriction

from casestudies.models import CaseStudyPage
from hub.listing import Facet, FacetedListing, parse_page_number, public_q
from hub.models import LifeStage
from tests.casestudies.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory
from tests.factories import make_ics, relate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(None, 1), ("1", 1), ("3", 3), ("0", 1), ("abc", 1), ("-2", 1), ("2.5", 1), ("", 1), ("٣", 1), ("1" * 10, None)],
)
def test_page_numbers_that_are_not_positive_whole_numbers_mean_the_first_page(raw, expected):
    assert parse_page_number(raw) == expected


def test_facet_values_keep_only_well_formed_unique_values_and_at_most_twenty():
    facet = Facet("tag", "Topic", "tags__slug")
    raw = [
        "youth-voice",
        "youth-voice",
        "<script>",
        "a" * 101,
        " ",
        "lundy-space",
        "اردو",
        *[f"t{n}" for n in range(30)],
    ]
    values = facet.clean_values(raw)
    assert values[:3] == ["youth-voice", "lundy-space", "اردو"]
    assert len(values) == 20
    assert "<script>" not in values


def test_fixed_list_facets_ignore_values_outside_the_list():
    facet = Facet("stage", "Life stage", "life_stages__code", choices=tuple(LifeStage.Code.choices))
    assert facet.clean_values(["childhood", "old-age", "CHILDHOOD"]) == ["childhood"]


def test_public_filter_excludes_restricted_pages_and_their_descendants(home):
    index = CaseStudyIndexPageFactory(parent=home)
    open_page = CaseStudyPageFactory(parent=index)
    private = CaseStudyPageFactory(parent=index)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    assert list(CaseStudyPage.objects.filter(public_q())) == [open_page]
    PageViewRestriction.objects.create(page=index, restriction_type=PageViewRestriction.LOGIN)
    assert not CaseStudyPage.objects.filter(public_q()).exists()


@pytest.fixture
def pages(home):
    index = CaseStudyIndexPageFactory(parent=home)
    north, south = make_ics("North"), make_ics("South")
    stages = {stage.code: stage for stage in LifeStage.objects.all()}
    made = {}
    for name, ics, stage_codes, tags in [
        ("a", north, ["childhood"], ["x"]),
        ("b", north, ["adolescence"], ["x", "y"]),
        ("c", south, ["childhood", "adolescence"], ["y"]),
        ("d", south, [], []),
    ]:
        page = CaseStudyPageFactory(parent=index, title=f"Page {name}", ics=ics)
        made[name] = relate(page, life_stages=[stages[code] for code in stage_codes], tags=tags)
    return index, made


def listing_for(index, query, **kwargs):
    request = RequestFactory().get("/", query)
    return FacetedListing(request, index.get_case_studies(), index.facets(), per_page=2, **kwargs).resolve()


def titles(listing):
    """Every result, across all pages, in order (the paginator pages through the items' ids)."""
    ids = list(listing.paginator.object_list)
    found = dict(CaseStudyPage.objects.filter(pk__in=ids).values_list("pk", "title"))
    return [found[pk] for pk in ids]


def test_values_of_one_facet_are_alternatives_and_facets_combine(pages):
    index, _ = pages
    assert titles(listing_for(index, {"stage": ["childhood"]})) == ["Page a", "Page c"]
    assert titles(listing_for(index, {"stage": ["childhood", "adolescence"]})) == ["Page a", "Page b", "Page c"]
    assert titles(listing_for(index, {"stage": ["childhood", "adolescence"], "ics": ["north"]})) == [
        "Page a",
        "Page b",
    ]
    assert titles(listing_for(index, {"tag": ["y"], "ics": ["south"], "stage": ["adolescence"]})) == ["Page c"]


def test_each_count_is_what_ticking_only_that_option_would_give(pages):
    index, _ = pages
    listing = listing_for(index, {"ics": ["north"]})
    assert listing.total == 2
    for bound in listing.bound_facets:
        for option in bound.options:
            query = {"ics": ["north"], bound.param: [option.value]}
            assert listing_for(index, query).total == option.count, (bound.param, option.value)
    ics_counts = {option.value: option.count for option in listing.bound_facets[0].options}
    assert ics_counts == {"north": 2, "south": 2}  # the facet's own filter does not narrow its counts


def test_unknown_values_are_ignored_and_not_shown_as_filters(pages):
    index, _ = pages
    listing = listing_for(index, {"ics": ["nowhere", "<script>"], "stage": ["maternity"], "tag": ["x"]})
    assert listing.total == 2  # only the tag filter applies
    assert [(active.facet_label, active.label) for active in listing.active_filters] == [("Topic", "x")]
    assert listing.url() == "?tag=x"


def test_a_page_past_the_end_is_the_last_page_and_links_keep_the_filters(pages):
    index, _ = pages
    listing = listing_for(index, {"ics": ["north", "south"], "page": "2"})
    assert listing.page.number == 2
    assert listing.pagination.previous_url == "?ics=north&ics=south"
    assert [link.get("url") for link in listing.pagination.links] == [
        "?ics=north&ics=south",
        "?ics=north&ics=south&page=2",
    ]
    assert not listing.past_end
    past = listing_for(index, {"ics": ["north"], "page": "2"})
    assert past.past_end and past.page.number == 1 == past.paginator.num_pages


def test_an_empty_listing_has_one_empty_page(home):
    index = CaseStudyIndexPageFactory(parent=home)
    listing = listing_for(index, {})
    assert listing.total == 0 and list(listing.page.object_list) == []
    assert all(not bound.options for bound in listing.bound_facets)


def test_a_kept_index_costs_one_query_per_combination_and_a_change_shows_at_once(pages, django_assert_num_queries):
    """With a cache key, the facets and counts come from the index kept for the content version: a new combination
    of filters reads only the page of items (and only when asked for them: cards may be kept); an edit moves the
    version on, so the next listing sees it."""
    index, made = pages
    listing_for(index, {}, cache_key="test-listing")  # reads the index and keeps it
    with django_assert_num_queries(1):  # the page of items, nothing else
        listing = listing_for(index, {"ics": ["south"], "stage": ["adolescence"]}, cache_key="test-listing")
        assert [page.title for page in listing.items] == ["Page c"]
    with django_assert_num_queries(0):  # filters, counts and the ids shown come from the kept index
        assert listing_for(index, {"tag": ["x", "y"]}, cache_key="test-listing").total == 3

    made["d"].title = "Page d, renamed"
    made["d"].save()
    relate(made["d"], tags=["x"])
    assert listing_for(index, {"tag": ["x"]}, cache_key="test-listing").total == 3
    CaseStudyPageFactory(parent=index, title="Page e", ics=made["a"].ics)
    north = listing_for(index, {"ics": ["north"]}, cache_key="test-listing")
    assert north.total == 3
    assert {option.value: option.count for option in north.bound_facets[0].options} == {"north": 3, "south": 2}


def test_the_items_of_a_page_keep_the_sort_order(pages):
    index, _ = pages
    listing = listing_for(index, {"sort": "title", "page": "2"}, cache_key="test-listing")
    assert [page.title for page in listing.items] == ["Page c", "Page d"]
