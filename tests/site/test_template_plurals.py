"""No template writes a count followed by a word outside ``{% blocktranslate count %}`` (issue 14: "1 reports" on
tag pages came from ``{{ type.count }} {{ type.label }}``). A count in words needs the plural form of its number:
two forms in English and Urdu, three in Polish."""

import re
from pathlib import Path

from django.conf import settings

PLURAL_BLOCK = re.compile(r"{%\s*blocktranslate\b[^%]*\bcount\b.*?{%\s*endblocktranslate\s*%}", re.S)
# {{ something.count }}, {{ total }}, {{ items|length }} ... then a space and a word or another variable.
COUNT_THEN_WORD = re.compile(
    r"{{\s*(?!forloop\.)([\w.]*(?:count|total|num_pages)\w*|[\w.]+\|length)\s*}}[ \t]+(?:{{|[^\W\d_])", re.I
)


def counts_followed_by_words(source: str) -> list[str]:
    return [match.group(0) for match in COUNT_THEN_WORD.finditer(PLURAL_BLOCK.sub("", source))]


def test_the_check_finds_the_old_tag_page_line():
    assert counts_followed_by_words("{% for type in t %}{{ type.count }} {{ type.label }}{% endfor %}")
    assert counts_followed_by_words("{{ files|length }} files")
    assert not counts_followed_by_words(
        "{% blocktranslate count counter=files|length %}{{ counter }} file{% plural %}{{ counter }} files"
        "{% endblocktranslate %} {{ forloop.counter }} {{ row.count }}</td>"
    )


def test_no_template_writes_a_count_and_a_word_without_a_plural_form():
    found = []
    for path in sorted(Path(settings.BASE_DIR, "templates").rglob("*.html")):
        found += [f"{path.relative_to(settings.BASE_DIR)}: {hit}" for hit in counts_followed_by_words(path.read_text())]
    assert not found, "\n".join(found)
