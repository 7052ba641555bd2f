"""Bad input, everywhere: random and hostile values in every path segment and query parameter of every public URL.

The targets are discovered, so new page types and URLs are fuzzed as soon as they exist:
- every URL pattern of the resolver outside the admin (each converter or regular-expression group gets values that
  match it and values that do not), in every language prefix;
- one live page of every page type after ``load_demo`` (``wagtail.models.get_page_models()``), each with a hostile
  extra path segment, and every sub-route of the routable ones (``RoutablePageMixin``);
- every query parameter those pages use (names of the inputs in their GET forms and in their links), plus common ones.

For every request: no 5xx, no hostile value echoed unescaped, no cookie set by a header injection, and nothing
written to the database (row counts of every table and a digest of the key tables, before and after).

``make test`` runs a few examples of each (profile "default"); ``make fuzz`` runs the "fuzz" profile
(HYPOTHESIS_PROFILE=fuzz, a fixed seed, more examples). Failures print the request that broke it.
"""

from __future__ import annotations

import hashlib
import os
import re
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, get_page_models

from tests.helpers import demo_site_for_module

settings.register_profile(
    "default",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "20")),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")),
    deadline=None,
    derandomize=True,  # reproducible in CI: the same examples every run (a fixed seed)
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

HOST = "127.0.0.1:8000"  # the host load_demo gives the site
# Payloads that must never come back unescaped (each has a character HTML escaping changes).
XSS = [
    '<script>alert("chec-xss")</script>',
    '"><svg/onload=alert(`chec-xss`)>',
    "'><img src=x onerror=alert('chec-xss')>",
    "</title><h1>chec-xss</h1>",
    '" autofocus onfocus="alert(1)',
]
HOSTILE = [
    *XSS,
    "{{ 7*7 }}",
    "{% debug %}",
    "${7*7}",
    "%s%s%s%n",
    "' OR '1'='1' --",
    "1; DROP TABLE wagtailcore_page; --",
    "../../../../etc/passwd",
    "..%2f..%2f..%2fetc%2fpasswd",
    "\x00",
    "%00",
    "%",
    "%zz",
    "\r\nSet-Cookie: chec-injected=1",
    "A" * 5000,
    "😀" * 40,
    "\u202eevil\u202c",
    "اردو" * 10,
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "[]",
    "{}",
    "null",
    " ",
    "",
    "\\",
    "//evil.example.org",
    "http://evil.example.org/",
    "\ud7ff\ufffe",
]
COMMON_PARAMETERS = ["page", "q", "query", "tag", "type", "driver", "ics", "sort", "order", "format", "lang", "next"]
# Tables that a GET may legitimately write to: download and short-link counters, renditions made on first view,
# search hit counts and search statistics. Everything else must stay exactly as it was.
WRITABLE_ON_GET = {
    "sessions.session",
    "wagtailimages.rendition",
    "wagtailsearchpromotions.query",
    "wagtailsearchpromotions.querydailyhits",
    "shortlinks.shortlinkclick",
    "toolkit.downloadcount",
    "search.noresultsdailyhits",
}
KEY_MODELS = [
    "wagtailcore.page",
    "wagtailcore.revision",
    "wagtailcore.site",
    "wagtailcore.locale",
    "auth.user",
    "wagtaildocs.document",
    "wagtailimages.image",
    "wagtailredirects.redirect",
]


# --- discovery ----------------------------------------------------------------------------------------------------


def hostile_segment() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(HOSTILE), st.text(max_size=60))


def segment_for(regex: str) -> st.SearchStrategy[str]:
    """Values that match a URL part's regular expression, and values that do not."""
    return st.one_of(st.from_regex(regex, fullmatch=True), hostile_segment())


