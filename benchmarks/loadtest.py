"""Load test: 64 keep-alive connections on a realistic mix of requests while editors publish, in two configurations.

Run with ``make loadtest`` (or ``.venv/bin/python benchmarks/loadtest.py [--config sqlite|postgres-redis|all]``).
Not a unit test: it takes minutes and its figures depend on the machine. For each configuration, all on loopback:

1. a fresh database (SQLite file in a temporary folder, or a throwaway PostgreSQL database ``chec_loadtest_*`` and a
   spare Redis database that is emptied before and after), ``migrate``, ``load_demo``, ``collectstatic``;
2. gunicorn with ``hub.settings.production`` (page cache on) on a free port; 2 workers of 8 threads by default;
3. LOADTEST_CONNECTIONS (64) client threads, each with its own keep-alive ``http.client`` connection, for
   LOADTEST_SECONDS (60), on a weighted mix: home, report chapter, case study, toolkit, indicator page and event
   pages, listings with varied filters (parameter names and values read from the listings' GET forms), searches
   (words of the demo content), documents, toolkit ZIPs and short links;
4. meanwhile a separate process (this script with ``--publisher``) changes the title of a few case studies every
   LOADTEST_PUBLISH_EVERY seconds (2), alternately by a moderator's direct publish and through the moderation
   workflow (an editor submits, a moderator approves), and reports the moment each change has COMMITTED. A read of
   that page that starts after that moment and shows an older title is a stale read;
5. after the run (server stopped gracefully, so batched counters are written): the toolkit download counts and
   short link click counts added in the database must equal the 2xx/3xx answers the client got for those URLs.

Prints a Markdown table per configuration and writes it to ``artifacts/loadtest-<config>.md``. Exits 1 on any 5xx,
request without an answer, stale read after commit, failed publish or counter mismatch. The client is Python
(threads and the GIL on the same 2 cores as the server), so req/s is what this client reaches, not the server's
ceiling: ``make bench`` (wrk) measures raw throughput.

Environment: LOADTEST_CONNECTIONS (64), LOADTEST_SECONDS (60), LOADTEST_CONFIGS (``sqlite,postgres-redis``),
LOADTEST_PUBLISH_EVERY (2), LOADTEST_GUNICORN_OPTIONS (``--workers 2 --threads 8``), LOADTEST_POSTGRES
(``postgresql://postgres@127.0.0.1:5432``), LOADTEST_REDIS (``redis://127.0.0.1:6379``), LOADTEST_REDIS_DB (14),
LOADTEST_SEED (1), LOADTEST_KEEP=1 (keep the temporary folder and database).

Self-check of the stale-read detector: ``LOADTEST_SELF_CHECK=1`` gives the publisher a page cache version of its own
(another temporary folder for the stamp file, another Redis key prefix), so the server never hears of the changes:
the run must then report stale reads, and exits 1 if it finds none.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import html
import http.client
import json
import os
import random
import re
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from _server import BASE_DIR, free_port, prepare_demo_database, production_environment, start_gunicorn, stop_gunicorn
from _server import step as _step

sys.path.insert(0, str(BASE_DIR))

CONNECTIONS = int(os.environ.get("LOADTEST_CONNECTIONS", "64"))
SECONDS = float(os.environ.get("LOADTEST_SECONDS", "60"))
PUBLISH_EVERY = float(os.environ.get("LOADTEST_PUBLISH_EVERY", "2"))
GUNICORN_OPTIONS = shlex.split(os.environ.get("LOADTEST_GUNICORN_OPTIONS", "--workers 2 --threads 8"))
POSTGRES = os.environ.get("LOADTEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432").rstrip("/")
REDIS = os.environ.get("LOADTEST_REDIS", "redis://127.0.0.1:6379").rstrip("/")
REDIS_DB = int(os.environ.get("LOADTEST_REDIS_DB", "14"))
SEED = int(os.environ.get("LOADTEST_SEED", "1"))
KEEP = os.environ.get("LOADTEST_KEEP") == "1"
SELF_CHECK = os.environ.get("LOADTEST_SELF_CHECK") == "1"
CONFIGS = ("sqlite", "postgres-redis")
TRACKED_PAGES = 3  # case studies whose titles the publisher changes
COUNTER_WAIT = 15  # seconds to wait for counters written in batches to reach the database
ARTIFACTS = BASE_DIR / "artifacts"

# How often each kind of request is made (relative weights).
MIX = {
    "home": 8,
    "report chapter": 7,
    "case study": 14,
    "toolkit": 7,
    "indicator": 6,
    "event": 6,
    "listing": 14,
    "search": 10,
    "document": 10,
    "toolkit zip": 5,
    "short link": 8,
}
STOPWORDS = frozenset(
    re.findall(
        r"\w+",
        "about after also among been being both each from have into more most much other over same some such than "
        "that their them then there these they this those through under very were what when where which while with "
        "would your young people",
    )
)
H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.DOTALL | re.IGNORECASE)


def step(message: str) -> None:
    _step(f"[{CONFIG}] {message}" if CONFIG else message)


CONFIG = ""


# --- the configurations -------------------------------------------------------------------------------------------


class Backing:
    """The database (and cache) of one configuration: made before the run, removed after it."""

    def __init__(self, config: str, workdir: Path):
        self.config = config
        self.workdir = workdir
        self.database = f"chec_loadtest_{os.getpid()}_{secrets.token_hex(3)}"

    def environment(self) -> dict[str, str]:
        if self.config == "sqlite":
            return {}  # production_environment's default: a SQLite file in the work folder, in-process cache
        return {
            "DATABASE_URL": f"{POSTGRES}/{self.database}".replace("postgresql://", "postgres://", 1),
            "REDIS_URL": f"{REDIS}/{REDIS_DB}",
            "CACHE_KEY_PREFIX": "chec-loadtest",
        }

    def describe(self) -> str:
        if self.config == "sqlite":
            return "SQLite, in-process cache (locmem) per worker, page cache version in a stamp file"
        return f"PostgreSQL (database {self.database}), Redis db {REDIS_DB} (cache and page cache version)"

    def create(self) -> None:
        if self.config == "sqlite":
            return
        import psycopg
        import redis

        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True, connect_timeout=5) as connection:
            connection.execute(f'CREATE DATABASE "{self.database}"')
        redis.Redis.from_url(f"{REDIS}/{REDIS_DB}").flushdb()

    def drop(self) -> None:
        if self.config == "sqlite" or KEEP:
            return
        import psycopg
        import redis

        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True, connect_timeout=5) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        redis.Redis.from_url(f"{REDIS}/{REDIS_DB}").flushdb()

    @staticmethod
    def available(config: str) -> str | None:
        """None when the configuration can run here, else why not."""
        if config == "sqlite":
            return None
        try:
            import psycopg
            import redis

            psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=3).close()
            redis.Redis.from_url(f"{REDIS}/{REDIS_DB}", socket_connect_timeout=3).ping()
        except Exception as error:  # any failure to connect means: skip this configuration, and say why
            return f"{type(error).__name__}: {error}"
        return None


# --- what to request ----------------------------------------------------------------------------------------------


@dataclass
class Targets:
    pages: dict[str, list[str]] = field(default_factory=dict)  # kind -> URLs
    listings: list[tuple[str, dict[str, list[str]]]] = field(default_factory=list)  # URL, parameter -> values
    words: list[str] = field(default_factory=list)
    search_filters: dict[str, list[str]] = field(default_factory=dict)
    tracked: dict[str, dict] = field(default_factory=dict)  # URL -> {"id": page id, "title": first title}

    def pick(self, rng: random.Random, kinds: list[str], weights: list[int]) -> tuple[str, str]:
        kind = rng.choices(kinds, weights)[0]
        if kind == "listing":
            return kind, self.listing_url(rng)
        if kind == "search":
            return kind, self.search_url(rng)
        if kind == "case study" and self.tracked and rng.random() < 0.5:
            return kind, rng.choice(list(self.tracked))  # half the case study reads are of the changing pages
        return kind, rng.choice(self.pages[kind])

    def listing_url(self, rng: random.Random) -> str:
        url, parameters = rng.choice(self.listings)
        query: list[tuple[str, str]] = []
        names = [name for name in parameters if name != "page"]
        for name in rng.sample(names, k=min(len(names), rng.randint(0, 3))):
            for value in rng.sample(parameters[name], k=min(len(parameters[name]), rng.choice((1, 1, 2)))):
                query.append((name, value))
        if rng.random() < 0.1 and names:
            query.append((rng.choice(names), f"no-such-{rng.randint(1, 50)}"))  # an unknown value: ignored
        if rng.random() < 0.15:
            query.append(("page", str(rng.randint(1, 3))))  # past the end is a 404, like a stale link
        return f"{url}?{urlencode(query)}" if query else url

    def search_url(self, rng: random.Random) -> str:
        words = rng.sample(self.words, k=rng.choice((1, 1, 1, 2)))
        query = [("q", " ".join(words))]
        if self.search_filters and rng.random() < 0.2:
            name = rng.choice(list(self.search_filters))
            query.append((name, rng.choice(self.search_filters[name])))
        if rng.random() < 0.05:
            query.append(("page", "2"))
        return "/search/?" + urlencode(query)


def live(label: str):
    from django.apps import apps
    from wagtail.models import Locale

    model = apps.get_model(label)
    return model.objects.live().public().filter(locale=Locale.get_default()).order_by("path")


def form_parameters(client, url: str, host: str) -> dict[str, list[str]]:
    """The names and values of a page's GET form filters (checkboxes, radio buttons, selects) and its page links."""
    from bs4 import BeautifulSoup

    response = client.get(url, HTTP_HOST=host)
    if response.status_code != 200:
        return {}
    soup = BeautifulSoup(response.content, "html.parser")
    parameters: dict[str, set[str]] = collections.defaultdict(set)
    for form in soup.find_all("form"):
        if (form.get("method") or "get").lower() != "get":
            continue
        for field_ in form.find_all("input", attrs={"type": ["checkbox", "radio"]}):
            if field_.get("name") and field_.get("value"):
                parameters[field_["name"]].add(field_["value"])
        for field_ in form.find_all("select"):
            for option in field_.find_all("option"):
                if field_.get("name") and option.get("value"):
                    parameters[field_["name"]].add(option["value"])
    return {name: sorted(values) for name, values in parameters.items()}


