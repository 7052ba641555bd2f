"""Toolkits: the toolkit page, its downloads, "download everything", download counts and the faceted index."""

import io
import os
import random
import re
import uuid
import zipfile

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import Locale, Page

from hub.models import Organisation
from tests.casestudies.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory
from tests.factories import DriverPageFactory, FrameworkPageFactory, make_document, relate
from tests.helpers import warm_query_count
from tests.home.factories import StandardPageFactory
from tests.toolkit.factories import JourneyPageFactory, ToolkitIndexPageFactory, ToolkitPageFactory, add_download
from toolkit.models import (
    Audience,
    DownloadCount,
    JourneyPage,
    ResourceType,
    ToolkitIndexPage,
    ToolkitPage,
    record_download,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(home):
    return ToolkitIndexPageFactory(parent=home)


@pytest.fixture
def toolkit(index):
    return ToolkitPageFactory(parent=index, title="Child Health Equity Readiness Tool", slug="readiness")


@pytest.fixture
def files(toolkit):
    """A PDF guide, a Word template with an OpenDocument alternative, and a CSV."""
    guide = make_document("Guide to the tool", "guide.pdf", b"%PDF-1.4 guide " + b"1" * 3057)  # 3.0 KB
    template = make_document("Action plan template", "plan.docx", b"PK docx " + b"2" * 1000)
    template_odt = make_document("Action plan template (ODT)", "plan.odt", b"PK odt " + b"3" * 900)
    data = make_document("Engagement partners", "partners.csv", b"ics,group\nSouth Yorkshire,Chilypep\n")
    add_download(toolkit, guide, description="Read this first.", language="English", sort_order=0)
    add_download(toolkit, template, alternative_document=template_odt, sort_order=1)
    add_download(toolkit, data, language="Polski", sort_order=2)
    return {"guide": guide, "template": template, "template_odt": template_odt, "data": data}


def other_locale():
    return Locale.objects.get_or_create(language_code="pl")[0]


# Page tree ---------------------------------------------------------------------------------------------------------


def test_toolkits_live_once_under_the_home_page_with_one_journey_page(home, index, toolkit):
    assert ToolkitIndexPage.can_exist_under(home) and not ToolkitIndexPage.can_create_at(home)
    assert not ToolkitIndexPage.can_exist_under(Page.get_first_root_node())
    assert not ToolkitIndexPage.can_exist_under(StandardPageFactory(parent=home))
    assert ToolkitPage.can_create_at(index) and not ToolkitPage.can_exist_under(home)
    assert JourneyPage.can_create_at(index) and not JourneyPage.can_exist_under(home)
    JourneyPageFactory(parent=index)
    assert not JourneyPage.can_create_at(index)  # one per toolkit section
    assert not ToolkitPage.can_exist_under(toolkit)


# The toolkit page --------------------------------------------------------------------------------------------------


def test_the_toolkit_page_shows_what_who_how_licence_and_credit(client, home, toolkit):
    framework = FrameworkPageFactory(parent=home)
    driver = DriverPageFactory(parent=framework, short_name="Best start in life")
    toolkit.how_to_adopt = [
        ("step", {"title": "Read why to use the tool", "text": ""}),
        ("step", {"title": "Complete the tool", "text": "<p>Follow 'How to complete'.</p>"}),
        ("step", {"title": "Write your action plan", "text": ""}),
    ]
    toolkit.time_needed = "Half a day with partners."
    toolkit.licence_note = "Licence shown for demonstration"
    toolkit.save()
    relate(toolkit, drivers=[driver], audiences=Audience.objects.filter(code="commissioners"), tags=["readiness"])
    html = client.get(toolkit.url).content.decode()
    assert "A tool for Integrated Care Boards." in html
    assert "<li>Commissioners</li>" in html
    steps = re.findall(r'<h3 class="steps__title">([^<]+)</h3>', html)
    assert steps == ["Read why to use the tool", "Complete the tool", "Write your action plan"]
    assert '<ol class="steps">' in html  # numbered by the list itself
    assert "Half a day with partners." in html
    assert "Skills needed" not in html and "Not stated" not in html  # empty optional fields are left out
    assert 'rel="license">Open Government Licence v3.0</a>' in html
    assert "Licence shown for demonstration" in html
    assert "Child Health Equity Readiness Tool (2025), Children and Young People&#x27;s Health Equity" in html
    assert f'href="{driver.url}">Best start in life</a>' in html
    assert 'href="/tags/readiness/"' in html
    assert '<time datetime="2025-09">September 2025</time>' in html


def test_each_download_shows_format_size_language_alternative_and_an_accessible_format_link(
    client, index, toolkit, files
):
    contact = StandardPageFactory(parent=index.get_parent(), title="Contact", slug="contact")
    index.contact_page = contact
    index.save()
    html = client.get(toolkit.url).content.decode()
    downloads = html[html.index('id="downloads"') : html.index('id="licence-heading"')]
    guide = files["guide"]
    assert f'href="{guide.url}?toolkit={toolkit.pk}"' in downloads
    assert "PDF, 3.0\xa0KB · in English" in downloads and "Read this first." in downloads
    assert "Word document (DOCX), 1008\xa0bytes" in downloads
    assert f'Also available as <a href="{files["template_odt"].url}?toolkit={toolkit.pk}">OpenDocument text (ODT)' in (
        downloads
    )
    assert "CSV, " in downloads and "in Polski" in downloads
    assert downloads.count(f'href="{contact.url}">Request an accessible format') == 3
    assert "Download everything (ZIP, 4 files and a list of contents)" in downloads


def test_a_toolkit_shows_its_live_case_studies_and_they_show_it(client, home, toolkit):
    case_studies = CaseStudyIndexPageFactory(parent=home)
    origin = CaseStudyPageFactory(parent=case_studies, title="Procurement pilot")
    draft = CaseStudyPageFactory(parent=case_studies, title="Draft pilot")
    draft.unpublish()
    relate(toolkit, related_case_studies=[origin, draft])
    html = client.get(toolkit.url).content.decode()
    assert f'href="{origin.url}">Procurement pilot</a>' in html and "Draft pilot" not in html
    assert f'href="{toolkit.url}">{toolkit.title}</a>' in client.get(origin.url).content.decode()


def test_a_driver_page_lists_exactly_the_live_toolkits_of_its_language(client, home, index):
    framework = FrameworkPageFactory(parent=home)
    driver = DriverPageFactory(parent=framework)
    linked = relate(ToolkitPageFactory(parent=index, title="Linked tool"), drivers=[driver])
    draft = relate(ToolkitPageFactory(parent=index, title="Draft tool"), drivers=[driver])
    draft.unpublish()
    relate(ToolkitPageFactory(parent=index, title="Unlinked tool"), drivers=[DriverPageFactory(parent=framework)])
    polish = relate(ToolkitPageFactory(parent=index, title="Polish tool", locale=other_locale()), drivers=[driver])
    assert polish.live and polish.locale.language_code == "pl"
    html = client.get(driver.url).content.decode()
    section = html[html.index('id="toolkits"') :]
    section = section[: section.index("</ul>") if "</ul>" in section else None]
    assert re.findall(r'<a href="([^"]+)">', section) == [linked.url]


# Download everything ---------------------------------------------------------------------------------------------


def read_zip(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_download_everything_is_a_streamed_zip_of_every_file_and_a_manifest(client, toolkit, files):
    toolkit.licence_note = "Licence shown for demonstration"
    toolkit.save()
    response = client.get(f"{toolkit.url}download-all/")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="readiness-all-files.zip"'
    archive = read_zip(response)
    assert archive.testzip() is None
    names = {key: os.path.basename(document.file.name) for key, document in files.items()}
    assert sorted(archive.namelist()) == sorted([*names.values(), "manifest.txt"])
    for key, document in files.items():
        with document.file.open("rb") as handle:
            assert archive.read(names[key]) == handle.read()
    manifest = archive.read("manifest.txt").decode("utf-8")
    for text in (
        "Child Health Equity Readiness Tool",
        "Open Government Licence v3.0",
        "Note: Licence shown for demonstration",
        "How to credit it",
        "Title: Guide to the tool",
        "Format: PDF, 3.0 KB; language: English",
        "Title: Action plan template (alternative format)",
        "Format: CSV",
        f"http://testserver{toolkit.url}",
    ):
        assert text in manifest, text


def test_a_large_file_is_sent_in_pieces_not_built_whole_in_memory(client, toolkit):
    content = random.Random(4).randbytes(3 * 1024 * 1024)  # 3 MB that does not compress
    big = make_document("Big data file", "big.csv", content)
    add_download(toolkit, big)
    add_download(toolkit, make_document("Note", "note.txt", b"note"))
    response = client.get(f"{toolkit.url}download-all/")
    pieces = list(response.streaming_content)
    assert len(pieces) > 10
    assert max(len(piece) for piece in pieces) < 1024 * 1024
    archive = zipfile.ZipFile(io.BytesIO(b"".join(pieces)))
    assert archive.read(os.path.basename(big.file.name)) == content


def test_names_inside_the_zip_are_safe_and_unique(client, toolkit):
    first = make_document("One", "report.pdf", b"one")
    second = make_document("Two", "report.pdf", b"two")  # stored under another name: give it the same one
    second.file.name = first.file.name
    second.save()
    add_download(toolkit, first)
    add_download(toolkit, second)
    add_download(toolkit, make_document("Three", "notes; final (v2) é.txt", b"three"))
    names = read_zip(client.get(f"{toolkit.url}download-all/")).namelist()
    assert len(names) == len(set(names)) == 4  # three files and the manifest
    assert all(re.fullmatch(r"[\w.-]+", name) for name in names), names


def test_a_file_attached_twice_is_in_the_zip_once(client, toolkit):
    """The same document as two downloads, and as another download's alternative format: one copy, one manifest
    entry, and the page counts it once."""
    guide = make_document("Guide", "guide.pdf", b"%PDF-1.4 guide")
    plan = make_document("Plan", "plan.docx", b"PK plan")
    add_download(toolkit, guide, sort_order=0)
    add_download(toolkit, plan, alternative_document=guide, sort_order=1)
    add_download(toolkit, guide, description="Again, for the second stage.", sort_order=2)
    assert "Download everything (ZIP, 2 files and a list of contents)" in client.get(toolkit.url).content.decode()
    archive = read_zip(client.get(f"{toolkit.url}download-all/"))
    assert sorted(archive.namelist()) == sorted(
        [os.path.basename(guide.file.name), os.path.basename(plan.file.name), "manifest.txt"]
    )
    manifest = archive.read("manifest.txt").decode()
    assert manifest.count(os.path.basename(guide.file.name)) == 1
    assert re.findall(r"^\d+\. ", manifest, flags=re.MULTILINE) == ["1. ", "2. "]


def test_file_names_that_differ_only_in_case_get_distinct_names_in_the_zip(client, toolkit):
    """Unzipped on Windows or macOS (case-insensitive file systems), "Guide.pdf" would overwrite "guide.pdf"."""
    token = uuid.uuid4().hex[:8]
    lower = make_document("Lower", f"guide-{token}.pdf", b"lower")
    upper = make_document("Upper", f"GUIDE-{token}.pdf", b"upper")
    assert os.path.basename(lower.file.name).lower() == os.path.basename(upper.file.name).lower()
    add_download(toolkit, lower, sort_order=0)
    add_download(toolkit, upper, sort_order=1)
    archive = read_zip(client.get(f"{toolkit.url}download-all/"))
    names = archive.namelist()
    assert len({name.lower() for name in names}) == len(names) == 3, names
    contents = {archive.read(name) for name in names if name != "manifest.txt"}
    assert contents == {b"lower", b"upper"}  # each name holds its own file


def test_a_toolkit_without_files_offers_no_zip(client, toolkit):
    assert "Download everything" not in client.get(toolkit.url).content.decode()
    response = client.get(f"{toolkit.url}download-all/")
    assert response.status_code == 404


# Download counts ---------------------------------------------------------------------------------------------------


def counts():
    return {(row.document_id, row.toolkit_id): row.count for row in DownloadCount.objects.all()}


def test_each_file_download_from_a_toolkit_adds_one_for_the_file_and_the_toolkit(client, toolkit, files):
    guide = files["guide"]
    for expected in (1, 2, 3):
        response = client.get(f"{guide.url}?toolkit={toolkit.pk}")
        assert response.status_code == 200
        b"".join(response.streaming_content) if response.streaming else response.content
        assert counts() == {(guide.pk, toolkit.pk): expected}
    assert DownloadCount.objects.count() == 1  # one row per day, not per download


def test_downloads_not_from_a_toolkit_count_for_the_file_only(client, toolkit, files):
    other_toolkit = ToolkitPageFactory(parent=toolkit.get_parent())
    guide = files["guide"]
    client.get(guide.url)
    client.get(f"{guide.url}?toolkit={other_toolkit.pk}")  # not one of its files
    client.get(f"{guide.url}?toolkit=abc")
    client.get(f"{guide.url}?toolkit=99999999999999999999")
    assert counts() == {(guide.pk, None): 4}


def test_head_requests_and_later_byte_ranges_are_not_counted(client, files):
    guide = files["guide"]
    client.head(guide.url)
    client.get(guide.url, headers={"Range": "bytes=1000-1999"})
    assert counts() == {}
    client.get(guide.url, headers={"Range": "bytes=0-999"})
    assert counts() == {(guide.pk, None): 1}


def test_each_zip_download_adds_one_for_the_toolkit(client, toolkit, files):
    client.get(f"{toolkit.url}download-all/")
    client.get(f"{toolkit.url}download-all/")
    assert counts() == {(None, toolkit.pk): 2}


def test_counts_keep_nothing_about_the_reader():
    fields = {field.name for field in DownloadCount._meta.get_fields()}
    assert fields == {"id", "day", "document", "toolkit", "count"}


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", password="pass-for-tests-123")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("moderator", password="pass-for-tests-123")
    user.groups.add(Group.objects.get(name="Site moderators"))
    return user


@pytest.fixture
def admin_only(django_user_model):
    """Can log in to the admin, nothing more."""
    user = django_user_model.objects.create_user("someone", password="pass-for-tests-123")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def test_editors_see_download_counts_in_the_admin_report(client, editor, toolkit, files):
    record_download(document=files["guide"], toolkit=toolkit)
    record_download(document=files["guide"], toolkit=toolkit)
    record_download(document=files["guide"])
    record_download(toolkit=toolkit)
    client.force_login(editor)
    response = client.get(reverse("toolkit_download_report"))
    assert response.status_code == 200
    html = response.content.decode()
    row = re.search(r"Child Health Equity Readiness Tool</a></th>\s*<td>(\d+)</td><td>(\d+)</td><td>(\d+)</td>", html)
    assert row.groups() == ("2", "1", "3")
    file_row = re.search(r"Guide to the tool</a></th>\s*<td>(\d+)</td><td>(\d+)</td>", html)
    assert file_row.groups() == ("3", "2")
    assert "Toolkit downloads" in client.get("/admin/").content.decode()  # in the Reports menu
    export = client.get(reverse("toolkit_download_report") + "?period=all&export=csv")
    assert export["Content-Type"].startswith("text/csv")
    lines = export.content.decode().splitlines()
    assert lines[0] == "day,toolkit,document,what,downloads"
    assert len(lines) == 4


def test_download_counts_are_not_public(client, admin_only, toolkit, files):
    record_download(document=files["guide"], toolkit=toolkit)
    url = reverse("toolkit_download_report")
    assert url.startswith("/admin/")
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(admin_only)
    assert client.get(url).status_code in (302, 403)
    assert "Toolkit downloads" not in client.get("/admin/").content.decode()
    client.logout()
    html = client.get(toolkit.url).content.decode()
    assert "DownloadCount" not in html and "downloads this" not in html.lower()


# The index ---------------------------------------------------------------------------------------------------------


def result_titles(html):
    results = html[html.index('id="results-heading"') :]
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', results)


@pytest.fixture
def catalogue(home, index):
    framework = FrameworkPageFactory(parent=home)
    voice = DriverPageFactory(parent=framework, slug="capabilities")
    places = DriverPageFactory(parent=framework, slug="places")
    audiences = {audience.code: audience for audience in Audience.objects.all()}
    rows = [
        ("Readiness Tool", ResourceType.SELF_ASSESSMENT, [voice, places], ["commissioners"], ["readiness"]),
        ("Voice and Influence Tool", ResourceType.SELF_ASSESSMENT, [voice], ["practitioners"], ["Lundy: Voice"]),
        ("Three ICSs", ResourceType.PRACTICE_EXAMPLES, [voice], ["practitioners", "commissioners"], ["Lundy: Voice"]),
        ("Action plan template", ResourceType.TEMPLATE, [places], [], []),
    ]
    for title, kind, drivers, audience_codes, tags in rows:
        page = ToolkitPageFactory(parent=index, title=title, resource_type=kind)
        relate(page, drivers=drivers, audiences=[audiences[code] for code in audience_codes], tags=tags)
    draft = ToolkitPageFactory(parent=index, title="Draft tool", resource_type=ResourceType.TEMPLATE)
    draft.unpublish()
    ToolkitPageFactory(parent=index, title="Polish tool", resource_type=ResourceType.TEMPLATE, locale=other_locale())
    return index


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Action plan template", "Readiness Tool", "Three ICSs", "Voice and Influence Tool"]),
        ("?type=self-assessment", ["Readiness Tool", "Voice and Influence Tool"]),
        ("?type=template", ["Action plan template"]),
        ("?driver=places", ["Action plan template", "Readiness Tool"]),
        ("?audience=practitioners", ["Three ICSs", "Voice and Influence Tool"]),
        ("?tag=lundy-voice&type=practice-examples", ["Three ICSs"]),
        ("?audience=commissioners&driver=capabilities&type=self-assessment", ["Readiness Tool"]),
        ("?type=report", ["Action plan template", "Readiness Tool", "Three ICSs", "Voice and Influence Tool"]),
    ],
)
def test_toolkit_filters_return_exactly_the_live_toolkits_of_the_language(client, catalogue, query, expected):
    response = client.get(catalogue.url + query)
    assert response.status_code == 200
    assert result_titles(response.content.decode()) == expected


