"""Benchmark the site as it runs in production: throughput, latency, SQL queries and HTML bytes per page type.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/bench_site.py``). Not a test: the figures depend on the
machine. What it does, all on loopback and in a temporary folder:

1. a fresh SQLite database with ``migrate``, ``load_demo`` and EXTRA_PAGES (default 1,000) generated pages: copies of
   the demo's pages of every type that can have siblings (standard pages, report chapters, case studies, toolkits,
   events...), spread evenly, so listings and contents lists are long;
2. ``collectstatic`` (hashed, compressed files), then gunicorn with ``hub.settings.production`` and the project's
   gunicorn.conf.py (2 gthread workers of 8 threads on 2 cores; no access log) on 127.0.0.1:<free port>;
3. for each URL (home, a listing, a filtered listing, a report chapter, a case study, a toolkit, search, a 404):
   a warm-up, then ``wrk -t2 -c16 -d<DURATION>s --latency`` (requests/second, p50, p99);
4. in this process, with the same database and settings: the SQL queries of a warm render (page cache bypassed,
   the site chrome cache warm) and the HTML bytes, plain and gzipped;
5. prints a table and writes ``artifacts/bench.json``; stops the server.

Environment: BENCH_DURATION (seconds per URL, default 15), BENCH_WARMUP (default 3), EXTRA_PAGES (default 1000),
BENCH_MAX_QUERIES (exit 1 if a page renders warm with more queries; default 15), PAGE_CACHE_SECONDS=0 (measure
with the anonymous page cache off: every request renders), BENCH_OUTPUT (default artifacts/bench.json).
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from io import StringIO
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from _server import free_port, start_gunicorn, stop_gunicorn  # benchmarks/_server.py

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

DURATION = int(os.environ.get("BENCH_DURATION", "15"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "3"))
EXTRA_PAGES = int(os.environ.get("EXTRA_PAGES", "1000"))
MAX_QUERIES = int(os.environ.get("BENCH_MAX_QUERIES", "15"))
WRK = shutil.which("wrk") or "/usr/bin/wrk"


workdir = Path(tempfile.mkdtemp(prefix="chec-bench-site-"))
PORT = free_port()
ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "hub.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback
    "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
    "MEDIA_ROOT": str(workdir / "media"),
    "DEMO_SITE_HOSTNAME": "127.0.0.1",
    "DEMO_SITE_PORT": str(PORT),
    "LOG_LEVEL": "ERROR",
}
os.environ.update(ENVIRONMENT)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from wagtail.models import Page, get_page_models  # noqa: E402

HOST = f"127.0.0.1:{PORT}"
SERVER_LOG = open(workdir / "server.log", "w")  # noqa: SIM115 (open while the server runs)


def step(message: str) -> None:
    print(f"-- {message}", flush=True)


def build_site() -> None:
    step(f"database in {workdir}: migrate, load_demo")
    call_command("migrate", "--noinput", verbosity=0)
    call_command("load_demo", stdout=StringIO())
    step(f"generating {EXTRA_PAGES} extra pages")
    generate_pages(EXTRA_PAGES)
    step("collectstatic")
    call_command("collectstatic", "--noinput", verbosity=0)


def copyable_pages() -> list[Page]:
    """One live page of every type that may have more siblings of its type (no max count, not the home page)."""
    pages = []
    for model in get_page_models():
        if model is Page or model.max_count or model.max_count_per_parent:
            continue
        page = model.objects.live().public().exact_type(model).order_by("path").first()
        if page is not None and page.get_parent() is not None and page.depth > 2:
            pages.append(page)
    return pages


def generate_pages(count: int) -> None:
    sources = copyable_pages()
    if not sources:
        return
    started = time.monotonic()
    for number in range(count):
        source = sources[number % len(sources)]
        source.copy(
            to=source.get_parent(),
            update_attrs={"title": f"{source.title} (copy {number})", "slug": f"{source.slug}-bench-{number}"},
            keep_live=True,
            log_action=None,
        )
    types = ", ".join(sorted(type(page).__name__ for page in sources))
    step(f"  {count} pages as copies of {types} in {time.monotonic() - started:.0f} s")


def first_live(label: str) -> Page | None:
    for model in get_page_models():
        if f"{model._meta.app_label}.{model.__name__}" == label:
            return model.objects.live().public().exact_type(model).order_by("path").first()
    return None


def filtered_url(listing_url: str, client: Client) -> str | None:
    """A filtered version of a listing: the first choice of its GET filter form, else a link adding a query."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(client.get(listing_url, HTTP_HOST=HOST).content, "html.parser")
    for form in soup.find_all("form"):
        if (form.get("method") or "get").lower() != "get":
            continue
        for field in form.find_all("input", attrs={"type": ["checkbox", "radio"]}):
            if field.get("name") and field.get("value"):
                return f"{listing_url}?{urlencode({field['name']: field['value']})}"
        for field in form.find_all("select"):
            option = next((option for option in field.find_all("option") if option.get("value")), None)
            if field.get("name") and option is not None:
                return f"{listing_url}?{urlencode({field['name']: option['value']})}"
    for link in soup.find_all("a", href=True):
        parts = urlsplit(link["href"])
        if parts.path == listing_url and parts.query and "page=" not in parts.query:
            return link["href"]
    return None


