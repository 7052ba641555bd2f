"""`make run` as a newcomer meets it (issue 20).

The slow test (marked ``slow``: `make test-make-run`, and a step of .ci/run) clones the committed HEAD into a
temporary folder, runs `make run PORT=<free port>` there, waits for the login the command prints last, then checks
what a newcomer sees: the site's own 404 page (DEBUG off), styled pages (static files through whitenoise), the
printed admin login working through the admin's login form, and Ctrl+C stopping the server and the worker with no
process left behind. It takes about two minutes on a busy 2-core machine, most of it the migrations.

To save the minute or two of installing packages, the clone's `make run` reuses the virtualenv running pytest
(`VENV=...`; on a clean CI clone that is the `.venv` `make test` built). `MAKE_RUN_VENV=/some/new/folder` makes it
build a fresh one instead, as a newcomer's first run does.

The fast tests (in `make test`) check the one-line messages when Python 3.11 or its venv module is missing, that the
local settings run with DEBUG off unless asked, and that `ensure_admin` prints the login last.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

BASE_DIR = Path(__file__).resolve().parents[2]
# A newcomer's shell: none of pytest's Django settings or this run's database leak into `make run`.
KEPT_ENVIRONMENT = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "USER", "TERM")


def newcomer_environment(**extra: str) -> dict[str, str]:
    return {**{name: os.environ[name] for name in KEPT_ENVIRONMENT if name in os.environ}, **extra}


def run_make(*args: str, cwd: Path, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=cwd,
        env=newcomer_environment(**extra),
        capture_output=True,
        text=True,
        timeout=120,
    )


# Python 3.11 missing: one clear line, no traceback ------------------------------------------------------------


def fake_python(folder: Path, script: str) -> Path:
    path = folder / "python3.11"
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(0o755)
    return path


def assert_one_line_saying(result: subprocess.CompletedProcess, *phrases: str) -> None:
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if not line.startswith("make: *** ")]
    assert len(lines) == 1, result.stderr
    for phrase in phrases:
        assert phrase in lines[0], lines[0]
    assert "Traceback" not in result.stdout + result.stderr


def test_make_run_without_python_3_11_says_what_to_install(tmp_path):
    venv = tmp_path / "venv"
    result = run_make("run", "PYTHON=/nonexistent/python3.11", f"VENV={venv}", "PORT=8640", cwd=BASE_DIR)
    assert_one_line_saying(result, "'/nonexistent/python3.11' was not found", "install Python 3.11", "PYTHON=")
    assert not venv.exists()


def test_make_run_with_another_python_version_says_it_needs_3_11(tmp_path):
    python = fake_python(tmp_path, 'case "$*" in *version_info*) echo 3.9 ;; *) exit 1 ;; esac\n')
    result = run_make("run", f"PYTHON={python}", f"VENV={tmp_path / 'venv'}", "PORT=8640", cwd=BASE_DIR)
    assert_one_line_saying(result, "is Python 3.9", "needs Python 3.11")


def test_make_run_without_the_venv_module_says_to_install_python3_11_venv(tmp_path):
    # Like Debian's python3.11 without the python3.11-venv package: `import ensurepip` fails.
    python = fake_python(tmp_path, 'case "$*" in *version_info*) echo 3.11 ;; *) exit 1 ;; esac\n')
    result = run_make("test", f"PYTHON={python}", f"VENV={tmp_path / 'venv'}", cwd=BASE_DIR)
    assert_one_line_saying(result, "no 'venv'/'ensurepip' module", "python3.11-venv")


# The local settings: DEBUG off unless asked -------------------------------------------------------------------


def local_settings(**extra: str) -> str:
    code = "from django.conf import settings; print(settings.DEBUG, settings.SERVE_MEDIA, settings.ALLOWED_HOSTS)"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=BASE_DIR,
        env=newcomer_environment(DJANGO_SETTINGS_MODULE="hub.settings.dev", **extra),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]  # after the shell's "objects imported" line


def test_local_settings_run_with_debug_off_unless_a_developer_asks():
    assert local_settings().startswith("False True ")  # DEBUG off, media still served
    assert local_settings(DEBUG="1").startswith("True True ")
    # `make run HOST=...` is an allowed host (a wildcard no longer is the default).
    assert "'chec.local'" in local_settings(SITE_BASE_URL="http://chec.local:8600")
    assert "'*'" not in local_settings()


@pytest.mark.django_db
def test_ensure_admin_prints_the_login_last(monkeypatch, settings):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    settings.SITE_BASE_URL = "http://127.0.0.1:8642"
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    last = out.getvalue().strip().splitlines()[-1]
    assert re.fullmatch(r"\s*Log in at http://127\.0\.0\.1:8642/admin/ as admin / \S{12,}", last), last
    again = StringIO()
    call_command("ensure_admin", stdout=again)
    assert again.getvalue().strip().splitlines()[-1].strip().startswith("Log in at http://127.0.0.1:8642/admin/")


# The slow end-to-end run ----------------------------------------------------------------------------------------


def free_port() -> int:
    """A free port in this engineer's range 8600-8649 (any free port when all are taken)."""
    for port in range(8610, 8640):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def like_a_terminal() -> None:
    """In the child: Ctrl+C (SIGINT) and SIGQUIT act as in a terminal, even if this process was started in the
    background of a script (which ignores them, and the ignoring is inherited)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)


class MakeRun:
    """`make run` in its own process group, its output collected line by line."""

    def __init__(self, clone: Path, port: int, venv: str, worker_log: Path):
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", "run", f"PORT={port}", f"VENV={venv}"],
            cwd=clone,
            env=newcomer_environment(WORKER_LOG=str(worker_log), PYTHONUNBUFFERED="1"),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # a process group of its own, like a terminal's foreground job
            preexec_fn=like_a_terminal,
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_for_login(self, timeout: float) -> str:
        """Wait until the login line and the banner's closing rule are printed; return the output so far."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            lines = list(self.lines)
            logins = [index for index, line in enumerate(lines) if "Log in at" in line]
            if logins and any(line.startswith("-----") for line in lines[logins[-1] :]):
                return "\n".join(lines)
            if self.process.poll() is not None:
                self.reader.join(5)
                pytest.fail(f"make run stopped (exit {self.process.returncode}):\n{self.output}")
            time.sleep(0.5)
        pytest.fail(f"make run printed no login within {timeout:.0f} s:\n{self.output}")

    def press_ctrl_c(self) -> int:
        os.killpg(self.process.pid, signal.SIGINT)
        return self.process.wait(timeout=60)

    def kill(self, clone: Path) -> None:
        """After a failure: SIGTERM (the runner stops the server and the worker), then SIGKILL what is left."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=30)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        for process in processes_in(self.process.pid, clone):  # e.g. a server whose runner was killed
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(process.split(":")[0]), signal.SIGKILL)


def processes_in(group: int, folder: Path) -> list[str]:
    """Processes still in the process group, or running from the clone."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            pgid = int(stat.rsplit(")", 1)[1].split()[2])
            cwd = os.readlink(entry / "cwd")
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError, ValueError):
            continue
        if pgid == group or cwd == str(folder) or cwd.startswith(f"{folder}/"):
            found.append(f"{entry.name}: {command}")
    return found


