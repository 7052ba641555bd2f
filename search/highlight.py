"""Excerpts of a result's text around the searched words, with those words marked (``<mark>``), safely escaped.

The text is never trusted: it is cut first, then every piece is escaped, and only the ``<mark>`` tags this module
writes are markup. Works the same on every backend (the database backend offers no highlighting of its own).
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

EXCERPT_LENGTH = 240
MAX_TEXT = 100_000  # characters of a text looked at: a long document costs no more than this


def _pattern(words: list[str]) -> re.Pattern | None:
    words = [word for word in words if word]
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})\w*", re.IGNORECASE)


def excerpt(text: str, words: list[str], length: int = EXCERPT_LENGTH) -> SafeString:
    """Up to ``length`` characters of ``text`` around the first searched word, the words in ``<mark>``.

    The start of the text when no word is found; "" for no text.
    """
    text = " ".join((text or "")[:MAX_TEXT].split())
    if not text:
        return mark_safe("")
    pattern = _pattern(words)
    first = pattern.search(text) if pattern else None
    start = 0
    if first and first.start() > length // 3:
        start = first.start() - length // 3
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first.start() else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    window = text[start:end]
    parts = []
    position = 0
    for match in pattern.finditer(window) if pattern else ():
        parts.append(escape(window[position : match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    parts.append(escape(window[position:]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)


def mark(text: str, words: list[str]) -> SafeString:
    """The whole (short) text, escaped, with the searched words in ``<mark>`` (titles)."""
    return excerpt(text, words, length=len(text or "") + 1)
