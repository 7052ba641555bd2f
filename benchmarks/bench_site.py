"""Benchmark the site as it runs in production, with the page cache and without it, for every public page type.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/bench_site.py``). The figures depend on the machine; the
checks do not. What it does, all on loopback and in a temporary folder:

1. a fresh SQLite database with ``migrate``, ``load_demo`` and EXTRA_PAGES (default 1,000) generated pages: copies of
   the demo's pages of every type that can have siblings, spread evenly, so listings and contents lists are long;
   then ``collectstatic`` (hashed, compressed files);
2. the URLs: one page of every public page type (home, framework, driver, report, chapter, print view, listings,
   case study, toolkit and its feedback form, journey, indicators, events, standard page, tag page, a 404), SEARCH
   with ROTATION (20) varied queries and each faceted listing with ROTATION filter combinations (rows of several URLs
   are loaded through ``benchmarks/rotate.lua``, which takes the next URL for each request), and one static file;
3. in this process, with the same database and settings: the SQL queries of a warm render (page cache off, the site
   chrome cache warm; the most of any URL of the row) and the HTML bytes, plain and gzipped (the mean of the row);
4. two gunicorn servers on the same database, both ``hub.settings.production`` with the project's gunicorn.conf.py
   and WORKERS (2) threaded workers: CACHED (``PAGE_CACHE_SECONDS=600``, what readers get once a page is in the
   cache) and UNCACHED (``PAGE_CACHE_SECONDS=0``: every request renders; nothing else differs, so what is rendered
   is the same). Per row and server: the status of each URL once (it must be the expected one, no redirect), a
   warm-up, then ``wrk -t2 -c16 -d<DURATION>s --latency`` (requests/second, p50, p99). The two servers take turns
   row by row, so a change in the machine's load hits both columns alike. The static file is loaded from the cached
   server before and after the pages;
5. prints the table and the verdicts, writes ``artifacts/bench.json`` and ``artifacts/bench.md`` (the table as
   Markdown, for docs/performance.md) and stops the servers.

Exit status 1 when any answer is not the expected status (the check before loading, a "Non-2xx or 3xx responses"
count from wrk, a server error in the servers' logs) or a page type renders warm in more than QUERY_BUDGET queries.
Throughput is only reported, against the targets below: on a shared machine it is noise, not a verdict.

Environment: BENCH_DURATION (seconds per URL and server, default 15), BENCH_WARMUP (default 3), EXTRA_PAGES (default
1000), BENCH_OUTPUT (default artifacts/bench.json; the Markdown goes beside it).
"""

from __future__ import annotations

import contextlib
import gzip
import http.client
import itertools
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from io import StringIO
from pathlib import Path
from urllib.parse import urlencode

from _server import (  # benchmarks/_server.py
    free_port,
    generate_pages,
    production_environment,
    start_gunicorn,
    stop_gunicorn,
)

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

QUERY_BUDGET = 12  # exit 1 when a page type renders warm with more SQL queries than this (issue 17's target)
QUERY_TARGET = 12  # pages over it are listed (the same as the budget since every page type met it)
WORKERS = 2  # gunicorn processes (threads from gunicorn.conf.py)
ROTATION = 20  # search queries, and filter combinations per faceted listing
TARGET_HOME_RPS = 250  # uncached, with WORKERS workers
TARGET_OTHER_RPS = 150  # uncached, every other page type
TARGET_STATIC_FRACTION = 0.5  # a cached page against a static file of the same server
SEED = 20261130  # the search queries and filter combinations are the same in every run

DURATION = int(os.environ.get("BENCH_DURATION", "15"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "3"))
EXTRA_PAGES = int(os.environ.get("EXTRA_PAGES", "1000"))
WRK = shutil.which("wrk") or "/usr/bin/wrk"
# Every request says what a browser says (Chromium's header): a page comes back gzipped, a static file in whitenoise's
# precompressed form, so the cost of compressing is measured where readers meet it.
ACCEPT_ENCODING = "gzip, deflate, br, zstd"
WRK_OPTIONS = ["-t2", "-c16", "--latency", "--timeout", "10s", "-H", f"Accept-Encoding: {ACCEPT_ENCODING}"]
ROTATE_SCRIPT = Path(__file__).with_name("rotate.lua")
STOPWORDS = frozenset(
    re.findall(
        r"\w+",
        "about after also among been being both each from have into more most much other over same some such than that "
        "their them then there these they this those through under very were what when where which while with would "
        "your young people copy",
    )
)