def urls_to_measure(client: Client) -> list[tuple[str, str]]:
    urls = [("home", "/")]
    listing = next(
        (
            page
            for page in (
                first_live(label)
                for label in (
                    "casestudies.CaseStudyIndexPage",
                    "toolkit.ToolkitIndexPage",
                    "hub.ReportIndexPage",
                    "events.EventIndexPage",
                )
            )
            if page is not None
        ),
        None,
    )
    if listing is not None:
        urls.append(("listing", listing.url))
        filtered = filtered_url(listing.url, client)
        if filtered:
            urls.append(("filtered listing", filtered))
    for name, label in (
        ("report chapter", "hub.ReportChapterPage"),
        ("case study", "casestudies.CaseStudyPage"),
        ("toolkit", "toolkit.ToolkitPage"),
    ):
        page = first_live(label)
        if page is not None:
            urls.append((name, page.url))
    try:
        urls.append(("search", reverse("search") + "?q=health"))
    except NoReverseMatch:
        step("search: no URL named 'search' yet, skipped")
    urls.append(("404", "/no-such-page-bench/"))
    return urls


def start_server() -> subprocess.Popen:
    step(f"gunicorn, hub.settings.production, gunicorn.conf.py on {HOST}")
    return start_gunicorn(HOST, {**ENVIRONMENT, "GUNICORN_ACCESS_LOG": ""}, SERVER_LOG, ["--log-level", "warning"])


def run_wrk(url: str, seconds: int) -> dict:
    result = subprocess.run(
        [WRK, "-t2", "-c16", f"-d{seconds}s", "--latency", "--timeout", "10s", url],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    output = result.stdout

    def latency_ms(percentile: str) -> float | None:
        match = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        if not match:
            return None
        value, unit = float(match[1]), match[2]
        return round(value / 1000 if unit == "us" else value * 1000 if unit == "s" else value, 2)

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return {
        "requests_per_second": float(rps[1]) if rps else None,
        "p50_ms": latency_ms("50"),
        "p99_ms": latency_ms("99"),
        "non_2xx_3xx": int(errors[1]) if errors else 0,
        "socket_errors": "Socket errors" in output,
    }


def queries_and_bytes(client: Client, url: str) -> dict:
    """Queries of a warm render (page cache off, chrome cache warm) and the HTML size."""
    with override_settings(PAGE_CACHE_SECONDS=0):
        client.get(url, HTTP_HOST=HOST)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, HTTP_HOST=HOST)
    return {
        "status": response.status_code,
        "queries": len(queries),
        "html_bytes": len(response.content),
        "html_gzip_bytes": len(gzip.compress(response.content)),
    }


def machine() -> dict:
    cpu = ""
    with contextlib.suppress(OSError, StopIteration), open("/proc/cpuinfo") as cpuinfo:
        cpu = next(line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name"))
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "system": platform.platform(),
        "wrk": f"wrk -t2 -c16 -d{DURATION}s --latency",
        "server": "gunicorn (gunicorn.conf.py: gthread), hub.settings.production, SQLite, in-process cache",
        "extra_pages": EXTRA_PAGES,
        "page_cache_seconds": int(os.environ.get("PAGE_CACHE_SECONDS", "600")),
    }


def main() -> int:
    if not Path(WRK).exists():
        raise SystemExit("wrk is not installed: `make bench` installs it with apt-get")
    build_site()
    client = Client(raise_request_exception=False)  # a page that fails shows as status 500 in the table
    urls = urls_to_measure(client)
    server = start_server()
    results = []
    try:
        for name, path in urls:
            url = f"http://{HOST}{path}"
            for _ in range(3):  # fill the page cache and the chrome cache of both workers before timing
                with contextlib.suppress(urllib.error.HTTPError):
                    urllib.request.urlopen(url, timeout=30).read()
            if WARMUP:
                run_wrk(url, WARMUP)
            step(f"wrk {name}: {path}")
            results.append({"name": name, "path": path, **run_wrk(url, DURATION)})
    finally:
        stop_gunicorn(server, timeout=15)
    for result in results:
        result.update(queries_and_bytes(client, result["path"]))

    header = f"{'page':<18} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'queries':>8} {'HTML KB':>8} {'gzip KB':>8}  path"
    print()
    print(header)
    print("-" * len(header))
    for result in results:
        print(
            f"{result['name']:<18} {result['requests_per_second'] or 0:>8.0f} {result['p50_ms'] or 0:>8.2f} "
            f"{result['p99_ms'] or 0:>8.2f} {result['queries']:>8} {result['html_bytes'] / 1024:>8.1f} "
            f"{result['html_gzip_bytes'] / 1024:>8.1f}  {result['path']}"
        )
    report = {"machine": machine(), "results": results}
    artifacts = BASE_DIR / "artifacts"
    artifacts.mkdir(exist_ok=True)
    output = Path(os.environ.get("BENCH_OUTPUT", artifacts / "bench.json"))
    output.write_text(json.dumps(report, indent=2))
    print(f"\nwritten to {output}")
    errors = [line for line in (workdir / "server.log").read_text().splitlines() if "Error" in line]
    if errors:
        print(f"the server logged {len(errors)} error lines, e.g. {errors[0][:200]}")
    shutil.rmtree(workdir, ignore_errors=True)
    over = [result["name"] for result in results if result["queries"] > MAX_QUERIES]
    if over:
        print(f"FAILED: more than {MAX_QUERIES} SQL queries on a warm render: {', '.join(over)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
