"""The public base address (``settings.SITE_BASE_URL``): the one source of every absolute URL the site emits.

Canonical and ``og:`` URLs, hreflang links, the sitemap, feeds, ``.ics`` UIDs, QR codes and short URLs, toolkit ZIP
manifests and the static archive all go through :func:`absolute_url` or :func:`page_url`, so a site served on
another port or behind a proxy never prints an address it is not reachable at. Wagtail's own ``Site`` record
(hostname and port) is kept in step by :func:`sync_default_site` (``load_demo`` runs it), and the admin warns when
it is used on another address (``hub/wagtail_hooks.py``).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def base_url() -> str:
    """``https://chec.example.org``: scheme, host and port, no trailing slash."""
    return settings.SITE_BASE_URL.rstrip("/")


def base_host() -> str:
    """The host name alone (``chec.example.org``), for identifiers such as ``tag:`` URIs and iCalendar UIDs."""
    return urlsplit(base_url()).hostname or "localhost"


def absolute_url(url: str | None) -> str:
    """``/about/`` as ``https://chec.example.org/about/``; an address that is already absolute is left alone."""
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme or url.startswith("//"):
        return url
    return base_url() + ("" if url.startswith("/") else "/") + url


def rebase_url(url: str | None) -> str:
    """An address of this site as Wagtail builds it from its Site record, moved onto the base address."""
    if not url:
        return ""
    parts = urlsplit(url)
    return absolute_url(parts._replace(scheme="", netloc="").geturl() or "/")


def page_url(page, request=None) -> str:
    """The absolute URL of a page, or "" when it has none (not routable, outside every site)."""
    if page is None:
        return ""
    return absolute_url(page.get_url(request))


def site_hostname_and_port() -> tuple[str, int]:
    """What Wagtail's ``Site`` record should hold for the base address (port 80 or 443 when none is given)."""
    parts = urlsplit(base_url())
    return parts.hostname or "localhost", parts.port or (443 if parts.scheme == "https" else 80)


def sync_default_site() -> bool:
    """Give the default ``Site`` the base address's host and port (Wagtail's admin links use them); True if changed."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return False
    hostname, port = site_hostname_and_port()
    if (site.hostname, site.port) == (hostname, port):
        return False
    site.hostname, site.port = hostname, port
    site.save(update_fields=["hostname", "port"])
    return True


def _origin(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    return parts.scheme, (parts.hostname or "").lower(), parts.port or (443 if parts.scheme == "https" else 80)


def differs_from_request(request) -> bool:
    """Whether the request arrived on another scheme, host or port than the base address."""
    try:
        return _origin(f"{request.scheme}://{request.get_host()}") != _origin(base_url())
    except ValueError:  # a port that is not a number: certainly not the base address
        return True
