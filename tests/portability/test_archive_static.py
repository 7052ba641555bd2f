"""The static archive of the demo site, served by a plain static server and crawled (issue 16; marked ``slow``:
`make test-archive` and a step of .ci/run).

In a temporary folder with its own SQLite database and media, other processes run ``migrate``, ``load_demo``,
``extract_document_text`` (the worker's job on a live site) and ``build_archive`` (under the public base address
https://chec-archive-test.example.org, so every link the archive keeps to that host would show). Then
``python -m http.server`` serves the archive on a free loopback port and the test checks, as a reader or a crawler
would meet it:

- every internal link, form action, image, style sheet, script, document and redirect of every archived HTML file
  resolves (0 broken), and no link points at the live site's address;
- every short link (``/go/<code>``, with and without the slash) and every Wagtail redirect leads, through its static
  redirect page, to a file that resolves;
- every live page of every type in every language is there, with the archive banner, and so are the print and young
  people's views, indicator pages and CSVs, tag pages, feeds, the sitemap and robots.txt; no form posts anywhere;
- a Pagefind search (Pagefind's own search bundle, in Node, fetching the index from the static server) for a word
  that only a toolkit's file holds finds that toolkit.

It takes one to four minutes on a busy 2-core machine, most of it the migrations. Needs Node and `npm ci` (Pagefind).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

BASE_DIR = Path(__file__).resolve().parents[2]
LIVE_BASE_URL = "https://chec-archive-test.example.org"
LIVE_HOST = urllib.parse.urlsplit(LIVE_BASE_URL).netloc
SEARCH_SCRIPT = Path(__file__).with_name("pagefind_search.mjs")
FACTS = """
import json
from django.apps import apps
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page
pages = []
for page in Page.objects.live().public().filter(depth__gt=1).specific():
    parts = page.get_url_parts()
    if parts:
        pages.append({"type": type(page).__name__, "language": page.locale.language_code, "path": parts[2]})
toolkits = []
ToolkitPage = apps.get_model("toolkit", "ToolkitPage")
DocumentText = apps.get_model("search", "DocumentText")
for toolkit in ToolkitPage.objects.live().public().filter(locale__language_code="en-gb"):
    ids = [download.document_id for download in toolkit.downloads.all()]
    texts = list(DocumentText.objects.filter(document_id__in=ids).values_list("text", flat=True))
    toolkits.append({"path": toolkit.get_url_parts()[2], "texts": texts})
