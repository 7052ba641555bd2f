"""Template tags shared by every app's templates: navigation, breadcrumbs and document details."""

from __future__ import annotations

import os

from django import template
from django.template.defaultfilters import filesizeformat
from wagtail.models import Locale, Page

from hub.models import NavigationSettings

register = template.Library()

FILE_TYPE_LABELS = {
    "pdf": "PDF",
    "docx": "Word document (DOCX)",
    "odt": "OpenDocument text (ODT)",
    "xlsx": "Excel spreadsheet (XLSX)",
    "ods": "OpenDocument spreadsheet (ODS)",
    "csv": "CSV",
    "pptx": "PowerPoint (PPTX)",
    "odp": "OpenDocument presentation (ODP)",
    "txt": "Plain text",
    "rtf": "Rich text (RTF)",
    "zip": "ZIP archive",
}


def _localized_menu(request, stream_value) -> list[dict]:
    """Resolve menu items to live pages in the reader's language, in one query for all items."""
    items = [child.value for child in stream_value if child.value.get("page")]
    if not items:
        return []
    keys = [item["page"].translation_key for item in items]
    try:
        locale = Locale.get_active()
    except Locale.DoesNotExist:
        locale = None
    pages = Page.objects.live().filter(translation_key__in=keys)
    by_key: dict = {}
    for page in pages:
        # Prefer the reader's language; fall back to any live version (usually the default language).
        if page.translation_key not in by_key or (locale and page.locale_id == locale.pk):
            by_key[page.translation_key] = page
    current_path = request.path if request else ""
    links = []
    for item in items:
        page = by_key.get(item["page"].translation_key)
        if page is None:
            continue
        url = page.get_url(request=request)
        if not url:
            continue
        links.append(
            {
                "url": url,
                "label": item.get("label") or page.title,
                "is_current": current_path == url,
                "is_section": url != "/" and current_path.startswith(url) and current_path != url,
            }
        )
    return links


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    links = _localized_menu(request, NavigationSettings.for_request(request).main_menu) if request else []
    return {"links": links}


@register.inclusion_tag("includes/footer_links.html", takes_context=True)
def footer_links(context):
    request = context.get("request")
    links = _localized_menu(request, NavigationSettings.for_request(request).footer_links) if request else []
    return {"links": links}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    """Ancestors from the home page down to the current page's parent (nothing on the home page itself)."""
    ancestors = list(page.get_ancestors().filter(depth__gt=1).live()) if page and page.depth > 2 else []
    return {"ancestors": ancestors, "page": page, "request": context.get("request")}


@register.filter
def file_extension(document) -> str:
    return os.path.splitext(document.file.name)[1].lstrip(".").lower() if document and document.file else ""


@register.filter
def file_type_label(document) -> str:
    """A reader-friendly file type, e.g. 'PDF' or 'Word document (DOCX)'."""
    extension = file_extension(document)
    return FILE_TYPE_LABELS.get(extension, extension.upper())


@register.filter
def file_size(document) -> str:
    """The size, e.g. '1.6 MB'. Wagtail stores it at upload; it is read from storage (once) only if missing."""
    if document is None:
        return ""
    size = document.file_size if document.file_size is not None else document.get_file_size()
    return filesizeformat(size) if size else ""
