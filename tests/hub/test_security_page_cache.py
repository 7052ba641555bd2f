"""The anonymous page cache (hub/cache.py): served to readers without a session, emptied on publish, never leaks a
CSRF token, a session page or the admin."""

import pytest
from django.middleware.csrf import CsrfViewMiddleware, _unmask_cipher_token, get_token
from django.test import RequestFactory

from hub import cache as page_cache
from tests.home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cache_on(tmp_path, settings):
    settings.PAGE_CACHE_SECONDS = 60
    settings.PAGE_CACHE_STAMP_FILE = str(tmp_path / "stamp")
    page_cache.invalidate()


@pytest.fixture
def about(home, client):
    page = StandardPageFactory(parent=home, title="About", slug="about")
    client.get("/about/")  # the first render creates the site settings rows, which empties the cache once
    return page


def test_second_anonymous_view_is_served_from_the_cache(client, about):
    first = client.get("/about/")
    second = client.get("/about/")
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "Cookie" in second["Vary"]


def test_publishing_a_change_empties_the_cache(client, about):
    client.get("/about/")
    about.title = "About the Collaborative"
    about.save_revision().publish()
    response = client.get("/about/")
    assert response["X-Page-Cache"] == "miss"
    assert "About the Collaborative" in response.content.decode()


def test_unpublishing_and_deleting_empty_the_cache(client, about, home):
    client.get("/about/")
    about.unpublish()
    assert client.get("/about/").status_code == 404
    other = StandardPageFactory(parent=home, title="Other", slug="other")
    client.get("/other/")
    other.delete()
    assert client.get("/other/").status_code == 404


def test_query_strings_are_cached_separately_in_any_order(client, about):
    client.get("/about/?a=1&b=2")
    assert client.get("/about/?b=2&a=1")["X-Page-Cache"] == "hit"
    assert client.get("/about/?a=2")["X-Page-Cache"] == "miss"


def test_editors_posts_admin_and_errors_are_never_cached(client, about, django_user_model):
    client.cookies["sessionid"] = "anything"
    assert "X-Page-Cache" not in client.get("/about/")
    del client.cookies["sessionid"]
    assert "X-Page-Cache" not in client.post("/about/")
    assert "X-Page-Cache" not in client.get("/admin/login/")
    assert "X-Page-Cache" not in client.get("/no-such-page/")
    assert "X-Page-Cache" not in client.get("/no-such-page/")


def test_a_cached_form_gets_each_reader_their_own_csrf_token():
    factory = RequestFactory()
    middleware = CsrfViewMiddleware(lambda request: None)

    def request_with_csrf():
        request = factory.get("/form/")
        middleware.process_request(request)
        return request

    from django.http import HttpResponse

    first = request_with_csrf()
    token = get_token(first)
    html = f'<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="{token}"></form>'
    key = page_cache.key_for(first)
    page_cache.store(key, first, HttpResponse(html))

    second = request_with_csrf()
    served = page_cache.get(page_cache.key_for(second), second).content.decode()
    assert token not in served
    served_token = served.split('value="')[1].split('"')[0]
    assert _unmask_cipher_token(served_token) == second.META["CSRF_COOKIE"]
    assert second.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # so the reader gets the matching cookie


def test_a_token_outside_a_form_field_is_never_cached():
    from django.http import HttpResponse

    request = RequestFactory().get("/form/")
    CsrfViewMiddleware(lambda request: None).process_request(request)
    token = get_token(request)
    key = page_cache.key_for(request)
    page_cache.store(key, request, HttpResponse(f'<div data-token="{token}"></div>'))
    assert page_cache.get(key, request) is None


def test_a_page_that_sets_a_cookie_is_never_cached():
    """A cookie belongs to the reader who was given it: a cached copy would give later readers the page without
    their own cookie (the view that sets it would never run for them)."""
    from django.http import HttpResponse

    from hub.middleware import PageCacheMiddleware

    readers = []

    def view(request):
        readers.append(request)
        response = HttpResponse("<p>Welcome back</p>")
        response.set_cookie("banner", f"reader-{len(readers)}")
        return response

    middleware = PageCacheMiddleware(view)
    for number in (1, 2):
        response = middleware(RequestFactory().get("/welcome/"))
        assert response.cookies["banner"].value == f"reader-{number}"
        assert "X-Page-Cache" not in response
    assert len(readers) == 2


def test_an_indicator_import_empties_the_cache_even_without_model_signals(client, about):
    """The importer writes values with bulk_create (no signals); readers must still see the new figures."""
    import io

    from indicators.importer import import_indicator_file

    header = b"Indicator ID,Indicator Name,Area Code,Area Name,Area Type,Time period,Value\n"
    import_indicator_file(
        io.BytesIO(header + b"1,Illustrative measure,E54000055,Area,ICB,2024,1.5\n"), create_missing=True
    )
    client.get("/about/")
    assert client.get("/about/")["X-Page-Cache"] == "hit"
    version_before = page_cache.version()
    # Same indicator and area, a new value: only bulk_update writes.
    import_indicator_file(io.BytesIO(header + b"1,Illustrative measure,E54000055,Area,ICB,2024,2.5\n"))
    assert page_cache.version() != version_before
    assert client.get("/about/")["X-Page-Cache"] == "miss"


def test_a_feedback_submission_does_not_empty_the_cache(client, about, home):
    from wagtail.contrib.forms.models import FormSubmission

    client.get("/about/")
    FormSubmission.objects.create(form_data={"useful": "yes"}, page=home)
    assert client.get("/about/")["X-Page-Cache"] == "hit"


def test_counters_do_not_empty_the_cache(client, about):
    """Clicks, downloads, searches and feedback limits are counted on every request and shown on no public page:
    their models say ``page_cache_noise`` (the core names no app), so counting never empties the cache."""
    import datetime

    from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

    from search.models import NoResultsDailyHits
    from shortlinks.models import ShortLink, ShortLinkClick
    from toolkit.models import DownloadCount, FeedbackRateCount

    link = ShortLink.objects.create(code="about", target_page=about)  # a short link is an edit: it empties the cache
    client.get("/about/")
    today = datetime.date.today()
    ShortLinkClick.objects.create(link=link, date=today, count=1)
    DownloadCount.objects.create(day=today, count=1)
    query = Query.objects.create(query_string="housing")
    QueryDailyHits.objects.create(query=query, date=today, hits=1)
    NoResultsDailyHits.objects.create(query=query, date=today, hits=1)
    FeedbackRateCount.objects.create(key="k" * 64, day=today, count=1)
    assert client.get("/about/")["X-Page-Cache"] == "hit"


def test_a_cdn_may_keep_public_pages_only_when_configured(client, about, settings):
    assert "Cache-Control" not in client.get("/about/")  # off by default: nothing outside the site keeps pages
    settings.CDN_CACHE_SECONDS = 120
    for response in (client.get("/about/"), client.get("/about/")):  # a miss, then a hit
        assert response["Cache-Control"] in ("public, max-age=0, s-maxage=120", "max-age=0, public, s-maxage=120")
        assert "Cookie" in response["Vary"]


def test_a_cdn_never_keeps_what_is_personal_or_failed(client, about, settings, admin_user):
    settings.CDN_CACHE_SECONDS = 120
    assert "Cache-Control" not in client.get("/no-such-page/")  # a 404
    assert "public" not in client.get("/admin/login/").get("Cache-Control", "")
    client.force_login(admin_user)  # an editor: their pages carry the userbar
    assert "public" not in client.get("/about/").get("Cache-Control", "")
