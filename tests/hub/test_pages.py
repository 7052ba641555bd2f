"""Page types: where they can be created, and what readers get when they visit."""

from xml.etree import ElementTree

import pytest
from wagtail.models import Page

from home.models import HomePage, StandardPage
from tests.home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_home_page_can_only_be_created_at_the_root(home):
    root = Page.get_first_root_node()
    assert HomePage.can_create_at(root) is False  # one per parent: the home already exists
    assert HomePage.can_exist_under(root)
    assert not HomePage.can_exist_under(home)
    standard = StandardPageFactory(parent=home)
    assert not HomePage.can_exist_under(standard)


def test_standard_page_lives_under_home_or_another_standard_page(home):
    root = Page.get_first_root_node()
    assert StandardPage.can_create_at(home)
    standard = StandardPageFactory(parent=home)
    assert StandardPage.can_create_at(standard)
    assert not StandardPage.can_exist_under(root)


def test_home_page_renders_its_content(client, home):
    home.intro = "What the Collaborative was and who this site is for."
    home.workstreams = [("workstream", {"title": "A data working group", "text": "Collated data.", "page": None})]
    home.save_revision().publish()
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and home.title in html
    assert "What the Collaborative was and who this site is for." in html
    assert "A data working group" in html


def test_standard_page_renders_title_summary_body_and_breadcrumbs(client, home):
    page = StandardPageFactory(parent=home, title="Accessibility statement", slug="accessibility-statement")
    response = client.get("/accessibility-statement/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="page-header__title">Accessibility statement</h1>' in html
    assert page.summary in html
    assert "Standard page body text." in html
    assert 'aria-label="Breadcrumb"' in html


def test_every_page_has_a_skip_link_and_one_main_landmark(client, home):
    html = client.get("/").content.decode()
    assert html.index('class="skip-link" href="#main-content"') < html.index("<header")
    assert html.count("<main") == 1 and 'id="main-content"' in html


def test_draft_page_is_not_served(client, home):
    page = StandardPageFactory(parent=home, slug="draft-page")
    page.unpublish()
    assert client.get("/draft-page/").status_code == 404


def test_unknown_url_gets_the_sites_own_404_page(client, home):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'class="skip-link"' in html  # the site's layout, not Django's plain page
    assert 'href="/"' in html


def test_quick_exit_shows_only_on_pages_meant_for_young_people(client, home):
    young = StandardPageFactory(parent=home, slug="for-you", for_young_people=True)
    general = StandardPageFactory(parent=home, slug="general")
    assert "data-quick-exit" in client.get(young.url).content.decode()
    assert "data-quick-exit" not in client.get(general.url).content.decode()


def test_sitemap_is_valid_xml_listing_live_pages_only(client, home):
    live = StandardPageFactory(parent=home, slug="live-page")
    draft = StandardPageFactory(parent=home, slug="draft-page")
    draft.unpublish()
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = ElementTree.fromstring(response.content)
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [element.text for element in tree.findall("s:url/s:loc", namespace)]
    assert "http://testserver/" in locations
    assert f"http://testserver{live.url}" in locations
    assert not any("draft-page" in location for location in locations)


def test_robots_txt_points_at_the_sitemap_and_keeps_out_of_the_admin(client, home):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_admin_login_page_is_served(client, db):
    assert client.get("/admin/login/").status_code == 200


def test_meta_description_falls_back_to_the_summary(client, home):
    page = StandardPageFactory(parent=home, slug="meta", summary="A plain summary.", search_description="")
    html = client.get(page.url).content.decode()
    assert '<meta name="description" content="A plain summary.">' in html
    page.search_description = "A search description."
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert '<meta name="description" content="A search description.">' in html
    assert '<meta property="og:title"' in html
