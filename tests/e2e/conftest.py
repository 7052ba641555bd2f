"""A live demo server and a headless Chromium for the browser tests (marker ``browser``, ``make test-browser``).

The server is the project itself under gunicorn on a free loopback port, with its own SQLite file and media folder
in a temporary directory, ``migrate`` + ``load_demo`` + an admin user. The browser is Debian's Chromium
(``/usr/bin/chromium``, installed by ``make browser``), driven by Playwright; Playwright never downloads a browser.
Without Chromium these tests are skipped, except under CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from benchmarks._server import start_gunicorn, stop_gunicorn

BASE_DIR = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = BASE_DIR / "artifacts"
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "e2e-admin-password-not-secret-0123"


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def missing(what: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} (CI must run the browser tests: `make browser` installs it)")
    pytest.skip(what)


class DemoServer:
    def __init__(self, base_url: str, targets: list[dict], database: Path, environment: dict):
        self.base_url = base_url
        self.targets = targets
        self.database = database
        self.environment = environment

    def url(self, path: str) -> str:
        return self.base_url + path

    def target(self, kind: str) -> dict | None:
        return next((target for target in self.targets if target["kind"] == kind), None)

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )

    def query(self, sql: str, params=()) -> list[tuple]:
        import sqlite3

        with sqlite3.connect(self.database) as connection:
            return connection.execute(sql, params).fetchall()


@pytest.fixture(scope="session")
def demo_server():
    """The demo site served by gunicorn on 127.0.0.1:<free port>; stopped at the end of the session."""
    workdir = Path(tempfile.mkdtemp(prefix="chec-e2e-"))
    port = free_port()
    database = workdir / "db.sqlite3"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.e2e.settings",
        "CHEC_E2E_DATABASE_URL": f"sqlite:///{database}",
        "CHEC_E2E_MEDIA_ROOT": str(workdir / "media"),
        "SITE_BASE_URL": f"http://127.0.0.1:{port}",
        "ADMIN_PASSWORD": ADMIN_PASSWORD,
        "PYTHONUNBUFFERED": "1",
    }
    for command in (["migrate", "--noinput"], ["load_demo"], ["ensure_admin"]):
        result = subprocess.run(
            [sys.executable, "manage.py", *command], cwd=BASE_DIR, env=environment, capture_output=True, text=True
        )
        assert result.returncode == 0, f"manage.py {' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"
    log = open(workdir / "server.log", "w")  # noqa: SIM115 (kept open while the server runs)
    # gunicorn.conf.py applies (threaded workers); one process of 8 threads, with a long timeout for a busy machine.
    server = start_gunicorn(
        f"127.0.0.1:{port}", environment, log, ["--workers", "1", "--threads", "8", "--timeout", "120"]
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        discovered = subprocess.run(
            [sys.executable, "tests/e2e/discover.py", f"127.0.0.1:{port}"],
            cwd=BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        )
        targets = json.loads(discovered.stdout.strip().splitlines()[-1])
        yield DemoServer(base_url, targets, database, environment)
    finally:
        stop_gunicorn(server)
        log.close()
        if os.environ.get("CHEC_E2E_KEEP") != "1":
            shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        missing(f"Chromium not found at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright for Python is not installed")
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def page(browser):
    """A fresh browser tab (own cookies) that records console errors and CSP violations."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    tab = context.new_page()
    tab.console_errors = []
    tab.on("console", lambda message: message.type == "error" and tab.console_errors.append(message.text))
    tab.on("pageerror", lambda error: tab.console_errors.append(str(error)))
    tab.set_default_timeout(15000)
    yield tab
    context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.exists():
        missing(f"axe-core not installed ({AXE_JS}): run `npm ci` (make browser does)")
    return AXE_JS.read_text()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    (ARTIFACTS / "screenshots").mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def admin_login(tab, server: DemoServer):
    tab.goto(server.url("/admin/login/"))
    tab.fill("#id_username", ADMIN_USERNAME)
    tab.fill("#id_password", ADMIN_PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_url(server.url("/admin/"))
