"""Search: curated fields in ranking, documents under their pages, "did you mean", highlighted excerpts, bad input."""

import io
import re
import time

import pytest
from django.core.management import call_command
from django.db import connection
from wagtail.models import Page

from search.highlight import excerpt
from tests.factories import make_document, relate
from tests.home.factories import StandardPageFactory
from tests.toolkit.factories import ToolkitPageFactory, add_download

pytestmark = pytest.mark.django_db
RESULT_LINK = re.compile(r'class="result__title"><a href="([^"]+)">')


def search_html(client, query, prefix="", **params):
    response = client.get(f"{prefix}/search/", {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def result_urls(client, query, **params):
    return RESULT_LINK.findall(search_html(client, query, **params))


def test_a_tag_outranks_a_word_in_the_body(client, home):
    StandardPageFactory(
        parent=home, slug="mentions", title="Notes", body=[("text", "<p>Youth groups and a voice or two.</p>")]
    )
    tagged = relate(ToolkitPageFactory(parent=home, slug="tagged", title="Influence tool"), tags=["youth voice"])
    assert result_urls(client, "youth voice")[0] == tagged.url


def test_a_page_published_after_a_search_is_found_at_once(client, home):
    assert result_urls(client, "wombat") == []
    page = StandardPageFactory(parent=home, slug="wombat", title="Wombat care")
    assert result_urls(client, "wombat") == [page.url]
    page.unpublish()
    assert result_urls(client, "wombat") == []


def test_documents_are_shown_under_their_page_and_alternative_formats_under_the_main_file(client, home):
    toolkit = ToolkitPageFactory(parent=home, slug="planning", title="Planning tool")
    main = make_document("Quetzal plan template", "plan.txt", b"The quetzal plan template.")
    alternative = make_document("Quetzal plan template (OpenDocument)", "plan-odt.txt", b"The quetzal plan template.")
    add_download(toolkit, main, alternative_document=alternative)
    toolkit.save_revision().publish()
    call_command("extract_document_text", stdout=io.StringIO())
    html = search_html(client, "quetzal")
    # One result, the page, with its file under it; the other format is offered beside the main file.
    assert RESULT_LINK.findall(html) == [toolkit.url]
    files = html[html.index('class="result__documents"') :]
    assert f'href="{main.url}"' in files and f'href="{alternative.url}"' in files
    assert files.index(main.url) < files.index(alternative.url)
    # Searching only documents, the main file is the result and the other format is beside it, not a rival.
    html = search_html(client, "quetzal", type="document")
    assert RESULT_LINK.findall(html) == [main.url]
    assert f'href="{alternative.url}"' in html


def test_a_misspelt_query_is_searched_with_the_sites_own_words(client, home):
    page = StandardPageFactory(parent=home, slug="readiness", title="Readiness assessment")
    html = search_html(client, "readyness")
    assert RESULT_LINK.findall(html) == [page.url]
    assert "Showing results for <strong>readiness</strong>" in html
    assert 'href="?q=readyness&amp;exact=1"' in html
    # As typed, on request: nothing found, and the correction is offered.
    html = search_html(client, "readyness", exact="1")
    assert RESULT_LINK.findall(html) == []
    assert "Did you mean" in html and 'href="?q=readiness"' in html
    # Words the site uses are never "corrected".
    assert "Showing results for" not in search_html(client, "readiness")


def test_excerpts_mark_the_words_and_escape_the_text(client, home):
    StandardPageFactory(
        parent=home,
        slug="marked",
        title="Ocelot facts",
        summary="Where the ocelot <script>alert(1)</script> hunts.",
    )
    StandardPageFactory(
        parent=home,
        slug="body",
        title="Night hunters",
        summary="Cats of the Americas.",
        body=[("text", "<p>" + "Filler words. " * 40 + "The margay &lt;b&gt; climbs.</p>")],
    )
    html = search_html(client, "ocelot")
    assert "Where the <mark>ocelot</mark> &lt;script&gt;alert(1)&lt;/script&gt; hunts." in html
    assert "<script>alert(1)" not in html
    assert '<a href="/marked/"><mark>Ocelot</mark> facts</a>' in html
    if connection.vendor == "sqlite":  # PostgreSQL's index keeps no text: the summary is the excerpt there
        html = search_html(client, "margay")
        snippet = re.search(r'class="result__snippet">(.*?)</p>', html)[1]
        assert snippet.startswith("… ") and snippet.endswith("The <mark>margay</mark> &lt;b&gt; climbs.")


def test_excerpt_is_cut_around_the_first_match():
    text = "start " + "word " * 200 + "needle <b>here</b> " + "word " * 200
    result = excerpt(text, ["needle"])
    assert result.startswith("… ") and result.endswith(" …")
    assert "<mark>needle</mark> &lt;b&gt;here&lt;/b&gt;" in result
    assert len(result) < 400


def test_results_show_their_type_and_date_beside_the_title(client, home):
    ToolkitPageFactory(parent=home, slug="dated", title="Gibbon toolkit")
    html = search_html(client, "gibbon")
    head = html[html.index('class="result__head"') :]
    assert head.index("Gibbon") < head.index("Toolkit") < head.index("</div>")


HOSTILE = [
    "",
    "a" * 2000,
    "!!! ??? ...",
    "AND OR NOT NEAR",
    '" * NEAR AND ( OR ) - ^ : { }',
    "health " * 300,
    "صحت health zdrowie 健康",
    "bad\x00byte",
    "\x00" * 50,
]


def test_hostile_queries_are_no_slower_than_an_ordinary_one(client, home):
    for number in range(30):
        StandardPageFactory(parent=home, slug=f"health-{number}", title=f"Health page {number}")
    client.get("/search/", {"q": "health"})

    def timed(query):
        started = time.perf_counter()
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200
        return time.perf_counter() - started

    ordinary = min(timed("health") for _ in range(3))
    for query in HOSTILE:
        took = min(timed(query) for _ in range(2))
        assert took < ordinary * 3 + 0.05, f"{query[:20]!r}: {took:.3f}s against {ordinary:.3f}s"
    assert Page.objects.filter(slug="health-0").exists()  # nothing was dropped


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL ranking query (CI's PostgreSQL run)")
def test_postgresql_ranks_bodies_only_when_every_match_is_returned(home):
    """Bodies are ranked when all the matches fit in the limit; a word on more entries than that (most pages of a large
    site) returns the title matches first, then the others in index order, without reading every body."""
    from django.contrib.contenttypes.models import ContentType

    from home.models import StandardPage
    from search import engine

    once = StandardPageFactory(parent=home, slug="once", title="Notes", body=[("text", "<p>A zephyr.</p>")])
    often = StandardPageFactory(
        parent=home, slug="often", title="More notes", body=[("text", "<p>Zephyr, zephyr, zephyr and zephyr.</p>")]
    )
    titled = StandardPageFactory(parent=home, slug="titled", title="Zephyr", body=[("text", "<p>Wind.</p>")])
    types = [ContentType.objects.get_for_model(StandardPage).pk]

    def ranked(limit):
        return [object_id for _type, object_id, _score in engine.rank("zephyr", types, limit=limit)]

    assert ranked(10) == [titled.pk, often.pk, once.pk]  # every match returned: bodies ranked
    assert ranked(2) == [titled.pk, once.pk]  # more matches than the limit: title first, then index order


def test_the_word_index_finds_the_pages_that_page_by_page_checks_find():
    """SiteFacts.pages_with (what ranking reads for every candidate) agrees with has_word on each page: whole words,
    and words starting with the query word once it is long enough."""
    from search.facts import PageFacts, SiteFacts, has_word

    pages = {
        1: PageFacts(title="Toolkits for commissioners", summary="A tool for ICS leads.", tags=["youth voice"]),
        2: PageFacts(title="Tool", summary="Voices of young people", tags=["Lundy: Voice"]),
        3: PageFacts(title="Housing", summary=""),
    }
    for facts in pages.values():
        facts.finish()
    site = SiteFacts(pages=pages, vocabulary=None)
    fields = {"title_words": "title_sorted", "curated": "curated_sorted", "summary_words": "summary_sorted"}
    for word in ["tool", "too", "to", "voice", "voic", "young", "housing", "lundy", "x"]:
        for name, ordered in fields.items():
            for prefix_from in (2, 4):
                expected = {
                    pk
                    for pk, facts in pages.items()
                    if has_word(getattr(facts, name), getattr(facts, ordered), word, prefix_from)
                }
                assert site.pages_with(name, word, prefix_from) == expected, (word, name, prefix_from)
    assert site.pages_with("title_words", "tool", 4) == {1, 2}  # "Toolkits" starts with "tool"
    assert site.pages_with("summary_words", "voic", 4) == {2}
