"""Both gunicorn workers serve a client that keeps its connections open (gunicorn.conf.py: ``reuse_port``).

A proxy's keep-alive pool, a CDN or a load tester opens a few connections and sends every request down them. With
one listening socket shared by the workers, the worker that wakes first accepts a burst of them and serves them all
on one core while the other idles (8 of 20 runs of `wrk -c16` on 2 workers put 15 or 16 of 16 on one worker). With
a socket per worker the kernel spreads the connections. Linux only: the sockets are read from /proc.
"""

import http.client
import sys
import time
from pathlib import Path

import pytest

from benchmarks._server import free_port, start_gunicorn, stop_gunicorn
from tests.helpers import database_url_for_other_processes

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the sockets from /proc")

WORKERS = 2
CONNECTIONS = 16
LISTEN, ESTABLISHED = "0A", "01"


def tcp_sockets(port: int, state: str) -> set[str]:
    """The inodes of the loopback IPv4 sockets in ``state`` whose local port is ``port``."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].split(":")[1], 16) == port and fields[3] == state:
            inodes.add(fields[9])
    return inodes


def socket_inodes(pid: int) -> set[str]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = fd.readlink().name
        except OSError:  # closed meanwhile
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    return inodes


def worker_pids(server_pid: int) -> list[int]:
    children = Path(f"/proc/{server_pid}/task/{server_pid}/children").read_text().split()
    return [int(pid) for pid in children]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the server reads a copy of the test database
def test_keep_alive_connections_are_spread_over_both_workers(tmp_path):
    port = free_port()
    environment = {
        "DJANGO_SETTINGS_MODULE": "tests.e2e.settings",
        "CHEC_E2E_DATABASE_URL": database_url_for_other_processes(tmp_path),
        "CHEC_E2E_MEDIA_ROOT": str(tmp_path / "media"),
        "GUNICORN_WORKERS": str(WORKERS),
        "GUNICORN_ACCESS_LOG": "",
    }
    with open(tmp_path / "server.log", "w") as log:
        server = start_gunicorn(f"127.0.0.1:{port}", environment, log, [])  # reads gunicorn.conf.py
    connections = []
    try:
        deadline = time.monotonic() + 30  # the first worker answers before the second has booted
        while len(tcp_sockets(port, LISTEN)) < WORKERS and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(tcp_sockets(port, LISTEN)) == WORKERS, "each worker should listen on its own socket"

        for _ in range(CONNECTIONS):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", "/healthz")
            response = connection.getresponse()
            response.read()
            assert response.status == 200
            assert not response.will_close, "the server should keep the connection open"
            connections.append(connection)

        established = tcp_sockets(port, ESTABLISHED)
        held = {pid: len(socket_inodes(pid) & established) for pid in worker_pids(server.pid)}
        assert sum(held.values()) == CONNECTIONS, held
        # With the kernel spreading 16 connections at random, one worker gets none once in 30,000 runs.
        assert all(count >= 1 for count in held.values()), f"connections per worker: {held}"
    finally:
        for connection in connections:
            connection.close()
        stop_gunicorn(server)
