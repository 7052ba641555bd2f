"""The Nu Html Checker (vnu, the W3C validator's engine) on one page of every kind, both text directions: 0 errors.

vnu comes from the npm registry (``vnu-jar``, pinned in package.json, installed by ``npm ci``) and runs on Debian's
Java (``/usr/bin/java``; ``apt-get install default-jre-headless`` where it is missing). Pages are fetched from the
live demo server (tests/e2e/conftest.py) and checked in one vnu run.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from tests.e2e.conftest import missing
from tests.e2e.test_accessibility import public_urls
from tests.e2e.test_html import fetch

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_kind_of_page_has_no_nu_html_checker_errors(demo_server, tmp_path):
    java = shutil.which("java") or "/usr/bin/java"
    if not Path(java).exists():
        missing("Java not installed: apt-get install default-jre-headless")
    if not VNU_JAR.exists():
        missing(f"vnu not installed ({VNU_JAR}): run `npm ci`")
    files = {}
    for index, (kind, direction, url) in enumerate(public_urls(demo_server)):
        _status, _headers, content = fetch(demo_server.url(url))
        path = tmp_path / f"{index:03d}.html"
        path.write_bytes(content)
        files[str(path)] = f"{kind} ({direction}) {url}"
    assert files
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(result.stderr or "{}").get("messages", [])
    errors = [
        f"{files.get(message.get('url', '').removeprefix('file:'), message.get('url'))}: "
        f"line {message.get('lastLine')}: {message.get('message')}"
        for message in messages
        if message.get("type") == "error"
    ]
    print(f"vnu checked {len(files)} pages: {len(errors)} errors")
    assert not errors, "\n".join(errors)
