"""Site-wide middleware: the anonymous page cache, security headers and the admin login lock-out page.

- ``PageCacheMiddleware`` serves cached public pages to readers without a session (see ``hub/cache.py``).
- ``ContentSecurityPolicyMiddleware`` (django-csp) sends the strict public policy (``CONTENT_SECURITY_POLICY``)
  everywhere except under the admin, which gets ``CONTENT_SECURITY_POLICY_ADMIN`` (Wagtail's admin needs inline
  scripts and styles).
- ``SecurityHeadersMiddleware`` adds ``Permissions-Policy`` and lets the admin frame itself and its page previews
  (which Wagtail renders with a dummy request for the page's public URL, so they are told apart by ``is_preview``).
- ``TextCompressionMiddleware`` gzips text responses (pages, feeds, CSV, JSON) for clients that accept it.
- ``lockout_response`` is django-axes' page for a locked-out admin login.
"""

from __future__ import annotations

from html import escape

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.utils.translation import gettext as _

from hub import cache as page_cache


def _is_admin(request) -> bool:
    return request.path_info.startswith(tuple(getattr(settings, "ADMIN_PATH_PREFIXES", ("/admin/",))))


def _is_preview(request) -> bool:
    """A page rendered for the admin's preview (side panel, "Preview" tab, moderation view).

    Wagtail renders it through the whole middleware chain with a dummy request for the page's public URL
    (``make_preview_request``), marked ``is_preview``; the admin shows it in a frame of its own origin.
    """
    return bool(getattr(request, "is_preview", False))


# Content types worth compressing: text, and the structured text formats the site sends (feeds, the API, SVG).
COMPRESSIBLE_TYPES = (
    "text/",
    "application/json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/javascript",
    "image/svg+xml",
)


class TextCompressionMiddleware(GZipMiddleware):
    """Django's GZipMiddleware for text responses only: pages, feeds, CSV and JSON, to clients that accept gzip.

    A page's HTML is most of what a phone downloads before it can draw (a toolkit page: 19 KB, 5 KB gzipped);
    Lighthouse counted the uncompressed HTML as 150 ms lost on a slow 4G connection. Streaming responses (documents,
    toolkit ZIPs, whitenoise's static files, which are already compressed at collectstatic) and binary types are
    left alone. Listed outside the page cache: a rendered page is compressed here as it leaves (about a millisecond;
    Django's GZipMiddleware adds random bytes to each response against BREACH, and the CSRF token is masked
    differently on every response), while a page served from the page cache arrives already compressed (the cache
    keeps a gzip copy made once, ``hub.cache.GzipForm``) and is left alone.
    """

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").split(";", 1)[0].strip().lower()
        if response.streaming or not content_type.startswith(COMPRESSIBLE_TYPES):
            return response
        return super().process_response(request, response)


class PageCacheMiddleware:
    """Serve a cached copy of a public page to a reader without a session; keep fresh pages for next time."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.serve(request)
        page_cache.add_shared_cache_headers(request, response)  # for a CDN in front, when CDN_CACHE_SECONDS is set
        return response

    def serve(self, request):
        if not page_cache.enabled():
            return page_cache.strip_meta_headers(self.get_response(request))
        key = page_cache.key_for(request)
        if key is not None:
            cached = page_cache.get(key, request)  # sends page_cache_hit
            if cached is not None:
                return cached
        response = self.get_response(request)
        if key is not None and page_cache.cacheable(request, response):
            page_cache.store(key, request, response)
        return page_cache.strip_meta_headers(response)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with a second, looser policy for the Wagtail admin (a view's own @csp_* decorators still win)."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and _is_admin(request):
            parts.config = settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"]
        elif not report_only and _is_preview(request):
            # The public policy, except that the admin (same origin) may frame it: the preview panel and the
            # Checks panel, which reads the framed preview. Real public responses still say 'none'.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["'self'"]}
        return parts


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; the admin may frame itself (preview), public pages may not be framed.

    List it after XFrameOptionsMiddleware, so it sets the admin's SAMEORIGIN before that one would set DENY.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = ", ".join(
            f"{feature}=({' '.join(allow)})" for feature, allow in getattr(settings, "PERMISSIONS_POLICY", {}).items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.permissions_policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.permissions_policy
        if (_is_admin(request) or _is_preview(request)) and "X-Frame-Options" not in response:
            response["X-Frame-Options"] = "SAMEORIGIN"
        # Wagtail's document view sets Content-Encoding to the encoding guessed from the file name, None for a PDF,
        # which Django sends as the word "None": a body in an encoding no browser or proxy knows.
        if response.get("Content-Encoding") == "None":
            del response["Content-Encoding"]
        return response


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """The page django-axes shows after too many failed admin logins: plain, accessible, status 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    title = _("Too many failed log-in attempts")
    message = _(
        "For your security, logging in with this user name from your connection is paused for %(minutes)d minutes. "
        "Wait, then try again, or ask another administrator to unlock your account."
    ) % {"minutes": minutes}
    html = (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n</head>\n<body>\n<main>\n<h1>{escape(title)}</h1>\n"
        f"<p>{escape(message)}</p>\n</main>\n</body>\n</html>\n"
    )
    response = HttpResponse(html, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
