"""Import redirects from a CSV file of (old URL, new URL) rows, with a report of what was created and skipped.

Used by the ``import_redirects`` command and the admin upload. Good rows are imported even when other rows are bad;
each bad row is reported with its line number and the reason. A file that is not UTF-8 CSV text changes nothing.

- Old URL: a path on this site (``/old/page/``) or a full http(s) address (only its path and query are used).
- New URL: a path on this site or a full http(s) address. When it is the address of a page on this site, the
  redirect points at the page itself, so it keeps working when that page moves later.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

MAX_URL_LENGTH = 255  # Redirect.old_path and Redirect.redirect_link
MAX_ROWS = 20_000
MAX_CHAIN = 20

# Why a row was skipped: a stable code (for tests and scripts) and the message shown to people.
REASONS = {
    "missing": "the old or the new URL is missing",
    "invalid-old": "the old URL is not a path starting with / or a web address",
    "invalid-new": "the new URL is not a path starting with / or a full web address",
    "unsafe-scheme": "only http and https addresses are allowed",
    "too-long": f"a URL is longer than {MAX_URL_LENGTH} characters",
    "home-page": "the home page cannot be redirected",
    "same": "the old and new URLs are the same",
    "duplicate-row": "the same old URL is in an earlier row",
    "exists": "a redirect from this URL already exists",
    "live-page": "a published page has this URL, so the redirect would never be used",
    "loop": "the redirect would make a loop",
}


class RedirectFileError(Exception):
    """The file as a whole cannot be read: nothing was imported."""


@dataclass
class SkippedRow:
    line: int
    old: str
    new: str
    code: str
    detail: str = ""

    @property
    def reason(self) -> str:
        text = _(REASONS[self.code])
        return f"{text} ({self.detail})" if self.detail else text


@dataclass
class CreatedRow:
    line: int
    old_path: str
    target: str
    to_page: bool


@dataclass
class ImportReport:
    created: list[CreatedRow] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    rows_read: int = 0
    header: bool = False
    dry_run: bool = False

    def summary(self) -> str:
        verb = _("would be created") if self.dry_run else _("created")
        return _("%(read)d rows read: %(created)d redirects %(verb)s, %(skipped)d rows skipped.") % {
            "read": self.rows_read,
            "created": len(self.created),
            "verb": verb,
            "skipped": len(self.skipped),
        }


def read_rows(data: bytes) -> tuple[list[tuple[int, list[str]]], bool]:
    """The CSV's rows as (line number, cells), and whether the first row was a header row."""
    if not data.strip():
        raise RedirectFileError(_("The file is empty."))
    if b"\x00" in data[:8192]:
        raise RedirectFileError(
            _("This is not a CSV text file. Save the spreadsheet as 'CSV UTF-8 (comma delimited)' and try again.")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RedirectFileError(
            _("The file is not in UTF-8 (problem at byte %(position)d). Save it as 'CSV UTF-8' and try again.")
            % {"position": error.start}
        ) from error
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows = []
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            rows.append((reader.line_num, [cell.strip() for cell in cells]))
            if len(rows) > MAX_ROWS:
                raise RedirectFileError(_("The file has more than %(max)d rows: split it.") % {"max": MAX_ROWS})
    except csv.Error as error:
        raise RedirectFileError(
            _("The file could not be read as CSV (line %(line)d: %(error)s).")
            % {"line": reader.line_num, "error": error}
        ) from error
    header = bool(rows) and _looks_like_header(rows[0][1])
    return (rows[1:] if header else rows), header


def _looks_like_header(cells: list[str]) -> bool:
    first = cells[0].lower() if cells else ""
    return not first.startswith("/") and "://" not in first and "." not in first


class _Row(Exception):
    """A row is skipped (raised inside the row checks)."""

    def __init__(self, code, detail=""):
        super().__init__(code)
        self.code, self.detail = code, detail


def _scheme(url: str) -> str:
    return urlparse(url).scheme.lower() if ":" in url.split("/", 1)[0] else ""


def _old_path(old: str) -> str:
    scheme = _scheme(old)
    if scheme and scheme not in {"http", "https"}:
        raise _Row("unsafe-scheme")
    if scheme:
        parsed = urlparse(old)
        if not parsed.hostname:
            raise _Row("invalid-old")
        old = parsed.path or "/"
        if parsed.query:
            old += "?" + parsed.query
    elif not old.startswith("/") or old.startswith("//"):
        raise _Row("invalid-old")
    if any(character.isspace() or ord(character) < 32 for character in old):
        raise _Row("invalid-old")
    path = Redirect.normalise_path(old)
    if len(path) > MAX_URL_LENGTH:
        raise _Row("too-long")
    if path == "/":
        raise _Row("home-page")
    return path


class _Site:
    """What the importer needs to know about the site, read once."""

    def __init__(self, site: Site | None):
        self.site = site or Site.objects.filter(is_default_site=True).select_related("root_page").first()
        self.hostnames = {hostname.lower() for hostname in Site.objects.values_list("hostname", flat=True)}
        self.root_url_path = self.site.root_page.url_path if self.site else "/"

    def is_local(self, url: str) -> bool:
        return (urlparse(url).hostname or "").lower() in self.hostnames

    def live_page_at(self, path: str) -> Page | None:
        """The live page whose URL (on the default site, default language) is ``path``, if any."""
        if "?" in path or ";" in path:
            return None
        url_path = self.root_url_path + path.strip("/") + ("/" if path.strip("/") else "")
        return Page.objects.live().filter(url_path=url_path).first()


def _new_target(new: str, site: _Site) -> tuple[str, Page | None, str | None]:
    """(display, page, link): where a redirect to ``new`` should point."""
    scheme = _scheme(new)
    if scheme and scheme not in {"http", "https"}:
        raise _Row("unsafe-scheme")
    if len(new) > MAX_URL_LENGTH:
        raise _Row("too-long")
    if scheme:
        try:
            URLValidator(schemes=["http", "https"])(new)
        except ValidationError as error:
            raise _Row("invalid-new") from error
        if not site.is_local(new):
            return new, None, None
        parsed = urlparse(new)
        local_path = Redirect.normalise_path((parsed.path or "/") + (f"?{parsed.query}" if parsed.query else ""))
    elif new.startswith("/") and not new.startswith("//") and not any(c.isspace() or ord(c) < 32 for c in new):
        local_path = Redirect.normalise_path(new)
    else:
        raise _Row("invalid-new")
    return new, site.live_page_at(local_path), local_path


def _existing_chains(site: Site | None) -> tuple[set[str], dict[str, str]]:
    """Old paths that already redirect (for this site or all sites), and where local-path links go."""
    redirects = Redirect.objects.all()
    if site is not None:
        redirects = redirects.filter(Q(site=site) | Q(site=None))
    taken, chains = set(), {}
    for old_path, link, page_id in redirects.values_list("old_path", "redirect_link", "redirect_page_id"):
        taken.add(old_path)
        if not page_id and link and link.startswith("/") and not link.startswith("//"):
            chains[old_path] = Redirect.normalise_path(link)
    return taken, chains


def _loop(old_path: str, new_path: str, chains: dict[str, str]) -> list[str] | None:
    path, seen = new_path, [old_path, new_path]
    for _step in range(MAX_CHAIN):
        if path == old_path:
            return seen
        if path not in chains:
            return None
        path = chains[path]
        seen.append(path)
    return seen


def import_redirects(data: bytes, *, permanent: bool = True, site: Site | None = None, dry_run: bool = False):
    """Create a Redirect for every good row of ``data`` (CSV bytes) and return the report.

    Raises RedirectFileError, before changing anything, when the file cannot be read as UTF-8 CSV.
    """
    rows, header = read_rows(data)
    report = ImportReport(rows_read=len(rows), header=header, dry_run=dry_run)
    site_info = _Site(site)
    taken, chains = _existing_chains(site)
    first_line: dict[str, int] = {}
    to_create = []
    for line, cells in rows:
        old, new = (cells + ["", ""])[:2]
        try:
            if not old or not new:
                raise _Row("missing")
            old_path = _old_path(old)
            display, page, local_path = _new_target(new, site_info)
            if local_path is not None and local_path == old_path:
                raise _Row("same")
            if old_path in first_line:
                raise _Row("duplicate-row", _("row %(line)d") % {"line": first_line[old_path]})
            if old_path in taken:
                raise _Row("exists")
            if site_info.live_page_at(old_path) is not None:
                raise _Row("live-page")
            if local_path is not None and page is None and (cycle := _loop(old_path, local_path, chains)):
                raise _Row("loop", " → ".join(cycle))
        except _Row as skip:
            report.skipped.append(SkippedRow(line, old, new, skip.code, skip.detail))
            continue
        first_line[old_path] = line
        taken.add(old_path)
        if local_path is not None and page is None:
            chains[old_path] = local_path
        to_create.append(
            Redirect(
                old_path=old_path,
                site=site,
                is_permanent=permanent,
                redirect_page=page,
                redirect_link="" if page else display,
            )
        )
        report.created.append(CreatedRow(line, old_path, page.title if page else display, page is not None))
    if not dry_run and to_create:
        with transaction.atomic():
            Redirect.objects.bulk_create(to_create)
    return report