def test_toolkit_index_counts_and_links_to_the_journey(client, catalogue):
    journey = JourneyPageFactory(parent=catalogue)
    html = client.get(catalogue.url + "?type=self-assessment").content.decode()
    assert re.search(r'value="self-assessment"[^>]*checked>\s*<label[^>]*>Self-assessment tool <span[^>]*>\(2\)', html)
    assert re.search(r'value="practitioners"[^>]*>\s*<label[^>]*>[^<]+<span[^>]*>\(1\)', html)
    assert "2 toolkits with these filters" in html
    assert f'href="{journey.url}">Start your own journey</a>' in html


@pytest.mark.parametrize("query", ["", "?type=guide&audience=commissioners&tag=lundy-voice&driver=places-{total}"])
def test_the_toolkit_index_runs_the_same_few_queries_for_5_and_60_toolkits(client, home, query):
    framework = FrameworkPageFactory(parent=home)
    audiences = list(Audience.objects.all())
    counts = []
    for total in (5, 60):
        for old in ToolkitIndexPage.objects.all():
            old.delete()
        index = ToolkitIndexPageFactory(parent=home, slug=f"toolkit-{total}")
        JourneyPageFactory(parent=index)
        driver = DriverPageFactory(parent=framework, slug=f"places-{total}")
        for number in range(total):
            page = ToolkitPageFactory(parent=index)
            relate(page, drivers=[driver], audiences=audiences[number % 3 : number % 3 + 2], tags=["Lundy: Voice"])
        counts.append(warm_query_count(client, index.url + query.format(total=total)))
    assert counts[0] == counts[1]
    assert counts[0] <= 15


