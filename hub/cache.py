"""Full-page cache for anonymous readers, emptied whenever anything that can show on a public page changes.

What is cached: the 200 HTML response of a GET or HEAD of a public URL (not /admin/, /documents/ or the other
prefixes in PAGE_CACHE_EXCLUDED_PREFIXES), asked for without a session cookie (editors always get a fresh page,
with the userbar), when the view sets no cookie and writes nothing to the session, the response is not streamed and
does not say ``Cache-Control: private/no-store/no-cache``. A page with a form keeps a placeholder where the CSRF
token goes; each reader gets their own token (and CSRF cookie) when the page is served from the cache. The key is
the scheme, host, path and the sorted query string, so a filtered listing is cached per filter combination (query
strings longer than PAGE_CACHE_MAX_QUERY are not cached).

Invalidation is by version: every cached entry carries the version it was built for, and any write that can show on
a public page bumps it, so the next request rebuilds. The writes are Wagtail's publish, unpublish and move signals
and every model's post_save, post_delete and m2m_changed, except the models in NOISE (sessions, logs, counters,
search index rows...). Code that writes with ``bulk_create`` or ``queryset.update()`` (no signals) and changes what
readers see calls :func:`invalidate` itself.

Where the version lives: with a shared cache (Redis, ``REDIS_URL``) in that cache, so every server sees a bump at
once; with the default in-process cache, each process has its own cache, so the version is the modification time of
a small stamp file on the local disk (one ``stat()`` per request), which every process of the machine sees at once.

Off unless ``PAGE_CACHE_SECONDS`` > 0 (production sets it; development and tests leave it off).
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from wagtail.signals import page_published, page_unpublished, post_page_move

VERSION_KEY = "chec:pagecache:version"
KEY_PREFIX = "chec:page"

# Models whose writes never change a public page (labels as "app_label.modelname").
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
    "shortlinks.shortlinkclick",
    "toolkit.downloadcount",
    "search.searchquerystat",  # written by searches themselves
}


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0


def _shared_cache() -> bool:
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    return not backend.endswith(("LocMemCache", "DummyCache"))


def _stamp_path() -> Path:
    configured = getattr(settings, "PAGE_CACHE_STAMP_FILE", None)
    if configured:
        return Path(configured)
    # One stamp per database, so two sites (or a test run) on one machine never empty each other's cache.
    database = str(settings.DATABASES["default"].get("NAME", ""))
    digest = hashlib.sha256(database.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"chec-page-cache-{digest}.stamp"


def version() -> int:
    """The current cache version: entries built for another version are never served."""
    if _shared_cache():
        value = cache.get(VERSION_KEY)
        if value is None:
            value = time.time_ns()
            cache.add(VERSION_KEY, value, None)
        return value
    try:
        return os.stat(_stamp_path()).st_mtime_ns
    except FileNotFoundError:
        return 0


def invalidate(**kwargs) -> None:
    """Forget every cached page (cheap: bumps the version; old entries expire on their own)."""
    if _shared_cache():
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, time.time_ns(), None)
        return
    path = _stamp_path()
    now = time.time_ns()
    try:
        # Strictly increasing even if two writes come within the file system's timestamp resolution.
        now = max(now, os.stat(path).st_mtime_ns + 1)
    except FileNotFoundError:
        path.touch()
    os.utime(path, ns=(now, now))


def _on_model_change(sender, **kwargs) -> None:
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.label_lower in NOISE:
        return
    if kwargs.get("raw"):  # fixtures being loaded
        return
    invalidate()


post_save.connect(_on_model_change, dispatch_uid="chec-page-cache-save")
post_delete.connect(_on_model_change, dispatch_uid="chec-page-cache-delete")
m2m_changed.connect(_on_model_change, dispatch_uid="chec-page-cache-m2m")
for _signal in (page_published, page_unpublished, post_page_move):
    _signal.connect(invalidate, dispatch_uid=f"chec-page-cache-{id(_signal)}")


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


def get(key: str, request):
    """A fresh HttpResponse from the cached entry, or None. A page with a form gets this reader's CSRF token."""
    entry = cache.get(key)
    if entry is None:
        return None
    content, headers = entry
    if CSRF_PLACEHOLDER.encode() in content:
        # get_token() also makes CsrfViewMiddleware set this reader's CSRF cookie on the way out.
        content = content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
    response = HttpResponse(content, headers=headers)
    patch_vary_headers(response, ["Cookie"])
    response["X-Page-Cache"] = "hit"
    return response


def store(key: str, request, response) -> None:
    """Keep the body and headers (not the response object: smaller, and nothing request-bound is pickled).

    A page whose forms carry a CSRF token is kept with a placeholder instead of the token, and only if every use of
    the token is such a form field (a token elsewhere would be served to other readers)."""
    content = response.content
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        text = content.decode(response.charset or "utf-8")
        tokens = {match[2] for match in CSRF_INPUT.finditer(text)}
        text = CSRF_INPUT.sub(lambda match: match[1] + CSRF_PLACEHOLDER + match[3], text)
        if not tokens or any(token in text for token in tokens):
            return
        content = text.encode(response.charset or "utf-8")
    cache.set(key, (content, dict(response.items())), getattr(settings, "PAGE_CACHE_SECONDS", 0))
    response["X-Page-Cache"] = "miss"
