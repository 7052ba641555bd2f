"""Full-page cache for anonymous readers, emptied whenever anything that can show on a public page changes.

What is cached: the 200 HTML response of a GET or HEAD of a public URL (not /admin/, /documents/ or the other
prefixes in PAGE_CACHE_EXCLUDED_PREFIXES), asked for without a session cookie (editors always get a fresh page,
with the userbar), when the view sets no cookie and writes nothing to the session, the response is not streamed and
does not say ``Cache-Control: private/no-store/no-cache``. A page with a form keeps a placeholder where the CSRF
token goes; each reader gets their own token (and CSRF cookie) when the page is served from the cache. The page is
kept plain and gzipped (compressed once, when kept: :class:`GzipForm`), and served as the reader accepts. The key is
the scheme, host, path and the sorted query string, so a filtered listing is cached per filter combination (query
strings longer than PAGE_CACHE_MAX_QUERY are not cached).

Invalidation is by version: every cached entry carries the version it was built for, and any write that can show on
a public page bumps it, so the next request rebuilds. The writes are Wagtail's publish, unpublish and move signals
and every model's post_save, post_delete and m2m_changed, except the models in NOISE (sessions, logs, search index
rows...) and models that say ``page_cache_noise = True`` (the apps' counters of clicks, downloads and searches).
Code that writes with ``bulk_create`` or ``queryset.update()`` (no signals) and changes what readers see calls
:func:`invalidate` itself. The receivers are connected in ``HubConfig.ready()``, so every process
bumps the version: web workers, ``manage.py publish_scheduled``, ``manage.py shell``, cron jobs. The same version
keys the header, menus and footer (``hub/chrome.py``) and the restricted pages list (``hub/querysets.py``): one
invalidation path for all of them.

Where the version lives: with a shared cache (Redis, ``REDIS_URL``) in that cache, so every server sees a bump at
once; with the default in-process cache, each process has its own cache, so the version is the modification time of
a small stamp file on the local disk (one ``stat()`` per request), which every process of the machine sees at once.

When a cached page is served, :data:`page_cache_hit` is sent with the request and the cached headers, so an app can
count what its view would have counted (the search statistics do). A view passes such data in a header named
``X-Page-Cache-Meta-...``: it is kept with the cached page and given to the receivers, never sent to the browser.

Off unless ``PAGE_CACHE_SECONDS`` > 0 (production sets it; development and tests leave it off).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import re
import struct
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import patch_cache_control, patch_vary_headers
from wagtail.signals import page_published, page_unpublished, post_page_move

VERSION_KEY = "chec:pagecache:version"
KEY_PREFIX = "chec:page"
META_HEADER_PREFIX = "X-Page-Cache-Meta-"

logger = logging.getLogger(__name__)

# Sent (robustly: a failing receiver is logged, the page is still served) each time a cached page is served, with
# ``request`` and ``headers`` (the cached response's headers, ``X-Page-Cache-Meta-...`` ones included).
page_cache_hit = Signal()

# Models of Django, Wagtail and other libraries whose writes never change a public page (labels as
# "app_label.modelname"). The site's own apps mark such models with a class attribute ``page_cache_noise = True``.
NOISE = {
    "sessions.session",
    "axes.accessattempt",
    "axes.accessfailurelog",
    "axes.accesslog",
    "admin.logentry",
    "auth.user",  # last_login on every login; user names appear on no public page
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.revision",  # drafts: publishing saves the page itself
    "wagtailcore.pagesubscription",
    "wagtailcore.referenceindex",
    "wagtailcore.taskstate",
    "wagtailcore.workflowstate",
    "wagtailcore.uploadedfile",
    "wagtailadmin.editingsession",
    "wagtailsearch.indexentry",
    "wagtailsearch.sqliteftsindexentry",
    "wagtailsearch.postgresindexentry",
    "wagtailsearchpromotions.query",
    "wagtailsearchpromotions.querydailyhits",
    "wagtailusers.userprofile",
    "wagtailforms.formsubmission",  # toolkit feedback: shown only in the admin
    "wagtailimages.rendition",  # made while rendering a page, never changes one already rendered
}


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0


def _shared_cache() -> bool:
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    return not backend.endswith(("LocMemCache", "DummyCache"))


def _stamp_path() -> str:
    configured = getattr(settings, "PAGE_CACHE_STAMP_FILE", None)
    if configured:
        return str(configured)
    return _database_stamp_path(str(settings.DATABASES["default"].get("NAME", "")), os.getpid())


@functools.lru_cache(maxsize=8)
def _database_stamp_path(database: str, pid: int) -> str:
    """One stamp per database, so two sites (or a test run) on one machine never empty each other's cache. Worked
    out once per database and process: every request reads the version."""
    if database == ":memory:" or "mode=memory" in database:
        # An in-memory SQLite database (a test run) belongs to this process only, whatever its name: so does its stamp.
        database += f"#{pid}"
    digest = hashlib.sha256(database.encode()).hexdigest()[:16]
    return os.path.join(tempfile.gettempdir(), f"chec-page-cache-{digest}.stamp")


def version() -> int:
    """The current cache version: entries built for another version are never served."""
    if _shared_cache():
        value = cache.get(VERSION_KEY)
        if value is None:
            cache.add(VERSION_KEY, time.time_ns(), None)
            value = cache.get(VERSION_KEY, 0)  # another process may have added it first
        return value
    try:
        return os.stat(_stamp_path()).st_mtime_ns
    except FileNotFoundError:
        return 0


def _bump() -> None:
    """Move the version on: entries built for any earlier version are never served again."""
    if _shared_cache():
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, time.time_ns(), None)
        return
    path = Path(_stamp_path())
    try:
        previous = os.stat(path).st_mtime_ns
    except FileNotFoundError:
        path.touch()
        previous = os.stat(path).st_mtime_ns
    # Strictly increasing even if two writes come within the file system's timestamp resolution.
    now = max(time.time_ns(), previous + 1)
    os.utime(path, ns=(now, now))
    if os.stat(path).st_mtime_ns <= previous:  # a file system with coarse timestamps dropped the nanoseconds
        later = previous + 1_000_000_000
        os.utime(path, ns=(later, later))


def invalidate(**kwargs) -> None:
    """Forget every cached page, header, menu and footer (cheap: bumps the version; old entries expire on their own).

    Inside a transaction the version is bumped twice: now, and again once the transaction has committed.

    - The bump after the commit is the one that makes the cache correct. Until the commit other connections still
      read the old rows, so a reader who arrives between the write and the commit renders the OLD page. Had the
      version only moved before the commit, that reader would store the old page under the NEW version, to be
      served until it expires (what happened with moderation approvals, which Wagtail runs in a transaction). A
      bump after the commit makes every entry built before it unreachable, and readers from then on read the
      committed rows. A rolled-back transaction does not bump it: nothing readers see has changed.
    - The bump now keeps the writing transaction itself consistent: code that goes on to render in the same
      transaction (a management command, a test, a request under ATOMIC_REQUESTS) sees its own uncommitted rows
      and must not be given entries built before its write. It closes no window for other readers (between the
      commit and the second bump, which is microseconds, they may still get an entry built from the old rows),
      and costs them at most one extra rebuild.

    Outside a transaction the write is already committed and one bump does.
    """
    connection = transaction.get_connection()
    _bump()
    if connection.in_atomic_block:
        transaction.on_commit(_bump, robust=True)


def _on_model_change(sender, **kwargs) -> None:
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.label_lower in NOISE or getattr(sender, "page_cache_noise", False):
        return
    if kwargs.get("raw"):  # fixtures being loaded
        return
    invalidate()


def connect_signals() -> None:
    """Connect every receiver that empties the caches (called by HubConfig.ready(), so in every process)."""
    post_save.connect(_on_model_change, dispatch_uid="chec-page-cache-save")
    post_delete.connect(_on_model_change, dispatch_uid="chec-page-cache-delete")
    m2m_changed.connect(_on_model_change, dispatch_uid="chec-page-cache-m2m")
    page_published.connect(invalidate, dispatch_uid="chec-page-cache-published")
    page_unpublished.connect(invalidate, dispatch_uid="chec-page-cache-unpublished")
    post_page_move.connect(invalidate, dispatch_uid="chec-page-cache-moved")


def key_for(request) -> str | None:
    """The cache key of a request, or None when it must not use the cache."""
    if request.method not in ("GET", "HEAD"):
        return None
    path = request.path
    if path.startswith(tuple(getattr(settings, "PAGE_CACHE_EXCLUDED_PREFIXES", ()))):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES:  # an editor: fresh pages, with the userbar
        return None
    query = request.META.get("QUERY_STRING", "")
    if len(query) > getattr(settings, "PAGE_CACHE_MAX_QUERY", 200):
        return None
    normalised = "&".join(sorted(query.split("&"))) if query else ""
    raw = f"{request.scheme}://{request.get_host()}{path}?{normalised}"
    return f"{KEY_PREFIX}:{version()}:{hashlib.sha256(raw.encode()).hexdigest()}"


CSRF_INPUT = re.compile(r'(<input type="hidden" name="csrfmiddlewaretoken" value=")([^"]+)(")')
CSRF_PLACEHOLDER = "\x00chec-csrf-token\x00"


def csrf_placeholders(text: str) -> str | None:
    """``text`` with the token of each CSRF form field replaced by :data:`CSRF_PLACEHOLDER` (each reader's own token
    goes back in when it is served), or None when the text has no such field or a token also appears elsewhere in
    it: that copy would hand one reader's token to others, so it must not be kept."""
    tokens = {match[2] for match in CSRF_INPUT.finditer(text)}
    if not tokens:
        return None
    kept = CSRF_INPUT.sub(lambda match: match[1] + CSRF_PLACEHOLDER + match[3], text)
    return None if any(token in kept for token in tokens) else kept


