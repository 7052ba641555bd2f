"""The public front door (issue 14): the header search on every page, the home page's routes, key figures and
featured-then-newest sections, the framework diagram, the publisher link, the browser title, untranslated text in
right-to-left pages, and the demo content files and their loader."""

import re
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import Context, Template
from wagtail.models import Locale

from hub.demo_tools import ensure_sample_translation, rich_text, stream
from reports.models import ReportPage
from tests.events.factories import EventIndexPageFactory, EventPageFactory, uk_datetime
from tests.factories import DriverPageFactory, FrameworkPageFactory
from tests.helpers import warm_query_count
from tests.home.factories import StandardPageFactory
from tests.reports.factories import ReportIndexPageFactory, ReportPageFactory
from tests.toolkit.factories import ToolkitIndexPageFactory, ToolkitPageFactory

HEADER_SEARCH = re.compile(
    r'<form class="header-search" method="get" action="/search/" role="search" aria-label="Site search">.*?'
    r'<label class="visually-hidden" for="header-search-q">Search this site</label>.*?'
    r'<input class="header-search__input" type="search" id="header-search-q" name="q"',
    re.S,
)


@pytest.fixture
def sections(home):
    reports = ReportIndexPageFactory(parent=home, title="Reports", slug="reports")
    toolkits = ToolkitIndexPageFactory(parent=home, title="Toolkits", slug="toolkit")
    events = EventIndexPageFactory(parent=home, title="Events", slug="events")
    return {"reports": reports, "toolkits": toolkits, "events": events}


def test_every_page_has_the_header_search_form(client, home, sections):
    toolkit = ToolkitPageFactory(parent=sections["toolkits"], title="Readiness Tool")
    for url in ("/", sections["reports"].url, toolkit.url, "/search/", "/tags/", "/no-such-page/"):
        response = client.get(url)
        assert HEADER_SEARCH.search(response.content.decode()), url


