"""Short links: /go/<code> redirects that follow their page, fall back instead of breaking, count clicks per day,
and come with QR codes that decode to the full short URL."""

import datetime
import io
import re
import xml.etree.ElementTree as ET
from io import StringIO

import pytest
import zxingcpp
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image
from wagtail.documents.models import Document

from shortlinks.models import ShortLink, ShortLinkClick
from tests.home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(home):
    return StandardPageFactory(parent=home, title="The framework", slug="framework")


@pytest.fixture
def link(page):
    return ShortLink.objects.create(code="framework", target_page=page)


def follow(client, path):
    response = client.get(path)
    assert response.status_code == 302, response.status_code
    return response["Location"]


def test_short_link_redirects_temporarily_to_its_page(client, link, page):
    response = client.get("/go/framework")
    assert response.status_code == 302  # not 301: the target may change
    assert response["Location"] == page.url
    assert "no-cache" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]


@pytest.mark.parametrize("path", ["/go/Framework", "/go/FRAMEWORK", "/go/framework/", "/go/FrameWork/"])
def test_codes_are_case_insensitive_and_a_trailing_slash_is_fine(client, link, page, path):
    assert follow(client, path) == page.url


def test_short_link_follows_its_page_when_the_slug_changes(client, link, page):
    page.slug = "child-health-equity-framework"
    page.save_revision().publish()
    assert follow(client, "/go/framework") == "/child-health-equity-framework/"


def test_short_link_follows_its_page_when_the_page_moves(client, home, link, page):
    section = StandardPageFactory(parent=home, slug="resources")
    page.move(section, pos="last-child")
    assert follow(client, "/go/framework") == "/resources/framework/"


def test_unpublished_target_falls_back_to_the_home_page_by_default(client, link, page):
    page.unpublish()
    assert follow(client, "/go/framework") == "/"
    link.refresh_from_db()
    assert link.is_broken


def test_deleted_target_falls_back_to_the_chosen_page(client, home, link, page):
    about = StandardPageFactory(parent=home, slug="about")
    link.fallback_page = about
    link.save()
    page.delete()
    assert follow(client, "/go/framework") == "/about/"
    link.refresh_from_db()
    assert link.target_page is None and link.is_broken


def test_unpublished_fallback_page_falls_back_to_the_home_page(client, home, link, page):
    about = StandardPageFactory(parent=home, slug="about")
    link.fallback_page = about
    link.save()
    page.unpublish()
    about.unpublish()
    assert follow(client, "/go/framework") == "/"