workdir = Path(tempfile.mkdtemp(prefix="chec-bench-site-"))
PORT = free_port()
UNCACHED_PORT = free_port()
ENVIRONMENT = production_environment(workdir, PORT)
os.environ.update(ENVIRONMENT)

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.contrib.staticfiles.storage import staticfiles_storage  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from wagtail.models import Page  # noqa: E402

HOST = f"127.0.0.1:{PORT}"


def step(message: str) -> None:
    print(f"-- {message}", flush=True)


@dataclass
class Row:
    """One line of the table: a page type (or a static file) and the URLs that stand for it."""

    name: str
    paths: list[str]
    status: int = 200  # what every URL of the row must answer
    renders: bool = True  # False for the static file: no queries, no uncached column
    form: bool = False  # a form: each hit gives the reader their own CSRF token and cookie
    queries: int | None = None  # the most of any URL of the row, warm
    path_queries: dict[str, int] = field(default_factory=dict)
    html_bytes: float = 0
    html_gzip_bytes: float = 0
    cached: dict = field(default_factory=dict)
    uncached: dict = field(default_factory=dict)
    cache_header: str | None = None  # X-Page-Cache of the cached server after the load

    @property
    def shown_path(self) -> str:
        return self.paths[0] if len(self.paths) == 1 else f"{self.paths[0]} (+{len(self.paths) - 1} more)"


# --- the site -----------------------------------------------------------------------------------------------------


def build_site() -> None:
    step(f"database in {workdir}: migrate, load_demo")
    call_command("migrate", "--noinput", verbosity=0)
    call_command("load_demo", stdout=StringIO())
    step(f"generating {EXTRA_PAGES} extra pages")
    generate_pages(EXTRA_PAGES)
    step("collectstatic")
    call_command("collectstatic", "--noinput", verbosity=0)


# --- the URLs -----------------------------------------------------------------------------------------------------


def first_live(label: str) -> Page | None:
    """The first live, public page of a type in the default language's tree (the demo's own, not a copy)."""
    model = apps.get_model(label)
    return model.objects.live().public().exact_type(model).order_by("path").first()


def form_parameters(client: Client, url: str) -> dict[str, list[str]]:
    """The names and values of a page's GET form filters (checkboxes, radio buttons, selects), without page and q."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(client.get(url, HTTP_HOST=HOST).content, "html.parser")
    parameters: dict[str, set[str]] = {}
    for form in soup.find_all("form"):
        if (form.get("method") or "get").lower() != "get":
            continue
        for field_ in form.find_all("input", attrs={"type": ["checkbox", "radio"]}):
            if field_.get("name") and field_.get("value"):
                parameters.setdefault(field_["name"], set()).add(field_["value"])
        for field_ in form.find_all("select"):
            for option in field_.find_all("option"):
                if field_.get("name") and option.get("value"):
                    parameters.setdefault(field_["name"], set()).add(option["value"])
    return {name: sorted(values) for name, values in sorted(parameters.items()) if name not in ("page", "q")}


def filter_combinations(client: Client, url: str) -> list[str]:
    """ROTATION filtered versions of a listing: one filter, two different filters, or two values of one filter."""
    parameters = form_parameters(client, url)
    names = list(parameters)
    combinations = [[(name, value)] for name in names for value in parameters[name]]
    combinations += [
        [(first, one), (second, other)]
        for first, second in itertools.combinations(names, 2)
        for one in parameters[first]
        for other in parameters[second]
    ]
    combinations += [
        [(name, one), (name, other)] for name in names for one, other in itertools.combinations(parameters[name], 2)
    ]
    chosen = random.Random(SEED).sample(combinations, min(ROTATION, len(combinations)))
    return [f"{url}?{urlencode(query)}" for query in chosen]


def search_paths(client: Client) -> list[str]:
    """ROTATION searches: words of the demo's titles and summaries, some of two words, some with a filter."""
    search = reverse("search")
    filters = form_parameters(client, f"{search}?q=health")
    words: Counter[str] = Counter()
    home = first_live("home.HomePage")
    for page in home.get_descendants(inclusive=True).live().public().exclude(slug__contains="-bench-").specific():
        text = f"{page.title} {getattr(page, 'summary', '') or ''} {page.search_description or ''}"
        words.update(word.lower() for word in re.findall(r"[A-Za-z]{4,}", text))
    common = [word for word, _count in words.most_common(100) if word not in STOPWORDS]
    rng = random.Random(SEED)
    paths: list[str] = []
    for number, word in enumerate(rng.sample(common, min(ROTATION, len(common)))):
        query = [("q", word if number % 4 != 1 else f"{word} {rng.choice(common)}")]
        if filters and number % 4 == 3:
            name = rng.choice(list(filters))
            query.append((name, rng.choice(filters[name])))
        paths.append(f"{search}?{urlencode(query)}")
    return paths


