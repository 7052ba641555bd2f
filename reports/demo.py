"""The script that builds the demo reports from ``reports/demo_content/reports.yaml``: the Insights Report (in
chapters, with a young people's version), the evaluation and Born Unequal.

Every fact comes from ``shared/brief/facts.md`` and ``facts-sourced.md``; the sentences are our own, quotes are
copied exactly and attributed, and illustrative voices are labelled as such on the page.
"""

from wagtail.models import Site

from hub.demo_tools import content, ensure_child, ensure_menu_item, home_page, stream
from hub.models import Organisation
from reports.models import ReportChapterPage, ReportIndexPage, ReportPage

ORDER = 21  # after the core (organisations), so "Reports" follows "Framework" in the menu

CONTENT = content(__name__, "reports")


def ensure_report(index, data, stdout, organisations):
    existed = index.get_children().filter(slug=data["slug"]).exists()
    report = ensure_child(
        index,
        ReportPage,
        data["slug"],
        stdout,
        title=data["title"],
        summary=data["summary"],
        publication_date=data.get("publication_date"),
        updated_date=data.get("updated_date"),
        publisher_url=data.get("publisher_url") or "",
        young_peoples_summary=data.get("young_peoples_summary", ""),
        young_peoples_version=stream(data.get("young_peoples_version")),
        body=stream(data.get("body")),
    )
    if not existed:
        report.organisations.set([organisations[name] for name in data.get("organisations", [])])
        report.tags.set(data.get("tags", []))
        report.save_revision().publish()
    for chapter in data.get("chapters", []):
        ensure_child(
            report,
            ReportChapterPage,
            chapter["slug"],
            stdout,
            title=chapter["title"],
            summary=chapter["summary"],
            body=stream(chapter["body"]),
        )
    return report


def load(stdout):
    organisations = {organisation.name: organisation for organisation in Organisation.objects.all()}
    data = CONTENT["index"]
    index = ensure_child(
        home_page(),
        ReportIndexPage,
        "reports",
        stdout,
        title=data["title"],
        summary=data["summary"],
        intro=data["intro"],
    )
    for report in CONTENT["reports"]:
        ensure_report(index, report, stdout, organisations)
    ensure_menu_item(Site.objects.get(is_default_site=True), index, "Reports", before_slug="about")
