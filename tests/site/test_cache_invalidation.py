"""The page cache, the menu cache and the restricted-pages list are emptied correctly, whoever writes and however.

- A change made by another process (``manage.py shell``, ``manage.py publish_scheduled``) shows at once in every
  server process, page and menu alike, with the default in-process cache (the version is a stamp file) and, when
  REDIS_URL is set, with Redis.
- A moderation approval that readers race never leaves the old page cached once it has committed.
- Routable pages do not fail when many threads route on a cold class cache.
- A search served from the page cache still counts in the search statistics.

The cross-process tests run real gunicorn servers on free ports against this test run's database: the PostgreSQL
test database itself, or a file copy of the in-memory SQLite one (another process cannot open that).
"""

from __future__ import annotations

import contextlib
import datetime
import os
import re
import socket
import subprocess
import sys
import textwrap
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.db import transaction
from django.test import RequestFactory
from django.utils import timezone
from wagtail.models import Page

from hub import cache as page_cache
from hub.models import NavigationSettings
from tests.helpers import database_url_for_other_processes
from tests.home.factories import StandardPageFactory

BASE_DIR = Path(__file__).resolve().parents[2]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
SERVER_SETTINGS = """
from hub.settings.dev import *  # noqa: F403

DEBUG = False
PAGE_CACHE_SECONDS = 600
CHROME_CACHE_SECONDS = 600
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {caches!r}
PAGE_CACHE_STAMP_FILE = {stamp!r}
"""


# Servers in other processes ------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Processes:
    """Server processes and command-line processes sharing one database and one cache configuration."""

    def __init__(self, workdir: Path, cache_kind: str):
        self.workdir = workdir
        self.servers: list[tuple[subprocess.Popen, int]] = []
        self.redis_prefix = None
        if cache_kind == "redis":
            self.redis_prefix = f"chec-test-{uuid.uuid4().hex}"
            caches = {
                "default": {
                    "BACKEND": "django.core.cache.backends.redis.RedisCache",
                    "LOCATION": os.environ["REDIS_URL"],
                    "KEY_PREFIX": self.redis_prefix,
                }
            }
        else:
            caches = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "chec"}}
        (workdir / "cache_test_settings.py").write_text(
            SERVER_SETTINGS.format(caches=caches, stamp=str(workdir / "stamp"))
        )
        self.environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cache_test_settings",
            "PYTHONPATH": os.pathsep.join([str(workdir), str(BASE_DIR)]),
            "DATABASE_URL": database_url_for_other_processes(workdir),
        }
        self.environment.pop("REDIS_URL", None)

    def start_server(self) -> int:
        """One gunicorn process (one worker, threaded) on a free port; returns the port once it answers."""
        port = _free_port()
        log = open(self.workdir / f"server-{port}.log", "wb")  # noqa: SIM115 (closed with the process)
        server = subprocess.Popen(
            [GUNICORN, "hub.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "4"],
            cwd=BASE_DIR,
            env=self.environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        self.servers.append((server, port))
        deadline = time.monotonic() + 60
        while True:
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response,
            ):
                if response.status == 200:
                    return port
            if server.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the server did not start: {self.log(port)}")
            time.sleep(0.2)

    def log(self, port: int) -> str:
        return (self.workdir / f"server-{port}.log").read_text(errors="replace")[-3000:]

    def manage(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        """``manage.py ARGS`` in its own process, as cron or an operator would run it."""
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result

    def shell(self, code: str, **popen_options) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "manage.py", "shell", "-c", textwrap.dedent(code)],
            cwd=BASE_DIR,
            env=self.environment,
            text=True,
            **popen_options,
        )

    def stop(self) -> None:
        for server, _port in self.servers:
            server.terminate()
        for server, _port in self.servers:
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=5)
        if self.redis_prefix:
            import redis

            client = redis.Redis.from_url(os.environ["REDIS_URL"])
            for key in client.scan_iter(f"{self.redis_prefix}*"):
                client.delete(key)


