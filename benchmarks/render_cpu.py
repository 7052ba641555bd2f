"""CPU time of one uncached render of every public page type, and its SQL queries (not a test).

Run with `make bench-render` (or `.venv/bin/python benchmarks/render_cpu.py`). It builds the demo site in a
temporary SQLite database (or uses DATABASE_URL if you set it to a site that has the demo content), then renders one
page of each type in-process through the whole middleware stack with the page cache off, as a reader without a
session. Each page is rendered 3 times to warm up, then 3 rounds of N renders (N=40, or BENCH_RENDERS); the table
gives the best round's process CPU milliseconds per render, which other load on the machine changes far less than
wall-clock figures (`make bench` measures those, with a real server). The query count is that of a warm render.

What it shows is the cost of the Python and template work per request, before and after a change.

Environment: BENCH_RENDERS (40); RENDER_EXTRA_PAGES (0): that many generated pages after the demo, as ``make bench``
makes them (copies of every page type that grows with the site), so listings and contents lists are long;
RENDER_URLS: more URLs to measure, separated by spaces (e.g. filtered listings or a search), after the page types.
To compare two commits, measure each from its own checkout on the same database: ``DATABASE_URL=sqlite:////path``.
"""

import os
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def setup() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="chec-render-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.dev")
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    os.environ.setdefault("MEDIA_ROOT", str(workdir / "media"))
    fresh = "DATABASE_URL" not in os.environ
    if fresh:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'db.sqlite3'}"
    import django

    django.setup()
    if fresh:
        from django.core.management import call_command

        print("Building the demo site in a temporary database (migrate, load_demo)...", flush=True)
        call_command("migrate", verbosity=0)
        call_command("load_demo", stdout=StringIO())
        extra = int(os.environ.get("RENDER_EXTRA_PAGES", "0"))
        if extra:
            from _server import generate_pages  # benchmarks/_server.py

            generate_pages(extra)


def one_url_per_page_type() -> dict[str, str]:
    from wagtail.models import Page, get_page_models

    urls = {}
    for model in get_page_models():
        if model is Page:
            continue
        page = model.objects.live().public().exact_type(model).filter(locale__language_code="en-gb").order_by("path")
        page = page.first()
        if page is not None and page.url:
            urls[model.__name__] = page.url
    return urls


def measure(client, url: str, renders: int) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _warm_up in range(3):
        response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    best = float("inf")
    for _round in range(3):
        started = time.process_time()
        for _render in range(renders):
            client.get(url)
        best = min(best, (time.process_time() - started) / renders)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return best * 1000, len(queries)


def main() -> None:
    setup()
    from django.test import Client

    from hub.base_url import base_url

    renders = int(os.environ.get("BENCH_RENDERS", "40"))
    host = base_url().split("://", 1)[-1]
    client = Client(HTTP_HOST=host)
    print("\n| page type | URL | CPU ms per render | queries |\n| --- | --- | ---: | ---: |")
    rows = sorted(one_url_per_page_type().items())
    rows += [("(RENDER_URLS)", url) for url in os.environ.get("RENDER_URLS", "").split()]
    for name, url in rows:
        milliseconds, queries = measure(client, url, renders)
        print(f"| {name} | `{url}` | {milliseconds:.1f} | {queries} |", flush=True)


if __name__ == "__main__":
    main()
