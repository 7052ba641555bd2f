// Reads a calendar file with ical.js (as web calendar clients do) and prints each event's start in UTC, one per
// line (ISO 8601). The file's VTIMEZONE is registered first, so ical.js converts by the file's own rules rather
// than by any time zone data of its own. Used by tests/events/test_ical_js.py.
// Usage: node tests/events/ical_js_start.mjs FILE.ics
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const calendar = new ICAL.Component(ICAL.parse(readFileSync(process.argv[2], "utf8")));
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(zone));
}
for (const vevent of calendar.getAllSubcomponents("vevent")) {
  const event = new ICAL.Event(vevent);
  console.log(event.startDate.toJSDate().toISOString());
}
