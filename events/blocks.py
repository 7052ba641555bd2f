"""Blocks of event pages: agenda items and links to the products and reports an event mentions."""

from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError


class AgendaItemBlock(blocks.StructBlock):
    """One item of an event's programme. Time and speaker are optional: leave them empty when not known."""

    time = blocks.TimeBlock(
        required=False, help_text=_("UK time, if known. Leave empty rather than guess."), format="%H:%M"
    )
    title = blocks.CharBlock(max_length=200, help_text=_("What happens, e.g. 'Why child health equity matters'."))
    who = blocks.CharBlock(
        required=False,
        max_length=200,
        label=_("Who"),
        help_text=_("Who speaks or takes part, e.g. a speaker's name or 'CYP Champions'. Young people: no names."),
    )
    description = blocks.TextBlock(required=False, max_length=600)

    class Meta:
        icon = "time"
        label = _("Agenda item")


class ResourceLinkBlock(blocks.StructBlock):
    """A product, report or other resource mentioned at the event: a page on this site or a web address."""

    page = blocks.PageChooserBlock(required=False, help_text=_("A page on this site: the link follows it if it moves."))
    url = blocks.URLBlock(required=False, label=_("Or a web address"), help_text=_("Starting with https://."))
    title = blocks.CharBlock(
        required=False,
        max_length=200,
        help_text=_("Required for a web address; for a page, leave empty to use its title."),
    )
    description = blocks.CharBlock(required=False, max_length=300)

    def clean(self, value):
        value = super().clean(value)
        page, url = value.get("page"), (value.get("url") or "").strip()
        if bool(page) == bool(url):
            raise StructBlockValidationError(
                non_block_errors=[ValidationError(_("Choose a page or enter a web address (one of the two)."))]
            )
        if url and urlparse(url).scheme not in {"http", "https"}:
            raise StructBlockValidationError(
                block_errors={"url": ValidationError(_("Use a web address starting with https:// or http://."))}
            )
        if url and not (value.get("title") or "").strip():
            raise StructBlockValidationError(
                block_errors={"title": ValidationError(_("Give the link a title that says where it goes."))}
            )
        return value

    class Meta:
        icon = "link"
        label = _("Resource")
