"""Reports published as HTML: report pages, chapters, the whole-report view and the young people's version."""

import re

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from hub.models import Organisation
from reports.models import ReportChapterPage, ReportIndexPage, ReportPage
from tests.helpers import query_diff, warm_queries
from tests.home.factories import StandardPageFactory
from tests.reports.factories import ReportChapterPageFactory, ReportIndexPageFactory, ReportPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(home):
    return ReportIndexPageFactory(parent=home)


@pytest.fixture
def report(index):
    return ReportPageFactory(parent=index, title="Insights Report", slug="insights")


def heading(text, level="h2"):
    return ("heading", {"text": text, "level": level, "anchor": ""})


def test_report_pages_can_only_be_created_where_intended(home, index, report):
    assert ReportIndexPage.can_exist_under(home) and not ReportIndexPage.can_create_at(home)
    assert ReportPage.can_create_at(index) and not ReportPage.can_exist_under(home)
    assert ReportChapterPage.can_create_at(report)
    assert not ReportChapterPage.can_exist_under(index)
    assert not ReportChapterPage.can_exist_under(StandardPageFactory(parent=home))
    chapter = ReportChapterPageFactory(parent=report)
    assert not ReportChapterPage.can_exist_under(chapter)


def test_report_index_lists_live_reports_newest_first(client, index):
    older = ReportPageFactory(parent=index, title="Older report", publication_date="2024-02-23")
    newer = ReportPageFactory(parent=index, title="Newer report", publication_date="2025-11-26")
    draft = ReportPageFactory(parent=index, title="Draft report")
    draft.unpublish()
    html = client.get(index.url).content.decode()
    assert html.index(newer.title) < html.index(older.title)
    assert "Draft report" not in html


def test_the_report_index_shows_twenty_reports_a_page_in_the_same_queries(client, index):
    for number in range(25):
        ReportPageFactory(parent=index, title=f"Report {number:02}", publication_date=f"2025-01-{number + 1:02}")
    first = client.get(index.url).content.decode()
    assert "Report 24" in first and "Report 05" in first and "Report 04" not in first  # newest first
    assert 'href="?page=2"' in first
    second = client.get(index.url, {"page": 2}).content.decode()
    assert "Report 04" in second and "Report 00" in second and "Report 05" not in second
    past_the_end = client.get(index.url, {"page": 999})
    assert past_the_end.status_code == 200 and "Report 00" in past_the_end.content.decode()
    assert len(warm_queries(client, index.url)) == len(warm_queries(client, f"{index.url}?page=2"))


def test_report_page_shows_summary_dates_publishers_chapters_and_citation(client, report):
    organisation = Organisation.objects.create(name="UCL Institute of Health Equity")
    report.organisations.add(organisation)
    report.save_revision().publish()
    chapters = [ReportChapterPageFactory(parent=report, title=f"Theme {n}") for n in range(3)]
    html = client.get(report.url).content.decode()
    assert report.summary in html
    assert "26 November 2025" in html
    assert "UCL Institute of Health Equity" in html
    for chapter in chapters:
        assert f'href="{chapter.url}"' in html
    assert "Cite this report" in html
    assert "UCL Institute of Health Equity (2025). Insights Report. http://testserver/reports/insights/" in html


def test_single_page_report_without_chapters_or_pdf_has_no_contents_and_no_broken_link(client, report):
    report.body = [heading("Findings"), ("text", "<p>The whole report on one page.</p>")]
    report.save_revision().publish()
    html = client.get(report.url).content.decode()
    assert "The whole report on one page." in html
    assert 'id="contents"' not in html
    assert "attachment" not in html and "/documents/" not in html


def test_report_pdf_is_offered_with_format_and_size(client, report):
    document = Document(title="Insights Report (PDF)")
    document.file.save("insights.pdf", ContentFile(b"%PDF-1.4 " + b"0" * 150_000), save=False)
    document.save()
    report.pdf = document
    report.save_revision().publish()
    html = client.get(report.url).content.decode()
    assert f'href="{document.url}"' in html
    assert "PDF, 146.5\xa0KB" in html


def test_chapter_contents_lists_every_heading_with_working_anchors(client, report):
    chapter = ReportChapterPageFactory(
        parent=report,
        body=[
            heading("Local area"),
            ("text", "<p>Text.</p>"),
            heading("Housing quality", "h3"),
            heading("Local area"),
        ],
    )
    html = client.get(chapter.url).content.decode()
    contents = html[html.index('class="contents-list"') : html.index("</ol>", html.index('class="contents-list"'))]
    links = re.findall(r'href="#([^"]+)">([^<]+)</a>', contents)
    assert [text for _, text in links] == ["Local area", "Housing quality", "Local area"]
    for anchor, _ in links:
        assert html.count(f'id="{anchor}"') == 1
    assert len({anchor for anchor, _ in links}) == 3


