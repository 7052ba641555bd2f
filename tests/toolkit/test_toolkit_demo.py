"""The demonstration content of case studies and toolkits: built by load_demo, honest, and working out of the box."""

import io
import zipfile
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from casestudies.models import CaseStudyPage
from tests.helpers import demo_site_for_module, warm_query_count
from toolkit.demo_documents import DEMO_FILES_DIR, build
from toolkit.models import JourneyPage, ToolkitPage

pytestmark = pytest.mark.django_db
HOST = {"HTTP_HOST": "127.0.0.1:8000"}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo site, loaded once for this module inside a transaction rolled back at the end (each test's own
    changes are rolled back after it, as usual). Loading it again changes nothing: test_settings_and_commands.py."""
    with demo_site_for_module(django_db_blocker):
        yield


def test_the_shipped_demo_files_are_the_ones_the_generator_makes():
    for name, data in build().items():
        assert (DEMO_FILES_DIR / name).read_bytes() == data, name
    assert (DEMO_FILES_DIR / "readiness-tool-guide.pdf").read_bytes().startswith(b"%PDF-1.4")
    assert zipfile.ZipFile(DEMO_FILES_DIR / "readiness-action-plan-template.docx").testzip() is None
    odt = zipfile.ZipFile(DEMO_FILES_DIR / "readiness-action-plan-template.odt")
    assert odt.namelist()[0] == "mimetype" and odt.read("mimetype") == b"application/vnd.oasis.opendocument.text"


def test_load_demo_builds_the_case_studies_toolkits_and_journey_once(demo):
    case_studies = set(CaseStudyPage.objects.live().values_list("title", flat=True))
    assert "Social value in NHS contracts: the Birmingham and Solihull procurement pilot" in case_studies
    assert {
        "How Birmingham and Solihull works with children and young people",
        "How Cheshire and Merseyside works with children and young people",
        "How South Yorkshire works with children and young people",
    } <= case_studies
    toolkits = set(ToolkitPage.objects.live().values_list("title", flat=True))
    assert {
        "Child Health Equity Readiness Tool",
        "Children and Young People's Voice and Influence Tool",
        "How three ICSs are working with children and young people",
    } <= toolkits
    assert JourneyPage.objects.live().count() == 1


def test_demo_pages_render_and_are_tagged_with_the_lundy_model(client, demo):
    voice = ToolkitPage.objects.get(slug="voice-and-influence-tool")
    assert {"Lundy: Space", "Lundy: Voice", "Lundy: Audience", "Lundy: Influence"} <= set(voice.tags.names())
    for url in ("/case-studies/", "/toolkit/", "/toolkit/start-your-own-journey/", "/tags/lundy-voice/", voice.url):
        assert client.get(url, **HOST).status_code == 200, url
    for page in CaseStudyPage.objects.live():
        assert client.get(page.url, **HOST).status_code == 200, page.url


def test_demo_facts_are_the_briefs_and_stand_ins_are_labelled(client, demo):
    pilot = client.get("/case-studies/procurement-social-value-birmingham-and-solihull/", **HOST).content.decode()
    assert "from 10% to 20%" in pilot and "five-a-side pitch" in pilot
    assert "Cost</dt>" not in pilot and "Not known" not in pilot  # no invented cost, and no empty row either
    practice = client.get("/case-studies/working-with-young-people-south-yorkshire/", **HOST).content.decode()
    assert "July 2022" in practice and "tag--illustrative" in practice
    readiness = client.get("/toolkit/child-health-equity-readiness-tool/", **HOST).content.decode()
    assert "Licence shown for demonstration" in readiness and "tag--illustrative" in readiness


def test_the_demo_downloads_and_zip_work_out_of_the_box(client, demo):
    readiness = ToolkitPage.objects.get(slug="child-health-equity-readiness-tool", locale__language_code="en-gb")
    for download in readiness.downloads.all():
        response = client.get(download.document.url, **HOST)
        assert response.status_code == 200
    response = client.get(f"{readiness.url}download-all/", **HOST)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert len(archive.namelist()) == 4  # a PDF, a DOCX, its ODT alternative, and the manifest
    assert "Open Government Licence v3.0" in archive.read("manifest.txt").decode()


def test_the_demo_readiness_tool_reads_in_polish_and_urdu_with_its_section(client, django_capture_on_commit_callbacks):
    # Run the commit hooks as a real `load_demo` does: wagtail-localize publishes translations on commit, which once
    # left the translated sections' child counts at zero and their index pages 404.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=StringIO())
    slug = "child-health-equity-readiness-tool"
    polish_index = client.get("/pl/toolkit/", **HOST)
    assert polish_index.status_code == 200
    html = polish_index.content.decode()
    assert "Zestawy narzędzi i produkty programu" in html
    assert f"/pl/toolkit/{slug}/" in html
    assert "/pl/toolkit/voice-and-influence" not in html  # only this language's toolkits are listed
    urdu = client.get(f"/ur/toolkit/{slug}/", **HOST).content.decode()
    assert '<html lang="ur" dir="rtl">' in urdu
    assert "بچوں کی صحت میں مساوات کے لیے تیاری کا ٹول" in urdu
    with translation.override("ur"):
        assert translation.gettext("Sample translation") in urdu  # labelled as a sample awaiting review
    english = client.get(f"/toolkit/{slug}/", **HOST).content.decode()
    assert f'hreflang="pl" href="http://testserver/pl/toolkit/{slug}/"' in english
    # Idempotent: a second run changes nothing; one toolkit is translated, into two languages.
    count = ToolkitPage.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=StringIO())
    assert ToolkitPage.objects.count() == count == ToolkitPage.objects.filter(locale__language_code="en-gb").count() + 2


def test_demo_case_study_and_toolkit_pages_render_within_the_query_budget(client, demo):
    """The richest demo pages (drivers, life stages, partners, contacts, tags, related pages, downloads)."""
    case_study = CaseStudyPage.objects.live().filter(locale__language_code="en-gb").first()
    toolkit = ToolkitPage.objects.get(slug="child-health-equity-readiness-tool", locale__language_code="en-gb")
    for url in (case_study.url, toolkit.url):
        assert warm_query_count(client, url, **HOST) <= 15, url
