"""The shared StreamField block library: every page type builds its body from these blocks.

Each block has its own template under ``templates/blocks/`` and a ``preview_value`` so editors see it in the block
picker. Validation that protects readers (alt text, captions, transcripts, safe video hosts) lives here, in
``clean()``, so it applies wherever a block is used.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from django.core.exceptions import ValidationError
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.list_block import ListValue
from wagtail.blocks.stream_block import StreamValue
from wagtail.blocks.struct_block import StructBlockValidationError, StructValue
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import RichText

# Rich text inside blocks: the same small, accessible feature set as the site-wide default.
RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]
SIMPLE_RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link"]


class HeadingBlock(blocks.StructBlock):
    """A section heading. Its anchor feeds the on-page contents list and deep links."""

    text = blocks.CharBlock(max_length=150, help_text=_("Short and descriptive: readers scan headings."))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section (level 2)")), ("h3", _("Sub-section (level 3)"))],
        default="h2",
        help_text=_("Use level 2 for sections; level 3 only inside a level 2 section. Never skip levels."),
    )
    anchor = blocks.CharBlock(
        required=False,
        max_length=80,
        help_text=_("Optional link name for this heading (letters, numbers, hyphens). Made from the text if empty."),
    )

    def clean(self, value):
        value = super().clean(value)
        anchor = value.get("anchor")
        if anchor and not re.fullmatch(r"[a-z0-9][a-z0-9-]*", anchor):
            raise StructBlockValidationError(
                block_errors={"anchor": ValidationError(_("Use lower-case letters, numbers and hyphens only."))}
            )
        return value

    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        label = _("Heading")
        description = _("A section heading, listed in the page contents.")
        preview_value = {"text": "Why child health equity matters", "level": "h2"}


class RichTextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/rich_text.html"
        label = _("Text")
        description = _("Paragraphs, lists and links.")
        preview_value = (
            "<p>The Collaborative brought together a children's charity, an academic institute and three "
            "Integrated Care Systems.</p>"
        )


class ImageBlock(blocks.StructBlock):
    """An image with alt text that is required unless the editor marks the image as decorative."""

    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=False,
        max_length=250,
        label=_("Alt text"),
        help_text=_(
            "Describe what the image shows for people who cannot see it. Required unless the image is decorative."
        ),
    )
    decorative = blocks.BooleanBlock(
        required=False,
        label=_("Decorative only"),
        help_text=_("Tick only if the image adds nothing to the text; screen readers will skip it."),
    )
    caption = blocks.CharBlock(required=False, max_length=250)
    credit = blocks.CharBlock(required=False, max_length=150, help_text=_("Photographer or source, if required."))

    def clean(self, value):
        value = super().clean(value)
        if not value.get("decorative") and not (value.get("alt_text") or "").strip():
            raise StructBlockValidationError(
                block_errors={
                    "alt_text": ValidationError(_("Add alt text, or tick 'Decorative only' if the image adds nothing."))
                }
            )
        return value

    class Meta:
        icon = "image"
        template = "blocks/image.html"
        label = _("Image")
        description = _("A picture with alt text, caption and credit.")


class QuoteBlock(blocks.StructBlock):
    """A quotation, including the anonymised voice of a child or young person."""

    quote = blocks.TextBlock(max_length=800)
    attribution = blocks.CharBlock(
        required=False,
        max_length=150,
        help_text=_("For young people, never a full name: for example 'Young person, 15, South Yorkshire'."),
    )
    young_persons_voice = blocks.BooleanBlock(
        required=False, label=_("Voice of a child or young person"), help_text=_("Shows the quote in the voice style.")
    )
    illustrative = blocks.BooleanBlock(
        required=False,
        help_text=_("Tick for a demonstration or made-up quote: the page then labels it as illustrative."),
    )

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"
        label = _("Quote or young person's voice")
        description = _("A quotation with an anonymised attribution.")
        preview_value = {
            "quote": "We want to be listened to, not just asked.",
            "attribution": "Young person (illustrative)",
            "young_persons_voice": True,
            "illustrative": True,
        }


class CalloutBlock(blocks.StructBlock):
    style = blocks.ChoiceBlock(
        choices=[("info", _("Information")), ("finding", _("Key finding")), ("important", _("Important"))],
        default="info",
    )
    heading = blocks.CharBlock(required=False, max_length=120)
    body = blocks.RichTextBlock(features=SIMPLE_RICH_TEXT_FEATURES + ["ul", "ol"])

    class Meta:
        icon = "info-circle"
        template = "blocks/callout.html"
        label = _("Callout or key finding")
        description = _("A highlighted box for a key finding or an important note.")
        preview_value = {
            "style": "finding",
            "heading": "Key finding",
            "body": "<p>Young people stressed relationships, safety and feeling valued.</p>",
        }


class KeyFigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(
        max_length=20, help_text=_("The number as people should read it, e.g. '72%' or '4 times'.")
    )
    label = blocks.CharBlock(max_length=200, help_text=_("What the number means, as a full sentence."))
    source = blocks.CharBlock(required=False, max_length=200)
    year = blocks.IntegerBlock(required=False, min_value=1900, max_value=2100)
    illustrative = blocks.BooleanBlock(required=False, help_text=_("Tick for a demonstration figure."))


class KeyFiguresBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    figures = blocks.ListBlock(KeyFigureBlock(), min_num=1, max_num=6)

    class Meta:
        icon = "table"
        template = "blocks/key_figures.html"
        label = _("Key figures")
        description = _("Up to six headline numbers, each with its source and year.")
        preview_value = {
            "heading": "Key figures",
            "figures": [
                {
                    "value": "2x",
                    "label": "Infants in the most deprived areas are twice as likely to die in their first year.",
                    "source": "Barnardo's",
                    "year": 2025,
                }
            ],
        }


class TableBlock(TypedTableBlock):
    """A data table whose caption is required, so screen-reader users know what it holds."""

    def __init__(self, **kwargs):
        super().__init__(
            [
                ("text", blocks.CharBlock(required=False, max_length=250)),
                ("number", blocks.DecimalBlock(required=False)),
                ("rich_text", blocks.RichTextBlock(required=False, features=SIMPLE_RICH_TEXT_FEATURES)),
            ],
            **kwargs,
        )

    def clean(self, value):
        value = super().clean(value)
        if value is not None and not (value.caption or "").strip():
            raise ValidationError(_("Add a caption that says what the table shows."))
        return value

    class Meta:
        icon = "table"
        template = "blocks/table.html"
        label = _("Table")
        description = _("A data table with a caption and column headings.")


class DocumentDownloadBlock(blocks.StructBlock):
    """A link to a document that says its format and size (GOV.UK attachment pattern)."""

    document = DocumentChooserBlock()
    title = blocks.CharBlock(required=False, max_length=200, help_text=_("Leave empty to use the document's title."))
    description = blocks.TextBlock(required=False, max_length=400)

    class Meta:
        icon = "doc-full"
        template = "blocks/document_download.html"
        label = _("Document download")
        description = _("A file to download, with its format and size shown.")


VIDEO_HOSTS = {
    "youtube.com": "youtube",
    "www.youtube.com": "youtube",
    "m.youtube.com": "youtube",
    "youtu.be": "youtube",
    "youtube-nocookie.com": "youtube",
    "www.youtube-nocookie.com": "youtube",
    "vimeo.com": "vimeo",
    "www.vimeo.com": "vimeo",
    "player.vimeo.com": "vimeo",
}


def privacy_enhanced_embed_url(url: str) -> str | None:
    """Turn a YouTube or Vimeo link into its privacy-enhanced embed URL (no cookies until played).

    Returns None for any other host, so only known, privacy-respecting players are ever embedded.
    """
    try:
        parsed = urlparse(url.strip())
    except ValueError:
        return None
    if parsed.scheme not in {"http", "https"}:
        return None
    provider = VIDEO_HOSTS.get((parsed.hostname or "").lower())
    path_parts = [part for part in parsed.path.split("/") if part]
    if provider == "youtube":
        if parsed.hostname == "youtu.be" and path_parts:
            video_id = path_parts[0]
        elif path_parts[:1] in (["embed"], ["shorts"], ["live"]) and len(path_parts) > 1:
            video_id = path_parts[1]
        else:
            video_id = (parse_qs(parsed.query).get("v") or [""])[0]
        if re.fullmatch(r"[A-Za-z0-9_-]{6,20}", video_id or ""):
            return f"https://www.youtube-nocookie.com/embed/{video_id}"
    if provider == "vimeo":
        video_id = next((part for part in reversed(path_parts) if part.isdigit()), "")
        if video_id:
            return f"https://player.vimeo.com/video/{video_id}?dnt=1"
    return None


class VideoBlock(blocks.StructBlock):
    """A click-to-load video with its transcript always on the page.

    No third-party request is made until the reader chooses to play, so no cookie is set without consent.
    """

    title = blocks.CharBlock(max_length=200, help_text=_("What the video is, e.g. 'Webinar: launching the framework'."))
    url = blocks.URLBlock(help_text=_("A YouTube or Vimeo link. It plays through the host's privacy-enhanced player."))
    transcript = blocks.RichTextBlock(
        features=SIMPLE_RICH_TEXT_FEATURES + ["ul", "ol", "h3"],
        help_text=_("The full text of what is said and shown. Required: not everyone can watch or hear video."),
    )
    captions = blocks.BooleanBlock(
        required=False, default=True, label=_("Video has captions"), help_text=_("Recorded video needs captions.")
    )

    def clean(self, value):
        value = super().clean(value)
        if privacy_enhanced_embed_url(value.get("url") or "") is None:
            raise StructBlockValidationError(
                block_errors={"url": ValidationError(_("Use a YouTube or Vimeo link to a single video."))}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["embed_url"] = privacy_enhanced_embed_url(value.get("url") or "")
        return context

    class Meta:
        icon = "media"
        template = "blocks/video.html"
        label = _("Video with transcript")
        description = _("A video that loads only when played, with its transcript.")


class AccordionItemBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=150)
    body = blocks.RichTextBlock(features=SIMPLE_RICH_TEXT_FEATURES + ["ul", "ol"])


class AccordionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120, help_text=_("Optional heading above the questions."))
    items = blocks.ListBlock(AccordionItemBlock(), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "blocks/accordion.html"
        label = _("Accordion or FAQ")
        description = _("Questions and answers that open and close (works without JavaScript).")
        preview_value = {
            "heading": "Questions",
            "items": [{"heading": "Who was the Collaborative for?", "body": "<p>Children and young people.</p>"}],
        }


class LinkBlock(blocks.StructBlock):
    """A link to a page on this site or to another website (exactly one of the two)."""

    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, label=_("Or a web address"))

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise StructBlockValidationError(
                non_block_errors=[ValidationError(_("Choose a page or enter a web address (one of the two)."))]
            )
        return value

    class Meta:
        icon = "link"


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False, max_length=400)
    link = LinkBlock()
    button_label = blocks.CharBlock(
        max_length=60, help_text=_("Say where the button goes, e.g. 'Explore the framework', never 'Click here'.")
    )

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action.html"
        label = _("Call to action")
        description = _("A short prompt with one clear button.")


class BodyBlock(blocks.StreamBlock):
    """The body of every content page."""

    heading = HeadingBlock()
    text = RichTextBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    callout = CalloutBlock()
    key_figures = KeyFiguresBlock()
    table = TableBlock()
    document = DocumentDownloadBlock()
    video = VideoBlock()
    accordion = AccordionBlock()
    call_to_action = CallToActionBlock()

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        assign_heading_anchors(value)
        return context

    # The content checks (heading levels, link text) run on the whole page in the admin form
    # (``hub.forms.ContentCheckedPageForm``), which knows the heading the template puts above each field.

    class Meta:
        template = "blocks/stream.html"


VAGUE_LINK_TEXT = {"click here", "here", "click", "read more", "more", "link", "this link", "this page", "go"}
LINK_PATTERN = re.compile(r"<a\b[^>]*>(.*?)</a>", re.IGNORECASE | re.DOTALL)
RICH_HEADING_PATTERN = re.compile(r"<h([2-6])\b", re.IGNORECASE)

# The level of the heading the page template puts above a field, when the page type does not say
# (``content_heading_levels``): rich text fields sit under an h2 of the template ("The problem", "What it is"...),
# stream fields directly under the page title (h1), their own heading blocks making the sections.
DEFAULT_RICH_TEXT_FIELD_LEVEL = 2
DEFAULT_STREAM_FIELD_LEVEL = 1


class _HeadingTracker:
    """Follows the heading levels of one field in reading order and records what breaks the content rules."""

    def __init__(self, level: int):
        self.level = level
        self.problems: list[str] = []

    def heading(self, heading_level: int, where: str):
        if heading_level > self.level + 1:
            self.problems.append(
                _("%(where)s: a level %(level)d heading follows a level %(previous)d heading: do not skip levels.")
                % {"where": where, "level": heading_level, "previous": self.level}
            )
        self.level = heading_level

    def rich_text(self, html: str, where: str):
        for number in RICH_HEADING_PATTERN.findall(html or ""):
            self.heading(int(number), where)
        for link_html in LINK_PATTERN.findall(html or ""):
            link_text = re.sub(r"<[^>]+>", "", link_html).strip().lower().rstrip(".")
            if link_text in VAGUE_LINK_TEXT:
                self.problems.append(
                    _("%(where)s: the link text '%(text)s' does not say where the link goes. Describe the destination.")
                    % {"where": where, "text": link_text}
                )

    def value(self, block, value, where: str):
        """Walk a block's value: streams, lists and structs down to their rich text."""
        if isinstance(value, RichText):
            self.rich_text(value.source, where)
        elif isinstance(value, str) and isinstance(block, blocks.RichTextBlock):
            self.rich_text(value, where)
        elif isinstance(value, StreamValue):
            for number, child in enumerate(value, start=1):
                child_where = _("%(where)s, block %(number)d (%(label)s)") % {
                    "where": where,
                    "number": number,
                    "label": child.block.label,
                }
                if isinstance(child.block, HeadingBlock):
                    self.heading(int(str(child.value.get("level") or "h2")[1]), child_where)
                self.value(child.block, child.value, child_where)
        elif isinstance(value, StructValue):
            for name, child_value in value.items():
                child_block = value.block.child_blocks[name]
                self.value(child_block, child_value, f"{where} › {child_block.label}")
        elif isinstance(value, ListValue):
            for number, child_value in enumerate(value, start=1):
                self.value(value.list_block.child_block, child_value, f"{where} {number}")