def test_previous_and_next_follow_the_tree_order(client, report):
    first, second, third = (ReportChapterPageFactory(parent=report, title=f"Part {n}") for n in "ABC")
    html = client.get(second.url).content.decode()
    assert re.search(rf'href="{first.url}" rel="prev"', html)
    assert re.search(rf'href="{third.url}" rel="next"', html)
    assert f'href="{report.url}#contents"' in html  # back to report contents
    # Move the third chapter first: the order follows the tree.
    third.move(first, pos="left")
    html = client.get(first.url).content.decode()
    assert re.search(rf'href="{third.url}" rel="prev"', html)
    first_html = client.get(third.url).content.decode()
    assert 'rel="prev"' not in first_html


def test_draft_chapters_are_skipped_by_previous_and_next(client, report):
    first = ReportChapterPageFactory(parent=report)
    draft = ReportChapterPageFactory(parent=report, title="Draft chapter")
    last = ReportChapterPageFactory(parent=report)
    draft.unpublish()
    html = client.get(first.url).content.decode()
    assert re.search(rf'href="{last.url}" rel="next"', html)
    assert "Draft chapter" not in html


def test_print_view_contains_every_chapter_in_order_with_one_contents_list(client, report):
    chapters = [
        ReportChapterPageFactory(
            parent=report, title=title, body=[heading("Introduction"), ("text", f"<p>{title}</p>")]
        )
        for title in ("Home", "Community", "Education")
    ]
    response = client.get(f"{report.url}print/")
    assert response.status_code == 200
    html = response.content.decode()
    positions = [html.index(f'<h2 id="chapter-{chapter.slug}"') for chapter in chapters]
    assert positions == sorted(positions)
    assert html.count('class="contents-list"') == 1
    # The same heading text in several chapters still has one anchor each, and chapter headings are nested.
    ids = re.findall(r'id="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert html.count('<h3 id="') == 3


def test_young_peoples_version_has_its_own_page_with_quick_exit(client, report):
    report.young_peoples_summary = "What young people told us."
    report.young_peoples_version = [("text", "<p>An easy-read version.</p>")]
    report.save_revision().publish()
    html = client.get(report.url).content.decode()
    assert "What young people told us." in html and f'href="{report.url}young-people/"' in html
    page = client.get(f"{report.url}young-people/").content.decode()
    assert "An easy-read version." in page and "data-quick-exit" in page


@pytest.mark.parametrize(
    "suffix",
    ["no-such-chapter/", "print/extra/", "young-people/", "print/%00/", "chapter-1/print/"],
)
def test_unknown_chapter_and_sub_urls_get_the_sites_404(client, report, suffix):
    ReportChapterPageFactory(parent=report, slug="chapter-1")
    response = client.get(f"{report.url}{suffix}")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_chapter_page_query_count_is_constant_for_3_and_30_chapters(client, index):
    queries = []
    for count in (3, 30):
        report = ReportPageFactory(parent=index)
        chapters = [ReportChapterPageFactory(parent=report, body=[heading("Section")]) for _ in range(count)]
        queries.append(warm_queries(client, chapters[1].url))
    assert len(queries[0]) == len(queries[1]), query_diff(*queries)
    assert len(queries[0]) <= 15


def test_report_and_print_query_counts_are_constant(client, index):
    report_queries, print_queries = [], []
    for count in (3, 30):
        report = ReportPageFactory(parent=index)
        for _ in range(count):
            ReportChapterPageFactory(parent=report, body=[heading("Section"), ("text", "<p>x</p>")])
        report_queries.append(warm_queries(client, report.url))
        print_queries.append(warm_queries(client, f"{report.url}print/"))
    assert len(report_queries[0]) == len(report_queries[1]), query_diff(*report_queries)
    assert len(report_queries[0]) <= 15
    assert len(print_queries[0]) == len(print_queries[1]), query_diff(*print_queries)
    assert len(print_queries[0]) <= 15


def test_a_report_made_private_leaves_the_index_at_once(client, index):
    """The restricted pages are cached between requests; a new restriction must still hide the report at once."""
    from wagtail.models import PageViewRestriction

    report = ReportPageFactory(parent=index, title="Board paper")
    assert "Board paper" in client.get(index.url).content.decode()
    assert "Board paper" in client.get(index.url).content.decode()  # now from a warm cache
    PageViewRestriction.objects.create(page=report, restriction_type=PageViewRestriction.LOGIN)
    assert "Board paper" not in client.get(index.url).content.decode()