def discover(host: str) -> Targets:
    """Every URL the mix draws from, read from the database and the listings' forms (in this process)."""
    from django.test import Client
    from wagtail.documents import get_document_model

    from indicators.models import Indicator
    from shortlinks.models import ShortLink

    client = Client(raise_request_exception=False)
    targets = Targets()
    home = live("home.HomePage").first()
    targets.pages["home"] = [
        "/",
        *[url for url in ("/pl/", "/ur/") if client.get(url, HTTP_HOST=host).status_code == 200],
    ]
    for kind, label in (
        ("report chapter", "reports.ReportChapterPage"),
        ("case study", "casestudies.CaseStudyPage"),
        ("toolkit", "toolkit.ToolkitPage"),
        ("event", "events.EventPage"),
    ):
        targets.pages[kind] = [page.url for page in live(label)]
    index = live("indicators.IndicatorIndexPage").first()
    targets.pages["indicator"] = [f"{index.url}{slug}/" for slug in Indicator.objects.values_list("slug", flat=True)]
    targets.pages["document"] = [document.url for document in get_document_model().objects.order_by("pk")]
    toolkits = list(live("toolkit.ToolkitPage"))
    targets.pages["document"] += [
        f"{download.document.url}?toolkit={toolkit.pk}" for toolkit in toolkits for download in toolkit.get_downloads()
    ]
    targets.pages["toolkit zip"] = [f"{toolkit.url}download-all/" for toolkit in toolkits if toolkit.bundle_documents()]
    targets.pages["short link"] = [f"/go/{code}" for code in ShortLink.objects.values_list("code", flat=True)]
    for label in ("casestudies.CaseStudyIndexPage", "toolkit.ToolkitIndexPage", "events.EventIndexPage"):
        page = live(label).first()
        if page is not None and (parameters := form_parameters(client, page.url, host)):
            targets.listings.append((page.url, parameters))
    targets.search_filters = {
        name: values for name, values in form_parameters(client, "/search/?q=health", host).items() if name != "q"
    }
    words = collections.Counter()
    for page in home.get_descendants(inclusive=True).live().public().specific():
        text = f"{page.title} {getattr(page, 'summary', '') or ''} {page.search_description or ''}"
        words.update(word.lower() for word in re.findall(r"[A-Za-z]{4,}", text))
    targets.words = [word for word, _count in words.most_common(200) if word not in STOPWORDS]
    for page in live("casestudies.CaseStudyPage")[:TRACKED_PAGES]:
        targets.tracked[page.url] = {"id": page.pk, "title": page.title}
    for kind, urls in targets.pages.items():
        if not urls:
            raise SystemExit(f"nothing to request for {kind!r}: is the demo content loaded?")
    if not targets.listings or not targets.words:
        raise SystemExit("no listing filters or no search words found in the demo content")
    return targets


