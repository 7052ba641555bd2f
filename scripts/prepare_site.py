"""Get the database ready for `make run`, one line per step instead of hundreds.

Usage: python scripts/prepare_site.py [--demo]

1. compile the interface translations (``compile_translations``);
2. apply the migrations (``migrate``, silent) and say how many were applied and how long they took;
3. with ``--demo``, load the demonstration content (``load_demo``) and say how much was created.

The full output of each command is kept: on a failure it is printed before the error, so nothing is hidden when
something goes wrong. ``.venv/bin/python manage.py migrate`` shows every migration.
"""

import os
import sys
import time
from io import StringIO
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def step(message: str) -> None:
    print(message, flush=True)


def run_command(name: str, *args: str) -> str:
    """Run a management command with its output captured; on failure print that output and stop."""
    from django.core.management import call_command

    out, err = StringIO(), StringIO()
    try:
        call_command(name, *args, stdout=out, stderr=err)
    except BaseException:
        sys.stdout.write(out.getvalue())
        sys.stderr.write(err.getvalue())
        raise
    return out.getvalue()


def pending_migrations() -> int:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(BASE_DIR))
    os.chdir(BASE_DIR)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.dev")
    import django

    django.setup()

    compiled = run_command("compile_translations").strip().splitlines()
    if compiled and not compiled[-1].startswith("0 "):
        step(f"Interface translations: {compiled[-1]}")

    pending = pending_migrations()
    if pending:
        step(f"Database: applying {pending} migrations (about a minute the first time)...")
        started = time.monotonic()
        run_command("migrate", "--noinput", "--verbosity", "0")
        step(f"Database: {pending} migrations applied in {time.monotonic() - started:.0f} s.")
    else:
        step("Database: up to date.")

    if "--demo" in argv:
        output = run_command("load_demo")
        created = sum(1 for line in output.splitlines() if "created" in line)
        if created:
            step(f"Demo content: {created} pages and items created.")
        else:
            step("Demo content: already in place (nothing changed).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