def rows_to_measure(client: Client, problems: list[str]) -> list[Row]:
    rows: list[Row] = []

    def page_row(name: str, label: str, subpage: str | None = None, form: bool = False, **kwargs) -> Page | None:
        page = first_live(label)
        if page is None:
            problems.append(f"{name}: no live {label} page in the demo content")
            return None
        path = page.url + (page.reverse_subpage(subpage, kwargs=kwargs) if subpage else "")
        rows.append(Row(name, [path], form=form))
        return page

    def listing_rows(name: str, label: str) -> None:
        listing = page_row(name, label)
        if listing is not None and (paths := filter_combinations(client, listing.url)):
            rows.append(Row(f"{name}, filtered", paths))

    page_row("home", "home.HomePage")
    page_row("framework", "hub.FrameworkPage")
    page_row("driver", "hub.DriverPage")
    page_row("report listing", "reports.ReportIndexPage")
    page_row("report", "reports.ReportPage")
    page_row("report chapter", "reports.ReportChapterPage")
    page_row("print view", "reports.ReportPage", "print")
    listing_rows("case study listing", "casestudies.CaseStudyIndexPage")
    page_row("case study", "casestudies.CaseStudyPage")
    listing_rows("toolkit listing", "toolkit.ToolkitIndexPage")
    page_row("toolkit", "toolkit.ToolkitPage")
    page_row("toolkit feedback form", "toolkit.ToolkitPage", "feedback", form=True)
    page_row("journey", "toolkit.JourneyPage")
    page_row("indicator index", "indicators.IndicatorIndexPage")
    indicator = apps.get_model("indicators.Indicator").objects.order_by("pk").first()
    if indicator is None:
        problems.append("indicator page: no indicator in the demo content")
    else:
        page_row("indicator page", "indicators.IndicatorIndexPage", "indicator", slug=indicator.slug)
    listing_rows("events listing", "events.EventIndexPage")
    page_row("event", "events.EventPage")
    page_row("standard page", "home.StandardPage")
    tagged = next(
        (
            page
            for label in ("casestudies.CaseStudyPage", "toolkit.ToolkitPage", "reports.ReportPage")
            for page in apps.get_model(label).objects.live().public().filter(tags__isnull=False).order_by("path")[:1]
        ),
        None,
    )
    if tagged is None:
        problems.append("tag page: no live page has a tag")
    else:
        rows.append(Row("tag page", [reverse("tag_page", args=[tagged.tags.order_by("slug").first().slug])]))
    rows.append(Row("search", search_paths(client)))
    rows.append(Row("404", ["/no-such-page-bench/"], status=404))
    return rows


# --- measuring ----------------------------------------------------------------------------------------------------


def measure_queries(client: Client, row: Row, problems: list[str]) -> None:
    """Queries of a warm render (page cache off, chrome cache warm) and the HTML size of every URL of the row."""
    counts, sizes, gzipped = [], [], []
    with override_settings(PAGE_CACHE_SECONDS=0):
        for path in row.paths:
            client.get(path, HTTP_HOST=HOST)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path, HTTP_HOST=HOST)
            if response.status_code != row.status:
                problems.append(f"{row.name}: {path} answered {response.status_code} in-process, not {row.status}")
            counts.append(len(queries))
            row.path_queries[path] = len(queries)
            sizes.append(len(response.content))
            gzipped.append(len(gzip.compress(response.content)))
    row.queries = max(counts)
    row.html_bytes = sum(sizes) / len(sizes)
    row.html_gzip_bytes = sum(gzipped) / len(gzipped)


def fetch(port: int, path: str) -> tuple[int, str | None]:
    """The status (0 when nothing answered) and X-Page-Cache header of one GET; redirects are not followed."""
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        client.request("GET", path)
        response = client.getresponse()
        response.read()
        return response.status, response.getheader("X-Page-Cache")
    except OSError:
        return 0, None
    finally:
        client.close()