class Browser:
    """urllib with a cookie jar, following redirects: enough for the admin's login form."""

    def __init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, url: str) -> tuple[int, str, str]:
        try:
            with self.opener.open(url, timeout=60) as response:
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, url, error.read().decode()

    def post(self, url: str, data: dict[str, str]) -> tuple[int, str, str]:
        request = urllib.request.Request(url, data=urllib.parse.urlencode(data).encode(), headers={"Referer": url})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, url, error.read().decode()


@pytest.mark.slow
def test_make_run_from_a_fresh_clone(tmp_path):
    clone = tmp_path / "chec"
    subprocess.run(["git", "clone", "--quiet", str(BASE_DIR), str(clone)], check=True, timeout=120)
    port = free_port()
    venv = os.environ.get("MAKE_RUN_VENV") or sys.prefix
    run = MakeRun(clone, port, venv, worker_log=tmp_path / "worker.log")
    try:
        output = run.wait_for_login(timeout=900)
        lines = output.splitlines()

        # Quiet set-up: one line for the migrations, not one per migration.
        assert not any("Applying " in line for line in lines), output
        assert any(re.match(r"Database: \d+ migrations applied in \d+ s\.", line) for line in lines), output
        # The address, user name and password are the last thing printed, after the server's own start-up lines.
        base_url = f"http://127.0.0.1:{port}"
        assert lines.index("  Site:  " + base_url + "/") > max(
            index for index, line in enumerate(lines) if "Quit the server with" in line
        )
        assert lines[-1].startswith("-----") and "Log in at" in lines[-2], output  # nothing after the login
        login = re.fullmatch(rf"\s*Log in at {re.escape(base_url)}/admin/ as admin / (\S+)", lines[-2])
        assert login, output
        password = login.group(1)

        browser = Browser()
        # An unknown address: the site's own 404 page, not Django's technical page listing the URL patterns.
        status, _, html = browser.get(f"{base_url}/no-such-page-here/")
        assert status == 404
        assert "Page not found" in html and "Search this site" in html
        assert "URLconf" not in html and "DEBUG = True" not in html
        # Pages are styled: their stylesheet is served (whitenoise, DEBUG off).
        status, _, home = browser.get(f"{base_url}/")
        assert status == 200
        stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', home).group(1)
        assert browser.get(urllib.parse.urljoin(base_url, stylesheet))[0] == 200

        # The printed login works through the admin's login form (CSRF token and cookie included).
        status, _, form = browser.get(f"{base_url}/admin/login/")
        assert status == 200
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        status, landed, dashboard = browser.post(
            f"{base_url}/admin/login/",
            {"csrfmiddlewaretoken": token, "username": "admin", "password": password, "next": "/admin/"},
        )
        assert status == 200
        assert urllib.parse.urlsplit(landed).path == "/admin/", landed
        assert re.search(r"<title>\s*Dashboard", dashboard), dashboard[:2000]  # the admin's home, logged in
        assert 'name="password"' not in dashboard

        # Ctrl+C stops make, the server and the worker: nothing is left running.
        group = run.process.pid
        # make itself dies of the SIGINT, as in a terminal ("make: *** [run] Interrupt").
        assert run.press_ctrl_c() in (0, -signal.SIGINT), run.output
        deadline = time.monotonic() + 30
        while processes_in(group, clone) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert processes_in(group, clone) == []
        with socket.socket() as sock:
            assert sock.connect_ex(("127.0.0.1", port)) != 0  # nothing answers on the port any more
    finally:
        run.kill(clone)
