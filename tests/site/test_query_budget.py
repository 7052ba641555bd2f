"""Every public page type renders warm in at most 12 SQL queries (issue 17), and the shortcuts that get it there
(the cached site, the skipped view-restriction queries) never serve a restricted page."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, get_page_models

from indicators.models import Indicator, IndicatorIndexPage
from reports.models import ReportPage
from tests.helpers import demo_site_for_module

QUERY_BUDGET = 12


@pytest.fixture(scope="module")
def demo_urls(django_db_setup, django_db_blocker):
    """The demo site (loaded once for the module, rolled back at the end): one URL per public page type and route."""
    with demo_site_for_module(django_db_blocker):
        urls = {}
        for model in get_page_models():
            page = (
                model.objects.live().public().exact_type(model).order_by("path").first() if model is not Page else None
            )
            if page is not None and page.url:
                urls[model.__name__] = page.url
        report = ReportPage.objects.live().order_by("path").first()
        urls["report print view"] = report.url + "print/"
        data_page = IndicatorIndexPage.objects.live().first()
        urls["indicator"] = data_page.url + Indicator.objects.order_by("pk").first().slug + "/"
        yield urls


def warm_query_count(url: str) -> tuple[int, int]:
    client = Client()
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, len(queries)


@pytest.mark.django_db
def test_every_public_page_type_renders_warm_within_the_budget(demo_urls):
    assert len(demo_urls) >= 15, demo_urls  # every page type of the demo, and the routes
    over = {}
    for name, url in demo_urls.items():
        status, count = warm_query_count(url)
        assert status == 200, (name, url, status)
        if count > QUERY_BUDGET:
            over[name] = count
    assert not over, f"over {QUERY_BUDGET} queries: {over}"


@pytest.mark.django_db
def test_a_page_restricted_after_it_was_served_is_refused_at_once(client, home):
    from tests.home.factories import StandardPageFactory

    page = StandardPageFactory(parent=home, title="Minutes", slug="minutes")
    assert client.get(page.url).status_code == 200  # warms the cached site and the cached list of restricted pages
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(page.url).status_code == 302
    restriction.delete()
    group = Group.objects.create(name="Board")
    restriction = PageViewRestriction.objects.create(page=home, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(group)
    assert client.get(page.url).status_code == 302  # an ancestor's restriction counts too


@pytest.mark.django_db
def test_an_alias_of_a_restricted_page_is_restricted_too(client, home):
    from tests.home.factories import StandardPageFactory

    source = StandardPageFactory(parent=home, title="Board papers", slug="board-papers")
    other = StandardPageFactory(parent=home, title="Archive", slug="archive")
    alias = source.create_alias(parent=other, update_slug="board-papers-alias")
    assert client.get(alias.url).status_code == 200
    PageViewRestriction.objects.create(page=source, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(alias.url).status_code == 302
