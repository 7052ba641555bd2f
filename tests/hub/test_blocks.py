"""The shared block library: each block renders its fields, and validation protects readers."""

import pytest
import wagtail_factories
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from hub import blocks
from hub.blocks import BodyBlock, content_problems, privacy_enhanced_embed_url

pytestmark = pytest.mark.django_db


def render(block, raw_value):
    return block.render(block.to_python(raw_value))


def test_heading_renders_at_its_level_with_an_anchor():
    html = render(blocks.HeadingBlock(), {"text": "Why it matters", "level": "h3", "anchor": ""})
    assert html.strip().startswith("<h3")
    assert "Why it matters" in html


def test_headings_in_a_body_get_unique_anchors_in_order():
    body = BodyBlock()
    value = body.to_python(
        [
            {"type": "heading", "value": {"text": "Housing", "level": "h2", "anchor": ""}},
            {"type": "text", "value": "<p>Text.</p>"},
            {"type": "heading", "value": {"text": "Housing", "level": "h2", "anchor": ""}},
            {"type": "heading", "value": {"text": "Schools", "level": "h3", "anchor": "school-life"}},
        ]
    )
    html = body.render(value)
    assert 'id="housing"' in html and 'id="housing-2"' in html and 'id="school-life"' in html
    assert html.index('id="housing"') < html.index('id="housing-2"') < html.index('id="school-life"')


def test_heading_anchor_rejects_unsafe_characters():
    block = blocks.HeadingBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"text": "A", "level": "h2", "anchor": "has spaces<script>"}))


def test_rich_text_renders_its_html():
    assert "<strong>bold</strong>" in render(blocks.RichTextBlock(), "<p><strong>bold</strong></p>")


def test_image_requires_alt_text_unless_decorative():
    image = wagtail_factories.ImageFactory()
    block = blocks.ImageBlock()
    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python({"image": image.pk, "alt_text": "  ", "decorative": False}))
    assert "alt_text" in error.value.block_errors
    # Decorative images may have no alt text, and render with an empty alt.
    decorative = block.clean(block.to_python({"image": image.pk, "alt_text": "", "decorative": True}))
    assert 'alt=""' in block.render(decorative)


def test_image_renders_alt_caption_credit_and_responsive_sources():
    image = wagtail_factories.ImageFactory()
    html = render(
        blocks.ImageBlock(),
        {"image": image.pk, "alt_text": "Young people at a workshop", "caption": "A session", "credit": "Photo: CHEC"},
    )
    assert 'alt="Young people at a workshop"' in html
    assert "A session" in html and "Photo: CHEC" in html
    assert "<picture" in html and "image/webp" in html
    assert 'loading="lazy"' in html


def test_quote_labels_illustrative_voices():
    html = render(
        blocks.QuoteBlock(),
        {"quote": "Listen to us.", "attribution": "Young person", "young_persons_voice": True, "illustrative": True},
    )
    assert "Listen to us." in html and "Young person" in html
    assert "quote--voice" in html
    assert "Illustrative" in html


def test_callout_says_its_type_in_words_not_only_colour():
    html = render(blocks.CalloutBlock(), {"style": "finding", "heading": "Finding", "body": "<p>Body text</p>"})
    assert "Key finding" in html and "Body text" in html


def test_key_figures_show_value_label_source_and_year():
    html = render(
        blocks.KeyFiguresBlock(),
        {
            "heading": "Figures",
            "figures": [{"value": "72%", "label": "More likely.", "source": "Barnardo's", "year": 2025}],
        },
    )
    for expected in ("72%", "More likely.", "Barnardo&#x27;s", "2025"):
        assert expected in html
    assert "Illustrative" not in html


def table_value(caption):
    return {
        "caption": caption,
        "columns": [{"type": "text", "heading": "Area"}, {"type": "number", "heading": "Rate"}],
        "rows": [{"values": ["South Yorkshire", "12.5"]}],
    }


def test_table_requires_a_caption():
    block = blocks.TableBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python(table_value("")))


def test_table_renders_caption_and_column_headers():
    block = blocks.TableBlock()
    html = block.render(block.clean(block.to_python(table_value("Rates by area"))))
    assert "<caption" in html and "Rates by area" in html
    assert '<th scope="col">Area</th>' in html
    assert "South Yorkshire" in html and "12.5" in html


