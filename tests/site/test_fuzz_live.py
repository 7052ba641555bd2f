"""Hostile requests from many threads at once against the live site: gunicorn, production settings, the demo content.

``tests/site/test_fuzz.py`` fuzzes one request at a time through Django's test client. This module sends what a hostile
or broken client sends over a real socket, THREADS at a time, to a real server (gunicorn, 2 workers of 8 threads,
``hub.settings.production``, page cache on, its own SQLite database and media folder, 127.0.0.1 only): raw request
lines with odd methods, malformed query strings, huge page numbers, odd Unicode, NUL bytes, long paths, unknown
filters, hostile headers (cookies, ranges, languages, forwarded headers, hosts) and bodies. The targets are every
public URL kind: every page in the sitemap (every page type, every language), every link on them (documents, short
links, toolkit ZIPs, CSV downloads, calendar files, feeds, tags, search) and every URL pattern of the resolver.

Each hypothesis example is a batch of BATCH requests sent at once; every answer must be below 500 and the server log
must have no traceback. FUZZ_EXAMPLES batches (20 in ``make test``, 500 in ``make fuzz``), at most
FUZZ_LIVE_SECONDS (300) of sending; the number of requests sent is printed.
"""

from __future__ import annotations

import html
import http.client
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks._server import BASE_DIR, free_port, production_environment, start_gunicorn, stop_gunicorn
from tests.site.test_fuzz import COMMON_PARAMETERS, HOSTILE, hostile_segment, public_patterns, url_strategy

# A live server and many requests: `make fuzz` runs it (`-m fuzz`), `make test` leaves it out (`not live`).
pytestmark = [pytest.mark.fuzz, pytest.mark.live]

THREADS = 12
BATCH = 16
TIME_BUDGET = float(os.environ.get("FUZZ_LIVE_SECONDS", "300"))
MAX_CRAWL = 400
SERVER_ERRORS = ["Internal Server Error", "Error handling request", "WORKER TIMEOUT", "Exception in worker"]
SUPPRESSED = [
    HealthCheck.too_slow,
    HealthCheck.function_scoped_fixture,
    HealthCheck.data_too_large,
    HealthCheck.large_base_example,
]
METHODS = ["GET"] * 8 + ["HEAD", "HEAD", "POST", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "PROPFIND"]
RAW_QUERIES = [
    "a=%zz",
    "%",
    "%%%%",
    "&&&&",
    "=",
    "==&=",
    ";;;",
    "q=%00",
    "q=%ff%fe",
    "page=99999999999999999999999999999",
    "page=-1",
    "page=1e9",
    "page=0x10",
    "page=%EF%BC%91",  # a full-width digit one
    "page=1&page=2&page=x",
    "a[]=1&a[]=2",
    "ics=" + "a" * 5000,
    "tag=" + "&tag=".join(str(number) for number in range(200)),
    "q=" + "%F0%9F%98%80" * 200,
    "q=%E2%80%AE%D8%A7%D8%B1%D8%AF%D9%88",
    "sort=-title&sort=../../etc",
    "q=%0d%0aSet-Cookie:%20chec-injected=1",
]
HEADER_VALUES = [
    *[value for value in HOSTILE if "\r" not in value and "\n" not in value and "\x00" not in value],
    "*",
    "bytes=0-",
    "bytes=-0",
    "bytes=999999999999999999-",
    "bytes=5-1",
    "bytes=0-1,2-3,4-5,6-7,8-9",
    "bytes=abc",
    "ur-PK,pl;q=0.9,xx;q=abc",
    "en-gb;q=1e999",
    "sessionid=" + "a" * 100,
    "csrftoken=; sessionid=; =; ==",
    'sessionid="\\"; csrftoken=\\x00',
    "Thu, 01 Jan 1970 00:00:00 GMT",
    "Wed, 32 Foo 99999 99:99:99 GMT",
    'W/"x", "y", *',
    "gzip;q=nan, br;q=-1, *;q=2",
    "https",
    "evil.example.org",
    "127.0.0.1, 10.0.0.1, ::1, not-an-ip",
    "multipart/form-data; boundary=",
    "application/x-www-form-urlencoded; charset=klingon",
    "application/json",
    "x" * 8000,
]
HEADER_NAMES = [
    "Accept-Language",
    "Cookie",
    "Range",
    "If-Modified-Since",
    "If-None-Match",
    "If-Range",
    "X-Forwarded-For",
    "X-Forwarded-Proto",
    "X-Forwarded-Host",
    "Forwarded",
    "Referer",
    "User-Agent",
    "Accept",
    "Accept-Encoding",
    "Content-Type",
    "Origin",
    "X-Requested-With",
]


class LiveSite:
    def __init__(self, host: str, log: Path):
        self.host = host
        self.log = log
        self.paths: list[str] = []
        self.parameters: list[str] = list(COMMON_PARAMETERS)
        self.kinds: Counter = Counter()
        self.short_codes: list[str] = []  # not linked from pages: read from the server's database
        self.sent = 0
        self.statuses: Counter = Counter()
        self.lock = threading.Lock()


