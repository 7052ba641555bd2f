"""The script that builds the demo toolkits (the legacy products the brief names), their files and "start your own
journey" from ``toolkit/demo_content/`` (``toolkits.yaml``, ``journey.yaml``, ``translations.yaml``).

Every fact comes from ``shared/brief/facts.md`` and ``facts-sourced.md``; the sentences are our own, quotes are
marked. The files are small demonstration files generated in memory by ``toolkit/demo_documents.py`` (each labelled
as such) and saved to the document storage; the licences are shown for demonstration. Nothing here invents a
statistic, a quote, a name or an outcome.
"""

import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Locale, Site

from casestudies.models import CaseStudyPage
from hub.demo_tools import content, ensure_child, ensure_menu_item, ensure_sample_translation, home_page, rich_text
from hub.models import DriverPage

from .demo_documents import FILES, build
from .models import Audience, JourneyPage, Licence, ToolkitDownload, ToolkitIndexPage, ToolkitPage

ORDER = 40  # after the case studies, which the toolkits link to

CONTENT = content(__name__, "toolkits")
JOURNEY = content(__name__, "journey")["journey"]
TRANSLATIONS = content(__name__, "translations")
ALL_DRIVERS = "all"


def _published(value) -> datetime.date | None:
    """A "2025-09" year and month (only they are shown) as the first of the month."""
    return datetime.date.fromisoformat(f"{value}-01") if value else None


def ensure_documents(stdout) -> dict:
    """A Wagtail document for each demonstration file, made once (matched by title). The files are generated in
    memory and saved to the document storage (MEDIA_ROOT or S3): nothing is written into the package."""
    Document = get_document_model()
    documents = {}
    generated = None
    for filename, title in FILES.items():
        document = Document.objects.filter(title=title).first()
        if document is None:
            generated = generated or build()
            document = Document(title=title)
            document.file.save(filename, ContentFile(generated[filename]), save=False)
            document._set_document_file_metadata()  # size and hash, as an upload in the admin sets them
            document.file.close()
            document.save()
            stdout.write(f"  created document '{title}'")
        documents[filename] = document
    return documents


def ensure_toolkit(index, data, stdout, documents, drivers, case_studies, audiences):
    existed = index.get_children().filter(slug=data["slug"]).exists()
    page = ensure_child(
        index,
        ToolkitPage,
        data["slug"],
        stdout,
        title=data["title"],
        summary=data["summary"],
        what_it_is=rich_text(data["what_it_is"]),
        resource_type=data["resource_type"],
        published_date=_published(data.get("published")),
        publisher_url=data.get("publisher_url") or "",
        how_to_adopt=[
            ("step", {"title": step["title"], "text": rich_text(step.get("text", ""))})
            for step in data.get("how_to_adopt", [])
        ],
        licence=Licence.OGL_3,
        licence_note=CONTENT["licence_note"],
        illustrative_note=data.get("illustrative_note", ""),
    )
    if existed:
        return page
    chosen = (
        list(drivers.values())
        if data["drivers"] == ALL_DRIVERS
        else [drivers[s] for s in data["drivers"] if s in drivers]
    )
    page.drivers.set(chosen)
    page.audiences.set([audiences[code] for code in data["audiences"]])
    page.related_case_studies.set([case_studies[slug] for slug in data["case_studies"] if slug in case_studies])
    page.tags.set(data["tags"])
    page.downloads = [
        ToolkitDownload(
            document=documents[download["file"]],
            description=download["description"],
            language="English",
            alternative_document=documents[download["alternative"]] if download.get("alternative") else None,
        )
        for download in data["downloads"]
    ]
    page.save_revision().publish()
    return page


def _find(home, path):
    page = home
    for slug in path.split("/"):
        page = page.get_children().filter(slug=slug).first() if page else None
    return page


def load(stdout):
    home = home_page()
    locale = Locale.get_default()
    index = ensure_child(
        home,
        ToolkitIndexPage,
        "toolkit",
        stdout,
        title=CONTENT["index"]["title"],
        summary=CONTENT["index"]["summary"],
        intro=CONTENT["index"]["intro"],
        contact_page=_find(home, "contact"),
        privacy_page=_find(home, "privacy"),
    )
    documents = ensure_documents(stdout)
    framework = _find(home, "framework")
    drivers = (
        {driver.slug: driver for driver in DriverPage.objects.child_of(framework).filter(locale=locale)}
        if framework
        else {}
    )
    case_study_index = _find(home, "case-studies")
    case_studies = (
        {page.slug: page for page in CaseStudyPage.objects.child_of(case_study_index)} if case_study_index else {}
    )
    audiences = {audience.code: audience for audience in Audience.objects.all()}
    toolkits = {
        data["slug"]: ensure_toolkit(index, data, stdout, documents, drivers, case_studies, audiences)
        for data in CONTENT["toolkits"]
    }
    ensure_child(
        index,
        JourneyPage,
        "start-your-own-journey",
        stdout,
        title="Start your own journey",
        summary="For an Integrated Care System that wants to do what the partner areas did, stage by stage.",
        intro=(
            "The Collaborative aimed to leave support for other Integrated Care Systems that wish to take a similar "
            "journey. These stages follow what the partner areas did, with the toolkits and case studies for each."
        ),
        stages=[
            (
                "stage",
                {
                    "title": stage["title"],
                    "summary": stage["summary"],
                    "guidance": rich_text(stage["guidance"]),
                    "toolkits": [toolkits[slug] for slug in stage["toolkits"] if slug in toolkits],
                    "case_studies": [case_studies[slug] for slug in stage["case_studies"] if slug in case_studies],
                    "other_pages": [page for page in (_find(home, path) for path in stage["other_pages"]) if page],
                },
            )
            for stage in JOURNEY
        ],
    )
    ensure_menu_item(Site.objects.get(is_default_site=True), index, "Toolkits", before_slug="about")
    ensure_sample_translations(index, toolkits[CONTENT["toolkits"][0]["slug"]], stdout)


# Sample translations of the toolkit index and one toolkit (the readiness tool), so a toolkit can be read in Polish
# and Urdu and the right-to-left layout seen on a real product page (toolkit/demo_content/translations.yaml). Made
# through wagtail-localize like an editor's translation, labelled on the site as samples awaiting review by a fluent
# speaker; text not listed stays in English.
def ensure_sample_translations(index, toolkit, stdout) -> None:
    """Translate the toolkit index, then the readiness tool, into each enabled sample language (idempotent)."""
    enabled = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
    for language_code, parts in TRANSLATIONS.items():
        strings = {part: {item["en"]: item["translation"] for item in items} for part, items in parts.items()}
        if (
            language_code not in enabled
            or home_page().get_translation_or_none(Locale.objects.get(language_code=language_code)) is None
        ):
            continue  # the home page is translated first (home/demo.py); without it there is no parent
        ensure_sample_translation(index, language_code, strings["index"], stdout)
        ensure_sample_translation(toolkit, language_code, strings["toolkit"], stdout)