codes = list(apps.get_model("shortlinks", "ShortLink").objects.values_list("code", flat=True))
redirects = [path for path in Redirect.objects.values_list("old_path", flat=True) if "?" not in path]
print(json.dumps({"pages": pages, "toolkits": toolkits, "codes": codes, "redirects": redirects}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Links(HTMLParser):
    """The addresses an HTML file refers to, and what a crawler needs to know about it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.forms: list[dict] = []
        self.refresh: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in ("href", "src", "poster"):
            if attributes.get(name):
                self.urls.append(attributes[name])
        if attributes.get("srcset"):
            self.urls.extend(part.strip().split(" ")[0] for part in attributes["srcset"].split(",") if part.strip())
        if tag == "form":
            self.forms.append(attributes)
            if attributes.get("action"):
                self.urls.append(attributes["action"])
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            match = re.search(r"url=(.+)$", attributes.get("content") or "", re.IGNORECASE)
            if match:
                self.refresh = match[1].strip()
                self.urls.append(self.refresh)


@pytest.fixture(scope="module")
def archive():
    """The demo site's archive, built by other processes, and the facts of the database it was built from."""
    if not shutil.which("node") or not (BASE_DIR / "node_modules" / "pagefind" / "package.json").exists():
        pytest.fail("The archive's search needs Node and Pagefind: run `npm ci` (make test-archive does).")
    workdir = Path(tempfile.mkdtemp(prefix="chec-archive-"))
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.settings.dev",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "SITE_BASE_URL": LIVE_BASE_URL,
        "PYTHONUNBUFFERED": "1",
    }
    environment.pop("DEBUG", None)
    environment.pop("REDIS_URL", None)
    outputs = {}
    for command in (
        ["migrate", "--noinput"],
        ["compile_translations"],
        ["load_demo"],
        ["extract_document_text"],
        ["build_archive", "--output", str(workdir / "out"), "--no-progress"],
        ["shell", "-c", FACTS],
    ):
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert result.returncode == 0, f"manage.py {command[0]} failed:\n{result.stdout}\n{result.stderr}"
        outputs[command[0]] = result.stdout
    facts = json.loads(outputs["shell"].strip().splitlines()[-1])
    yield {"site": workdir / "out" / "site", "zip": workdir / "out" / "chec-archive.zip", "facts": facts}
    if os.environ.get("CHEC_ARCHIVE_KEEP") != "1":
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="module")
def server(archive):
    """``python -m http.server`` in the archive's folder: no Django, no database."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(archive["site"])],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        with contextlib.suppress(OSError), urllib.request.urlopen(base_url + "/", timeout=5) as response:
            if response.status == 200:
                break
        assert process.poll() is None and time.monotonic() < deadline, "the static server did not start"
        time.sleep(0.2)
    yield base_url
    process.terminate()
    process.wait(timeout=10)


def get(url: str) -> tuple[int, str, bytes, str]:
    """Status, content type, body and final URL (after the static server's own redirects, e.g. /go/x to /go/x/)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers.get_content_type(), response.read(), response.url
    except urllib.error.HTTPError as error:
        return error.code, "", b"", url


def crawl(server: str, seeds: list[str]) -> dict:
    """Every address reachable from the seeds, with the broken ones and the pages each came from."""
    queue = [(seed, "(seed)") for seed in seeds]
    seen = set(seeds)
    pages: dict[str, Links] = {}
    broken: list[tuple[str, int, str]] = []
    live_links: list[tuple[str, str]] = []
    while queue:
        path, source = queue.pop()
        status, content_type, body, final_url = get(server + path)
        if status != 200:
            broken.append((path, status, source))
            continue
        if content_type != "text/html":
            continue
        final_path = urllib.parse.urlsplit(final_url).path
        links = Links()
        links.feed(body.decode("utf-8"))
        pages[final_path] = links
        for url in links.urls:
            parts = urllib.parse.urlsplit(urllib.parse.urljoin(server + final_path, url))
            if parts.netloc == LIVE_HOST:
                live_links.append((url, final_path))
            if parts.scheme not in ("http", "https") or parts.netloc != urllib.parse.urlsplit(server).netloc:
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen:
                seen.add(target)
                queue.append((target, final_path))
    return {"pages": pages, "broken": broken, "live_links": live_links, "seen": seen}


@pytest.fixture(scope="module")
def crawled(archive, server):
    site = archive["site"]
    seeds = ["/"]
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        if relative.startswith("pagefind/"):
            continue
        seeds.append("/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative))
    facts = archive["facts"]
    seeds += [f"/go/{code}" for code in facts["codes"]] + [f"/go/{code}/" for code in facts["codes"]]
    seeds += facts["redirects"]
    return crawl(server, sorted(set(seeds)))


def test_every_internal_link_image_document_and_redirect_resolves(crawled, archive):
    assert len(crawled["pages"]) >= len(archive["facts"]["pages"])  # the crawl read every page at least
    assert crawled["broken"] == [], "broken in the archive (address, status, linked from)"
    assert crawled["live_links"] == [], "links that still point at the live site's address"
    seen = crawled["seen"]
    assert any(path.startswith("/documents/") for path in seen), "no document was linked"
    assert any(path.startswith("/static/css/") for path in seen)
    assert archive["facts"]["codes"], "the demo has no short link to check"


def test_short_links_and_redirects_lead_through_a_static_redirect_page(crawled, archive, server):
    for code in archive["facts"]["codes"]:
        for address in (f"/go/{code}", f"/go/{code}/"):
            status, content_type, body, final_url = get(server + address)
            assert (status, content_type) == (200, "text/html"), address
            links = Links()
            links.feed(body.decode())
            assert links.refresh, f"{address}: no meta refresh"
            assert f'<link rel="canonical" href="{links.refresh}">' in body.decode(), address
            assert f'<a href="{links.refresh}">' in body.decode(), address  # a link to follow without refresh
            target = urllib.parse.urljoin(final_url, links.refresh)
            if target.startswith(server):
                assert get(target)[0] == 200, (address, target)


def banner_start(language: str) -> str:
    """The banner's sentence up to its date, as a reader of ``language`` sees it."""
    from django.utils import translation

    with translation.override(language):
        return translation.gettext(BANNER_MESSAGE).split("<time", 1)[0]


BANNER_MESSAGE = (
    'This is an archived copy of the site, made on <time datetime="%(iso)s">%(date)s</time>. It is no longer '
    "updated, and forms that send information are closed."
)


@pytest.fixture(scope="module")
def banner_starts() -> dict[str, str]:
    starts = {language: banner_start(language) for language in ("en-gb", "pl", "ur")}
    assert starts["en-gb"] == "This is an archived copy of the site, made on "
    assert starts["pl"] != starts["en-gb"] and starts["ur"] != starts["en-gb"]  # translated (make compiles them)
    return starts


def test_every_page_type_is_archived_in_every_language_with_the_banner(crawled, archive, banner_starts):
    site = archive["site"]
    pages = archive["facts"]["pages"]
    assert {page["language"] for page in pages} == {"en-gb", "pl", "ur"}
    for page in pages:
        file = site / page["path"].lstrip("/") / "index.html"
        assert file.is_file(), f"{page['type']} ({page['language']}) {page['path']} is missing"
        html = file.read_text()
        assert 'class="archive-banner" role="region"' in html, page["path"]
        assert banner_starts[page["language"]] in html, page["path"]  # in the page's own language
    types = {page["type"] for page in pages}
    assert {"HomePage", "StandardPage", "ReportPage", "ToolkitPage", "CaseStudyPage", "EventPage"} <= types
    # The views beside the page tree, and the files readers and machines fetch.
    for pattern in (
        "reports/*/print/index.html",
        "reports/*/young-people/index.html",
        "data/*/index.html",
        "data/*/csv/*.csv",
        "toolkit/*/download-all/*.zip",
        "tags/*/index.html",
        "documents/*/*",
    ):
        assert list(site.glob(pattern)), f"nothing matches {pattern}"
    for language_prefix in ("", "pl/", "ur/"):
        assert (site / language_prefix / "tags" / "index.html").is_file(), language_prefix
        assert (site / language_prefix / "search" / "index.html").is_file(), language_prefix
        for kind in ("all", "reports", "toolkits"):
            assert (site / language_prefix / f"feeds/{kind}/rss/rss.xml").read_bytes().startswith(b"<?xml")
            assert (site / language_prefix / f"feeds/{kind}/atom/atom.xml").read_bytes().startswith(b"<?xml")
    for name in ("sitemap.xml", "robots.txt", "404.html", "archive-manifest.json"):
        assert (site / name).is_file(), name
    assert archive["zip"].stat().st_size > 0


def test_no_form_is_a_dead_end(crawled):
    for path, links in crawled["pages"].items():
        for form in links.forms:
            assert (form.get("method") or "get").lower() == "get", f"{path}: a form that posts to the server"
            assert form.get("action"), f"{path}: a form without an action"


def test_a_word_only_a_toolkit_file_holds_finds_that_toolkit(archive, server):
    site = archive["site"]
    pages_text = " ".join(
        path.read_text().lower() for path in site.rglob("*.html") if not path.is_relative_to(site / "pagefind")
    )
    others = {toolkit["path"]: " ".join(toolkit["texts"]).lower() for toolkit in archive["facts"]["toolkits"]}
    found = None
    for toolkit in archive["facts"]["toolkits"]:
        words = sorted(set(re.findall(r"[a-z]{7,}", " ".join(toolkit["texts"]).lower())))
        other_texts = " ".join(text for path, text in others.items() if path != toolkit["path"])
        only_here = [word for word in words if word not in pages_text and word not in other_texts]
        if only_here:
            found = (toolkit["path"], only_here[0])
            break
    assert found, "no toolkit file holds a word that no page shows"
    toolkit_path, word = found
    result = subprocess.run(
        [shutil.which("node"), str(SEARCH_SCRIPT), str(site), server, "en-gb", word],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    urls = [urllib.parse.urlsplit(url).path for url in json.loads(result.stdout.strip().splitlines()[-1])]
    assert toolkit_path in urls, f"searching for {word!r} found {urls}"
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert {"en-gb", "pl", "ur"} <= set(entry["languages"])
