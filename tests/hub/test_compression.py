"""Pages, feeds and CSV leave the site gzipped for readers whose browser accepts it (issue 14: Lighthouse counted the
uncompressed HTML as 150 ms lost on a phone); documents, ZIPs and static files are not compressed again."""

import gzip

import pytest
from django.middleware import gzip as gzip_middleware

from hub import cache as page_cache
from tests.factories import make_document
from tests.home.factories import StandardPageFactory
from tests.toolkit.factories import ToolkitIndexPageFactory, ToolkitPageFactory, add_download

pytestmark = pytest.mark.django_db
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.fixture
def about(home, client):
    page = StandardPageFactory(parent=home, title="About the Collaborative", slug="about")
    client.get("/about/")  # the first render creates the site settings rows
    return page


def test_a_page_is_gzipped_for_a_browser_that_accepts_it(client, about):
    plain = client.get("/about/")
    assert "Content-Encoding" not in plain  # a client that does not say it accepts gzip gets plain HTML
    response = client.get("/about/", **GZIP)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    html = gzip.decompress(response.content).decode()
    assert "<h1" in html and "About the Collaborative" in html
    assert len(response.content) < len(plain.content) / 2


def test_the_page_cache_keeps_a_plain_copy_and_each_reader_gets_what_they_accept(client, about, settings, tmp_path):
    settings.PAGE_CACHE_SECONDS = 60
    settings.PAGE_CACHE_STAMP_FILE = str(tmp_path / "stamp")
    page_cache.invalidate()
    first = client.get("/about/", **GZIP)
    hit = client.get("/about/")
    hit_gzipped = client.get("/about/", **GZIP)
    assert (first["X-Page-Cache"], hit["X-Page-Cache"], hit_gzipped["X-Page-Cache"]) == ("miss", "hit", "hit")
    assert "Content-Encoding" not in hit and "About the Collaborative" in hit.content.decode()
    assert hit_gzipped["Content-Encoding"] == "gzip"
    assert "About the Collaborative" in gzip.decompress(hit_gzipped.content).decode()


def test_a_kept_page_is_compressed_once_when_kept_not_at_each_hit(client, about, settings, tmp_path, monkeypatch):
    """Compressing at each hit (a browser always accepts gzip) cost more than serving the kept page."""
    settings.PAGE_CACHE_SECONDS = 60
    settings.PAGE_CACHE_STAMP_FILE = str(tmp_path / "stamp")
    page_cache.invalidate()
    assert client.get("/about/", **GZIP)["X-Page-Cache"] == "miss"
    plain = client.get("/about/")
    compressions = []
    real_compress = gzip_middleware.compress_string
    monkeypatch.setattr(
        gzip_middleware,
        "compress_string",
        lambda *args, **kwargs: compressions.append(1) or real_compress(*args, **kwargs),
    )
    hits = [client.get("/about/", **GZIP) for _ in range(3)]
    assert compressions == []
    for hit in hits:
        assert (hit["X-Page-Cache"], hit["Content-Encoding"]) == ("hit", "gzip")
        assert "Accept-Encoding" in hit["Vary"] and int(hit["Content-Length"]) == len(hit.content)
        assert gzip.decompress(hit.content) == plain.content  # gzip checks the CRC and the length too


def test_feeds_are_gzipped(client, home):
    response = client.get("/feeds/all/rss/", **GZIP)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content).startswith(b"<?xml")


def test_documents_are_sent_as_they_are(client, home):
    toolkit = ToolkitPageFactory(parent=ToolkitIndexPageFactory(parent=home), title="Tool", slug="tool")
    document = make_document("Guide", "guide.txt", b"plain text guide " * 500)
    add_download(toolkit, document, description="", sort_order=0)
    response = client.get(document.url, **GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert b"".join(response.streaming_content) == b"plain text guide " * 500