def content_problems(stream_value, level: int = DEFAULT_STREAM_FIELD_LEVEL, where: str = "") -> list[str]:
    """The content checks of one stream: headings that skip a level, and vague link text, in every block.

    ``level`` is the heading level the template gives the stream (1: directly under the page title).
    """
    tracker = _HeadingTracker(level)
    tracker.value(None, stream_value, where or _("Body"))
    return tracker.problems


def rich_text_problems(html: str, level: int = DEFAULT_RICH_TEXT_FIELD_LEVEL, where: str = "") -> list[str]:
    """The same checks for a rich text field under a template heading of ``level``."""
    tracker = _HeadingTracker(level)
    tracker.rich_text(html, where or _("Text"))
    return tracker.problems


def field_heading_level(model, field) -> int:
    """The heading level above a field on the page: the page type's ``content_heading_levels`` or the default."""
    declared = getattr(model, "content_heading_levels", {}) or {}
    if field.name in declared:
        return declared[field.name]
    return DEFAULT_STREAM_FIELD_LEVEL if isinstance(field, StreamField) else DEFAULT_RICH_TEXT_FIELD_LEVEL


def checked_content_fields(model) -> list:
    """Every rich text and stream field of a model: the fields the content checks read."""
    return [field for field in model._meta.get_fields() if isinstance(field, (RichTextField, StreamField))]