def cache_header(port: int, path: str) -> str | None:
    """X-Page-Cache of a page once loaded: "hit" if any of a few new connections gets it from the cache.

    Each worker has its own in-process cache, and wrk's keep-alive connections may all have gone to one of them."""
    header = None
    for _ in range(4):
        header = fetch(port, path)[1]
        if header == "hit":
            break
    return header


def run_wrk(port: int, paths: list[str], seconds: int) -> dict:
    if len(paths) == 1:
        command = [WRK, *WRK_OPTIONS, f"-d{seconds}s", f"http://127.0.0.1:{port}{paths[0]}"]
    else:
        paths_file = workdir / f"paths-{abs(hash(tuple(paths)))}.txt"
        paths_file.write_text("\n".join(paths) + "\n")
        command = [WRK, *WRK_OPTIONS, f"-d{seconds}s", "-s", str(ROTATE_SCRIPT), f"http://127.0.0.1:{port}"]
        command += ["--", str(paths_file)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    output = result.stdout
    if result.returncode != 0 or "Requests/sec" not in output:
        raise SystemExit(f"wrk failed ({result.returncode}): {result.stderr.strip() or output.strip()}")
    return parse_wrk(output)


def parse_wrk(output: str) -> dict:
    def latency_ms(percentile: str) -> float | None:
        match = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
        if not match:
            return None
        scale = {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[match[2]]
        return round(float(match[1]) * scale, 2)

    requests = re.search(r"^\s*(\d+) requests in", output, re.MULTILINE)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors:\s+(.*)", output)
    return {
        "requests": int(requests[1]) if requests else 0,
        "requests_per_second": float(rps[1]) if rps else 0.0,
        "p50_ms": latency_ms("50"),
        "p99_ms": latency_ms("99"),
        "non_2xx_3xx": int(non_2xx[1]) if non_2xx else 0,
        "socket_errors": socket_errors[1].strip() if socket_errors else "",
    }


def load(row: Row, port: int, server: str, problems: list[str]) -> dict:
    """Check each URL's status once, warm up, then time the row on one server. {} when a status was wrong."""
    wrong = []
    for path in row.paths:
        status, cache_header = fetch(port, path)
        if status != row.status:
            wrong.append(f"{path} answered {status or 'nothing'}")
        if server == "uncached" and cache_header:
            raise SystemExit(f"the uncached server answered {path} with X-Page-Cache: {cache_header}")
    if wrong:
        problems.append(f"{row.name} ({server}): {'; '.join(wrong)}, not {row.status}; not loaded")
        return {}
    if WARMUP:
        run_wrk(port, row.paths, WARMUP)
    step(f"wrk {row.name} ({server}): {row.shown_path}")
    result = run_wrk(port, row.paths, DURATION)
    expected_non_2xx = result["requests"] if row.status >= 400 else 0
    if result["non_2xx_3xx"] != expected_non_2xx:
        problems.append(
            f"{row.name} ({server}): wrk counted {result['non_2xx_3xx']} non-2xx/3xx answers of {result['requests']}"
            f" (expected {expected_non_2xx})"
        )
    return result


def server_errors(log: Path) -> list[str]:
    lines = log.read_text(errors="replace").splitlines() if log.exists() else []
    return [line for line in lines if "Traceback" in line or "Internal Server Error" in line]


def start_servers(servers: dict[str, tuple[int, subprocess.Popen, Path]]) -> None:
    """The cached and the uncached server (added to ``servers`` as each starts, so a failed start stops the other)."""
    for name, port, seconds in (("cached", PORT, "600"), ("uncached", UNCACHED_PORT, "0")):
        log = workdir / f"server-{name}.log"
        step(f"gunicorn ({name}: PAGE_CACHE_SECONDS={seconds}), {WORKERS} workers, on 127.0.0.1:{port}")
        environment = {**ENVIRONMENT, "PAGE_CACHE_SECONDS": seconds, "GUNICORN_ACCESS_LOG": ""}
        with open(log, "w") as output:  # the child keeps its own copy of the file descriptor
            server = start_gunicorn(
                f"127.0.0.1:{port}", environment, output, ["--workers", str(WORKERS), "--log-level", "warning"]
            )
        servers[name] = (port, server, log)


# --- the report ---------------------------------------------------------------------------------------------------


def machine() -> dict:
    cpu = ""
    with contextlib.suppress(OSError, StopIteration), open("/proc/cpuinfo") as cpuinfo:
        cpu = next(line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name"))
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "system": platform.platform(),
        "wrk": f"wrk {' '.join(WRK_OPTIONS)} -d{DURATION}s (warm-up {WARMUP}s)",
        "server": f"gunicorn, gunicorn.conf.py (gthread), {WORKERS} workers, hub.settings.production, SQLite, "
        "in-process cache; cached: PAGE_CACHE_SECONDS=600, uncached: PAGE_CACHE_SECONDS=0",
        "extra_pages": EXTRA_PAGES,
        "date": time.strftime("%Y-%m-%d"),
    }


def number(value: float | None, digits: int = 0) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def table(rows: list[Row], static_rps: float) -> tuple[str, str]:
    """The table as text (for the terminal) and as Markdown (for docs/performance.md)."""
    columns = ["page", "cached req/s", "p50 ms", "p99 ms", "uncached req/s", "p50 ms", "p99 ms"]
    columns += ["cached/static", "queries", "HTML KB", "gzip KB", "URL"]
    lines = []
    for row in rows:
        cached, uncached = row.cached, row.uncached
        fraction = cached.get("requests_per_second", 0) / static_rps if static_rps and cached else None
        lines.append(
            [
                row.name,
                number(cached.get("requests_per_second")),
                number(cached.get("p50_ms"), 1),
                number(cached.get("p99_ms"), 1),
                number(uncached.get("requests_per_second")) if row.renders else "",
                number(uncached.get("p50_ms"), 1) if row.renders else "",
                number(uncached.get("p99_ms"), 1) if row.renders else "",
                number(fraction, 2) if row.renders else "1",
                "" if row.queries is None else str(row.queries),
                number(row.html_bytes / 1024, 1) if row.renders else "",
                number(row.html_gzip_bytes / 1024, 1) if row.renders else "",
                row.shown_path,
            ]
        )
    widths = [max(len(column), *(len(line[index]) for line in lines)) for index, column in enumerate(columns)]
    text = [
        "  ".join(
            cell.ljust(width) if index in (0, len(columns) - 1) else cell.rjust(width)
            for index, (cell, width) in enumerate(zip(line, widths, strict=True))
        )
        for line in [columns, *lines]
    ]
    text.insert(1, "-" * len(text[0]))
    markdown = ["| " + " | ".join(columns) + " |", "| --- |" + " ---: |" * (len(columns) - 2) + " --- |"]
    markdown += [
        "| " + " | ".join([*line[:-1], f"`{row.paths[0]}`" + row.shown_path[len(row.paths[0]) :]]) + " |"
        for row, line in zip(rows, lines, strict=True)
    ]
    return "\n".join(text), "\n".join(markdown)


def worst_path(row: Row) -> str:
    return max(row.path_queries, key=row.path_queries.get, default="")


def verdicts(rows: list[Row], static_rps: float) -> tuple[list[str], list[str]]:
    """(failures, notes): failures exit 1; notes are the targets, met or not."""
    failures = [
        f"{row.name}: {row.queries} SQL queries warm ({worst_path(row)})"
        for row in rows
        if (row.queries or 0) > QUERY_BUDGET
    ]
    notes = []
    pages = [row for row in rows if row.renders]
    over_target = [
        f"{row.name} ({row.queries}{'' if len(row.paths) == 1 else ': ' + worst_path(row)})"
        for row in pages
        if (row.queries or 0) > QUERY_TARGET
    ]
    notes.append(
        f"queries: every page <= {QUERY_TARGET} warm: "
        + (f"NOT MET, over: {', '.join(over_target)}" if over_target else "met")
        + f" (the budget that fails the run is {QUERY_BUDGET})"
    )
    for row in pages:
        target = TARGET_HOME_RPS if row.name == "home" else TARGET_OTHER_RPS
        rps = row.uncached.get("requests_per_second")
        if rps is not None and rps < target:
            notes.append(f"uncached {row.name}: {rps:,.0f} req/s, target {target}: NOT MET")
    met = [
        row.name
        for row in pages
        if row.uncached.get("requests_per_second", 0) >= (TARGET_HOME_RPS if row.name == "home" else TARGET_OTHER_RPS)
    ]
    notes.append(f"uncached throughput targets met by {len(met)} of {len(pages)}: {', '.join(met) or 'none'}")
    if static_rps:
        # Error pages are never kept (random URLs must not fill the cache): their cached column renders every time.
        # A form's kept copy gets each reader's own CSRF token and cookie at every hit (Django makes the token): its
        # fraction is shown on a line of its own, met or not.
        def fraction(row: Row) -> str:
            return f"{row.name} ({row.cached['requests_per_second'] / static_rps:.2f})"

        def low(row: Row) -> bool:
            return bool(row.cached) and row.cached["requests_per_second"] < TARGET_STATIC_FRACTION * static_rps

        cached_pages = [row for row in pages if row.status == 200 and not row.form]
        never_kept = ", ".join(row.name for row in pages if row.status != 200)
        low_pages = [fraction(row) for row in cached_pages if low(row)]
        notes.append(
            f"cached >= {TARGET_STATIC_FRACTION} of a static file ({static_rps:,.0f} req/s): "
            + (
                f"NOT MET by {', '.join(low_pages)}"
                if low_pages
                else f"met by every page that is cached (not {never_kept}: never kept)"
            )
        )
        for row in pages:
            if row.form and row.cached:
                notes.append(
                    f"cached form with each reader's CSRF token: {fraction(row)} of a static file, "
                    + ("under" if low(row) else "at or over")
                    + f" {TARGET_STATIC_FRACTION}"
                )
    for row in rows:
        for server, result in (("cached", row.cached), ("uncached", row.uncached)):
            if result and not result["requests"]:
                notes.append(f"{server} {row.name}: no request finished within {DURATION} s")
            elif result and result["socket_errors"]:
                notes.append(f"{server} {row.name}: socket errors: {result['socket_errors']}")
    return failures, notes


def main() -> int:
    if not Path(WRK).exists():
        raise SystemExit("wrk is not installed: `make bench` installs it with apt-get")
    build_site()
    problems: list[str] = []  # wrong statuses: exit 1
    client = Client(raise_request_exception=False)  # a page that fails shows as status 500
    rows = rows_to_measure(client, problems)
    step("SQL queries (warm) and HTML size of every URL")
    for row in rows:
        measure_queries(client, row, problems)
    static = Row("static file", [staticfiles_storage.url("css/main.css")], renders=False)
    servers: dict[str, tuple[int, subprocess.Popen, Path]] = {}
    static_runs = []
    try:
        start_servers(servers)
        port = servers["cached"][0]
        static_runs.append(load(static, port, "cached", problems))
        for row in rows:
            row.cached = load(row, port, "cached", problems)
            row.cache_header = cache_header(port, row.paths[0])
            row.uncached = load(row, servers["uncached"][0], "uncached", problems)
        static_runs.append(load(static, port, "cached", problems))
    finally:
        for _port, server, _log in servers.values():
            stop_gunicorn(server, timeout=15)
    for name, (_port, _server, log) in servers.items():
        if errors := server_errors(log):
            problems.append(f"the {name} server logged {len(errors)} server errors, e.g. {errors[0][:200]}")
    static_rates = [run["requests_per_second"] for run in static_runs if run]
    static_rps = sum(static_rates) / len(static_rates) if static_rates else 0.0
    if static_runs and all(static_runs):
        static.cached = {**static_runs[0], "requests_per_second": static_rps}
    text, markdown = table([*rows, static], static_rps)
    failures, notes = verdicts(rows, static_rps)
    not_cached = [row.name for row in rows if row.status == 200 and row.cached and row.cache_header != "hit"]

    print()
    print(text)
    print()
    print("cached: PAGE_CACHE_SECONDS=600, steady state; uncached: a second server with PAGE_CACHE_SECONDS=0.")
    print(f"static file: {' and '.join(number(rate) for rate in static_rates)} req/s (before and after the pages)")
    if not_cached:
        print(f"not served from the page cache after the load (the cached column renders too): {', '.join(not_cached)}")
    for note in notes:
        print(note)

    report = {
        "machine": machine(),
        "query_budget": QUERY_BUDGET,
        "query_target": QUERY_TARGET,
        "static_file": {"path": static.paths[0], "runs": static_runs},
        "rows": [{**asdict(row), "paths": row.paths} for row in rows],
        "notes": notes,
        "failures": [*problems, *failures],
    }
    output = Path(os.environ.get("BENCH_OUTPUT", BASE_DIR / "artifacts" / "bench.json"))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2))
    output.with_suffix(".md").write_text(markdown + "\n")
    print(f"\nwritten to {output} and {output.with_suffix('.md')}")
    shutil.rmtree(workdir, ignore_errors=True)

    for problem in problems:
        print(f"FAILED (status): {problem}")
    for failure in failures:
        print(f"FAILED (over the budget of {QUERY_BUDGET} SQL queries): {failure}")
    return 1 if problems or failures else 0


if __name__ == "__main__":
    sys.exit(main())
