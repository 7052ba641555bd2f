"""Tag pages: everything with a tag across case studies, toolkits, reports and events, in the reader's language."""

import re

import pytest
from wagtail.models import Locale

from tests.casestudies.factories import CaseStudyPageFactory
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.factories import relate
from tests.helpers import warm_queries
from tests.reports.factories import ReportPageFactory
from tests.toolkit.factories import ToolkitPageFactory

pytestmark = pytest.mark.django_db


def card_titles(html):
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', html)


def test_a_tag_page_lists_live_case_studies_toolkits_and_reports_of_the_language(client, sections):
    polish = Locale.objects.get_or_create(language_code="pl")[0]
    relate(
        CaseStudyPageFactory(parent=sections["case_studies"], title="Cheshire and Merseyside"), tags=["Lundy: Voice"]
    )
    relate(ToolkitPageFactory(parent=sections["toolkits"], title="Voice and Influence Tool"), tags=["Lundy: Voice"])
    relate(ReportPageFactory(parent=sections["reports"], title="Insights Report"), tags=["Lundy: Voice"])
    relate(ToolkitPageFactory(parent=sections["toolkits"], title="Other topic"), tags=["readiness"])
    draft = relate(CaseStudyPageFactory(parent=sections["case_studies"], title="Draft"), tags=["Lundy: Voice"])
    draft.unpublish()
    relate(ToolkitPageFactory(parent=sections["toolkits"], title="Polish tool", locale=polish), tags=["Lundy: Voice"])
    response = client.get("/tags/lundy-voice/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="page-header__title">Lundy: Voice</h1>' in html
    assert card_titles(html) == ["Cheshire and Merseyside", "Insights Report", "Voice and Influence Tool"]
    for caption in ("Case study", "Toolkit", "Report"):
        assert f'<p class="card__caption meta">{caption}</p>' in html
    assert "3 pages have this tag" in html


def test_detail_pages_link_their_tags_to_the_tag_page(client, sections):
    page = relate(CaseStudyPageFactory(parent=sections["case_studies"]), tags=["Lundy: Space"])
    assert 'href="/tags/lundy-space/">Lundy: Space</a>' in client.get(page.url).content.decode()


@pytest.mark.parametrize("slug", ["no-such-tag", "x" * 300, "%3Cscript%3E"])
def test_unknown_tags_are_the_sites_404(client, sections, slug):
    response = client.get(f"/tags/{slug}/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "<script>" not in response.content.decode().split("<main")[1]


def test_a_tag_used_only_by_drafts_is_not_shown(client, sections):
    draft = relate(ToolkitPageFactory(parent=sections["toolkits"], title="Secret plan"), tags=["secret"])
    draft.unpublish()
    assert client.get("/tags/secret/").status_code == 404
    assert "secret" not in client.get("/tags/").content.decode()


def test_tag_pages_paginate_by_twelve_and_404_past_the_end(client, sections):
    for number in range(14):
        relate(ToolkitPageFactory(parent=sections["toolkits"], title=f"Tool {number:02d}"), tags=["youth voice"])
    first = client.get("/tags/youth-voice/").content.decode()
    assert len(card_titles(first)) == 12 and 'href="?page=2"' in first
    second = client.get("/tags/youth-voice/?page=2").content.decode()
    assert card_titles(second) == ["Tool 12", "Tool 13"]
    assert client.get("/tags/youth-voice/?page=abc").status_code == 200
    assert client.get("/tags/youth-voice/?page=3").status_code == 404


def test_the_topics_page_lists_tags_in_use_with_counts_and_redirects_a_tag_query(client, sections):
    relate(CaseStudyPageFactory(parent=sections["case_studies"]), tags=["Lundy: Voice"])
    relate(ToolkitPageFactory(parent=sections["toolkits"]), tags=["Lundy: Voice", "readiness"])
    html = client.get("/tags/").content.decode()
    assert re.search(r'href="/tags/lundy-voice/">Lundy: Voice <span class="tag__count">\(2 pages\)', html)
    assert re.search(r'href="/tags/readiness/">readiness <span class="tag__count">\(1 page\)', html)
    response = client.get("/tags/", {"tag": "lundy-voice"})
    assert response.status_code == 302 and response["Location"] == "/tags/lundy-voice/"
    assert client.get("/tags/", {"tag": "<script>"}).status_code == 200


def test_a_tag_page_runs_the_same_few_queries_for_5_and_60_pages(client, sections):
    counts = []
    for total, tag in ((5, "five"), (60, "sixty")):
        for number in range(total):
            parent = sections["toolkits"] if number % 2 else sections["case_studies"]
            factory = ToolkitPageFactory if number % 2 else CaseStudyPageFactory
            relate(factory(parent=parent), tags=[tag])
        url = f"/tags/{tag}/"
        counts.append(len(warm_queries(client, url)))  # two warm-ups: the first may create site settings rows
    # One light query per type, then the pages shown (one query per type on the page): never more for 60 pages.
    assert counts[1] <= counts[0] <= 12


def test_events_are_on_tag_pages_and_link_their_tags(client, home, sections):
    event = relate(
        EventPageFactory(parent=EventIndexPageFactory(parent=home), title="Launch webinar"), tags=["Lundy: Voice"]
    )
    report = relate(ReportPageFactory(parent=sections["reports"], title="Insights Report"), tags=["Lundy: Voice"])
    html = client.get("/tags/lundy-voice/").content.decode()
    assert card_titles(html) == ["Insights Report", "Launch webinar"]
    assert '<p class="card__caption meta">Event</p>' in html
    assert re.search(
        r'href="/tags/lundy-voice/">Lundy: Voice <span class="tag__count">\(2 pages\)',
        client.get("/tags/").content.decode(),
    )
    for page in (event, report):
        assert 'href="/tags/lundy-voice/">Lundy: Voice</a>' in client.get(page.url).content.decode()