@pytest.mark.parametrize("query", ["", "   ", "x" * 5000, "<script>alert(1)</script>", "%00\u202e", "' OR 1=1 --"])
def test_what_the_header_search_sends_is_answered_like_the_search_page(client, home, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_the_home_page_shows_featured_pages_first_then_the_newest_of_each_kind(client, home, sections):
    old = ReportPageFactory(parent=sections["reports"], title="Old report", publication_date=date(2024, 2, 23))
    new = ReportPageFactory(parent=sections["reports"], title="New report", publication_date=date(2025, 11, 26))
    ReportPageFactory(parent=sections["reports"], title="Newer report", publication_date=date(2025, 12, 1))
    ReportPageFactory(parent=sections["reports"], title="Newest report", publication_date=date(2026, 1, 1))
    event = EventPageFactory(parent=sections["events"], title="Launch webinar", start=uk_datetime(2024, 2, 23, 10))
    home.featured = [("page", old)]
    home.save_revision().publish()
    html = client.get("/").content.decode()
    reports = html[html.index('id="latest-reports"') : html.index("</section>", html.index('id="latest-reports"'))]
    titles = re.findall(r'class="home-item__title" href="[^"]+">([^<]+)</a>', reports)
    assert titles == ["Old report", "Newest report", "Newer report"]  # the pick, then the newest two
    assert reports.index("Featured") < reports.index("Old report")
    assert new.title not in reports
    assert "February 2024" in reports  # the report's own date, not when it was put on the site
    assert 'href="/reports/"' in reports  # "All of Reports"
    assert event.title in html and 'id="latest-events"' in html
    assert 'id="latest-toolkits"' not in html  # no empty section for a kind without pages


def test_the_home_page_routes_and_key_figures_link_where_they_say(client, home, sections):
    report = ReportPageFactory(parent=sections["reports"], title="Born Unequal")
    home.routes = [
        (
            "route",
            {
                "audience": "I want to read the findings",
                "text": "The final report.",
                "page": sections["reports"],
                "link_text": "Read the reports",
            },
        )
    ]
    home.key_figures = [
        (
            "figures",
            {
                "heading": "Why it matters",
                "figures": [{"value": "72%", "label": "More likely.", "source": "Barnardo's", "year": 2025}],
                "report": report,
                "link_text": "Read Born Unequal",
            },
        )
    ]
    home.save_revision().publish()
    html = client.get("/").content.decode()
    assert '<h3 class="route__audience">I want to read the findings</h3>' in html
    assert f'<a class="route__action" href="{sections["reports"].url}">Read the reports</a>' in html
    assert f'<a class="arrow-link" href="{report.url}">Read Born Unequal</a>' in html
    assert '<span class="key-figure__value">72%</span>' in html


def test_the_framework_is_drawn_with_a_text_equivalent_of_links(client, home):
    framework = FrameworkPageFactory(parent=home)
    drivers = [DriverPageFactory(parent=framework, short_name=f"Driver {n}") for n in range(1, 4)]
    for url in ("/", framework.url):
        html = client.get(url).content.decode()
        svg = html[
            html.index('<svg class="framework-diagram__svg"') : html.index(
                "</svg>", html.index("framework-diagram__svg")
            )
        ]
        assert 'aria-hidden="true"' in svg[:120]
        assert svg.count('tabindex="-1"') == 3  # the drawing's links are for pointers; the list is the route
        listed = re.findall(r'<a class="framework-diagram__link" href="([^"]+)">', html)
        assert listed == [driver.url for driver in drivers]


def test_the_home_page_stays_within_the_query_budget(client, home, sections):
    for number in range(6):
        ReportPageFactory(parent=sections["reports"], title=f"Report {number}")
        ToolkitPageFactory(parent=sections["toolkits"], title=f"Toolkit {number}")
    framework = FrameworkPageFactory(parent=home)
    for number in range(8):
        DriverPageFactory(parent=framework, short_name=f"Driver {number}")
    count = warm_query_count(client, "/")
    assert count <= 12, count


def test_toolkits_and_reports_link_to_their_publisher(client, home, sections):
    toolkit = ToolkitPageFactory(
        parent=sections["toolkits"], publisher_url="https://www.barnardos.org.uk/research/voice-tool"
    )
    report = ReportPageFactory(parent=sections["reports"], publisher_url="https://www.barnardos.org.uk/research/x")
    for page in (toolkit, report):
        html = client.get(page.url).content.decode()
        assert f'<a class="button button--publisher" href="{page.publisher_url}">Get it from the publisher' in html
        assert '<span class="publisher-link__host meta">barnardos.org.uk</span>' in html
    bare = ToolkitPageFactory(parent=sections["toolkits"], title="No publisher")
    assert "Get it from the publisher" not in client.get(bare.url).content.decode()


@pytest.mark.parametrize(
    ("title", "expected"),
    [("Reports", "<title>Reports | CHEC</title>"), ("CHEC: the hub", "<title>CHEC: the hub</title>")],
)
def test_the_brand_is_in_the_title_once(client, home, title, expected):
    home.seo_title = title
    home.save_revision().publish()
    assert expected in client.get("/").content.decode()


def render(source: str, **context) -> str:
    return Template("{% load hub_tags %}" + source).render(Context(context))


@pytest.mark.django_db
def test_untranslated_text_in_a_right_to_left_page_is_marked_with_its_language_and_direction():
    urdu, polish = {"code": "ur", "bidi": True}, {"code": "pl", "bidi": False}
    english = "Read the report (2025)."
    assert render("{{ text|fallback:language }}", text=english, language=urdu) == (
        f'<span lang="{settings.LANGUAGE_CODE}" dir="ltr">Read the report (2025).</span>'
    )
    assert render("{{ text|fallback:language }}", text="رپورٹ پڑھیں (2025)", language=urdu) == "رپورٹ پڑھیں (2025)"
    assert render("{{ text|fallback:language }}", text=english, language=polish) == english
    assert render("{{ text|fallback:language }}", text="<b>x</b>", language=urdu).startswith('<span lang="')
    assert "&lt;b&gt;" in render("{{ text|fallback:language }}", text="<b>x</b>", language=urdu)
    html = '<p data-block-key="a">English text.</p><p data-block-key="b">اردو متن۔</p>'
    marked = render("{{ html|safe|fallback_html:language }}", html=html, language=urdu)
    assert marked == (
        f'<p data-block-key="a" lang="{settings.LANGUAGE_CODE}" dir="ltr">English text.</p>'
        '<p data-block-key="b">اردو متن۔</p>'
    )


def test_demo_rich_text_reads_as_paragraphs_lists_bold_and_links():
    assert rich_text("One.\n\nTwo & three.") == "<p>One.</p><p>Two &amp; three.</p>"
    assert rich_text("- a\n- **b**") == "<ul><li>a</li><li><strong>b</strong></li></ul>"
    assert rich_text("1. first\n2. [second](https://example.org)") == (
        '<ol><li>first</li><li><a href="https://example.org">second</a></li></ol>'
    )
    assert rich_text("<p>Kept as it is</p>") == "<p>Kept as it is</p>"
    assert stream([{"heading": "Why"}, {"heading": {"text": "How", "level": "h3"}}, {"text": "Body."}]) == [
        ("heading", {"anchor": "", "text": "Why", "level": "h2"}),
        ("heading", {"anchor": "", "text": "How", "level": "h3"}),
        ("text", "<p>Body.</p>"),
    ]
    assert stream([{"callout": {"style": "info", "heading": "H", "body": "Said."}}]) == [
        ("callout", {"style": "info", "heading": "H", "body": "<p>Said.</p>"})
    ]


def package_files() -> dict[str, float]:
    """Every file of the project's own folders (not the virtualenv, media, node_modules or caches) and its mtime."""
    base = Path(settings.BASE_DIR)
    # The apps' own folders; tests/ and docs/ are left out (an editor may save a file while the suite runs).
    skip = {".venv", "media", "node_modules", "staticfiles", "artifacts", ".git", ".pytest_cache", ".ruff_cache"}
    skip |= {"tests", "docs"}
    files = {}
    for path in base.rglob("*"):
        parts = path.relative_to(base).parts
        if parts[0] in skip or "__pycache__" in parts or path.suffix in {".sqlite3", ".mo", ".pyc"}:
            continue
        if path.is_file():
            files[str(path)] = path.stat().st_mtime
    return files


@pytest.mark.django_db
def test_load_demo_writes_nothing_into_the_package():
    before = package_files()
    call_command("load_demo", stdout=StringIO())
    assert package_files() == before  # demo files go to the document storage (MEDIA_ROOT), not toolkit/
    assert ReportPage.objects.exists()  # loading again changes nothing: test_settings_and_commands.py


@pytest.mark.django_db
def test_the_sample_translations_of_the_home_page_have_its_routes_and_key_figures_in_their_language(client):
    """The routes and key figures are added once every section exists, after the sample translations were made:
    load_demo brings the translations up to date, so /pl/ and /ur/ are not without them."""
    call_command("load_demo", stdout=StringIO())
    polish = client.get("/pl/", HTTP_HOST="127.0.0.1:8000").content.decode()
    assert "Pracuję w Zintegrowanym Systemie Opieki i chcę to wdrożyć" in polish
    assert "Rozpocznij własną drogę" in polish and "2 razy" in polish
    assert "I want to read the findings" not in polish
    urdu = client.get("/ur/", HTTP_HOST="127.0.0.1:8000").content.decode()
    assert "اپنا سفر شروع کریں" in urdu and "Born Unequal کے اجرا کے موقع پر" in urdu


@pytest.mark.django_db
def test_untranslated_text_in_a_polish_page_is_marked_english_and_translated_text_is_not(client, home):
    """Polish is written in Latin letters like English, so the script cannot tell: the page's untranslated segments
    (wagtail-localize fills them from the source) are what gets lang="en-gb"."""
    Locale.objects.get_or_create(language_code="pl")
    page = StandardPageFactory(
        parent=home, title="About the Collaborative", summary="What the programme did and who took part."
    )
    ensure_sample_translation(home, "pl", {home.title: "Strona główna"})
    polish = ensure_sample_translation(page, "pl", {"About the Collaborative": "O Współpracy"})
    html = client.get(polish.url).content.decode()
    assert '<h1 class="page-header__title">O Współpracy</h1>' in html
    assert (
        f'<p class="lede"><span lang="{settings.LANGUAGE_CODE}" dir="ltr">What the programme did and who took part.'
        "</span></p>" in html
    )
    english = client.get(page.url).content.decode()
    assert "<span lang=" not in english.split("<main", 1)[1]


@pytest.mark.django_db
def test_each_section_index_has_its_own_drawing_hidden_from_screen_readers(client, home, sections):
    pages = {"toolkits": sections["toolkits"], "reports": sections["reports"], "events": sections["events"]}
    for art, page in pages.items():
        html = client.get(page.url).content.decode()
        drawing = re.search(rf'<svg class="section-art section-art--{art}"[^>]*>', html)
        assert drawing, art
        assert 'aria-hidden="true"' in drawing.group(0) and 'focusable="false"' in drawing.group(0)
        assert html.count('<svg class="section-art') == 1 and " style=" not in html.split("<main", 1)[1]
    standard = StandardPageFactory(parent=home)
    assert "section-art" not in client.get(standard.url).content.decode()
