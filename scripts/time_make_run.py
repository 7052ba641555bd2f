"""Time a newcomer's `make run`: from `git clone` to the site answering, first run and second run.

Usage: python3 scripts/time_make_run.py [--port 8620] [--venv DIR] [--keep]

Clones this repository's committed HEAD into a temporary folder and runs `make run PORT=...` there; the run counts as
serving when the command has printed the admin login (which it does once the server answers). It then stops it
with Ctrl+C (SIGINT to its process group) and runs `make run` again in the same clone (virtualenv and database
already there). Without --venv the first run builds a fresh virtualenv in the temporary folder and downloads the
packages, as on a newcomer's machine; --venv DIR reuses one. Prints the load average at the start and the end
(the machine may be shared). Only the standard library: run it with any Python 3.
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def load() -> str:
    return "load average {:.2f}, {:.2f}, {:.2f} (1, 5, 15 min)".format(*os.getloadavg())


def like_a_terminal() -> None:
    """In the child: Ctrl+C (SIGINT) and SIGQUIT act as in a terminal, even if this script was started in the
    background (which ignores them, and the ignoring is inherited)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)


def serve_once(clone: Path, port: int, venv: Path, started: float) -> float:
    """`make run` until it prints the login; returns seconds since ``started``, then stops it with Ctrl+C."""
    environment = {
        name: os.environ[name] for name in ("PATH", "HOME", "LANG", "TMPDIR", "USER", "TERM") if name in os.environ
    }
    process = subprocess.Popen(
        ["make", "--no-print-directory", "run", f"PORT={port}", f"VENV={venv}"],
        cwd=clone,
        # An empty pip cache: the packages are downloaded, as on a newcomer's machine.
        env={
            **environment,
            "PYTHONUNBUFFERED": "1",
            "WORKER_LOG": str(clone.parent / "worker.log"),
            "PIP_CACHE_DIR": str(clone.parent / "pip-cache"),
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        preexec_fn=like_a_terminal,
    )
    lines: list[str] = []
    serving = threading.Event()

    def read() -> None:
        for line in process.stdout:
            lines.append(line.rstrip("\n"))
            print(f"{time.monotonic() - started:5.0f} s |", line.rstrip("\n"), flush=True)
            if line.startswith("-----") and any("Log in at" in seen for seen in lines):
                serving.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        while not serving.wait(0.2):
            if process.poll() is not None:
                reader.join(5)
                sys.exit(f"make run stopped with exit status {process.returncode}")
        return time.monotonic() - started
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8620)
    parser.add_argument("--venv", type=Path, help="reuse this virtualenv (default: a fresh one)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="chec-time-make-run-"))
    clone = folder / "chec"
    venv = options.venv or folder / "venv"
    try:
        print(f"start: {load()}", flush=True)
        started = time.monotonic()
        subprocess.run(["git", "clone", "--quiet", str(BASE_DIR), str(clone)], check=True)
        first = serve_once(clone, options.port, venv, started)
        middle = load()
        started = time.monotonic()
        second = serve_once(clone, options.port, venv, started)
        print()
        print(f"virtualenv: {'reused ' + str(venv) if options.venv else 'fresh (packages downloaded and installed)'}")
        print(f"first run:  {first:.0f} s from git clone to serving ({middle} at its end)")
        print(f"second run: {second:.0f} s from make run to serving ({load()} at its end)")
    finally:
        if options.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
