"""Listing cards kept in the cache by item id, so a listing whose cards are kept never loads its items.

A listing knows which items a page shows before it loads them (their ids, in order: ``hub.listing.FacetIndex``, a
``values_list`` of ids). :func:`render_cards` takes those ids, reads the kept cards in one cache call, loads and
renders only the missing ones (one query for them all, through ``load``), keeps them, and returns the HTML in the ids'
order. A card is kept per content version (``hub.cache.version``: any published change makes new cards), language,
host (links depend on the site), template and the caller's ``variant`` (a caption, a heading level).

Loading a page of 12 to 20 pages with their images and relations, then running ``{% cache %}`` for each, cost more
than the rest of a listing's rendering (``docs/performance.md``); the kept HTML costs one ``get_many``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from hub import cache as page_cache


def card_key_prefix(template: str, request, variant: str = "") -> str:
    """The cache key of a card without the item's id (which ends it)."""
    return f"chec:card:{page_cache.version()}:{get_language()}:{request.get_host()}:{template}:{variant}:"


def render_cards(
    request,
    ids: Iterable[int],
    template: str,
    load: Callable[[list[int]], Iterable],
    context_for: Callable[[object], dict] | None = None,
    variant: str = "",
    item_name: str = "item",
) -> list[SafeString]:
    """The cards of ``ids``, in that order: kept ones from the cache, the others rendered from ``load(missing ids)``
    (objects with a ``pk``) with the object as ``item_name`` and ``context_for(object)``'s other names (which
    ``variant`` must tell apart if they differ for one id). An id ``load`` no longer returns (a page unpublished since
    the ids were read) is left out."""
    ids = [int(pk) for pk in ids]
    cards = cards_by_id(request, ids, template, load, context_for, variant, item_name)
    return [cards[pk] for pk in ids if pk in cards]


def cards_by_id(request, ids, template, load, context_for=None, variant="", item_name="item") -> dict[int, SafeString]:
    """``render_cards`` as {id: card}, for a caller that places the cards itself (in groups, say)."""
    ids = [int(pk) for pk in ids]
    if not ids:
        return {}
    prefix = card_key_prefix(template, request, variant)
    keys = {pk: f"{prefix}{pk}" for pk in ids}
    kept = cache.get_many(list(keys.values()))
    missing = [pk for pk in ids if keys[pk] not in kept]
    if missing:
        compiled = get_template(template)
        made = {}
        for item in load(missing):
            context = context_for(item) if context_for else {}
            made[keys[item.pk]] = compiled.render({**context, item_name: item}, request)
        if made:
            cache.set_many(made, settings.FRAGMENT_CACHE_SECONDS)
        kept.update(made)
    # HTML that our own templates rendered (escaped there).
    return {pk: mark_safe(kept[keys[pk]]) for pk in ids if keys[pk] in kept}
