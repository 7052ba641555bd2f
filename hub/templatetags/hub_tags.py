"""Template tags shared by every app's templates: navigation, breadcrumbs and document details."""

from __future__ import annotations

import math
import os
import re
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.html import conditional_escape, strip_tags
from django.utils.safestring import mark_safe

from hub import chrome
from hub.i18n import is_untranslated, language_details, live_translations, locale_code

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


@register.simple_tag(takes_context=True)
def site_chrome(context):
    """Header, menus and footer content for this site and language (cached; see hub/chrome.py)."""
    request = context.get("request")
    return chrome.site_chrome(request) if request is not None else {}


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    links = chrome.site_chrome(request).get("main_menu", []) if request else []
    return {"links": chrome.mark_current(links, request.path if request else "")}


@register.inclusion_tag("includes/footer_links.html", takes_context=True)
def footer_links(context):
    request = context.get("request")
    links = chrome.site_chrome(request).get("footer_links", []) if request else []
    return {"links": chrome.mark_current(links, request.path if request else "")}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page, current=""):
    """Ancestors from the home page down to the current page's parent (nothing on the home page itself). With
    ``current``, the name of a page that a route of ``page`` serves (a form on a sub-URL, say), ``page`` is linked too
    and ``current`` ends the trail."""
    if not page or page.depth <= 2:
        ancestors = []
    elif getattr(page, "_route_ancestors", None) is not None:  # fetched by BasePage.route already
        ancestors = [ancestor for ancestor in page._route_ancestors if ancestor.depth > 1 and ancestor.live]
    else:
        ancestors = list(page.get_ancestors().filter(depth__gt=1).live())
    return {"ancestors": ancestors, "page": page, "current": current, "request": context.get("request")}


@register.filter
def brand_title(title: str, brand: str) -> str:
    """The browser title: "<title> | <brand>", without repeating the brand when the title already names it."""
    title, brand = conditional_escape(title).strip(), conditional_escape(brand or "")
    if not brand or brand in title:
        return mark_safe(title or brand)  # both parts are escaped above
    return mark_safe(f"{title} | {brand}" if title else brand)


@register.filter
def url_host(url) -> str:
    """The host of an address without "www.", e.g. "barnardos.org.uk", to say where a link goes."""
    host = urlsplit(str(url or "")).hostname or ""
    return host.removeprefix("www.")


@register.simple_tag
def diagram_position(index: int, count: int, radius: float) -> dict:
    """Where the index-th of count nodes sits on a circle of radius, starting at the top, clockwise (SVG units)."""
    angle = 2 * math.pi * index / max(count, 1) - math.pi / 2
    return {"x": round(radius * math.cos(angle), 1), "y": round(radius * math.sin(angle), 1)}


@register.filter
def wrap_words(text, width: int = 12) -> list[dict]:
    """Short lines of at most about ``width`` characters, for SVG labels, each with the offset that centres the
    block vertically on its first line (``first_dy``, in em)."""
    lines: list[str] = []
    for word in str(text or "").split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    first_dy = f"{0.35 - (len(lines) - 1) * 0.575:.3f}em"
    return [{"text": line, "first_dy": first_dy} for line in lines]


# Letters of the right-to-left scripts the site's languages use (Arabic script: Urdu, Arabic, Persian...; Hebrew).
_RTL_LETTER = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
# Whole lists first (their items then share the list's direction), then paragraphs, items and headings.
_BLOCK_ELEMENT = re.compile(r"<(ul|ol|p|li|h[2-6]|blockquote|figcaption|dt|dd)(\s[^>]*)?>(.*?)</\1>", re.S)


def _is_fallback(text: str, language=None) -> bool:
    """Text of a translated page that is still in the default language. In a right-to-left page: Latin letters and
    no right-to-left ones (a menu label, a setting, an untranslated segment). In a left-to-right page, where the
    script cannot tell: a segment wagtail-localize has no translation for and filled from the source."""
    if _right_to_left(language):
        plain = strip_tags(str(text))
        return bool(_LATIN_LETTER.search(plain)) and not _RTL_LETTER.search(plain)
    code = _language_code(language)
    return code != settings.LANGUAGE_CODE and is_untranslated(text, code)


def _language_code(language) -> str:
    if isinstance(language, dict) and language.get("code"):
        return language["code"]
    return translation.get_language() or settings.LANGUAGE_CODE