def pattern_strategy(pattern) -> st.SearchStrategy[str]:
    if isinstance(pattern, LocalePrefixPattern):
        return st.sampled_from(["", "pl/", "ur/", "en-gb/", "xx/"])
    if isinstance(pattern, RoutePattern):
        route = str(pattern)
        parts: list[st.SearchStrategy[str]] = []
        position = 0
        for match in re.finditer(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>", route):
            parts.append(st.just(route[position : match.start()]))
            converter = pattern.converters[match["name"]]
            parts.append(segment_for(converter.regex).map(lambda value: quote(value, safe="")))
            position = match.end()
        parts.append(st.just(route[position:]))
        return st.tuples(*parts).map("".join)
    if isinstance(pattern, RegexPattern):
        regex = pattern._regex.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
        return st.one_of(
            st.from_regex(regex, fullmatch=True).map(lambda value: quote(value, safe="/")),
            hostile_segment().map(lambda value: quote(value, safe="")),
        )
    return st.just("")


def public_patterns(patterns=None, prefix=()):
    """Every URL pattern outside the admin, as the chain of patterns from the root."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if str(pattern.pattern).startswith("admin"):
            continue
        if isinstance(pattern, URLResolver):
            yield from public_patterns(pattern.url_patterns, (*prefix, pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield (*prefix, pattern.pattern)


def url_strategy(chain) -> st.SearchStrategy[str]:
    return st.tuples(*(pattern_strategy(pattern) for pattern in chain)).map(lambda parts: "/" + "".join(parts))


def one_page_of_every_type() -> list[Page]:
    pages = []
    for model in get_page_models():
        if model is Page:
            continue
        page = model.objects.live().public().exact_type(model).order_by("path").first()
        if page is not None and page.url:
            pages.append(page)
    return pages


def routable_strategies(page) -> list[st.SearchStrategy[str]]:
    """The sub-routes of a routable page (RoutablePageMixin), each with matching and hostile values."""
    base = page.url
    return [
        st.tuples(st.just(base), pattern_strategy(pattern.pattern)).map("".join)
        for pattern in page.get_subpage_urls()
        if isinstance(pattern, URLPattern)
    ]


def parameters_used(client, urls) -> list[str]:
    """The query parameter names the pages use: GET form inputs and query strings of their links."""
    names = set(COMMON_PARAMETERS)
    for url in urls:
        response = client.get(url, HTTP_HOST=HOST)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        soup = BeautifulSoup(response.content, "html.parser")
        for form in soup.find_all("form"):
            if (form.get("method") or "get").lower() == "get":
                names.update(field["name"] for field in form.find_all(["input", "select"]) if field.get("name"))
        for link in soup.find_all("a", href=True):
            names.update(name for name, _ in parse_qsl(urlsplit(link["href"]).query, keep_blank_values=True))
    return sorted(names)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo site, loaded once for this module inside a transaction that is rolled back at the end."""
    with demo_site_for_module(django_db_blocker):
        pages = one_page_of_every_type()
        urls = [page.url for page in pages]
        yield {
            "patterns": [url_strategy(chain) for chain in public_patterns()],
            "pages": pages,
            "urls": urls,
            "routes": [
                strategy
                for page in pages
                if isinstance(page, RoutablePageMixin)
                for strategy in routable_strategies(page)
            ],
            "parameters": parameters_used(Client(), urls),
        }


# --- checks -------------------------------------------------------------------------------------------------------


def row_counts() -> dict[str, int]:
    """Rows in every table except those a GET may write to: one query."""
    models = [
        model
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and model._meta.label_lower not in WRITABLE_ON_GET
    ]
    tables = sorted({model._meta.db_table for model in models})
    sql = " UNION ALL ".join(f"SELECT '{table}', COUNT(*) FROM {connection.ops.quote_name(table)}" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())


def key_digest() -> str:
    """A digest of every row of the key tables (catches updates, which row counts miss)."""
    digest = hashlib.sha256()
    for label in KEY_MODELS:
        model = apps.get_model(label)
        fields = [field.attname for field in model._meta.concrete_fields if field.attname != "last_login"]
        for row in model.objects.order_by("pk").values_list(*fields):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def check_response(response, url, sent_values):
    label = f"GET {url!r}"
    assert response.status_code < 500, f"{label} answered {response.status_code}"
    assert "chec-injected" not in response.cookies, f"{label} let a header through"
    for name, value in response.items():
        assert "chec-injected" not in value, f"{label} echoed a header: {name}: {value!r}"
    if response.streaming:
        return
    body = response.content.decode("utf-8", "replace")
    for value in sent_values:
        if value in XSS:
            assert value not in body, f"{label} echoed {value!r} unescaped"


def get(client, url, query=None):
    return client.get(url, query or {}, HTTP_HOST=HOST)


def run_without_writes(property_test):
    before_counts, before_digest = row_counts(), key_digest()
    property_test()
    assert row_counts() == before_counts
    assert key_digest() == before_digest


# --- the properties -----------------------------------------------------------------------------------------------


def test_discovery_finds_every_page_type_and_pattern(demo):
    assert len(demo["pages"]) >= 5
    assert any(url == "/" for url in demo["urls"])
    assert len(demo["patterns"]) >= 5
    print(
        f"fuzz targets: {len(demo['patterns'])} URL patterns, {len(demo['pages'])} page types, "
        f"{len(demo['routes'])} sub-routes, parameters {demo['parameters']}"
    )


def test_every_url_pattern_survives_hostile_path_segments(demo):
    client = Client()

    @given(st.data())
    def property_test(data):
        url = data.draw(st.sampled_from(demo["patterns"]).flatmap(lambda strategy: strategy), label="url")
        check_response(get(client, url), url, [])
        for value in XSS:
            if quote(value, safe="") in url:
                assert value not in get(client, url).content.decode("utf-8", "replace")

    run_without_writes(property_test)


def test_every_page_type_and_sub_route_survives_hostile_paths(demo):
    client = Client()
    extra = st.tuples(st.sampled_from(demo["urls"]), hostile_segment().map(lambda value: quote(value, safe="")))
    targets = [extra.map(lambda parts: parts[0] + parts[1] + "/"), *demo["routes"]]

    @given(st.data())
    def property_test(data):
        url = data.draw(st.sampled_from(targets).flatmap(lambda strategy: strategy), label="url")
        check_response(get(client, url), url, [])

    run_without_writes(property_test)


def test_every_query_parameter_survives_hostile_values(demo):
    client = Client()
    names = st.one_of(st.sampled_from(demo["parameters"]), st.sampled_from(HOSTILE), st.text(max_size=20))
    values = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=80), st.integers().map(str))

    @given(
        url=st.sampled_from(demo["urls"]),
        query=st.dictionaries(names, st.one_of(values, st.lists(values, max_size=3)), max_size=5),
    )
    def property_test(url, query):
        response = get(client, url, query)
        sent = [item for value in query.values() for item in (value if isinstance(value, list) else [value])]
        check_response(response, f"{url}?{query}", [*sent, *query.keys()])

    run_without_writes(property_test)