def cacheable(request, response) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if response.cookies:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    # A page that varies on the session or the cookies is only the same for everyone without cookies.
    return not ("cookie" in response.get("Vary", "").lower() and request.COOKIES)


GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # deflate, no name, no time, unknown system


def _deflate(data: bytes, last: bool) -> bytes:
    """Raw deflate of ``data`` on its own: ends on a byte boundary (a sync flush) unless it is the last part."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)


def _stored_block(data: bytes) -> bytes:
    """``data`` as an uncompressed deflate block (RFC 1951 3.2.4), not the last one; starts on a byte boundary."""
    return b"\x00" + struct.pack("<HH", len(data), len(data) ^ 0xFFFF) + data


@dataclass(frozen=True)
class GzipForm:
    """A kept page's body gzipped once, when it is stored, so that a hit for a browser (they all send
    ``Accept-Encoding: gzip``) costs no compression: compressing each hit took longer than serving it.

    The parts between CSRF placeholders are compressed each on its own, and each reader's token goes between them
    as an uncompressed block: the stream is valid deflate (each part refers only to itself), and the token is never
    compressed with anything, so its length tells nothing about the page (the BREACH attack Django's GZipMiddleware
    pads against needs the secret compressed together with text an attacker chose). A page without a form is kept
    as the whole gzip file.
    """

    chunks: tuple[bytes, ...]
    whole: bytes | None  # the complete gzip body when the page has no placeholder

    @classmethod
    def of(cls, content: bytes) -> GzipForm:
        parts = content.split(CSRF_PLACEHOLDER.encode())
        chunks = tuple(_deflate(part, last=index == len(parts) - 1) for index, part in enumerate(parts))
        whole = None
        if len(parts) == 1:
            whole = GZIP_HEADER + chunks[0] + struct.pack("<II", zlib.crc32(content), len(content) & 0xFFFFFFFF)
        return cls(chunks, whole)

    def body(self, content: bytes, token: bytes) -> bytes:
        """The gzip body of ``content`` (the kept plain body) with ``token`` in each placeholder."""
        if self.whole is not None:
            return self.whole
        parts = content.split(CSRF_PLACEHOLDER.encode())
        stream, crc, size = [GZIP_HEADER], 0, 0
        for index, (part, chunk) in enumerate(zip(parts, self.chunks, strict=True)):
            if index:
                stream.append(_stored_block(token))
                crc, size = zlib.crc32(token, crc), size + len(token)
            stream.append(chunk)
            crc, size = zlib.crc32(part, crc), size + len(part)
        stream.append(struct.pack("<II", crc, size & 0xFFFFFFFF))
        return b"".join(stream)


def get(key: str, request):
    """A fresh HttpResponse from the cached entry, or None. A page with a form gets this reader's CSRF token; a
    reader who accepts gzip gets the copy compressed when the page was kept."""
    entry = cache.get(key)
    if entry is None:
        return None
    content, headers, gzip_form = entry if len(entry) == 3 else (*entry, None)
    token = b""
    if CSRF_PLACEHOLDER.encode() in content:
        # get_token() also makes CsrfViewMiddleware set this reader's CSRF cookie on the way out.
        token = get_token(request).encode()
    if gzip_form is not None and re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        response = HttpResponse(gzip_form.body(content, token), headers=headers)
        response["Content-Encoding"] = "gzip"  # TextCompressionMiddleware leaves it alone
    else:
        response = HttpResponse(
            content.replace(CSRF_PLACEHOLDER.encode(), token) if token else content, headers=headers
        )
    response = strip_meta_headers(response)
    patch_vary_headers(response, ["Accept-Encoding", "Cookie"])  # what TextCompressionMiddleware would have added
    response["X-Page-Cache"] = "hit"
    for receiver, error in page_cache_hit.send_robust(sender=None, request=request, headers=headers):
        if isinstance(error, Exception):
            logger.error("page_cache_hit receiver %r failed", receiver, exc_info=error)
    return response


def strip_meta_headers(response):
    """The response without the ``X-Page-Cache-Meta-...`` headers (they are for page_cache_hit receivers only)."""
    for name in [name for name in response.headers if name.lower().startswith(META_HEADER_PREFIX.lower())]:
        del response.headers[name]
    return response


def store(key: str, request, response) -> None:
    """Keep the body and headers (not the response object: smaller, and nothing request-bound is pickled).

    A page whose forms carry a CSRF token is kept with a placeholder instead of the token, and only if every use of
    the token is such a form field (a token elsewhere would be served to other readers)."""
    content = response.content
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        kept = csrf_placeholders(content.decode(response.charset or "utf-8"))
        if kept is None:
            return
        content = kept.encode(response.charset or "utf-8")
    cache.set(key, (content, dict(response.items()), GzipForm.of(content)), getattr(settings, "PAGE_CACHE_SECONDS", 0))
    response["X-Page-Cache"] = "miss"


def add_shared_cache_headers(request, response) -> None:
    """``Cache-Control: public, max-age=0, s-maxage=CDN_CACHE_SECONDS`` on what this cache would keep, so a CDN or
    caching proxy in front keeps it too (browsers always ask again).

    Off unless ``CDN_CACHE_SECONDS`` > 0. Publishing, unpublishing or moving a page purges its own URLs from the CDN
    (``wagtail.contrib.frontend_cache``, ``WAGTAILFRONTENDCACHE``); other pages that show it (listings, the home
    page, tag pages) stay stale at the CDN for up to ``CDN_CACHE_SECONDS``, which is why the setting is short and the
    in-app cache, which empties everything at once, stays. Never on pages with a reader's CSRF token, on anything
    for a reader with a session, or on what the in-app cache refuses (see :func:`key_for` and :func:`cacheable`).
    """
    seconds = getattr(settings, "CDN_CACHE_SECONDS", 0)
    if seconds <= 0 or "Cache-Control" in response or key_for(request) is None:
        return
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or not cacheable(request, response):
        return
    patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
    patch_vary_headers(response, ["Cookie"])
