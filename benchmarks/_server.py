"""Helpers shared by the benchmarks and the load test: a free port, production settings, gunicorn on loopback.

Nothing here imports Django at module level, so a script can build its environment first, then set Django up.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from io import StringIO
from pathlib import Path
from typing import IO

BASE_DIR = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def step(message: str) -> None:
    print(f"-- {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_environment(workdir: Path, port: int, database_url: str | None = None, **extra: str) -> dict[str, str]:
    """``hub.settings.production`` on plain HTTP on loopback, with its own database and media folder."""
    return {
        "DJANGO_SETTINGS_MODULE": "hub.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback
        "DATABASE_URL": database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "SITE_BASE_URL": f"http://127.0.0.1:{port}",
        "LOG_LEVEL": "ERROR",
        **extra,
    }


def prepare_demo_database() -> None:
    """``migrate``, ``load_demo`` and ``collectstatic`` in this process (Django must be set up)."""
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    call_command("load_demo", stdout=StringIO())
    call_command("collectstatic", "--noinput", verbosity=0)


def start_gunicorn(bind: str, environment: dict[str, str], log: IO, options: list[str]) -> subprocess.Popen:
    """gunicorn serving ``hub.wsgi`` on ``bind`` (a gunicorn.conf.py beside manage.py applies; ``options`` win).

    Returns once ``/healthz`` answers 200; raises SystemExit if the server dies or does not answer within 60 s.
    """
    server = subprocess.Popen(
        [GUNICORN, "hub.wsgi:application", "--bind", bind, *options],
        cwd=BASE_DIR,
        env={**os.environ, **environment},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://{bind}/healthz", timeout=5) as response:
                if response.status == 200:
                    return server
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            stop_gunicorn(server)
            raise SystemExit(f"the server did not start (see {getattr(log, 'name', 'its log')})")
        time.sleep(0.3)


def stop_gunicorn(server: subprocess.Popen, timeout: float = 30) -> None:
    """A graceful stop (SIGTERM: workers finish their requests), then SIGKILL if it takes too long."""
    if server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        server.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(timeout=5)


# Page types whose number does not grow with the site (no benchmark generates them): the framework's drivers are the
# framework's own headings (a dozen at most). Copying them hundreds of times measured a framework page no site will
# have (144 KB, 2 req/s), and put thousands of options in every search page's driver filter.
FIXED_NUMBER_TYPES = {"hub.driverpage"}


def copyable_pages() -> list:
    """One live page of every type that grows with the site (no max count, not the home page, not a driver)."""
    from wagtail.models import Page, get_page_models

    pages = []
    for model in get_page_models():
        if model is Page or model.max_count or model.max_count_per_parent:
            continue
        if model._meta.label_lower in FIXED_NUMBER_TYPES:
            continue
        page = model.objects.live().public().exact_type(model).order_by("path").first()
        if page is not None and page.get_parent() is not None and page.depth > 2:
            pages.append(page)
    return pages


def generate_pages(count: int) -> None:
    """``count`` more live pages: copies of ``copyable_pages()`` in turn, beside their originals (Django set up)."""
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