def _right_to_left(language) -> bool:
    """Whether the page's language is written right to left: ``language`` (``page_language``'s dict) when given,
    else the active language, which the language prefix of the URL sets for every page of a translation."""
    if language:
        return bool(language.get("bidi")) if isinstance(language, dict) else False
    return translation.get_language_bidi()


@register.filter(needs_autoescape=True)
def fallback(text, language=None, autoescape=True):
    """Plain text of a translated page that is still in the default language (an untranslated segment that
    wagtail-localize filled from the source; in a right-to-left page also a menu label or a setting), wrapped in
    ``<span lang="en-gb" dir="ltr">``: screen readers switch voice, and punctuation and numbers stay in place.
    Anything else is returned unchanged."""
    escaped = conditional_escape(text) if autoescape else text
    if not text or not _is_fallback(text, language):
        return escaped
    return mark_safe(f'<span lang="{settings.LANGUAGE_CODE}" dir="ltr">{escaped}</span>')  # escaped above


@register.filter
def fallback_html(html, language=None):
    """``fallback`` for rich text: each list, paragraph, list item or heading still in the default language gets
    ``lang`` and ``dir="ltr"`` attributes (the HTML is the rich text's own, already safe)."""
    if not html or (not _right_to_left(language) and _language_code(language) == settings.LANGUAGE_CODE):
        return html

    def mark(match):
        tag, attributes, inner = match.group(1), match.group(2) or "", match.group(3)
        if "lang=" in attributes or not _is_fallback(inner, language):
            return match.group(0)
        return f'<{tag}{attributes} lang="{settings.LANGUAGE_CODE}" dir="ltr">{inner}</{tag}>'

    return mark_safe(_BLOCK_ELEMENT.sub(mark, str(html)))  # the input was safe HTML; only attributes are added


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


@register.simple_tag(takes_context=True)
def page_language(context, page=None):
    """The language of the content shown: the page's own locale, else the active language."""
    from django.utils.translation import get_language

    code = locale_code(page.locale_id) if page is not None and getattr(page, "locale_id", None) else get_language()
    return language_details(code or get_language())


@register.simple_tag(takes_context=True)
def translations_of(context, page):
    """Live translations of a page (itself included), for hreflang links and the language switcher."""
    if page is None or not getattr(page, "pk", None):
        return []
    return live_translations(page, context.get("request"))


@register.simple_tag
def social_image(page, chrome_data):
    """The image for link previews: the page's own, else the site's default (fetched only when needed)."""
    image = getattr(page, "share_image", None) if page is not None else None
    image_id = (chrome_data or {}).get("default_social_image_id")
    if image is None and image_id:
        from wagtail.images import get_image_model

        image = get_image_model().objects.filter(pk=image_id).first()
    return image


class FormFragmentNode(template.Node):
    def __init__(self, nodelist, timeout, name: str, vary_on: list):
        self.nodelist, self.timeout, self.name, self.vary_on = nodelist, timeout, name, vary_on

    def render(self, context):
        from django.core.cache import cache
        from django.core.cache.utils import make_template_fragment_key
        from django.middleware.csrf import get_token

        from hub.cache import CSRF_PLACEHOLDER, csrf_placeholders

        request = context.get("request")
        if request is None or getattr(request, "is_preview", False):  # a preview shows the draft, never a kept copy
            return self.nodelist.render(context)
        key = make_template_fragment_key(f"form:{self.name}", [value.resolve(context) for value in self.vary_on])
        kept = cache.get(key)
        if kept is None:
            html = self.nodelist.render(context)
            kept = csrf_placeholders(html)
            if kept is None:  # no form field, or the token also used elsewhere: rendered for each reader
                return html
            cache.set(key, kept, self.timeout.resolve(context))
        # get_token() is this reader's token, and makes CsrfViewMiddleware set their CSRF cookie on the way out.
        return mark_safe(kept.replace(CSRF_PLACEHOLDER, get_token(request)))  # our own template's HTML


@register.tag("formcache")
def formcache(parser, token):
    """``{% formcache seconds name vary_on... %}...{% endformcache %}``: like ``{% cache %}``, for a fragment that
    holds an empty form (a GET's): kept with a placeholder where the CSRF token goes, and each reader gets their own
    token. Only for unbound forms: a form with a reader's answers or errors must be rendered each time."""
    nodelist = parser.parse(("endformcache",))
    parser.delete_first_token()
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError("formcache takes at least a timeout and a fragment name")
    return FormFragmentNode(
        nodelist, parser.compile_filter(bits[1]), bits[2].strip("\"'"), [parser.compile_filter(bit) for bit in bits[3:]]
    )