# Start your own journey --------------------------------------------------------------------------------------------


def stage(title, toolkits=(), case_studies=(), other_pages=()):
    return (
        "stage",
        {
            "title": title,
            "summary": f"Why {title.lower()}.",
            "guidance": f"<p>How to {title.lower()}.</p>",
            "toolkits": list(toolkits),
            "case_studies": list(case_studies),
            "other_pages": list(other_pages),
        },
    )


def test_the_journey_shows_numbered_stages_in_the_editors_order_with_live_links(client, home, index, toolkit):
    case_studies = CaseStudyIndexPageFactory(parent=home)
    example = CaseStudyPageFactory(parent=case_studies, title="How South Yorkshire works with young people")
    draft_tool = ToolkitPageFactory(parent=index, title="Unpublished tool")
    draft_tool.unpublish()
    about = StandardPageFactory(parent=home, title="About the Collaborative")
    journey = JourneyPageFactory(
        parent=index,
        stages=[
            stage("Form the partnership", toolkits=[toolkit], other_pages=[about]),
            stage("Hear children and young people", toolkits=[draft_tool], case_studies=[example]),
            stage("Evaluate"),
        ],
    )
    html = client.get(journey.url).content.decode()
    headings = re.findall(
        r'<h2 id="stage-(\d)"><span class="journey-stage__number">Stage (\d):</span> ([^<]+)</h2>', html
    )
    assert headings == [
        ("1", "1", "Form the partnership"),
        ("2", "2", "Hear children and young people"),
        ("3", "3", "Evaluate"),
    ]
    assert 'href="#stage-2">Hear children and young people</a>' in html
    assert f'href="{toolkit.url}"' in html and f'href="{example.url}"' in html and f'href="{about.url}"' in html
    assert "Unpublished tool" not in html
    # Editors reorder stages by moving blocks: the page follows.
    children = [("stage", child.value) for child in journey.stages]
    journey.stages = [children[2], children[0], children[1]]
    journey.save_revision().publish()
    html = client.get(journey.url).content.decode()
    assert re.findall(r"Stage \d:</span> ([^<]+)</h2>", html)[0] == "Evaluate"


def test_every_page_type_renders(client, home, index, toolkit, files):
    case_studies = CaseStudyIndexPageFactory(parent=home)
    case_study = CaseStudyPageFactory(parent=case_studies)
    journey = JourneyPageFactory(parent=index, stages=[stage("Form the partnership", toolkits=[toolkit])])
    Organisation.objects.create(name="Barnardo's")
    for page in (case_studies, case_study, index, toolkit, journey):
        response = client.get(page.url)
        assert response.status_code == 200, page
        assert response.content.decode().count("<h1") == 1