# --- the client ---------------------------------------------------------------------------------------------------


@dataclass
class Read:
    url: str
    started: float
    title: str


@dataclass
class Tally:
    """What one client thread saw (merged after the run; no lock needed while it runs)."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: collections.defaultdict(list))
    statuses: dict[str, collections.Counter] = field(
        default_factory=lambda: collections.defaultdict(collections.Counter)
    )
    counted: collections.Counter = field(default_factory=collections.Counter)  # "zip", "document", "short link"
    cache_hits: collections.Counter = field(default_factory=collections.Counter)  # kind -> "X-Page-Cache: hit"
    reads: list[Read] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def client_thread(host: str, targets: Targets, deadline: float, seed: int, tally: Tally) -> None:
    rng = random.Random(seed)
    kinds, weights = list(MIX), list(MIX.values())
    hostname, port = host.split(":")
    connection = http.client.HTTPConnection(hostname, int(port), timeout=60)
    while time.monotonic() < deadline:
        kind, url = targets.pick(rng, kinds, weights)
        started = time.monotonic()
        for attempt in (1, 2):
            reused = connection.sock is not None
            try:
                connection.request("GET", url, headers={"Host": host, "User-Agent": "chec-loadtest"})
                response = connection.getresponse()
                body = b""
                while chunk := response.read(65536):
                    if len(body) < 262144:
                        body += chunk
                if response.getheader("Connection", "").lower() == "close" or response.will_close:
                    connection.close()
                status = response.status
                if response.getheader("X-Page-Cache") == "hit":
                    tally.cache_hits[kind] += 1
                break
            except (http.client.HTTPException, OSError) as error:
                connection.close()
                if attempt == 1 and reused:  # the server closed an idle keep-alive connection: retry once
                    started = time.monotonic()
                    continue
                status = f"no answer ({type(error).__name__})"
                if len(tally.failures) < 20:
                    tally.failures.append(f"{kind} {url}: {type(error).__name__}: {error}")
                break
        elapsed = time.monotonic() - started
        tally.latencies[kind].append(elapsed)
        tally.statuses[kind][status] += 1
        if isinstance(status, int) and 200 <= status < 400:
            if kind == "toolkit zip":
                tally.counted["toolkit zip"] += 1
            elif kind == "document":
                tally.counted["document"] += 1
            elif kind == "short link":
                tally.counted["short link"] += 1
        if status == 200 and url in targets.tracked:
            match = H1.search(body.decode("utf-8", "replace"))
            tally.reads.append(Read(url, started, html.unescape(match[1]).strip() if match else ""))
    connection.close()


# --- the publisher ------------------------------------------------------------------------------------------------


def publisher() -> int:
    """Runs in its own process: change tracked case studies' titles until SIGTERM; one JSON line per commit."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from wagtail.models import Page

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    page_ids = [int(pk) for pk in os.environ["LOADTEST_TRACKED_IDS"].split(",")]
    users = get_user_model().objects
    editor, _ = users.get_or_create(username="loadtest-editor", defaults={"email": "editor@example.org"})
    moderator, _ = users.get_or_create(username="loadtest-moderator", defaults={"email": "moderator@example.org"})
    for user, group_name in ((editor, "Editors"), (moderator, "Site moderators")):
        group = Group.objects.filter(name=group_name).first()
        if group is not None:
            user.groups.add(group)
        else:  # no such group in this version of the site: a superuser can do both
            user.is_superuser = True
            user.save()
    print(json.dumps({"ready": True}), flush=True)
    number = 0
    while not stop.wait(PUBLISH_EVERY if number else 0.5):
        number += 1
        page = Page.objects.get(pk=page_ids[number % len(page_ids)]).specific
        old_title, new_title = page.title, f"Loadtest change {number} {secrets.token_hex(4)}"
        via = "workflow" if number % 2 else "publish"
        try:
            draft = page.get_latest_revision_as_object()
            draft.title = new_title
            revision = draft.save_revision(user=editor if via == "workflow" else moderator)
            if via == "workflow":
                draft.get_workflow().start(draft, editor)
                task_state = Page.objects.get(pk=page.pk).specific.current_workflow_state.current_task_state
                task_state.task.specific.on_action(task_state, moderator, "approve")
            else:
                revision.publish(user=moderator)
            committed = time.monotonic()  # autocommit: both calls above have committed when they return
            live_title = Page.objects.get(pk=page.pk).title
            event = {"committed": committed, "url": page.url, "old": old_title, "new": new_title, "via": via}
            if live_title != new_title:
                event = {"error": f"{via} of {page.url} left the live title {live_title!r}, not {new_title!r}"}
        except Exception as error:  # report it and go on: a failed publish under load is a finding, not a crash
            event = {"error": f"{via} of {page.url}: {type(error).__name__}: {error}"}
        print(json.dumps(event), flush=True)
    return 0


