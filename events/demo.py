"""Demonstration content: the events section and the Collaborative's webinar.

Every fact comes from ``shared/brief/facts.md`` ("The webinar"); the sentences are our own. The brief gives no date
and no recording for the webinar, so the page says "Date not recorded" and carries a note where the recording will
go, instead of anything made up.
"""

from django.apps import apps
from wagtail.models import Page, Site

from hub.demo_tools import ensure_child, ensure_menu_item, home_page, text
from hub.models import Person

from .models import EventIndexPage, EventPage, EventSpeaker

ORDER = 50  # after the core (people, framework, reports), before short links

WEBINAR_SLUG = "chec-webinar"

AGENDA = [
    ("Why child health equity today matters for health in the future", ""),
    (
        "The Child Health Equity Framework and how it was developed, and what data on health inequalities exists "
        "for children and young people",
        "",
    ),
    ("How the Integrated Care Systems designed and deliver their pilot interventions", ""),
    ("How children and young people's voices were central to the programme", ""),
    ("How the programme is evaluated", ""),
    ("How the programme stimulates systems change, and its legacy for other Integrated Care Systems", ""),
    ("Hearing from the Health Equity Champions", "CYP Champions"),
    ("Hearing from the Integrated Care System leads", "ICS leads"),
    ("Feedback from attendees on the proposed legacy products", "Attendees"),
]

RECORDING_NOTE = "The recording of this webinar is not yet published on this site."


def _page_at(home, *slugs):
    page = home
    for slug in slugs:
        page = page.get_children().filter(slug=slug).first() if page else None
    return page


def _resources(home):
    """Pages the webinar covered, where they exist in this site."""
    candidates = [
        (_page_at(home, "framework"), "The framework the webinar presented."),
        (_page_at(home, "data"), "Data on health inequalities for children and young people."),
        (_page_at(home, "reports", "evaluation"), "How the programme was evaluated."),
    ]
    try:
        toolkit_index = apps.get_model("toolkit", "ToolkitIndexPage")
    except LookupError:
        toolkit_index = None
    if toolkit_index is not None:
        candidates.append((toolkit_index.objects.live().first(), "The legacy products."))
    return [
        ("resource", {"page": Page.objects.get(pk=page.pk), "url": "", "title": "", "description": description})
        for page, description in candidates
        if page is not None
    ]


def load(stdout):
    home = home_page()
    index = ensure_child(
        home,
        EventIndexPage,
        "events",
        stdout,
        title="Events",
        summary="The Collaborative's webinars and events: recordings, transcripts, slides and the products mentioned.",
        intro=(
            "The Collaborative presented its work in webinars and events. Each event page keeps what was shown: the "
            "agenda and speakers and, where available, the recording with its transcript, the slides and links to "
            "every product and report mentioned."
        ),
    )
    existed = index.get_children().filter(slug=WEBINAR_SLUG).exists()
    webinar = ensure_child(
        index,
        EventPage,
        WEBINAR_SLUG,
        stdout,
        title="Webinar: the Children and Young People's Health Equity Collaborative",
        summary=(
            "Sir Michael Marmot and Rukshana Kapasi led a webinar that showcased the Collaborative's work, with the "
            "Health Equity Champions and the leads of the Integrated Care Systems."
        ),
        date_not_recorded=True,
        attendance=EventPage.Attendance.ONLINE,
        body=[
            text(
                "Sir Michael Marmot, of UCL's Institute of Health Equity, and Rukshana Kapasi, Director of Health at "
                "Barnardo's, led this webinar on the Collaborative's work.",
                "Attendees heard from the Health Equity Champions (CYP Champions) and from leads of the Integrated "
                "Care Systems, and gave feedback on the proposed legacy products.",
            )
        ],
        agenda=[("item", {"time": None, "title": title, "who": who, "description": ""}) for title, who in AGENDA],
        recording_note=RECORDING_NOTE,
        resources=_resources(home),
    )
    if not existed:
        people = {
            person.name: person for person in Person.objects.filter(name__in=["Sir Michael Marmot", "Rukshana Kapasi"])
        }
        for name in ("Sir Michael Marmot", "Rukshana Kapasi"):
            if name in people:
                webinar.speakers.add(EventSpeaker(person=people[name], role="Co-led the webinar"))
        webinar.tags.add("webinar", "legacy products")
        webinar.save_revision().publish()
    ensure_menu_item(Site.objects.get(is_default_site=True), index, "Events", before_slug="about")