def url_kind(path: str) -> str:
    """'/pl/toolkit/x/download-all/' -> 'toolkit/*/download-all': the first segment and the last of deeper paths."""
    parts = [part for part in path.split("/") if part]
    if parts and parts[0] in {"pl", "ur"}:
        parts = parts[1:]
    if len(parts) <= 1:
        return parts[0] if parts else "home"
    return f"{parts[0]}/*/{parts[-1]}" if len(parts) > 2 else f"{parts[0]}/*"


def fetch(host: str, path: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(f"http://{host}{path}", timeout=60) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read()


def crawl(site: LiveSite) -> None:
    """Every page of the sitemap and every same-site link and GET-form parameter on them."""
    status, _type, body = fetch(site.host, "/sitemap.xml")
    assert status == 200
    pages = {urlsplit(html.unescape(loc)).path for loc in re.findall(r"<loc>\s*(.*?)\s*</loc>", body.decode())}
    extra = {
        "/",
        "/search/",
        "/tags/",
        "/robots.txt",
        "/healthz",
        "/sitemap.xml",
        "/feeds/all/rss/",
        "/feeds/all/atom/",
    }
    found, parameters = set(pages) | extra | {f"/go/{code}" for code in site.short_codes}, set(site.parameters)

    def links(path: str) -> tuple[set[str], set[str]]:
        try:
            _status, content_type, content = fetch(site.host, path)
        except OSError:
            return set(), set()
        if "html" not in content_type:
            return set(), set()
        soup = BeautifulSoup(content, "html.parser")
        paths, names = set(), set()
        for link in soup.find_all("a", href=True):
            parts = urlsplit(link["href"])
            if parts.netloc in ("", site.host) and parts.path.startswith("/") and not parts.path.startswith("/admin"):
                paths.add(parts.path + (f"?{parts.query}" if parts.query else ""))
                names.update(name for name, _value in parse_qsl(parts.query, keep_blank_values=True))
        for form in soup.find_all("form"):
            if (form.get("method") or "get").lower() == "get":
                names.update(field["name"] for field in form.find_all(["input", "select"]) if field.get("name"))
        return paths, names

    with ThreadPoolExecutor(8) as pool:
        for paths, names in pool.map(links, sorted(pages)[:MAX_CRAWL]):
            found |= paths
            parameters |= names
    site.paths = sorted(found)
    site.parameters = sorted(parameters)
    site.kinds = Counter(url_kind(urlsplit(path).path) for path in site.paths)


@pytest.fixture(scope="module")
def live_site():
    """The demo site under gunicorn on a free loopback port, in a temporary folder; stopped at the end."""
    workdir = Path(tempfile.mkdtemp(prefix="chec-fuzz-live-"))
    port = free_port()
    # Production settings, with static files collected into this folder (not the project's staticfiles/).
    (workdir / "fuzz_live_settings.py").write_text(
        textwrap.dedent(
            f"""\
            from hub.settings.production import *  # noqa: F403

            STATIC_ROOT = {str(workdir / "static")!r}
            """
        )
    )
    environment = {
        **os.environ,
        **production_environment(workdir, port),
        "DJANGO_SETTINGS_MODULE": "fuzz_live_settings",
        "PYTHONPATH": os.pathsep.join([str(workdir), str(BASE_DIR)]),
        "LOG_LEVEL": "WARNING",  # 500s are logged with their traceback
    }
    for command in (["migrate", "--noinput"], ["load_demo"], ["collectstatic", "--noinput"]):
        result = subprocess.run(
            [sys.executable, "manage.py", *command], cwd=BASE_DIR, env=environment, capture_output=True, text=True
        )
        assert result.returncode == 0, f"manage.py {' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"
    log_path = workdir / "server.log"
    log = open(log_path, "w")  # noqa: SIM115 (open while the server runs)
    host = f"127.0.0.1:{port}"
    try:
        server = start_gunicorn(host, environment, log, ["--workers", "2", "--threads", "8", "--timeout", "60"])
    except SystemExit as error:
        log.close()
        pytest.fail(f"{error}: {log_path.read_text()[-3000:]}")
    try:
        site = LiveSite(host, log_path)
        with sqlite3.connect(workdir / "bench.sqlite3") as database:
            site.short_codes = [code for (code,) in database.execute("SELECT code FROM shortlinks_shortlink")]
        crawl(site)
        yield site
    finally:
        stop_gunicorn(server)
        log.close()
        if os.environ.get("CHEC_FUZZ_KEEP") != "1":
            shutil.rmtree(workdir, ignore_errors=True)


def clean_header_value(value: str) -> str:
    return value.replace("\r", "").replace("\n", "").replace("\x00", "")


@st.composite
def hostile_request(draw, site: LiveSite, patterns) -> tuple[str, str, list[tuple[str, str]], bytes]:
    """A method, a request target, headers and a body: each part either ordinary or hostile."""
    method = draw(st.one_of(st.sampled_from(METHODS), st.from_regex(r"[A-Z]{1,12}", fullmatch=True)))
    real = st.sampled_from(site.paths)
    path = draw(
        st.one_of(
            real,
            real,
            st.tuples(real.map(lambda path: urlsplit(path).path), hostile_segment()).map(
                lambda parts: parts[0] + quote(parts[1], safe="") + "/"
            ),
            st.sampled_from(patterns).flatmap(lambda strategy: strategy),
            st.integers(50, 2500).map(lambda number: "/" + "a/" * number),  # long paths (past gunicorn's limit too)
            st.text(min_size=1, max_size=80).map(lambda text: "/" + quote(text, safe="/")),  # odd Unicode
            st.sampled_from(["/%00/", "/%ff%fe/", "/..%2f..%2fetc/passwd", "//evil.example.org/", "/%2e%2e/"]),
        )
    )
    names = st.one_of(st.sampled_from(site.parameters), st.sampled_from(HOSTILE), st.text(max_size=20))
    values = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=80), st.integers().map(str))
    query = draw(
        st.one_of(
            st.just(""),
            st.sampled_from(RAW_QUERIES),
            st.lists(st.tuples(names, values), max_size=6).map(
                lambda pairs: "&".join(f"{quote(name, safe='')}={quote(value, safe='')}" for name, value in pairs)
            ),
        )
    )
    if query:
        path = f"{path}&{query}" if "?" in path else f"{path}?{query}"
    printable = st.characters(blacklist_categories=("Cc", "Cs"))  # control characters: gunicorn answers 400 itself
    header_value = st.one_of(
        st.sampled_from(HEADER_VALUES), st.text(printable, max_size=100), st.text(max_size=30)
    ).map(clean_header_value)
    headers = draw(st.lists(st.tuples(st.sampled_from(HEADER_NAMES), header_value), max_size=4))
    host = draw(st.sampled_from([site.host] * 12 + ["localhost", "127.0.0.1:1", "evil.example.org", "", "[::1"]))
    headers = [("Host", host), *headers]
    body = b""
    if method in {"POST", "PUT", "PATCH"}:
        body = draw(st.one_of(st.binary(max_size=2048), st.text(max_size=300).map(lambda text: text.encode())))
    return method, path, headers, body