def read_publisher(process: subprocess.Popen, commits: list[dict], errors: list[str], ready: threading.Event) -> None:
    for line in process.stdout:
        with contextlib.suppress(ValueError):
            event = json.loads(line)
            if "ready" in event:
                ready.set()
            elif "error" in event:
                errors.append(event["error"])
            else:
                commits.append(event)
    ready.set()  # the publisher ended (or never started): do not wait for it


def stale_reads(reads: list[Read], commits: list[dict]) -> list[str]:
    """Reads that started after a change committed but show a title older than that change."""
    by_url: dict[str, list[dict]] = collections.defaultdict(list)
    for commit in commits:
        by_url[commit["url"]].append(commit)
    found = []
    for read in reads:
        history = sorted(by_url.get(read.url, []), key=lambda commit: commit["committed"])
        before = [commit for commit in history if commit["committed"] < read.started]
        if not before:
            continue
        fresh = {before[-1]["new"]} | {commit["new"] for commit in history if commit["committed"] >= read.started}
        if read.title not in fresh:
            delay = (read.started - before[-1]["committed"]) * 1000
            found.append(f"{read.url} read {delay:.0f} ms after {before[-1]['new']!r} committed showed {read.title!r}")
    return found


# --- counters -----------------------------------------------------------------------------------------------------


