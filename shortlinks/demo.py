"""Demonstration short links: the framework, the insights report, the toolkit index and the webinar.

Runs last, so every section's demo has made its pages. A link is made only when its target page exists, and an
existing link is left as it is (editors may have changed it).
"""

from django.apps import apps
from wagtail.models import Page

from hub.demo_tools import home_page

from .models import ShortLink

ORDER = 90  # after every other app's demo content


def _child(parent, *slugs):
    page = parent
    for slug in slugs:
        page = page.get_children().filter(slug=slug).first() if page is not None else None
    return page


def _toolkit_index():
    """The toolkit index, found by its type: the toolkit app may not have made it (yet)."""
    try:
        model = apps.get_model("toolkit", "ToolkitIndexPage")
    except LookupError:
        return None
    page = model.objects.live().first()
    return Page.objects.get(pk=page.pk) if page else None


def targets(home):
    return [
        ("framework", _child(home, "framework"), "Demo: for slides and documents about the framework."),
        (
            "insights-report",
            _child(home, "reports", "insights-report"),
            "Demo: the Children and Young People's Insights Report.",
        ),
        ("toolkit", _toolkit_index(), "Demo: the legacy products."),
        ("webinar", _child(home, "events", "chec-webinar"), "Demo: the Collaborative's webinar page."),
    ]


def load(stdout):
    home = home_page()
    for code, page, notes in targets(home):
        if page is None or ShortLink.objects.filter(code=code).exists():
            continue
        ShortLink.objects.create(code=code, target_page=page, fallback_page=home, notes=notes)
        stdout.write(f"  created short link /go/{code} -> {page.url}")