def fetch(port: int, path: str) -> tuple[int, str, str]:
    """(status, HTML, X-Page-Cache) of an anonymous GET."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
            return response.status, response.read().decode(), response.headers.get("X-Page-Cache", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace"), error.headers.get("X-Page-Cache", "")


def main_menu(html: str) -> str:
    found = re.search(r'<nav class="main-nav".*?</nav>', html, re.S)
    return found[0] if found else ""


def fill_caches(port: int, *paths: str) -> None:
    """Render each page until it is served from the page cache (a first render may create a settings row, which
    empties the cache once)."""
    for path in paths:
        served = [fetch(port, path)[::2] for _attempt in range(3)]
        assert (200, "hit") in served, (path, served)


# Data other processes (and on_commit callbacks) see: committed, not in a test transaction. serialized_rollback puts
# back the rows migrations made (the root page, the moderation workflow) that the flush after each test removes.
COMMITTED = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CACHE_KINDS = [
    "in-process",
    pytest.param(
        "redis", marks=pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="set REDIS_URL to test Redis")
    ),
]


@pytest.fixture(params=CACHE_KINDS)
def processes_for(request, tmp_path):
    """Call it once the content is in the database (it hands that data to the other processes); every process
    started is stopped at the end."""
    started = []

    def start() -> Processes:
        started.append(Processes(tmp_path, request.param))
        return started[0]

    yield start
    for each in started:
        each.stop()


@pytest.fixture
def about(home):
    """/about/ (in the main menu) and /contact/ (not in it)."""
    page = StandardPageFactory(parent=home, title="About", slug="about")
    StandardPageFactory(parent=home, title="Contact", slug="contact")
    navigation = NavigationSettings.for_site(home.get_site())
    navigation.main_menu = [("item", {"page": page, "label": ""})]
    navigation.save()
    return page


# Across processes ----------------------------------------------------------------------------------------------


@COMMITTED
def test_a_change_made_from_the_command_line_shows_in_every_server_process(processes_for, about, home):
    """Title, menu and restrictions changed in ``manage.py shell`` show at once in two servers with their own
    in-process caches: the page, the menu on other pages and the search results (the restricted pages list)."""
    StandardPageFactory(parent=home, title="Zebrafinch members area", slug="members")
    processes = processes_for()
    ports = [processes.start_server(), processes.start_server()]
    for port in ports:
        fill_caches(port, "/about/", "/contact/", "/search/?q=zebrafinch")
        assert 'href="/members/"' in fetch(port, "/search/?q=zebrafinch")[1]  # the title is highlighted

    shell = processes.shell(
        """
        from wagtail.models import Page
        about = Page.objects.get(slug="about").specific
        about.title = "About the Collaborative"
        about.save_revision().publish()
        PageViewRestriction.objects.create(page=Page.objects.get(slug="members"), restriction_type="login")
        """
    )
    assert shell.wait(timeout=120) == 0

    for port in ports:
        status, html, _cache_state = fetch(port, "/about/")
        assert status == 200
        assert "<h1" in html and "About the Collaborative" in html.split("<h1", 1)[1], processes.log(port)
        assert "About the Collaborative</a>" in main_menu(fetch(port, "/contact/")[1])
        assert 'href="/members/"' not in fetch(port, "/search/?q=zebrafinch")[1]


@COMMITTED
def test_publish_scheduled_in_its_own_process_empties_every_server_cache(processes_for, about, home):
    """An expired page that cron's ``publish_scheduled`` unpublishes leaves every server and menu at once."""
    expiring = StandardPageFactory(parent=home, title="Spring consultation", slug="consultation")
    Page.objects.filter(pk=expiring.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    navigation = NavigationSettings.for_site(home.get_site())
    navigation.main_menu = [("item", {"page": about, "label": ""}), ("item", {"page": expiring, "label": ""})]
    navigation.save()
    processes = processes_for()
    ports = [processes.start_server(), processes.start_server()]
    for port in ports:
        fill_caches(port, "/consultation/", "/contact/")
        assert "Spring consultation</a>" in main_menu(fetch(port, "/contact/")[1])

    processes.manage("publish_scheduled")

    for port in ports:
        assert fetch(port, "/consultation/")[0] == 404
        menu = main_menu(fetch(port, "/contact/")[1])
        assert "About</a>" in menu and "Spring consultation" not in menu


APPROVE_SLOWLY = """
import time

from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.models import Page

page = Page.objects.get(slug="about")
moderator = get_user_model().objects.get(username="moderator")
with transaction.atomic():  # as Wagtail's approval runs: the publish commits only at the end
    task_state = page.workflow_states.get(status="in_progress").current_task_state
    task_state.task.specific.on_action(task_state, moderator, "approve")
    print("approved", flush=True)
    time.sleep(2)  # readers render the page meanwhile, from the rows as they were before the commit
print("committed", flush=True)
"""


@COMMITTED
def test_readers_racing_a_moderation_approval_never_keep_the_old_page(processes_for, about, django_user_model):
    """Readers who render the page while the approval is uncommitted must not leave the old title cached."""
    moderator = django_user_model.objects.create_superuser("moderator", "moderator@example.org", "x")
    about.title = "About the Collaborative"
    revision = about.save_revision(user=moderator)
    about.get_workflow().start(about, moderator)
    assert revision.content["title"] == "About the Collaborative"
    processes = processes_for()
    port = processes.start_server()
    fill_caches(port, "/about/")

    stop = threading.Event()
    titles: list[str] = []

    def read():
        while not stop.is_set():
            html = fetch(port, "/about/")[1]
            titles.append("new" if "About the Collaborative" in html else "old")

    writer = processes.shell(APPROVE_SLOWLY, stdout=subprocess.PIPE)
    for line in writer.stdout:
        if line.strip() == "approved":
            break
    else:
        pytest.fail("the approval did not run")
    readers = [threading.Thread(target=read) for _ in range(4)]
    for reader in readers:
        reader.start()
    try:
        assert writer.wait(timeout=60) == 0
        assert "committed" in writer.stdout.read()
    finally:
        stop.set()
        for reader in readers:
            reader.join()
        writer.stdout.close()
    assert "old" in titles  # the readers did render the page before the commit

    after = [fetch(port, "/about/")[1] for _ in range(20)]
    assert all("About the Collaborative" in html for html in after), processes.log(port)


# In this process -----------------------------------------------------------------------------------------------


@COMMITTED
def test_the_version_moves_again_after_the_commit(tmp_path, settings, about):
    """Inside a transaction the version moves at once and once more when the transaction commits."""
    settings.PAGE_CACHE_STAMP_FILE = str(tmp_path / "stamp")
    with transaction.atomic():
        about.title = "About the Collaborative"
        about.save_revision().publish()
        inside = page_cache.version()
        assert inside != 0
    assert page_cache.version() != inside


@COMMITTED
def test_a_rolled_back_change_does_not_move_the_version_after_the_transaction(tmp_path, settings, about):
    settings.PAGE_CACHE_STAMP_FILE = str(tmp_path / "stamp")
    with contextlib.suppress(RuntimeError), transaction.atomic():
        about.title = "About the Collaborative"
        about.save_revision().publish()
        inside = page_cache.version()
        raise RuntimeError("rolled back")
    assert page_cache.version() == inside


@pytest.mark.django_db  # building a page looks up its content type
def test_routable_pages_route_from_many_threads_on_a_cold_class_cache():
    """Threaded workers used to fail with 'dictionary changed size during iteration' at start-up: each thread built
    a routable page type's resolver while another stored its own on the class."""
    from events.models import EventPage
    from indicators.models import IndicatorIndexPage
    from reports.models import ReportPage
    from toolkit.models import ToolkitPage

    routes = [(ToolkitPage, "download-all"), (EventPage, "calendar"), (ReportPage, "print"), (IndicatorIndexPage, "")]
    pages = [(model(title=model.__name__, slug=model.__name__.lower(), live=True), route) for model, route in routes]
    request = RequestFactory().get("/")
    errors: list[BaseException] = []
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, as a loaded server does
    try:
        for _attempt in range(20):
            for model, _route in routes:
                with contextlib.suppress(AttributeError):
                    delattr(model, "_routablepage_urlresolver")
            barrier = threading.Barrier(8)

            def route_all(barrier=barrier):
                barrier.wait()
                try:
                    for page, route in pages:
                        page.route(request, [route] if route else [])
                except Exception as error:
                    errors.append(error)

            threads = [threading.Thread(target=route_all) for _ in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert errors == []


@pytest.mark.django_db
def test_a_search_served_from_the_page_cache_is_counted(client, home, tmp_path, settings):
    from search import stats
    from search.admin_views import search_terms

    settings.PAGE_CACHE_SECONDS = 60
    settings.PAGE_CACHE_STAMP_FILE = str(tmp_path / "stamp")
    StandardPageFactory(parent=home, title="Zebrafinch toolkit", slug="zebrafinch")
    stats.flush()  # counts pending from earlier tests
    client.get("/search/?q=zebrafinch")  # the first render creates the site settings rows, which empties the cache
    first = client.get("/search/?q=Zebrafinch")
    second = client.get("/search/?q=Zebrafinch")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert not any(name.lower().startswith("x-page-cache-meta") for name in second.headers)
    stats.flush()
    counted = search_terms().get(query_string="zebrafinch")
    assert (counted.searches, counted.found_nothing) == (3, 0)