def test_document_download_shows_format_and_size():
    document = Document(title="Readiness tool guide")
    document.file.save("guide.pdf", ContentFile(b"%PDF-1.4 " + b"x" * 2048), save=False)
    document.save()
    html = render(blocks.DocumentDownloadBlock(), {"document": document.pk, "title": "", "description": "How to."})
    assert "Readiness tool guide" in html
    assert "PDF" in html and "2.0" in html and "KB" in html
    assert document.url in html


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.youtube.com/watch?v=abcDEF12345", "https://www.youtube-nocookie.com/embed/abcDEF12345"),
        ("https://youtu.be/abcDEF12345", "https://www.youtube-nocookie.com/embed/abcDEF12345"),
        ("https://vimeo.com/123456789", "https://player.vimeo.com/video/123456789?dnt=1"),
        ("https://evil.example.com/watch?v=abcDEF12345", None),
        ("javascript:alert(1)", None),
        ("https://www.youtube.com/watch?v=<script>", None),
    ],
)
def test_video_urls_become_privacy_enhanced_embeds_or_are_refused(url, expected):
    assert privacy_enhanced_embed_url(url) == expected


def test_video_loads_only_on_click_and_always_shows_the_transcript():
    block = blocks.VideoBlock()
    value = block.clean(
        block.to_python(
            {
                "title": "Launch webinar",
                "url": "https://www.youtube.com/watch?v=abcDEF12345",
                "transcript": "<p>Welcome everyone.</p>",
                "captions": True,
            }
        )
    )
    html = block.render(value)
    assert "<iframe" not in html  # nothing third-party until the reader presses play
    assert 'data-video-embed="https://www.youtube-nocookie.com/embed/abcDEF12345"' in html
    assert "Welcome everyone." in html


def test_video_from_an_unknown_host_is_refused():
    block = blocks.VideoBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"title": "T", "url": "https://example.com/v.mp4", "transcript": "<p>x</p>"}))


def test_accordion_renders_details_that_work_without_javascript():
    html = render(
        blocks.AccordionBlock(),
        {"heading": "FAQ", "items": [{"heading": "Who?", "body": "<p>Children and young people.</p>"}]},
    )
    assert "<details" in html and "<summary" in html
    assert "Who?" in html and "Children and young people." in html


def test_call_to_action_links_to_a_page_or_url(home):
    block = blocks.CallToActionBlock()
    html = render(
        block,
        {"heading": "Explore", "text": "See it.", "link": {"page": home.pk, "url": ""}, "button_label": "Go home"},
    )
    assert 'href="/"' in html and "Go home" in html and "Explore" in html


def test_link_needs_exactly_one_of_page_or_url(home):
    block = blocks.LinkBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"page": None, "url": ""}))
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"page": home.pk, "url": "https://example.org"}))


@pytest.mark.parametrize("name", list(BodyBlock.base_blocks.keys()))
def test_every_body_block_has_a_template_and_a_description(name):
    child = BodyBlock().child_blocks[name]
    assert child.meta.template.startswith("blocks/")
    assert child.get_description()


def test_body_checks_refuse_headings_that_skip_a_level_naming_the_block():
    """The checks themselves (hub.blocks.content_problems); the admin form runs them on every field
    (tests/hub/test_editor_content_checks.py)."""
    body = BodyBlock()
    value = body.to_python(
        [
            {"type": "heading", "value": {"text": "Section", "level": "h2", "anchor": ""}},
            {"type": "text", "value": "<h4>Too deep</h4><p>Text.</p>"},
        ]
    )
    problems = content_problems(body.clean(value), where="Body")
    assert problems == ["Body, block 2 (Text): a level 4 heading follows a level 2 heading: do not skip levels."]
    starts_deep = body.to_python([{"type": "heading", "value": {"text": "Sub", "level": "h3", "anchor": ""}}])
    assert content_problems(body.clean(starts_deep))
    # Under a template h2 (a toolkit's "More about it"), the same h3 is right.
    assert content_problems(body.clean(starts_deep), level=2) == []


def test_body_checks_refuse_vague_link_text_and_accept_descriptive_links():
    body = BodyBlock()
    vague = body.to_python(
        [{"type": "text", "value": '<p>For the guide <a href="https://example.org">click here</a>.</p>'}]
    )
    assert "click here" in " ".join(content_problems(body.clean(vague)))
    good = body.to_python(
        [
            {"type": "heading", "value": {"text": "Section", "level": "h2", "anchor": ""}},
            {"type": "text", "value": '<h3>Part</h3><p>Read <a href="https://example.org">the adoption guide</a>.</p>'},
        ]
    )
    assert content_problems(body.clean(good)) == []


def test_body_checks_reach_rich_text_inside_other_blocks():
    body = BodyBlock()
    value = body.to_python(
        [
            {
                "type": "accordion",
                "value": {
                    "heading": "Questions",
                    "items": [{"heading": "Where?", "body": '<p><a href="https://example.org">Read more</a></p>'}],
                },
            }
        ]
    )
    [problem] = content_problems(body.clean(value), where="Body")
    assert problem.startswith("Body, block 1 (Accordion or FAQ) › Items 1 › Body: the link text 'read more'")