def test_links_to_a_document_and_to_another_website(client, home):
    document = Document(title="Framework (PDF)")
    document.file.save("framework.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    document.save()
    ShortLink.objects.create(code="framework-pdf", target_document=document)
    ShortLink.objects.create(code="barnardos", target_url="https://www.barnardos.org.uk/")
    assert follow(client, "/go/framework-pdf") == document.url
    assert follow(client, "/go/barnardos") == "https://www.barnardos.org.uk/"
    document.delete()
    assert follow(client, "/go/framework-pdf") == "/"


def test_one_click_is_counted_per_request_per_day_with_nothing_personal(client, link):
    for _ in range(3):
        client.get("/go/framework", HTTP_USER_AGENT="Phone", REMOTE_ADDR="203.0.113.9")
    client.head("/go/framework")  # link previews and checkers
    (row,) = ShortLinkClick.objects.all()
    assert (row.link, row.date, row.count) == (link, timezone.localdate(), 3)
    stored = {field.name for field in ShortLinkClick._meta.get_fields()}
    assert stored == {"id", "link", "date", "count"}


def test_clicks_on_another_day_get_their_own_count(client, link):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ShortLinkClick.objects.create(link=link, date=yesterday, count=7)
    client.get("/go/framework")
    counts = dict(ShortLinkClick.objects.values_list("date", "count"))
    assert counts == {yesterday: 7, timezone.localdate(): 1}


def test_a_click_is_one_update_once_the_days_row_exists(client, link):
    client.get("/go/framework")
    with CaptureQueriesContext(connection) as queries:
        client.get("/go/framework")
    writes = [query["sql"] for query in queries if "shortlinks_shortlinkclick" in query["sql"]]
    assert len(writes) == 1 and writes[0].startswith("UPDATE") and '"count" + 1' in writes[0].replace("( ", "(")


@pytest.mark.parametrize("path", ["/go/no-such-code", "/go/bad%20code", "/go/%3Cscript%3E", "/go/a", "/go/" + "x" * 41])
def test_unknown_or_unsafe_code_gives_a_friendly_404_with_search(client, home, path):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert '<form class="search-form" action="/search/" method="get"' in html and 'name="q"' in html
    assert "<script>" not in html


def test_404_suggests_a_similar_code(client, link):
    html = client.get("/go/framwork").content.decode()
    assert "There is no short link called “framwork”" in html
    assert '<a href="/go/framework">/go/framework</a>' in html


@pytest.mark.parametrize(
    "code", ["Framework!", "a", "x" * 41, "two words", "under_score", "slash/code", "ünïcode", "emoji-🙂"]
)
def test_codes_are_limited_to_safe_characters(page, code):
    link = ShortLink(code=code, target_page=page)
    with pytest.raises(ValidationError) as error:
        link.full_clean()
    assert "code" in error.value.message_dict


def test_codes_are_stored_in_lower_case_and_unique_whatever_the_case(page):
    link = ShortLink(code="  Framework ", target_page=page)
    link.full_clean()
    link.save()
    assert ShortLink.objects.get().code == "framework"
    duplicate = ShortLink(code="FRAMEWORK", target_page=page)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "Try 'framework-2'" in error.value.message_dict["code"][0]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/file", "data:text/html,hi", "//evil.test/"])
def test_external_targets_must_be_http_or_https(home, url):
    link = ShortLink(code="external", target_url=url)
    with pytest.raises(ValidationError) as error:
        link.full_clean()
    assert "target_url" in error.value.message_dict


def test_exactly_one_target_is_required(home, page):
    with pytest.raises(ValidationError, match="Choose one target"):
        ShortLink(code="none").full_clean()
    with pytest.raises(ValidationError, match="Choose one target"):
        ShortLink(code="two", target_page=page, target_url="https://example.org/").full_clean()


def test_code_is_suggested_from_the_target_and_made_unique(home, page):
    ShortLink.objects.create(code="framework", target_url="https://example.org/")
    suggested = ShortLink(target_page=page)
    suggested.full_clean()
    suggested.save()
    assert suggested.code == "framework-2"
    from_url = ShortLink(target_url="https://example.org/files/Legacy%20Products.pdf")
    from_url.full_clean()
    assert from_url.code == "legacy-products"
    from_document_title = ShortLink(target_url="https://www.barnardos.org.uk/")
    from_document_title.full_clean()
    assert from_document_title.code == "barnardos-org-uk"


def qr_png_text(content: bytes) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(content)))]


