"""Lighthouse on one page of every kind of the demo site: ``make lighthouse`` (not a pytest test; needs Node, the
``lighthouse`` npm package pinned in package.json and Debian's Chromium, which ``make browser`` installs).

The site runs as in production: ``hub.settings.production`` under gunicorn on loopback, with its own database
(``migrate`` + ``load_demo``) and collected static files, in a temporary folder. Lighthouse runs with its defaults:
mobile emulation and simulated throttling (a mid-range phone on a slow 4G connection). The table of scores replaces
the one between the markers in docs/quality.md. Exits 1 when a page misses a target (accessibility, best practices
and SEO 100, performance at least 95).

Each page is measured ``--runs`` times (3 by default) and each score is the median of its runs: simulated throttling
multiplies the CPU time the page took on this machine, so a run while other jobs use the cores scores lower, and a
single run moved by up to 13 points. ``--reports DIR`` keeps every run's full JSON report (Lighthouse's own
opportunities and diagnostics: render-blocking resources, image sizes, layout shifts...). With ``--only`` the table
is printed, not written into docs/quality.md (it would lose the other pages).

Usage: ``.venv/bin/python tests/e2e/lighthouse.py [--port 8810] [--runs 3] [--only KIND ...] [--reports DIR]``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(BASE_DIR))

from benchmarks._server import production_environment, start_gunicorn, stop_gunicorn  # noqa: E402

LIGHTHOUSE = BASE_DIR / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
QUALITY_DOC = BASE_DIR / "docs" / "quality.md"
START, END = "<!-- lighthouse:start -->", "<!-- lighthouse:end -->"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
# Kinds whose pages are not meant for search engines: SEO is not scored there (they say noindex on purpose).
NOINDEX_KINDS = {"url:search", "toolkit.ToolkitPage:feedback", "toolkit.ToolkitPage:feedback_thanks"}
# Lighthouse does not audit a page that answers with an error status (the 404 page): axe checks it instead.
SKIPPED_KINDS = {"404"}


def manage(environment: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=environment, check=True)


def targets(environment: dict, host: str) -> list[dict]:
    output = subprocess.run(
        [sys.executable, "tests/e2e/discover.py", host],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def median_of_runs(url: str, workdir: Path, runs: int, keep: Path | None = None, name: str = "page") -> dict:
    """The median of each category's score over ``runs`` runs of one page, with every run's scores; the audits that
    fail are those of the run whose performance score is the median."""
    results, loads = [], []
    for number in range(1, runs + 1):
        loads.append(os.getloadavg()[0])
        results.append(run_lighthouse(url, workdir))
        if keep is not None:
            keep.mkdir(parents=True, exist_ok=True)
            shutil.copy(workdir / "report.json", keep / f"{name}-{number}.json")
    scores = {name: round(statistics.median(result["scores"][name] for result in results)) for name in CATEGORIES}
    middle = sorted(results, key=lambda result: result["scores"]["performance"])[(len(results) - 1) // 2]
    return {
        "scores": scores,
        "failing": middle["failing"],
        "runs": [result["scores"] for result in results],
        "load": (min(loads), max(loads)),
    }


def run_lighthouse(url: str, workdir: Path, attempts: int = 3) -> dict:
    """Lighthouse's scores of one page; a run that fails to record its trace (NO_NAVSTART, seen on a busy machine)
    is tried again, up to ``attempts`` times."""
    for attempt in range(1, attempts + 1):
        try:
            return _run_lighthouse_once(url, workdir)
        except subprocess.CalledProcessError:
            if attempt == attempts:
                raise
    raise AssertionError("unreachable")


def _run_lighthouse_once(url: str, workdir: Path) -> dict:
    report = workdir / "report.json"
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            "--only-categories=" + ",".join(CATEGORIES),
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        check=True,
        timeout=300,
    )
    data = json.loads(report.read_text())
    scores = {name: round((data["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}
    failing = {
        name: [
            audit["id"]
            for ref in data["categories"][name]["auditRefs"]
            if ref["weight"] and (audit := data["audits"][ref["id"]])["score"] is not None and audit["score"] < 1
        ]
        for name in CATEGORIES
    }
    return {"scores": scores, "failing": failing}


def table(rows: list[dict], command: str, runs: int) -> str:
    lines = [
        f"Measured {date.today():%-d %B %Y} with `{command}` (Lighthouse {lighthouse_version()}, mobile emulation, "
        f"simulated throttling; production settings under gunicorn on this machine, which other jobs share; each "
        f"score the median of {runs} runs, the performance of each run in brackets; the machine's load average "
        "(1 minute, 2 cores) as each run started).",
        "",
        "| page | URL | performance | accessibility | best practices | SEO | load |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        scores = row["scores"]
        seo = "n/a (noindex)" if row["kind"] in NOINDEX_KINDS else scores["seo"]
        each = ", ".join(str(run["performance"]) for run in row.get("runs", []))
        performance = f"{scores['performance']} ({each})" if len(row.get("runs", [])) > 1 else scores["performance"]
        low, high = row.get("load", (0.0, 0.0))
        load = f"{low:.1f}" if f"{low:.1f}" == f"{high:.1f}" else f"{low:.1f} to {high:.1f}"
        lines.append(
            f"| {row['kind']} | `{row['url']}` | {performance} | {scores['accessibility']} | "
            f"{scores['best-practices']} | {seo} | {load} |"
        )
    return "\n".join(lines)


def lighthouse_version() -> str:
    package = BASE_DIR / "node_modules" / "lighthouse" / "package.json"
    return json.loads(package.read_text())["version"] if package.exists() else "?"


def write_table(text: str) -> None:
    document = QUALITY_DOC.read_text()
    block = f"{START}\n{text}\n{END}"
    if START in document:
        document = re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _match: block, document, flags=re.S)
    else:
        document = document.rstrip() + "\n\n## Lighthouse\n\n" + block + "\n"
    QUALITY_DOC.write_text(document)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8810)
    parser.add_argument("--only", nargs="*", help="page kinds to run (default: all); prints the table only")
    parser.add_argument("--runs", type=int, default=3, help="runs per page; each score is the median (default 3)")
    parser.add_argument("--reports", type=Path, help="keep every run's JSON report in this folder")
    options = parser.parse_args()
    if not LIGHTHOUSE.exists() or not Path(CHROMIUM).exists():
        print("Lighthouse or Chromium missing: run `make browser` (npm ci installs Lighthouse).", file=sys.stderr)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="chec-lighthouse-"))
    host = f"127.0.0.1:{options.port}"
    environment = {**os.environ, **production_environment(workdir, options.port)}
    log = open(workdir / "server.log", "w")  # noqa: SIM115 (open while the server runs)
    server = None
    try:
        manage(environment, "migrate", "--noinput", "-v0")
        manage(environment, "load_demo")
        manage(environment, "collectstatic", "--noinput", "-v0")
        server = start_gunicorn(host, environment, log, ["--workers", "2"])
        rows, misses = [], []
        for target in targets(environment, host):
            if target["kind"] in SKIPPED_KINDS or (options.only and target["kind"] not in options.only):
                continue
            url = f"http://{host}{target['url']}"
            name = re.sub(r"[^A-Za-z0-9_.-]+", "-", target["kind"])
            result = median_of_runs(url, workdir, options.runs, options.reports, name)
            rows.append({"kind": target["kind"], "url": target["url"], **result})
            for name, minimum in TARGETS.items():
                if name == "seo" and target["kind"] in NOINDEX_KINDS:
                    continue
                if result["scores"][name] < minimum:
                    misses.append(f"{target['kind']} {name} {result['scores'][name]}: {result['failing'][name]}")
            runs = [run["performance"] for run in result["runs"]]
            print(target["kind"], result["scores"], "performance runs:", runs, "load:", result["load"])
            sys.stdout.flush()
        text = table(rows, "make lighthouse", options.runs)
        if options.only:
            print(text)
        else:
            write_table(text)
        for miss in misses:
            print("below target:", miss)
        return 1 if misses else 0
    finally:
        if server is not None:
            stop_gunicorn(server)
        log.close()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