def counter_totals() -> dict[str, int]:
    from django.db.models import Sum

    from shortlinks.models import ShortLinkClick
    from toolkit.models import DownloadCount

    def total(queryset) -> int:
        return queryset.aggregate(total=Sum("count"))["total"] or 0

    return {
        "toolkit zip": total(DownloadCount.objects.filter(document__isnull=True, toolkit__isnull=False)),
        "document": total(DownloadCount.objects.filter(document__isnull=False)),
        "short link": total(ShortLinkClick.objects.all()),
    }


def counters_after(before: dict[str, int], expected: dict[str, int]) -> dict[str, int]:
    """The counts added during the run; waits a little for counters that are written in batches."""
    from django.db import connection

    deadline = time.monotonic() + COUNTER_WAIT
    while True:
        connection.close()  # a fresh connection: see what the server's processes committed
        added = {name: total - before[name] for name, total in counter_totals().items()}
        if all(added[name] == expected.get(name, 0) for name in added) or time.monotonic() > deadline:
            return added
        time.sleep(1)


# --- one configuration --------------------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] * 1000 if ordered else 0.0


def status_text(counter: collections.Counter) -> str:
    return ", ".join(f"{status}: {count:,}" for status, count in sorted(counter.items(), key=lambda item: str(item[0])))