def test_qr_code_png_decodes_to_the_full_short_url(admin_client, home, link):
    response = admin_client.get(f"/admin/shortlinks/qr/{link.pk}/png/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="go-framework.png"'
    assert qr_png_text(response.content) == ["http://testserver/go/framework"]


def test_qr_code_follows_the_site_base_url(admin_client, home, link, settings):
    """SITE_BASE_URL, not the Site record (still testserver:80 here) nor the admin's own address, is what is printed."""
    settings.SITE_BASE_URL = "https://chec.example.org"
    response = admin_client.get(f"/admin/shortlinks/qr/{link.pk}/png/")
    assert qr_png_text(response.content) == ["https://chec.example.org/go/framework"]


def test_qr_code_svg_is_a_titled_scalable_image(admin_client, home, link):
    response = admin_client.get(f"/admin/shortlinks/qr/{link.pk}/svg/")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"] == 'attachment; filename="go-framework.svg"'
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.find("{http://www.w3.org/2000/svg}title").text == "QR code for http://testserver/go/framework"
    assert any(element.tag == "{http://www.w3.org/2000/svg}path" for element in root.iter())


def test_the_public_cannot_download_qr_codes_from_the_admin(client, link):
    response = client.get(f"/admin/shortlinks/qr/{link.pk}/png/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


GROUP_NAMES = {"Moderators": ["Site moderators", "Moderators"], "Editors": ["Editors"]}


def make_user(username, group_name):
    """A user in one of the editorial groups (the core names the moderators' group "Site moderators")."""
    user = get_user_model().objects.create_user(username=username, password="a-long-test-password")
    user.groups.add(Group.objects.filter(name__in=GROUP_NAMES[group_name]).first())
    return user


def test_moderators_manage_short_links_in_the_admin_with_a_suggested_code(client, home, page):
    client.force_login(make_user("moderator", "Moderators"))
    assert client.get("/admin/shortlinks/").status_code == 200
    form = client.get("/admin/shortlinks/new/").content.decode()
    assert f'name="fallback_page" value="{home.pk}"' in form  # the home page, chosen in advance
    response = client.post(
        "/admin/shortlinks/new/",
        {
            "code": "",
            "target_page": page.pk,
            "target_document": "",
            "target_url": "",
            "fallback_page": home.pk,
            "notes": "",
        },
    )
    assert response.status_code == 302
    assert ShortLink.objects.get().code == "framework"
    response = client.post(
        "/admin/shortlinks/new/",
        {
            "code": "Framework",
            "target_page": "",
            "target_document": "",
            "target_url": "javascript:alert(1)",
            "notes": "",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Try &#x27;framework-2&#x27;" in html
    assert ShortLink.objects.count() == 1


def test_editors_see_click_counts_and_broken_targets_but_cannot_change_links(client, home, link, page):
    other = ShortLink.objects.create(code="other", target_url="https://example.org/")
    today = timezone.localdate()
    ShortLinkClick.objects.create(link=link, date=today, count=4)
    ShortLinkClick.objects.create(link=link, date=today - datetime.timedelta(days=40), count=10)
    page.unpublish()
    client.force_login(make_user("editor", "Editors"))

    listing = client.get("/admin/shortlinks/").content.decode()
    row = listing[listing.index("/go/framework") :]
    row = row[: row.index("</tr>")]
    assert "Broken target" in row and "Readers go to the home page" in row
    assert re.findall(r"<td\s*>\s*(\d+)\s*</td>", row) == ["4", "14"]  # last 30 days, all time
    broken_only = client.get("/admin/shortlinks/?broken=true").content.decode()
    assert "/go/framework" in broken_only and "/go/other" not in broken_only

    inspect = client.get(f"/admin/shortlinks/inspect/{link.pk}/").content.decode()
    assert "Clicks per day" in inspect and "<caption" in inspect
    assert f'href="/admin/shortlinks/qr/{link.pk}/svg/"' in inspect
    assert f'href="/admin/shortlinks/qr/{link.pk}/png/"' in inspect
    assert "Broken target" in inspect
    assert client.get(f"/admin/shortlinks/edit/{other.pk}/").status_code in (302, 403)
    assert client.get("/admin/shortlinks/new/").status_code in (302, 403)


def test_the_public_never_sees_the_short_link_admin(client, link):
    assert client.get("/admin/shortlinks/").status_code == 302


def test_demo_short_links_point_at_pages_that_exist():
    call_command("load_demo", stdout=StringIO())
    links = {link.code: link for link in ShortLink.objects.select_related("target_page")}
    assert {"framework", "insights-report", "webinar"} <= set(links)
    assert links["framework"].target_page.url_path.endswith("/framework/")
    assert links["insights-report"].target_page.url_path.endswith("/reports/insights-report/")
    assert links["webinar"].target_page.url_path.endswith("/events/chec-webinar/")
    assert all(not link.is_broken for link in links.values())


def test_editing_a_broken_link_says_what_is_wrong(client, link, page):
    page.unpublish()
    client.force_login(make_user("moderator", "Moderators"))
    html = client.get(f"/admin/shortlinks/edit/{link.pk}/").content.decode()
    assert "The target of this link is unpublished or deleted" in html
