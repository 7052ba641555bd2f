"""Language helpers for public pages: each page's language, its live translations, and hreflang links."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.html import strip_tags
from django.utils.translation import get_language_info
from wagtail.models import Locale

from hub import cache as page_cache
from hub.base_url import page_url
from hub.querysets import exclude_private

_locale_codes: dict[int, str] = {}


def locale_code(locale_id: int) -> str:
    """The language code of a locale, from a per-process map (locales rarely change; saves clear it).

    The map is replaced, never changed in place: threaded workers read it while another thread reloads it."""
    global _locale_codes
    if locale_id not in _locale_codes:
        _locale_codes = dict(Locale.objects.values_list("pk", "language_code"))
    return _locale_codes.get(locale_id, "")


@receiver([post_save, post_delete], sender=Locale)
def _forget_locale_codes(**kwargs):
    global _locale_codes
    _locale_codes = {}


def active_locale_id() -> int | None:
    """The locale of the active language (the /pl/ or /ur/ prefix), without a query once the map is loaded."""
    from django.utils.translation import get_language
    from wagtail.coreutils import get_supported_content_language_variant

    try:
        code = get_supported_content_language_variant(get_language())
    except LookupError:
        return None
    return locale_id_for(code)


def locale_id_for(language_code: str) -> int | None:
    """The locale of a language code, from the per-process map."""
    if not _locale_codes:
        locale_code(0)
    codes = _locale_codes  # this thread's snapshot
    return next((pk for pk, language in codes.items() if language == language_code), None)


def language_details(code: str) -> dict:
    """Name in its own language and text direction, e.g. {'code': 'ur', 'name': 'اردو', 'bidi': True}."""
    names = dict(settings.LANGUAGES)
    try:
        info = get_language_info(code)
    except KeyError:
        info = {"bidi": False, "name_local": code}
    return {"code": code, "name": names.get(code) or info["name_local"], "bidi": info["bidi"]}


def live_translations(page, request=None) -> list[dict]:
    """Every live, public version of ``page`` (itself included), cached on the page for the request.

    Each entry: code, name, bidi, url (absolute), is_current.
    """
    cached = getattr(page, "_live_translations", None)
    if cached is not None:
        return cached
    # Kept for the content version (any publish, move or restriction moves it on), per page and site: the
    # switcher and hreflang are on every page, and reading them costs two queries.
    site = getattr(request, "_wagtail_site", None)
    key = f"chec:translations:{page_cache.version()}:{page.pk}:{site.pk if site else 0}"
    translations = cache.get(key) if page.pk else None
    if translations is None:
        translations = []
        versions = exclude_private(page.get_translations(inclusive=True).live(), request).order_by("locale_id")
        for translation in versions:
            url = page_url(translation, request)
            if not url:
                continue
            details = language_details(locale_code(translation.locale_id))
            translations.append({**details, "url": url, "is_current": translation.pk == page.pk})
        if page.pk:
            cache.set(key, translations, settings.FRAGMENT_CACHE_SECONDS)
    page._live_translations = translations
    return translations


_UNTRANSLATED: dict[tuple, frozenset] = {}


def _plain(text) -> str:
    return " ".join(strip_tags(str(text)).split())


def untranslated_texts(language_code: str) -> frozenset[str]:
    """Texts still in the source language in the pages and snippets translated into ``language_code`` with
    wagtail-localize: the segments without a translation, which it fills from the source (``fallback``). Plain text,
    whitespace collapsed; only texts with a letter. Kept per content version (one query when it moves on)."""
    from django.db.models import Exists, OuterRef
    from wagtail_localize.models import StringSegment, StringTranslation

    locale_id = locale_id_for(language_code)
    if locale_id is None:
        return frozenset()
    global _UNTRANSLATED
    version = page_cache.version()
    key = (version, locale_id)
    texts = _UNTRANSLATED.get(key)
    if texts is None:
        translated = StringTranslation.objects.filter(
            locale_id=locale_id, translation_of=OuterRef("string_id"), context=OuterRef("context_id")
        )
        segments = (
            StringSegment.objects.filter(source__translations__target_locale_id=locale_id)
            .exclude(Exists(translated))
            .values_list("string__data", flat=True)
            .distinct()
        )
        texts = frozenset(text for text in map(_plain, segments) if any(char.isalpha() for char in text))
        # Replaced, never changed in place (threads read it): this version's languages only.
        _UNTRANSLATED = {**{old: kept for old, kept in _UNTRANSLATED.items() if old[0] == version}, key: texts}
    return texts


def is_untranslated(text, language_code: str) -> bool:
    """Whether ``text`` shown on a page in ``language_code`` is source text standing in for a missing translation."""
    return _plain(text) in untranslated_texts(language_code)