def run(config: str) -> int:
    global CONFIG
    CONFIG = config
    workdir = Path(tempfile.mkdtemp(prefix=f"chec-loadtest-{config}-"))
    port = free_port()
    host = f"127.0.0.1:{port}"
    backing = Backing(config, workdir)
    environment = production_environment(workdir, port, **backing.environment())
    environment["LOG_LEVEL"] = "WARNING"  # 500s and database errors reach the server log
    os.environ.update(environment)
    step(f"{backing.describe()}; work folder {workdir}")
    backing.create()
    try:
        import django

        django.setup()
        step("migrate, load_demo, collectstatic")
        prepare_demo_database()
        targets = discover(host)
        step(
            f"{sum(len(urls) for urls in targets.pages.values())} URLs, {len(targets.listings)} listings with "
            f"filters {sorted({name for _url, parameters in targets.listings for name in parameters})}, "
            f"{len(targets.words)} search words; publishing {', '.join(targets.tracked)}"
        )
        from django.db import connections

        connections.close_all()  # the server and the publisher take over the database
        return measure(config, host, workdir, environment, targets, backing)
    finally:
        backing.drop()
        if not KEEP:
            shutil.rmtree(workdir, ignore_errors=True)


def measure(config, host, workdir, environment, targets: Targets, backing: Backing) -> int:
    log_path = workdir / "server.log"
    before = counter_totals()
    with open(log_path, "w") as log:
        step(f"gunicorn {' '.join(GUNICORN_OPTIONS)} on {host}")
        server = start_gunicorn(host, environment, log, [*GUNICORN_OPTIONS, "--log-level", "warning"])
        commits: list[dict] = []
        publish_errors: list[str] = []
        tracked_ids = ",".join(str(info["id"]) for info in targets.tracked.values())
        publisher_log = open(workdir / "publisher.log", "w")  # noqa: SIM115 (open while the publisher runs)
        publisher_process = subprocess.Popen(
            [sys.executable, __file__, "--publisher"],
            # Moderation emails go nowhere: this machine has no mail server, and mail is not what is measured.
            env={
                **os.environ,
                **environment,
                "LOADTEST_TRACKED_IDS": tracked_ids,
                "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
                **self_check_environment(workdir),
            },
            stdout=subprocess.PIPE,
            stderr=publisher_log,
            text=True,
            cwd=BASE_DIR,
        )
        ready = threading.Event()
        reader = threading.Thread(target=read_publisher, args=(publisher_process, commits, publish_errors, ready))
        reader.start()
        if not ready.wait(timeout=120):
            publish_errors.append("the publisher did not start within 120 s")
        tallies = [Tally() for _ in range(CONNECTIONS)]
        step(f"{CONNECTIONS} connections for {SECONDS:g} s; publishing every {PUBLISH_EVERY:g} s")
        started = time.monotonic()
        deadline = started + SECONDS
        threads = [
            threading.Thread(target=client_thread, args=(host, targets, deadline, SEED * 1000 + number, tally))
            for number, tally in enumerate(tallies)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        publisher_process.terminate()
        try:
            publisher_process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            publisher_process.kill()
        reader.join(timeout=10)
        publisher_log.close()
        publisher_errors = error_lines(workdir / "publisher.log")
        if publisher_process.returncode not in (0, -signal.SIGTERM):
            publish_errors.append(f"the publisher exited with {publisher_process.returncode}: {publisher_errors[-1:]}")
        step("stopping gunicorn (gracefully, so counters kept in memory are written)")
        stop_gunicorn(server)
    merged = Tally()
    for tally in tallies:
        for kind, values in tally.latencies.items():
            merged.latencies[kind] += values
        for kind, counter in tally.statuses.items():
            merged.statuses[kind].update(counter)
        merged.counted.update(tally.counted)
        merged.cache_hits.update(tally.cache_hits)
        merged.reads += tally.reads
        merged.failures += tally.failures
    added = counters_after(before, merged.counted)
    stale = stale_reads(merged.reads, commits)
    server_errors = error_lines(log_path)
    report = markdown(config, backing, elapsed, merged, commits, publish_errors, stale, added, server_errors)
    print()
    print(report)
    ARTIFACTS.mkdir(exist_ok=True)
    output = ARTIFACTS / f"loadtest-{config}{'-self-check' if SELF_CHECK else ''}.md"
    output.write_text(report)
    print(f"written to {output}")
    failed = verdicts(merged, commits, publish_errors, stale, added)
    if SELF_CHECK:
        print(f"SELF-CHECK: the publisher's changes were hidden from the server; {len(stale)} stale reads found")
        failed = [] if stale else ["self-check: no stale read found although the server never saw the changes"]
    for problem in failed:
        print(f"FAILED: {problem}")
    return 1 if failed else 0


def self_check_environment(workdir: Path) -> dict[str, str]:
    """With LOADTEST_SELF_CHECK=1: the publisher's cache invalidation goes where the server does not look."""
    if not SELF_CHECK:
        return {}
    (workdir / "publisher-tmp").mkdir(exist_ok=True)
    return {"TMPDIR": str(workdir / "publisher-tmp"), "CACHE_KEY_PREFIX": "chec-loadtest-self-check"}


def error_lines(path: Path) -> list[str]:
    """Lines of a log that tell of an exception or a locked database."""
    lines = path.read_text(errors="replace").splitlines() if path.exists() else []
    return [line for line in lines if "Traceback" in line or "Error" in line or "locked" in line]


def verdicts(merged: Tally, commits, publish_errors, stale, added) -> list[str]:
    problems = []
    server_errors = sum(
        count
        for counter in merged.statuses.values()
        for status, count in counter.items()
        if isinstance(status, int) and status >= 500
    )
    unanswered = sum(
        count for counter in merged.statuses.values() for status, count in counter.items() if isinstance(status, str)
    )
    if server_errors:
        problems.append(f"{server_errors:,} responses with a 5xx status")
    if unanswered:
        problems.append(f"{unanswered:,} requests without an answer")
    if stale:
        problems.append(f"{len(stale):,} stale reads after a change had committed")
    if publish_errors:
        problems.append(f"{len(publish_errors)} publishes failed under load")
    if not commits:
        problems.append("no change was published during the run, so freshness was not tested")
    for name, count in added.items():
        if count != merged.counted.get(name, 0):
            problems.append(f"{name} counter: {count:,} counted, {merged.counted.get(name, 0):,} answered with 2xx/3xx")
    return problems


def markdown(config, backing, elapsed, merged: Tally, commits, publish_errors, stale, added, server_errors) -> str:
    total = sum(len(values) for values in merged.latencies.values())
    everything = [value for values in merged.latencies.values() for value in values]
    lines = [
        f"### Load test: {config}{' (SELF-CHECK: changes hidden from the server)' if SELF_CHECK else ''} "
        f"({time.strftime('%Y-%m-%d')})",
        "",
        f"{CONNECTIONS} keep-alive connections for {elapsed:.0f} s (Python client, threads and http.client, on the "
        f"same machine); gunicorn `{' '.join(GUNICORN_OPTIONS)}`, `hub.settings.production`, page cache on; "
        f"{backing.describe()}; {os.cpu_count()} cores.",
        "",
        "| kind | requests | req/s | p50 ms | p99 ms | page cache hits | statuses |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for kind in MIX:
        values = merged.latencies.get(kind, [])
        lines.append(
            f"| {kind} | {len(values):,} | {len(values) / elapsed:,.1f} | {percentile(values, 0.5):,.1f} | "
            f"{percentile(values, 0.99):,.1f} | {merged.cache_hits[kind] / max(1, len(values)):.0%} | "
            f"{status_text(merged.statuses.get(kind, collections.Counter()))} |"
        )
    all_statuses = collections.Counter()
    for counter in merged.statuses.values():
        all_statuses.update(counter)
    lines.append(
        f"| **all** | **{total:,}** | **{total / elapsed:,.1f}** | **{percentile(everything, 0.5):,.1f}** | "
        f"**{percentile(everything, 0.99):,.1f}** | **{sum(merged.cache_hits.values()) / max(1, total):.0%}** | "
        f"{status_text(all_statuses)} |"
    )
    fivexx = sum(count for status, count in all_statuses.items() if isinstance(status, int) and status >= 500)
    counters = "; ".join(
        f"{name}: {added[name]:,} counted / {merged.counted.get(name, 0):,} answered"
        + ("" if added[name] == merged.counted.get(name, 0) else " **MISMATCH**")
        for name in added
    )
    lines += [
        "",
        "| check | result |",
        "| --- | --- |",
        f"| 5xx responses | {fivexx:,} |",
        f"| requests without an answer | {sum(c for s, c in all_statuses.items() if isinstance(s, str)):,} |",
        f"| changes published (direct publish / workflow approval) | {len(commits)} "
        f"({sum(c['via'] == 'publish' for c in commits)} / {sum(c['via'] == 'workflow' for c in commits)}); "
        f"{len(publish_errors)} failed |",
        f"| reads of a changed page after the change committed | {len(merged.reads):,} checked, "
        f"**{len(stale):,} stale** |",
        f"| counters (database / 2xx-3xx responses) | {counters} |",
        f"| server log lines with Traceback/Error/locked | {len(server_errors):,} |",
    ]
    notes = [
        *(f"- stale: {line}" for line in stale[:5]),
        *(f"- publish failed: {line}" for line in publish_errors[:5]),
        *(f"- no answer: {line}" for line in merged.failures[:5]),
        *(f"- server log: {line[:300]}" for line in list(dict.fromkeys(server_errors))[:5]),
    ]
    if notes:
        lines += ["", "First examples:", "", *notes]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", choices=[*CONFIGS, "all"], default="all")
    parser.add_argument("--publisher", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.publisher:
        return publisher()
    if arguments.config != "all":
        return run(arguments.config)
    worst = 0
    for config in [name.strip() for name in os.environ.get("LOADTEST_CONFIGS", ",".join(CONFIGS)).split(",")]:
        if config not in CONFIGS:
            raise SystemExit(f"unknown configuration {config!r}: use {', '.join(CONFIGS)}")
        reason = Backing.available(config)
        if reason:
            print(f"SKIPPED {config}: {reason}", flush=True)
            continue
        # One process per configuration: Django's settings are fixed once it is set up.
        worst = max(worst, subprocess.run([sys.executable, __file__, "--config", config], cwd=BASE_DIR).returncode)
    return worst


if __name__ == "__main__":
    sys.exit(main())
