"""The open data API (Wagtail API v2, api/): read-only; live public pages of every language only, whoever asks;
the fields other sites need per page type; images and documents; a constant number of queries per listing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Collection, CollectionViewRestriction, Locale, PageViewRestriction

from hub.demo_tools import ensure_sample_translation
from tests.casestudies.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.factories import DriverPageFactory, FrameworkPageFactory, make_document, relate
from tests.helpers import query_diff
from tests.home.factories import StandardPageFactory
from tests.toolkit.factories import ToolkitIndexPageFactory, ToolkitPageFactory, add_download

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(home):
    Locale.objects.get_or_create(language_code="pl")
    ensure_sample_translation(home, "pl", {home.title: "Strona główna"})
    driver = DriverPageFactory(parent=FrameworkPageFactory(parent=home), title="Poverty")
    toolkits = ToolkitIndexPageFactory(parent=home)
    toolkit = ToolkitPageFactory(parent=toolkits, title="Readiness tool", slug="readiness")
    relate(toolkit, drivers=[driver], tags=["readiness"])
    add_download(toolkit, make_document("Guide to the tool", "guide.pdf"), language="English")
    case_study = CaseStudyPageFactory(parent=CaseStudyIndexPageFactory(parent=home), title="Youth voice")
    relate(case_study, drivers=[driver], tags=["youth-voice"])
    EventPageFactory(parent=EventIndexPageFactory(parent=home), title="Launch webinar")
    private = StandardPageFactory(parent=home, title="Private page", slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    StandardPageFactory(parent=private, title="Child of private", slug="inside")
    draft = StandardPageFactory(parent=home, title="Draft page", slug="draft")
    draft.unpublish()
    return {"toolkits": toolkits, "toolkit": toolkit, "private": private, "draft": draft}


def titles(response):
    assert response.status_code == 200, response.content[:300]
    return {item["title"] for item in response.json()["items"]}


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "admin"])
def test_only_live_public_pages_are_listed_whoever_asks(client, admin_client, site, logged_in):
    api = admin_client if logged_in else client
    listed = titles(api.get("/api/v2/pages/?limit=20"))
    assert {"Readiness tool", "Youth voice", "Launch webinar", "Poverty", "Strona główna"} <= listed
    assert not listed & {"Private page", "Child of private", "Draft page"}
    for page in (site["private"], site["draft"]):
        assert api.get(f"/api/v2/pages/{page.pk}/").status_code == 404
    assert api.get("/api/v2/pages/?search=Private").status_code in (200, 400)
    assert "Private page" not in api.get("/api/v2/pages/?search=Private").content.decode()


def test_a_page_made_private_or_unpublished_leaves_the_api(client, site):
    toolkit = site["toolkit"]
    assert client.get(f"/api/v2/pages/{toolkit.pk}/").status_code == 200
    PageViewRestriction.objects.create(page=site["toolkits"], restriction_type=PageViewRestriction.LOGIN)
    assert client.get(f"/api/v2/pages/{toolkit.pk}/").status_code == 404
    assert "Readiness tool" not in titles(client.get("/api/v2/pages/?type=toolkit.ToolkitPage"))


def test_a_toolkit_has_its_summary_drivers_tags_licence_and_downloads(client, site):
    data = client.get(f"/api/v2/pages/{site['toolkit'].pk}/").json()
    assert data["meta"]["type"] == "toolkit.ToolkitPage"
    assert data["meta"]["html_url"] == "http://testserver/toolkit/readiness/"
    assert data["summary"] == "What the product is for."
    assert data["drivers"] == [{"id": data["drivers"][0]["id"], "title": "Poverty"}]
    assert data["tags"] == ["readiness"]
    assert data["licence"]["label"]
    (download,) = data["downloads"]
    assert download["title"] == "" or download["title"]
    assert download["document"]["meta"]["download_url"].startswith("http://testserver/documents/")
    assert download["language"] == "English"


def test_a_case_study_has_its_ics_and_drivers(client, site):
    data = client.get("/api/v2/pages/?type=casestudies.CaseStudyPage&fields=ics,drivers,tags,summary").json()
    (item,) = data["items"]
    assert item["ics"]["name"] == "Default ICS"
    assert [driver["title"] for driver in item["drivers"]] == ["Poverty"]
    assert item["tags"] == ["youth-voice"]


def test_every_page_type_lists_with_all_its_fields(client, site):
    listing = client.get("/api/v2/pages/?limit=20")
    assert listing.status_code == 200, listing.content
    types = {item["meta"]["type"] for item in listing.json()["items"]}
    for page_type in types:
        response = client.get(f"/api/v2/pages/?type={page_type}&fields=*")
        assert response.status_code == 200, (page_type, response.content[:300])


def test_translations_are_listed_and_filtered_by_locale(client, site):
    assert titles(client.get("/api/v2/pages/?locale=pl")) == {"Strona główna"}


def test_listing_costs_the_same_queries_for_3_or_12_toolkits(client, site):
    url = "/api/v2/pages/?type=toolkit.ToolkitPage&fields=*&limit=20"

    def queries():
        client.get(url)  # warm caches (site root paths, content types)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return [query["sql"] for query in captured.captured_queries]

    for n in range(2):
        toolkit = ToolkitPageFactory(parent=site["toolkits"], title=f"More {n}")
        add_download(toolkit, make_document(f"File {n}", f"file-{n}.pdf"))
    small = queries()
    for n in range(2, 11):
        toolkit = ToolkitPageFactory(parent=site["toolkits"], title=f"More {n}")
        relate(toolkit, tags=[f"tag-{n}"])
        add_download(toolkit, make_document(f"File {n}", f"file-{n}.pdf"))
    assert len(client.get(url).json()["items"]) == 12
    large = queries()
    assert len(large) == len(small), query_diff(small, large)


def test_documents_in_restricted_collections_are_not_listed(client, site):
    secret = Collection.get_first_root_node().add_child(name="Board papers")
    CollectionViewRestriction.objects.create(collection=secret, restriction_type=CollectionViewRestriction.LOGIN)
    hidden = make_document("Board minutes", "minutes.pdf")
    hidden.collection = secret
    hidden.save()
    listed = titles(client.get("/api/v2/documents/"))
    assert "Guide to the tool" in listed and "Board minutes" not in listed
    assert client.get(f"/api/v2/documents/{hidden.pk}/").status_code == 404


def test_images_are_listed(client, site):
    import wagtail_factories

    wagtail_factories.ImageFactory(title="Launch photo")
    assert "Launch photo" in titles(client.get("/api/v2/images/"))


def test_the_api_is_read_only(client, site):
    for method in (client.post, client.put, client.delete):
        assert method("/api/v2/pages/").status_code == 405


def test_bad_parameters_are_400_not_500(client, site):
    for query in ("type=nope.Nope", "fields=not_a_field", "limit=abc", "order=nonsense", "offset=-1"):
        assert client.get(f"/api/v2/pages/?{query}").status_code == 400, query
