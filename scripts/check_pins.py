"""Report pinned requirements that are behind the newest patch release of their own minor series.

Security fixes arrive as patch releases (pypdf 7.1.0 -> 7.1.1), so every exact pin should be on the newest patch of
its series. Minor and major upgrades are a deliberate choice (Wagtail 7.4 LTS stays on 7.4), so they are only listed.
Asks the package index with `pip index versions`; exits 1 when a pin is behind on its patch release.

Usage: .venv/bin/python scripts/check_pins.py [requirements.txt requirements-dev.txt]
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

PIN = re.compile(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([0-9][^\s;#]*)")


def pins(paths: list[Path]) -> list[tuple[str, str]]:
    found = []
    for path in paths:
        for line in path.read_text().splitlines():
            match = PIN.match(line.strip())
            if match:
                found.append((match[1], match[2]))
    return found


def released_versions(name: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-m", "pip", "index", "versions", name],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    for line in result.stdout.splitlines():
        if line.startswith("Available versions:"):
            return [version.strip() for version in line.split(":", 1)[1].split(",")]
    return []


def series(version: str) -> tuple[str, ...]:
    return tuple(version.split(".")[:2])


def is_final(version: str) -> bool:
    return re.fullmatch(r"[0-9]+(\.[0-9]+)*", version) is not None


def main(argv: list[str]) -> int:
    paths = [Path(arg) for arg in argv] or [Path("requirements.txt"), Path("requirements-dev.txt")]
    behind = 0
    for name, pinned in pins(paths):
        versions = [version for version in released_versions(name) if is_final(version)]
        if not versions:
            print(f"?  {name}=={pinned}: the index gave no versions")
            continue
        same_series = [version for version in versions if series(version) == series(pinned)]
        newest_patch = same_series[0] if same_series else pinned
        if newest_patch != pinned:
            behind += 1
            print(f"BEHIND  {name}=={pinned}: patch release {newest_patch} exists")
        elif versions[0] != pinned:
            print(f"ok      {name}=={pinned} (newer series available: {versions[0]})")
        else:
            print(f"ok      {name}=={pinned}")
    print(f"{behind} pin(s) behind their newest patch release")
    return 1 if behind else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
