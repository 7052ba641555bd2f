"""Valid HTML and the security headers on one page of every kind, in both text directions (live demo server).

Validity: html5lib's strict parser (the WHATWG parsing algorithm; any parse error fails), no duplicate ids, every
``img`` with an ``alt`` attribute, exactly one ``main`` and one ``h1``, ``lang`` and ``dir`` on ``html``.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections import Counter

import html5lib
from bs4 import BeautifulSoup

from tests.e2e.test_accessibility import public_urls


def fetch(url: str):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers.items()), error.read()


def html_problems(content: bytes) -> list[str]:
    problems = []
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        parser.parse(content)
    except html5lib.html5parser.ParseError as error:
        problems.append(f"parse error: {error}")
    soup = BeautifulSoup(content, "html.parser")
    duplicates = [value for value, count in Counter(tag["id"] for tag in soup.find_all(id=True)).items() if count > 1]
    if duplicates:
        problems.append(f"duplicate ids: {duplicates}")
    without_alt = [str(image)[:120] for image in soup.find_all("img") if not image.has_attr("alt")]
    if without_alt:
        problems.append(f"img without alt: {without_alt}")
    if len(soup.find_all("main")) != 1:
        problems.append("not exactly one <main>")
    if len(soup.find_all("h1")) != 1:
        problems.append(f"{len(soup.find_all('h1'))} <h1> elements")
    root = soup.find("html")
    if root is None or not root.get("lang") or root.get("dir") not in ("ltr", "rtl"):
        problems.append("<html> without lang or dir")
    return problems


def test_every_kind_of_page_is_valid_html_in_both_directions(demo_server):
    failures = {}
    checked = 0
    for kind, direction, url in public_urls(demo_server):
        status, _headers, content = fetch(demo_server.url(url))
        assert status == (404 if kind == "404" else 200), (url, status)
        problems = html_problems(content)
        checked += 1
        if problems:
            failures[f"{kind} {direction} {url}"] = problems
    print(f"HTML: {checked} pages parsed strictly, {len(failures)} with errors")
    assert not failures, json.dumps(failures, indent=2)


def test_every_kind_of_page_sends_the_security_headers(demo_server):
    for kind, _direction, url in public_urls(demo_server):
        _status, headers, _content = fetch(demo_server.url(url))
        csp = headers.get("Content-Security-Policy", "")
        assert "script-src 'self'" in csp and "style-src 'self'" in csp, (kind, csp)
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, (kind, csp)
        assert "frame-ancestors 'none'" in csp, kind
        assert headers.get("X-Content-Type-Options") == "nosniff", kind
        assert headers.get("Referrer-Policy") == "strict-origin-when-cross-origin", kind
        assert headers.get("X-Frame-Options") == "DENY", kind
        assert "camera=()" in headers.get("Permissions-Policy", ""), kind


def test_the_checker_catches_what_it_is_meant_to():
    bad = (
        b'<!DOCTYPE html><html lang="en" dir="ltr"><head><title>x</title></head><body><main><h1>x</h1>'
        b'<p id="a">1</p><p id="a">2</p><img src="x.png"><div></span></div></main></body></html>'
    )
    problems = html_problems(bad)
    assert any(problem.startswith("parse error") for problem in problems)
    assert any("duplicate ids" in problem for problem in problems)
    assert any("img without alt" in problem for problem in problems)
