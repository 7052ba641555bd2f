"""Slow readers of a large file neither block the site nor get a truncated file (gunicorn with gunicorn.conf.py).

The server is gunicorn started as in production (the project's gunicorn.conf.py: threaded workers) on a free
loopback port, over this test's committed data (a copy of the SQLite database, or the PostgreSQL test database) and
a media folder of its own. Four readers download a large document through raw sockets with a small receive buffer,
reading a few KB a second, so each holds a server thread; meanwhile a reader of a page must be answered at once.
Then the slow readers read on to the end and must get every byte the Content-Length promised. With the old 2 sync
workers the page waits behind them.
"""

import random
import shutil
import socket
import time
import urllib.request

import pytest

from benchmarks._server import free_port, start_gunicorn, stop_gunicorn
from tests.factories import make_document
from tests.helpers import database_url_for_other_processes
from tests.home.factories import StandardPageFactory

DOCUMENT_SIZE = 16 * 1024 * 1024  # far more than the socket buffers of both ends hold
SLOW_READERS = 4
SLOW_CHUNK = 2048  # bytes per read; with SLOW_PAUSE, about 8 KB a second
SLOW_PAUSE = 0.25


@pytest.fixture
def live_site(tmp_path, home):
    """gunicorn (gunicorn.conf.py) serving a copy of this test's committed database; yields (base URL, document)."""
    StandardPageFactory(parent=home, slug="about", title="About the collaborative")
    document = make_document("Large data file", "large.csv", random.Random(5).randbytes(DOCUMENT_SIZE))
    database_url = database_url_for_other_processes(tmp_path)
    media = tmp_path / "media"
    (media / "documents").mkdir(parents=True)
    shutil.copy(document.file.path, media / document.file.name)
    port = free_port()
    environment = {
        "DJANGO_SETTINGS_MODULE": "tests.e2e.settings",  # the test settings on this database, media served
        "CHEC_E2E_DATABASE_URL": database_url,
        "CHEC_E2E_MEDIA_ROOT": str(media),
        "GUNICORN_WORKERS": "2",  # the documented production start on this 2-core machine
        "GUNICORN_ACCESS_LOG": "",
        "PYTHONUNBUFFERED": "1",
    }
    with open(tmp_path / "server.log", "w") as log:
        server = start_gunicorn(f"127.0.0.1:{port}", environment, log, [])  # reads gunicorn.conf.py
        try:
            yield f"http://127.0.0.1:{port}", document
        finally:
            stop_gunicorn(server)


class SlowReader:
    """A raw HTTP/1.1 download with a tiny receive buffer, read a little at a time."""

    def __init__(self, base_url: str, path: str):
        host, port = base_url.removeprefix("http://").split(":")
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        self.sock.settimeout(10)
        self.sock.connect((host, int(port)))
        self.sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode())
        self.head = b""
        self.received = 0
        self.content_length = None

    def read_some(self, size: int, wait: float = 0.5) -> bool:
        """Read up to ``size`` bytes, waiting at most ``wait`` seconds; False at the end of the response."""
        self.sock.settimeout(wait)
        try:
            data = self.sock.recv(size)
        except TimeoutError:
            return True  # nothing sent yet
        if not data:
            return False
        if self.content_length is None:
            self.head += data
            if b"\r\n\r\n" not in self.head:
                return True
            head, _, body = self.head.partition(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            assert lines[0].startswith("HTTP/1.1 200"), lines[0]
            headers = dict(line.split(": ", 1) for line in lines[1:])
            self.content_length = int({key.lower(): value for key, value in headers.items()}["content-length"])
            data = body
        self.received += len(data)
        return True

    def read_to_end(self) -> None:
        while self.read_some(256 * 1024, wait=30):
            pass
        self.sock.close()


def timed_get(url: str) -> tuple[int, float]:
    started = time.monotonic()
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
        return response.status, time.monotonic() - started


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # committed: the copy of the database has the pages
def test_slow_readers_of_a_large_file_neither_block_pages_nor_lose_bytes(live_site):
    base_url, document = live_site
    for _ in range(6):  # both workers have rendered the page once (a first render is slower on a busy machine)
        assert timed_get(base_url + "/about/")[0] == 200

    readers = [SlowReader(base_url, document.url) for _ in range(SLOW_READERS)]
    slow_until = time.monotonic() + 3
    while time.monotonic() < slow_until:  # the readers trickle: each holds the server's attention
        for reader in readers:
            reader.read_some(SLOW_CHUNK)
        time.sleep(SLOW_PAUSE)
    assert all(reader.content_length == DOCUMENT_SIZE for reader in readers)
    assert all(reader.received < DOCUMENT_SIZE // 4 for reader in readers)  # still far from done

    status, seconds = timed_get(base_url + "/about/")
    assert status == 200
    # Blocked behind the readers it would wait for them (they are paused: the 30 s timeout); 5 s allows a busy CI.
    assert seconds < 5, f"a page took {seconds:.1f} s while {SLOW_READERS} slow readers downloaded"

    for reader in readers:
        reader.read_some(SLOW_CHUNK)  # still being served
    for reader in readers:
        reader.read_to_end()
    assert [reader.received for reader in readers] == [DOCUMENT_SIZE] * SLOW_READERS
