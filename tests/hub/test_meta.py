"""Link previews from the webinar chat: Open Graph and Twitter card meta on the event pages."""

import re

import pytest
import wagtail_factories

from tests.events.factories import EventIndexPageFactory, EventPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(home):
    return EventIndexPageFactory(parent=home, summary="Webinars and events of the Collaborative.")


@pytest.fixture(params=["event index", "event"])
def page(request, index):
    if request.param == "event index":
        return index
    return EventPageFactory(parent=index, title="Launch webinar", summary="The launch of the framework.")


def meta(html: str) -> dict:
    tags = re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', html)
    return dict(tags)


def test_title_description_and_card_without_an_image(client, page):
    tags = meta(client.get(page.url).content.decode())
    assert tags["og:title"] == page.title
    assert tags["og:description"] == page.summary  # the summary is the fallback description
    assert tags["og:url"] == f"http://testserver{page.url}"
    assert tags["twitter:card"] == "summary"
    assert "og:image" not in tags


def test_search_description_and_seo_title_win_over_the_fallbacks(client, page):
    page.seo_title = "Shared title"
    page.search_description = "Shared description."
    page.save_revision().publish()
    tags = meta(client.get(page.url).content.decode())
    assert tags["og:title"] == "Shared title"
    assert tags["og:description"] == "Shared description."


def test_listing_image_becomes_a_large_card_with_an_image_rendition(client, page):
    image = wagtail_factories.ImageFactory(file__width=2400, file__height=1600)
    page.listing_image = image
    page.save_revision().publish()
    tags = meta(client.get(page.url).content.decode())
    assert tags["twitter:card"] == "summary_large_image"
    rendition = image.get_rendition("coverfill-1200x630")
    assert (rendition.width, rendition.height) == (1200, 630)
    assert tags["og:image"] == f"http://testserver{rendition.url}"
    assert re.fullmatch(r"http://testserver/media/images/[^/]+\.coverfill-1200x630\.[a-z]+", tags["og:image"])
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")


@pytest.mark.parametrize("size", [(900, 600), (300, 300), (640, 1200)])
def test_small_or_odd_shaped_images_still_give_a_1200_by_630_preview(client, page, size):
    """Wagtail's fill never enlarges (a 900x600 source gave 900x473): previews are always 1200x630."""
    image = wagtail_factories.ImageFactory(file__width=size[0], file__height=size[1])
    page.social_image = image
    page.save_revision().publish()
    tags = meta(client.get(page.url).content.decode())
    rendition = image.get_rendition("coverfill-1200x630")
    assert tags["og:image"] == f"http://testserver{rendition.url}"
    assert (rendition.width, rendition.height) == (1200, 630)
    with rendition.get_willow_image() as willow:
        assert willow.get_size() == (1200, 630)


def test_open_graph_image_wins_over_the_listing_image(client, page):
    listing, social = wagtail_factories.ImageFactory(), wagtail_factories.ImageFactory()
    page.listing_image, page.social_image = listing, social
    page.save_revision().publish()
    tags = meta(client.get(page.url).content.decode())
    assert tags["og:image"] == "http://testserver" + social.get_rendition("coverfill-1200x630").url
    assert tags["og:image"] != "http://testserver" + listing.get_rendition("coverfill-1200x630").url
