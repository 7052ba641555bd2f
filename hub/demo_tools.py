"""Helpers for building demonstration content idempotently, used by every app's ``demo`` module.

Each app's ``demo.load(stdout)`` creates what is missing and leaves what exists alone, so ``load_demo`` can run on
every ``make run`` without overwriting an editor's changes.
"""

import re
from html import escape
from importlib import import_module
from pathlib import Path

from wagtail.models import Page, Site

from hub.models import NavigationSettings


def home_page():
    """The default site's root page (created by home.demo)."""
    return Site.objects.get(is_default_site=True).root_page.specific


def ensure_child(parent: Page, model, slug: str, stdout=None, **fields):
    """Return the child of ``parent`` with ``slug``, creating and publishing it as ``model`` if missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    if stdout is not None:
        stdout.write(f"  created {model._meta.verbose_name} '{page.title}' at {page.url}")
    return page


def ensure_menu_item(site: Site, page: Page, label: str = "", menu: str = "main_menu", before_slug: str = "") -> None:
    """Add ``page`` to a menu of the site's navigation settings unless it is already there.

    It goes at the end, or before the item whose page has ``before_slug`` (so "About" can stay last).
    """
    navigation = NavigationSettings.for_site(site)
    stream = getattr(navigation, menu)
    slugs = [child.value["page"].slug if child.value["page"] else "" for child in stream]
    if any(child.value["page"] and child.value["page"].pk == page.pk for child in stream):
        return
    position = slugs.index(before_slug) if before_slug in slugs else len(slugs)
    stream.insert(position, ("item", {"page": page, "label": label}))
    navigation.save()


def paragraphs(*texts: str) -> str:
    """Plain sentences to rich-text HTML paragraphs (texts are our own, so no escaping is needed)."""
    return "".join(f"<p>{text}</p>" for text in texts)


def heading(text: str, level: str = "h2"):
    return ("heading", {"text": text, "level": level, "anchor": ""})


def text(*texts: str):
    return ("text", paragraphs(*texts))


def rich(html: str):
    return ("text", html)


def ensure_sample_translation(instance, language_code: str, strings: dict[str, str], stdout=None, update=False):
    """Translate a page (or snippet) through wagtail-localize with the given strings, and publish it.

    ``strings`` maps source text to its translation; text without one stays in the source language. Does nothing
    if a translation into that language exists already, unless ``update``: then the translation is brought up to
    date with the source as it is now (what was added to the source since, e.g. the home page's routes once every
    section exists). Returns the translated object.
    """
    from wagtail.models import Locale
    from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

    locale = Locale.objects.get(language_code=language_code)
    existing = instance.get_translation_or_none(locale)
    if existing is not None and not update:
        return existing
    if existing is not None:
        source, _created = TranslationSource.update_or_create_from_instance(instance)
    else:
        source, _created = TranslationSource.get_or_create_from_instance(instance)
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        translated = strings.get(segment.string.data)
        if translated:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={"data": translated, "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL},
            )
    from wagtail_localize.models import Translation

    Translation.objects.get_or_create(source=source, target_locale=locale)
    # publish=False, then publish here: wagtail-localize's own publish waits for the end of the transaction and
    # then saves the page object it held, which would undo the tree's child count of pages translated after it
    # in the same `load_demo` transaction (the translated section would then 404).
    from wagtail.models import DraftStateMixin

    has_drafts = isinstance(instance, DraftStateMixin)
    translated, _created = source.create_or_update_translation(locale, publish=not has_drafts, fallback=True)
    if has_drafts:
        translated.get_latest_revision().publish()
        translated.refresh_from_db()
    if stdout is not None:
        done = "brought up to date" if existing is not None else "created"
        stdout.write(f"  {done} a sample {language_code} translation of '{instance}'")
    return translated


# --- Demonstration content files -----------------------------------------------------------------------------------
# Each app keeps its demo content in ``<app>/demo_content/*.yaml``, written to be read and edited as content: plain
# paragraphs, a light Markdown for lists, bold and links, and body blocks listed one per item. The app's ``demo.py``
# is the script that turns a file into pages; it stays idempotent (ensure_child: what exists is left alone).

_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def content(app_module: str, name: str) -> dict:
    """The demo content file ``<app>/demo_content/<name>.yaml`` of the app whose module is ``app_module``
    (pass ``__name__``), as Python data."""
    import yaml

    package = import_module(app_module.rsplit(".", 1)[0] if app_module.endswith(".demo") else app_module)
    path = Path(package.__file__).resolve().parent / "demo_content" / f"{name}.yaml"
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def _inline(text: str) -> str:
    """Escape text, then turn **bold** and [label](url) into HTML (the only inline Markdown the files use)."""
    html = escape(text.strip(), quote=False)
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    return _LINK.sub(r'<a href="\2">\1</a>', html)


def rich_text(value: str) -> str:
    """Rich text from a content file: HTML as it is (when it starts with "<"), otherwise paragraphs separated by a
    blank line, where a paragraph whose lines start with "- " is a bulleted list and "1. " a numbered one."""
    value = (value or "").strip()
    if value.startswith("<"):
        return value
    parts = []
    for paragraph in re.split(r"\n\s*\n", value):
        lines = [line.strip() for line in paragraph.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            parts.append("<ul>" + "".join(f"<li>{_inline(line[2:])}</li>" for line in lines) + "</ul>")
        elif all(re.match(r"\d+\. ", line) for line in lines):
            items = "".join(f"<li>{_inline(line.split('. ', 1)[1])}</li>" for line in lines)
            parts.append(f"<ol>{items}</ol>")
        else:
            parts.append(f"<p>{_inline(' '.join(lines))}</p>")
    return "".join(parts)


# Rich text inside structured blocks, by block type and key (the rest of a block's fields are plain values).
_RICH_KEYS = {"callout": ("body",), "accordion_item": ("answer", "body")}


def _struct(kind: str, value):
    if not isinstance(value, dict):
        return value
    value = dict(value)
    for key in _RICH_KEYS.get(kind, ()):
        if isinstance(value.get(key), str):
            value[key] = rich_text(value[key])
    if kind == "accordion" and isinstance(value.get("items"), list):
        value["items"] = [_struct("accordion_item", item) for item in value["items"]]
    return value


def stream(items) -> list[tuple]:
    """Body blocks from a content file: a list of one-key mappings, ``{block type: value}``.

    ``heading: Text`` (an h2; ``{text: ..., level: h3}`` for an h3), ``text: paragraphs`` (see ``rich_text``),
    and every other block type with its fields as in the admin (``callout: {style, heading, body}``, ...).
    """
    blocks = []
    for item in items or []:
        ((kind, value),) = item.items()
        if kind == "heading":
            value = {"text": value, "level": "h2"} if isinstance(value, str) else {"level": "h2", **value}
            blocks.append(("heading", {"anchor": "", **value}))
        elif kind == "text":
            blocks.append(("text", rich_text(value)))
        else:
            blocks.append((kind, _struct(kind, value)))
    return blocks
