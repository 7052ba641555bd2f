"""`make run` / `make dev`: the development server with the background-task worker beside it.

Usage: .venv/bin/python scripts/run_with_worker.py HOST PORT [--dev]

Document text extraction runs in the worker, never in a request. Production runs gunicorn and the worker as
services of their own (README, "Production").

- The demo (`make run`): the server without the autoreloader; the worker's log goes to a file (WORKER_LOG, default
  /tmp/chec-worker-PORT.log) so it does not bury the login. Once the server accepts connections, the address, the
  user name and the password are printed, last.
- `--dev` (`make dev`, DEBUG on): the server with Django's autoreloader, the worker's log in the terminal.

The server and the worker each run in a session (process group) of their own; Ctrl+C, SIGTERM or SIGHUP to this
script stops both groups, the autoreloader's child included, so nothing is left running.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
RULE = "-" * 96


class Stop(Exception):
    """Raised by the signal handlers: leave the main loop and stop the children."""


def on_signal(signum, frame):
    raise Stop(signum)


def start(command: list[str], **options) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "manage.py", *command], cwd=BASE_DIR, start_new_session=True, **options)


def stop(processes: list[subprocess.Popen]) -> None:
    """SIGTERM to each process group, then SIGKILL to what is still there after 20 s."""
    for process in processes:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 20
    for process in processes:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)  # anything left in the group (an autoreloader's child)
        process.wait()


def wait_until_listening(host: str, port: int, server: subprocess.Popen, timeout: float = 120) -> bool:
    """True once the server accepts connections (runserver loads the site before it listens). A bare connection,
    not a request, so the server logs no line after the login is printed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            return False  # the server stopped: its own error is above
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=5):
            return True
        time.sleep(0.3)
    return False


def main(argv: list[str]) -> int:
    host, port = argv[0], argv[1]
    dev = "--dev" in argv[2:]
    base_url = (os.environ.get("SITE_BASE_URL") or f"http://{host}:{port}").rstrip("/")
    probe_host = "127.0.0.1" if host in {"0.0.0.0", "::", "[::]"} else host
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, on_signal)

    children: list[subprocess.Popen] = []
    worker_log = None
    try:
        if dev:
            # --no-reload: the worker's own autoreloader is not needed; restart `make dev` after changing task code.
            children.append(start(["db_worker", "--backend", "background", "--no-reload"]))
            server = start(["runserver", "--nostatic", f"{host}:{port}"])
        else:
            worker_log = Path(
                os.environ.get("WORKER_LOG") or Path(os.environ.get("TMPDIR", "/tmp")) / f"chec-worker-{port}.log"
            )
            with open(worker_log, "w") as log:
                children.append(start(["db_worker", "--backend", "background", "--no-reload"], stdout=log, stderr=log))
            server = start(["runserver", "--noreload", "--nostatic", "--skip-checks", f"{host}:{port}"])
        children.append(server)

        # Make sure the admin user exists while the server starts; print the login only once it answers.
        admin = subprocess.run(
            [sys.executable, "manage.py", "ensure_admin", "--admin-url", f"{base_url}/admin/"],
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
        )
        if admin.returncode != 0:
            sys.stderr.write(admin.stdout + admin.stderr)
            return 1

        if not wait_until_listening(probe_host, int(port), server):
            print(
                f"make run: the server did not start on {host}:{port} (is the port in use? try PORT=8001).",
                file=sys.stderr,
            )
            return 1

        lines = [
            "",
            RULE,
            f"The CHEC knowledge hub is running with its demo content (DEBUG {'on' if dev else 'off'}).",
            *([f"  Background worker log: {worker_log}"] if worker_log else []),
            "  Stop the server and the worker with Ctrl+C.",
            "",
            f"  Site:  {base_url}/",
            # The admin's address, user name and password: last.
            *(line if line.startswith(" ") else f"  {line}" for line in admin.stdout.strip("\n").splitlines()),
            RULE,
        ]
        print("\n".join(lines), flush=True)
        return server.wait()
    except Stop:
        return 0  # Ctrl+C is the normal way to stop
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, signal.SIG_IGN)  # a second Ctrl+C does not interrupt the stopping
        stop(children)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
