"""Counts in words take the plural the number needs (issue 14: "1 reports" on tag pages): English singular and
plural, Polish's three forms (1 raport, 2 raporty, 5 raportów), Urdu's two."""

import pytest
from django.utils import translation
from wagtail.models import Locale

from casestudies.models import CaseStudyPage
from events.models import EventPage
from reports.models import ReportPage
from search.views import TYPE_COUNT_TEXT
from tests.casestudies.factories import CaseStudyPageFactory
from tests.factories import relate
from tests.reports.factories import ReportPageFactory
from tests.toolkit.factories import ToolkitPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_translations")]


def type_counts(html: str) -> str:
    """The line under the tag page's result count that counts each type."""
    start = html.index('<h2 id="results-heading"')
    start = html.index('<p class="meta">', start) + len('<p class="meta">')
    return html[start : html.index("</p>", start)]


def test_a_tag_page_counts_one_report_as_one_report(client, sections):
    relate(CaseStudyPageFactory(parent=sections["case_studies"]), tags=["Lundy: Voice"])
    relate(ToolkitPageFactory(parent=sections["toolkits"]), tags=["Lundy: Voice"])
    relate(ToolkitPageFactory(parent=sections["toolkits"]), tags=["Lundy: Voice"])
    relate(ReportPageFactory(parent=sections["reports"]), tags=["Lundy: Voice"])
    html = client.get("/tags/lundy-voice/").content.decode()
    assert type_counts(html) == "1 case study, 2 toolkits, 1 report"
    assert "4 pages have this tag" in html


def test_a_polish_tag_page_uses_the_polish_plural_forms(client, sections):
    polish = Locale.objects.get_or_create(language_code="pl")[0]
    for _ in range(2):
        relate(ReportPageFactory(parent=sections["reports"], locale=polish), tags=["Lundy: Voice"])
    relate(ToolkitPageFactory(parent=sections["toolkits"], locale=polish), tags=["Lundy: Voice"])
    html = client.get("/pl/tags/lundy-voice/").content.decode()
    assert type_counts(html) == "1 zestaw narzędzi, 2 raporty"
    assert "3 strony mają ten temat" in html


@pytest.mark.parametrize(
    ("code", "model", "number", "expected"),
    [
        ("en-gb", ReportPage, 1, "1 report"),
        ("en-gb", ReportPage, 2, "2 reports"),
        ("en-gb", EventPage, 1, "1 event"),
        ("en-gb", CaseStudyPage, 1, "1 case study"),
        ("pl", ReportPage, 1, "1 raport"),
        ("pl", ReportPage, 3, "3 raporty"),
        ("pl", ReportPage, 5, "5 raportów"),
        ("pl", ReportPage, 12, "12 raportów"),
        ("pl", ReportPage, 22, "22 raporty"),
        ("pl", EventPage, 1, "1 wydarzenie"),
        ("pl", EventPage, 4, "4 wydarzenia"),
        ("pl", EventPage, 11, "11 wydarzeń"),
        ("ur", ReportPage, 1, "1 رپورٹ"),
        ("ur", ReportPage, 2, "2 رپورٹیں"),
        ("ur", EventPage, 7, "7 تقریبات"),
    ],
)
def test_each_type_count_has_the_form_its_number_needs(code, model, number, expected):
    with translation.override(code):
        assert str(TYPE_COUNT_TEXT[model] % {"count": number}) == expected
