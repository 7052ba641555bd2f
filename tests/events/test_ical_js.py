"""The calendar files are read at the right time by ical.js too (issue 16), the JavaScript parser of web calendar
clients: "vobject/dateutil and ical.js read a winter event one hour early" while the clock changes were one
comma-separated RDATE. tests/site/test_standards.py checks icalendar and vobject; this reads the same files with ical.js
(the npm devDependency pinned in package-lock.json) in Node. Without Node or `npm ci` it skips, unless
REQUIRE_NODE_TOOLS=1 (.ci/run sets it in the standards step, after `make browser` has run `npm ci`)."""

import datetime
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.events.factories import EventIndexPageFactory, EventPageFactory, uk_datetime

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]
READER = Path(__file__).with_name("ical_js_start.mjs")


def ical_js_starts(ics: bytes, tmp_path: Path) -> list[str]:
    node = shutil.which("node")
    if not node or not (BASE_DIR / "node_modules" / "ical.js" / "package.json").exists():
        message = "ical.js needs Node and `npm ci` (node_modules/ical.js)"
        if os.environ.get("REQUIRE_NODE_TOOLS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    path = tmp_path / "event.ics"
    path.write_bytes(ics)
    result = subprocess.run([node, str(READER), str(path)], cwd=BASE_DIR, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


@pytest.mark.parametrize(
    "start",
    [uk_datetime(2030, 1, 15, 10, 0), uk_datetime(2030, 7, 15, 10, 0), uk_datetime(2030, 10, 27, 18, 30)],
    ids=["winter", "summer", "after-the-october-change"],
)
def test_calendar_file_is_read_at_the_right_time_by_ical_js(client, home, tmp_path, start):
    event = EventPageFactory(parent=EventIndexPageFactory(parent=home), start=start)
    response = client.get(f"{event.url}calendar/")
    assert response.status_code == 200
    expected = start.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    assert ical_js_starts(response.content, tmp_path) == [expected]
