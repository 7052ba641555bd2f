"""Print, as JSON, one URL of every kind of public HTML page of the demo site (run in the live server's settings).

Kinds, all discovered so that new page types are checked as soon as they have a live page:
- one live page of every page type (``wagtail.models.get_page_models()``), with its Urdu (right-to-left)
  translation where one is live, and its admin edit view;
- every sub-route of the routable ones (``RoutablePageMixin``): those without parameters directly, those with
  parameters through the first link on the page that matches them;
- the URL patterns outside the page tree that take no parameters and answer with HTML (e.g. tag index pages);
- the 404 page, in both text directions.

Usage: ``DJANGO_SETTINGS_MODULE=tests.e2e.settings python tests/e2e/discover.py HOST:PORT``.
"""

import json
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.e2e.settings")

import django

django.setup()

from bs4 import BeautifulSoup  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import URLPattern, URLResolver, get_resolver, reverse  # noqa: E402
from django.urls.resolvers import LocalePrefixPattern, RoutePattern  # noqa: E402
from wagtail.contrib.routable_page.models import RoutablePageMixin  # noqa: E402
from wagtail.models import Locale, Page, get_page_models  # noqa: E402

RTL_LANGUAGE = "ur"


def html_links(client, host, url) -> list[str]:
    response = client.get(url, HTTP_HOST=host)
    if response.status_code != 200:
        return []
    soup = BeautifulSoup(response.content, "html.parser")
    return [urlsplit(link["href"]).path for link in soup.find_all("a", href=True)]


def is_html_page(client, host, url) -> bool:
    response = client.get(url, HTTP_HOST=host)
    return response.status_code == 200 and response.get("Content-Type", "").startswith("text/html")


def sub_route_url(client, host, page, route) -> str | None:
    """The URL of a sub-route of a page: reversed when it takes no parameters, else the first link that matches."""
    if route.pattern.regex.groups == 0:
        return page.url + page.reverse_subpage(route.name)
    for link in html_links(client, host, page.url):
        if link.startswith(page.url) and route.pattern.regex.match(link[len(page.url) :]):
            return link
    return None


def parameterless_urls(patterns=None, prefix=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        part = pattern.pattern
        if isinstance(part, LocalePrefixPattern):
            text = ""
        elif isinstance(part, RoutePattern) and "<" not in str(part):
            text = str(part)
        else:
            continue
        if text.startswith(("admin", "documents", "_util")):
            continue
        if isinstance(pattern, URLResolver):
            yield from parameterless_urls(pattern.url_patterns, prefix + text)
        elif isinstance(pattern, URLPattern) and (prefix + text):
            yield "/" + prefix + text, pattern.name or text


def main(host: str) -> list[dict]:
    client = Client()
    rtl_locale = Locale.objects.filter(language_code=RTL_LANGUAGE).first()
    default_locale = Locale.get_default()
    targets = []
    for model in get_page_models():
        if model is Page:
            continue
        page = (
            model.objects.live().public().exact_type(model).filter(locale=default_locale).order_by("path").first()
            or model.objects.live().public().exact_type(model).order_by("path").first()
        )
        if page is None or not page.url:
            continue
        translation = page.get_translation_or_none(rtl_locale) if rtl_locale else None
        rtl_url = translation.url if translation is not None and translation.live else None
        kind = f"{model._meta.app_label}.{model.__name__}"
        targets.append(
            {
                "kind": kind,
                "url": page.url,
                "rtl_url": rtl_url,
                "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
            }
        )
        if not isinstance(page, RoutablePageMixin):
            continue
        # A sub-route may answer on some pages of the type only (a report without a young people's version):
        # take the first of a few pages of the type that answers with HTML.
        candidates = list(model.objects.live().public().exact_type(model).filter(locale=page.locale)[:10])
        for route in page.get_subpage_urls():
            if not isinstance(route, URLPattern) or not route.name:
                continue
            for candidate in candidates:
                url = sub_route_url(client, host, candidate, route)
                if url and url != candidate.url and is_html_page(client, host, url):
                    translation = candidate.get_translation_or_none(rtl_locale) if rtl_locale else None
                    rtl = translation.url + url[len(candidate.url) :] if translation and translation.live else None
                    targets.append({"kind": f"{kind}:{route.name}", "url": url, "rtl_url": rtl, "edit_url": None})
                    break
    for url, name in parameterless_urls():
        if is_html_page(client, host, url):
            targets.append({"kind": f"url:{name}", "url": url, "rtl_url": None, "edit_url": None})
    targets.append(
        {"kind": "404", "url": "/no-such-page-e2e/", "rtl_url": f"/{RTL_LANGUAGE}/no-such-page-e2e/", "edit_url": None}
    )
    return targets


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