def field_content_problems(model, field, value) -> list[str]:
    """The content problems of one field's (cleaned) value, each message naming the field and block at fault."""
    label = capfirst(str(field.verbose_name))
    level = field_heading_level(model, field)
    if isinstance(field, StreamField):
        return content_problems(value, level, label) if value is not None else []
    html = value.source if isinstance(value, RichText) else (value or "")
    return rich_text_problems(html, level, label)


def heading_anchor(text: str) -> str:
    return slugify(text)[:80].strip("-") or "section"


def assign_heading_anchors(stream_value, prefix: str = "") -> list:
    """Give every heading in a stream a unique anchor; return the headings as (child, anchor) pairs.

    Anchors are stored on the bound stream children (``child.anchor_id``), which the stream value caches, so the
    contents list and the rendered headings always agree, and two headings with the same text stay distinct.
    ``prefix`` keeps anchors unique when several bodies share one page (a whole report on one page); the first
    call on a stream value decides its anchors.
    """
    headings = []
    seen: set[str] = set()
    for child in stream_value:
        if child.block_type != "heading":
            continue
        anchor = getattr(child, "anchor_id", None)
        if anchor is None:
            base = prefix + (child.value.get("anchor") or heading_anchor(child.value.get("text", "")))
            anchor, number = base, 2
            while anchor in seen:
                anchor, number = f"{base}-{number}", number + 1
            child.anchor_id = anchor
        seen.add(anchor)
        headings.append((child, anchor))
    return headings


class StepBlock(blocks.StructBlock):
    """One step of a procedure, e.g. of "how to adopt" a toolkit."""

    title = blocks.CharBlock(max_length=150, help_text=_("What to do, starting with a verb, e.g. 'Read the guide'."))
    text = blocks.RichTextBlock(
        required=False, features=SIMPLE_RICH_TEXT_FEATURES + ["ul", "ol"], help_text=_("Details, if needed.")
    )

    class Meta:
        icon = "list-ol"
        label = _("Step")
