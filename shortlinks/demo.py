"""The script that makes the demo's short links from ``shortlinks/demo_content/short_links.yaml``.

Runs last, so every section's demo has made its pages.
"""

from wagtail.models import Page

from hub.demo_tools import content, home_page

from .models import ShortLink

ORDER = 90  # after every other app's demo content

CONTENT = content(__name__, "short_links")


def load(stdout):
    home = home_page()
    for link in CONTENT:
        url_path = f"{home.url_path}{link['page'].strip('/')}/"
        page = Page.objects.live().filter(url_path=url_path, locale_id=home.locale_id).first()
        if page is None or ShortLink.objects.filter(code=link["code"]).exists():
            continue
        ShortLink.objects.create(code=link["code"], target_page=page, fallback_page=home, notes=link["notes"])
        stdout.write(f"  created short link /go/{link['code']} -> {page.url}")
