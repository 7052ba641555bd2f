"""The static archive of the public site (issue 16): ``manage.py build_archive`` / ``make archive``.

Every live public page in every language is rendered through Django's test client, with the whole middleware stack
(languages, sites, redirects, security headers), exactly as a reader gets it; the page tree, the sitemap and the
language-prefixed views (search, tags, feeds) give the first addresses, and a crawl of every page's links, images,
style sheets and scripts finds the rest (sub-routes such as print/, young-people/, calendar/, csv/, download-all/;
documents, image renditions and static files). Short links (``/go/<code>``) and Wagtail's redirects become static
redirect pages. While it renders, ``settings.ARCHIVE_BUILD`` is set: templates show the archive banner, replace the
forms the server would answer with a note and put the site search on Pagefind; listings show every item on one page;
nothing is counted (``hub.counters.not_counted``) and nothing goes through or into the shared page cache.

Files land where a plain static server looks for them (``/reports/x/`` at ``reports/x/index.html``). A file served
at an address ending in ``/`` that is not HTML (feeds, CSV, calendar files, toolkit ZIPs) is stored under its own
name in that folder, with a redirect page as the folder's ``index.html``, and every link to it is rewritten. Links
to this site's own absolute addresses become root-relative, so the archive works from any host.

The build goes into a temporary folder beside the destination and replaces the previous archive only when every
step succeeded: a page that fails to render (an exception or a status other than 200 or a redirect) stops the build
with its name, and the previous archive stays as it was.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import html
import json
import logging
import mimetypes
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections import deque
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit
from xml.etree import ElementTree

from django.apps import apps
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.signals import request_finished
from django.db import close_old_connections
from django.test import Client, override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from wagtail.models import Page

from hub.counters import not_counted

ZIP_NAME = "chec-archive.zip"
SITE_FOLDER = "site"
# Never archived: the admin, the API (the archive is pages and files), the health check, Pagefind's own bundle
# (written after the crawl) and Django's login pages.
EXCLUDED_PREFIXES = ("/admin/", "/api/", "/healthz", "/pagefind/", "/django-admin/", "/accounts/")
# Names for files served at an address ending in "/", by content type, when the response names no file.
NAMES_BY_TYPE = {
    "application/rss+xml": "rss.xml",
    "application/atom+xml": "atom.xml",
    "text/calendar": "calendar.ics",
    "text/csv": "data.csv",
    "application/zip": "download.zip",
    "application/json": "index.json",
    "application/xml": "index.xml",
    "text/xml": "index.xml",
    "text/plain": "index.txt",
}
LINK_ATTRIBUTE = re.compile(r'(?P<before>\s(?:href|src|poster)=")(?P<url>[^"]*)(?P<after>")')
SRCSET_ATTRIBUTE = re.compile(r'(?P<before>\ssrcset=")(?P<urls>[^"]*)(?P<after>")')
CSS_URL = re.compile(
    r"""url\(\s*(?P<quote>['"]?)(?P<url>[^'")]+)(?P=quote)\s*\)|@import\s+(?P<q2>['"])(?P<url2>[^'"]+)(?P=q2)"""
)


class ArchiveError(Exception):
    """The archive cannot be built; the message names the page or file and why."""


@dataclass
class Stored:
    path: str  # the address (path only) it was fetched from
    file: str  # where it is in the archive, relative to its root, with "/" separators
    kind: str  # "html", "redirect" or "file"
    linked_from: str = ""


@dataclass
class ArchiveResult:
    folder: Path
    zip_path: Path
    date: datetime.date
    pages: int
    files: int
    redirects: int
    broken_links: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def redirect_page(target: str, archive_date: datetime.date) -> bytes:
    """A static redirect: meta refresh (no JavaScript), a canonical link and a visible link to follow."""
    url = html.escape(target, quote=True)
    day = archive_date.isoformat()
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>This address has moved</title>
<meta http-equiv="refresh" content="0; url={url}">
<link rel="canonical" href="{url}">
<meta name="robots" content="noindex">
</head>
<body>
<main>
<h1>This address has moved</h1>
<p>It now leads to <a href="{url}">{url}</a>.</p>
<p>Archived copy of the site, made on <time datetime="{day}">{archive_date:%-d %B %Y}</time>.</p>
</main>
</body>
</html>
""".encode()


def _content_type(response) -> str:
    return (response.get("Content-Type") or "").split(";")[0].strip().lower()


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        try:
            return b"".join(response.streaming_content)
        finally:
            # Closing a response sends request_finished, whose close_old_connections would close the database
            # connection in the middle of the build (a test's transaction on PostgreSQL): Django's test client
            # disconnects it around its own close, and so does this.
            request_finished.disconnect(close_old_connections)
            try:
                response.close()
            finally:
                request_finished.connect(close_old_connections)
    return response.content


def _attachment_name(response) -> str | None:
    disposition = response.get("Content-Disposition")
    if not disposition:
        return None
    message = Message()
    message["content-disposition"] = disposition
    name = message.get_filename()
    if not name:
        return None
    name = os.path.basename(name.replace("\\", "/")).strip()
    return name if name not in ("", ".", "..") else None


def _file_for(path: str, *, html_page: bool) -> str:
    """Where a static server looks for ``path``: folders end in index.html."""
    relative = unquote(path).lstrip("/")
    if html_page and not relative.endswith((".html", ".htm")):
        relative = (relative.rstrip("/") + "/index.html").lstrip("/")
    if ".." in PurePosixPath(relative).parts or "\x00" in relative:
        raise ArchiveError(f"{path!r} cannot be stored inside the archive (it leads out of its folder).")
    return relative


class Archiver:
    def __init__(self, root: Path, *, archive_date: datetime.date, progress=None):
        self.root = root
        self.date = archive_date
        self.base_url = settings.SITE_BASE_URL.rstrip("/")
        base = urlsplit(self.base_url)
        self.scheme, self.netloc = base.scheme, base.netloc
        self.client = Client(HTTP_HOST=self.netloc, secure=self.scheme == "https")
        self.media_url = settings.MEDIA_URL
        self.queue: deque[tuple[str, str, bool]] = deque()  # (path, linked from, must succeed)
        self.seen: set[str] = set()
        self.stored: dict[str, Stored] = {}  # by file
        self.moved: dict[str, str] = {}  # address ending in "/" -> address of the file stored there
        self.document_links: dict[str, set[str]] = {}  # html file -> document addresses linked from its main
        self.broken: list[tuple[str, str]] = []
        self.skipped: list[tuple[str, str]] = []
        self.progress = progress

    # Addresses --------------------------------------------------------------------------------------------------

    def internal_path(self, url: str, current: str = "/") -> str | None:
        """The path of ``url`` if it is on this site and belongs in the archive, else None."""
        url = html.unescape(url.strip())
        if not url or url.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
            return None
        if self.media_url.startswith(("http://", "https://")) and url.startswith(self.media_url):
            return "/media/" + urlsplit(url[len(self.media_url) :]).path
        parts = urlsplit(urljoin(self.base_url + current, url))
        if parts.scheme not in ("http", "https") or parts.netloc != self.netloc:
            return None
        path = parts.path or "/"
        if path.startswith(EXCLUDED_PREFIXES):
            return None
        return path

    def enqueue(self, path: str, linked_from: str = "", *, required: bool = False) -> None:
        if path in self.seen:
            return
        self.seen.add(path)
        self.queue.append((path, linked_from, required))
        if self.progress is not None:
            self.progress.total = len(self.seen)  # shown with the next update

    def seed(self) -> None:
        """The page tree in every language, the sitemap, robots.txt, and the views outside the page tree."""
        pages = Page.objects.live().public().filter(depth__gt=1).specific().order_by("path")
        self.pages_by_path: dict[str, Page] = {}
        for page in pages:
            parts = page.get_url_parts()
            if not parts:
                continue  # not under any site
            _site_id, _root_url, page_path = parts
            if page_path:
                self.pages_by_path[page_path] = page
                self.enqueue(page_path, required=True)
        for path in ("/robots.txt", "/sitemap.xml"):
            self.enqueue(path, required=True)
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                for name, args in (("search", []), ("tag_index", [])):
                    with contextlib.suppress(NoReverseMatch):
                        self.enqueue(reverse(name, args=args), required=True)
                with contextlib.suppress(NoReverseMatch, ImportError):
                    from hub.feeds import feed_kinds

                    for kind in [*feed_kinds(), "all"]:
                        for feed_format in ("rss", "atom"):
                            self.enqueue(reverse(f"feeds:{feed_format}", args=[kind]), required=True)
        if apps.is_installed("shortlinks"):
            short_link = apps.get_model("shortlinks", "ShortLink")
            for code in short_link.objects.order_by("code").values_list("code", flat=True):
                self.enqueue(f"/go/{code}", "the short links")
        redirect_model = apps.get_model("wagtailredirects", "Redirect")
        for old_path in redirect_model.objects.order_by("old_path").values_list("old_path", flat=True):
            if "?" in old_path:
                self.skipped.append((old_path, "a redirect from an address with a query string"))
                continue
            self.enqueue(old_path, "the redirects")

    # Fetching ---------------------------------------------------------------------------------------------------

    def describe(self, path: str) -> str:
        page = getattr(self, "pages_by_path", {}).get(path)
        if page is not None:
            return f"page {page.title!r} (id {page.pk}, {type(page).__name__}, {path})"
        return path

    def fetch(self, path: str, linked_from: str, required: bool) -> None:
        if path.startswith(self.media_url) and not self.media_url.startswith(("http://", "https://")):
            self.store_media(path, linked_from)
            return
        if path.startswith("/media/") and self.media_url.startswith(("http://", "https://")):
            self.store_media(path, linked_from)
            return
        try:
            response = self.client.get(path)
        except Exception as error:  # the page's own error, named with the page
            where = f", linked from {linked_from}" if linked_from else ""
            raise ArchiveError(f"The {self.describe(path)} failed to render{where}: {error!r}") from error
        status = response.status_code
        if status in (301, 302, 303, 307, 308):
            self.store_redirect(path, response["Location"])
            return
        if status != 200:
            if status in (404, 410) and not required:
                self.broken.append((path, linked_from))
                return
            where = f", linked from {linked_from}" if linked_from else ""
            raise ArchiveError(f"The {self.describe(path)} failed to render{where}: HTTP status {status}.")
        content_type = _content_type(response)
        body = _body(response)
        if content_type == "text/html":
            self.store(Stored(path, _file_for(path, html_page=True), "html", linked_from), body)
            self.follow_html(path, body)
        elif path.endswith("/"):
            name = _attachment_name(response) or NAMES_BY_TYPE.get(content_type)
            if not name:
                name = "download" + (mimetypes.guess_extension(content_type) or ".bin")
            file_path = _file_for(path, html_page=False) + name
            self.store(Stored(path, file_path, "file", linked_from), body)
            self.moved[path] = "/" + file_path
            self.store(Stored(path, _file_for(path, html_page=True), "redirect"), redirect_page(name, self.date))
        else:
            self.store(Stored(path, _file_for(path, html_page=False), "file", linked_from), body)
            if content_type == "text/css":
                self.follow_css(path, body)
            if path == "/sitemap.xml":
                self.follow_sitemap(body)

    def store_media(self, path: str, linked_from: str) -> None:
        from django.core.files.storage import default_storage

        name = unquote(path[len("/media/") if self.media_url.startswith("http") else len(self.media_url) :])
        try:
            with default_storage.open(name, "rb") as handle:
                body = handle.read()
        except (OSError, SuspiciousFileOperation):
            self.broken.append((path, linked_from))
            return
        self.store(Stored(path, _file_for(path, html_page=False), "file", linked_from), body)

    def store_redirect(self, path: str, location: str) -> None:
        target_path = self.internal_path(location, path)
        if target_path is not None:
            parts = urlsplit(location)
            target = target_path + (f"#{parts.fragment}" if parts.fragment else "")
            self.enqueue(target_path, path)
        elif self._excluded(location, path):
            self.skipped.append((path, f"leads to {location}, which the archive leaves out (not public)"))
            return
        else:
            target = location
        self.store(Stored(path, _file_for(path, html_page=True), "redirect"), redirect_page(target, self.date))

    def _excluded(self, url: str, current: str) -> bool:
        parts = urlsplit(urljoin(self.base_url + current, url))
        return parts.netloc == self.netloc and parts.path.startswith(EXCLUDED_PREFIXES)

    def store(self, item: Stored, body: bytes) -> None:
        existing = self.stored.get(item.file)
        if existing is not None and item.kind == "redirect":
            return  # a page or file already lives there; a redirect never replaces it
        target = self.root / item.file
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_dir():
            raise ArchiveError(f"{item.path} would be stored at {item.file}, which is a folder of the archive.")
        target.write_bytes(body)
        self.stored[item.file] = item

    # Links ------------------------------------------------------------------------------------------------------

    def follow_html(self, path: str, body: bytes) -> None:
        text = body.decode("utf-8", errors="replace")
        urls = [match["url"] for match in LINK_ATTRIBUTE.finditer(text)]
        for match in SRCSET_ATTRIBUTE.finditer(text):
            urls.extend(part.strip().split(" ")[0] for part in match["urls"].split(",") if part.strip())
        for url in urls:
            target = self.internal_path(url, path)
            if target is not None:
                self.enqueue(target, path)
        main = text.split("<main", 1)[1].split("</main>", 1)[0] if "<main" in text else ""
        documents = {
            target
            for match in LINK_ATTRIBUTE.finditer(main)
            if (target := self.internal_path(match["url"], path)) and target.startswith("/documents/")
        }
        if documents:
            self.document_links[_file_for(path, html_page=True)] = documents

    def follow_css(self, path: str, body: bytes) -> None:
        for match in CSS_URL.finditer(body.decode("utf-8", errors="replace")):
            target = self.internal_path(match["url"] or match["url2"], path)
            if target is not None:
                self.enqueue(target, path)

    def follow_sitemap(self, body: bytes) -> None:
        try:
            tree = ElementTree.fromstring(body)
        except ElementTree.ParseError as error:
            raise ArchiveError(f"/sitemap.xml is not valid XML: {error}") from error
        for element in tree.iter():
            url = element.text if element.tag.endswith("}loc") else element.get("href")
            if url and (target := self.internal_path(url)) is not None:
                self.enqueue(target, "/sitemap.xml", required=True)

    def rewrite_url(self, url: str, current: str) -> str:
        raw = html.unescape(url)
        if not raw or raw.startswith("#"):
            return url
        if self.media_url.startswith(("http://", "https://")) and raw.startswith(self.media_url):
            return html.escape("/media/" + urlsplit(raw[len(self.media_url) :]).path, quote=True)
        parts = urlsplit(raw)
        if (parts.netloc and parts.netloc != self.netloc) or (parts.scheme and parts.scheme not in ("http", "https")):
            return url  # another site, or mailto:, tel:, data:
        path = urlsplit(urljoin(self.base_url + current, raw)).path if not parts.path.startswith("/") else parts.path
        if not parts.scheme and not parts.path:
            return url  # "?page=2": leave relative links to the same address alone
        new_path = self.moved.get(path, path)
        query = "" if path in self.moved else parts.query
        return html.escape(urlunsplit(("", "", new_path, query, parts.fragment)), quote=True)

    def rewrite_html(self, item: Stored) -> None:
        target = self.root / item.file
        text = target.read_text(encoding="utf-8")

        def link(match):
            return match["before"] + self.rewrite_url(match["url"], item.path) + match["after"]

        def srcset(match):
            parts = []
            for part in match["urls"].split(","):
                pieces = part.strip().split(" ", 1)
                pieces[0] = self.rewrite_url(pieces[0], item.path)
                parts.append(" ".join(pieces))
            return match["before"] + ", ".join(parts) + match["after"]

        rewritten = SRCSET_ATTRIBUTE.sub(srcset, LINK_ATTRIBUTE.sub(link, text))
        if rewritten != text:
            target.write_text(rewritten, encoding="utf-8")

    # The build --------------------------------------------------------------------------------------------------

    def crawl(self) -> None:
        self.seed()
        while self.queue:
            path, linked_from, required = self.queue.popleft()
            self.fetch(path, linked_from, required)
            if self.progress is not None:
                self.progress.update(1)
        # A 404 page for servers that use one (a plain server shows its own).
        response = self.client.get("/404.html")
        if response.status_code == 404 and _content_type(response) == "text/html":
            self.store(Stored("/404.html", "404.html", "html"), _body(response))
        for item in list(self.stored.values()):
            if item.kind == "html":
                self.rewrite_html(item)

    def search_extras(self) -> dict[str, str]:
        """The text of the documents each page links to from its main content (a toolkit's files, a report's PDF),
        for that page's entry in the search index: the live site's search finds words inside files too."""
        if not self.document_links or not apps.is_installed("search"):
            return {}
        from wagtail.documents import get_document_model

        pattern = re.compile(r"^/documents/(\d+)/")
        links = {link for page_links in self.document_links.values() for link in page_links}
        ids = {int(match[1]) for link in links if (match := pattern.match(link))}
        document_text = apps.get_model("search", "DocumentText")
        texts = dict(
            document_text.objects.filter(document_id__in=ids, status="done")
            .exclude(text="")
            .values_list("document_id", "text")
        )
        titles = dict(get_document_model().objects.filter(pk__in=ids).values_list("pk", "title"))
        extras = {}
        for file, links in self.document_links.items():
            parts = []
            for link in sorted(links):
                match = pattern.match(link)
                if match and int(match[1]) in texts:
                    parts.append(f"{titles.get(int(match[1]), '')}\n{texts[int(match[1])]}")
            if parts:
                extras[file] = "\n\n".join(parts)
        return extras


@contextlib.contextmanager
def _quiet_not_found():
    """Django logs each 404 as a warning: the build reports its broken links itself, and asks for its 404 page."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _node() -> str:
    node = shutil.which("node")
    if not node:
        raise ArchiveError("Node.js is needed for the search index (Pagefind): install nodejs, then `npm ci`.")
    return node


def build_search_index(root: Path, extras: dict[str, str]) -> None:
    """Pagefind over the archived pages (their main content, one index per language), with each page's files' text."""
    base_dir = Path(settings.BASE_DIR)
    if not (base_dir / "node_modules" / "pagefind" / "package.json").exists():
        raise ArchiveError("Pagefind is not installed: run `npm ci` (make archive does).")
    extras_file = root.parent / "search-extras.json"
    extras_file.write_text(json.dumps(extras), encoding="utf-8")
    try:
        result = subprocess.run(
            [_node(), str(base_dir / "portability" / "pagefind_index.mjs"), str(root), str(extras_file)],
            cwd=base_dir,
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        extras_file.unlink(missing_ok=True)
    if result.returncode != 0:
        raise ArchiveError(f"Pagefind could not index the archive:\n{result.stdout}\n{result.stderr}".strip())


def write_zip(root: Path, zip_path: Path) -> None:
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                archive.write(path, Path(SITE_FOLDER) / path.relative_to(root))


def write_manifest(root: Path, archiver: Archiver) -> None:
    files = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            files[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    manifest = {
        "archived_on": archiver.date.isoformat(),
        "source": archiver.base_url,
        "pages": sum(1 for item in archiver.stored.values() if item.kind == "html"),
        "redirects": sum(1 for item in archiver.stored.values() if item.kind == "redirect"),
        "broken_links": [{"address": path, "linked_from": source} for path, source in archiver.broken],
        "left_out": [{"address": path, "why": why} for path, why in archiver.skipped],
        "files": files,
    }
    (root / "archive-manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")


def build_archive(
    destination: Path,
    *,
    archive_date: datetime.date | None = None,
    search: bool = True,
    progress_factory=None,
) -> ArchiveResult:
    """Build the archive into ``destination``/site and ``destination``/chec-archive.zip, replacing the previous
    archive only once everything has succeeded."""
    archive_date = archive_date or timezone.localdate()
    destination = Path(destination)
    destination.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix=".building-", dir=destination))
    root = workdir / SITE_FOLDER
    root.mkdir()
    try:
        progress = progress_factory() if progress_factory else None
        try:
            archiver = Archiver(root, archive_date=archive_date, progress=progress)
            overrides = {
                "ARCHIVE_BUILD": {"date": archive_date},
                # Nothing read from or written to the live site's page cache; documents streamed, not handed off.
                "PAGE_CACHE_SECONDS": 0,
                "CDN_CACHE_SECONDS": 0,
                "CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
                "WAGTAILDOCS_SERVE_METHOD": "serve_view",
                "SENDFILE_BACKEND": "wagtail.utils.sendfile_streaming_backend",
                "SECURE_SSL_REDIRECT": False,
            }
            with (
                override_settings(**overrides),
                not_counted(),
                translation.override(settings.LANGUAGE_CODE),
                _quiet_not_found(),
            ):
                archiver.crawl()
                extras = archiver.search_extras()
        finally:
            if progress is not None:
                progress.close()
        if search:
            build_search_index(root, extras)
        write_manifest(root, archiver)
        zip_path = workdir / ZIP_NAME
        write_zip(root, zip_path)
        # Everything succeeded: swap the new archive in.
        final_root, final_zip = destination / SITE_FOLDER, destination / ZIP_NAME
        old = None
        if final_root.exists():
            old = workdir / "previous-site"
            os.replace(final_root, old)
        os.replace(root, final_root)
        os.replace(zip_path, final_zip)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return ArchiveResult(
        folder=final_root,
        zip_path=final_zip,
        date=archive_date,
        pages=sum(1 for item in archiver.stored.values() if item.kind == "html"),
        files=sum(1 for item in archiver.stored.values() if item.kind == "file"),
        redirects=sum(1 for item in archiver.stored.values() if item.kind == "redirect"),
        broken_links=archiver.broken,
        skipped=archiver.skipped,
    )
