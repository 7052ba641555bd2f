"""The numbered steps block (hub.blocks.StepsBlock), shared by every page type."""

import re

import pytest
from django.core.exceptions import ValidationError

from hub.blocks import StepsBlock


def test_steps_render_as_an_ordered_list_in_the_editors_order():
    block = StepsBlock()
    value = block.to_python(
        {
            "heading": "How to adopt it",
            "steps": [
                {"title": "Read the guide", "text": "<p>It is short.</p>"},
                {"title": "Complete the tool", "text": ""},
            ],
        }
    )
    html = block.render(value)
    assert '<h2 class="steps__heading">How to adopt it</h2>' in html
    assert '<ol class="steps">' in html
    assert re.findall(r'<h3 class="steps__title">([^<]+)</h3>', html) == ["Read the guide", "Complete the tool"]
    assert "<p>It is short.</p>" in html
    assert html.count('class="steps__text') == 1  # no empty text box for a step without details


def test_a_steps_block_needs_at_least_one_step():
    block = StepsBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"heading": "", "steps": []}))