def send(site: LiveSite, request) -> tuple[object, str]:
    """Send one raw request on a new connection; the status, or a description when there was no answer."""
    method, target, headers, body = request
    lines = [f"{method} {target} HTTP/1.1", *(f"{name}: {value}" for name, value in headers)]
    if body or method in {"POST", "PUT", "PATCH"}:
        lines.append(f"Content-Length: {len(body)}")
    lines.append("Connection: close")
    raw = ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8", "surrogatepass") + body
    address, port = site.host.split(":")
    label = f"{method} {target[:300]!r} headers={headers!r}"
    try:
        with socket.create_connection((address, int(port)), timeout=60) as sock:
            sock.sendall(raw)
            response = http.client.HTTPResponse(sock, method=method)
            response.begin()
            response.read()
            return response.status, label
    except (OSError, http.client.HTTPException) as error:
        return f"no answer: {type(error).__name__}: {error}", label


def test_live_server_survives_concurrent_hostile_requests(live_site, capsys):
    site = live_site
    patterns = [url_strategy(chain) for chain in public_patterns()]
    assert len(site.paths) > 50 and len(site.kinds) >= 10, site.kinds  # the crawl found the site
    started = time.monotonic()

    with ThreadPoolExecutor(THREADS) as pool:

        @settings(deadline=None, suppress_health_check=SUPPRESSED)
        @given(st.lists(hostile_request(site, patterns), min_size=BATCH, max_size=BATCH))
        def property_test(batch):
            if time.monotonic() - started > TIME_BUDGET:
                return  # bounded in time as well as in count
            results = list(pool.map(lambda request: send(site, request), batch))
            with site.lock:
                site.sent += len(results)
                site.statuses.update(status if isinstance(status, int) else "no answer" for status, _ in results)
            failures = [
                f"{status}: {label}" for status, label in results if not isinstance(status, int) or status >= 500
            ]
            assert not failures, "\n".join(failures[:5])

        property_test()

    # An error that did not show as a 5xx (an exception while a response was streamed, a worker that died) fails too.
    # Django's 400s for hostile Host headers are logged with a traceback by django.security: those are fine.
    log = site.log.read_text(errors="replace")
    if marker := next((marker for marker in SERVER_ERRORS if marker in log), None):
        start = log.index(marker)
        pytest.fail(f"the server logged an error:\n{log[max(0, start - 300) : start + 5000]}")
    with capsys.disabled():
        print(
            f"\nlive fuzz: {site.sent:,} hostile requests, {THREADS} at a time, in {time.monotonic() - started:.0f} s "
            f"to {len(site.paths)} URLs of {len(site.kinds)} kinds ({', '.join(sorted(site.kinds))}); "
            f"statuses {dict(sorted(site.statuses.items(), key=str))}"
        )
    assert site.sent >= BATCH
