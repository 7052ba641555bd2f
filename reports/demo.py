"""Demonstration content of the reports: the Insights Report and Born Unequal, from the facts in the product brief.

Every fact comes from ``shared/brief/facts.md``; the sentences are our own. Illustrative quotes are labelled as such.
"""

import datetime

from wagtail.models import Site

from hub.demo_tools import ensure_child, ensure_menu_item, heading, home_page, rich, text
from hub.models import Organisation
from reports.models import ReportChapterPage, ReportIndexPage, ReportPage

ORDER = 21  # after the core (organisations), so "Reports" follows "Framework" in the menu


def illustrative_voice(quote: str):
    return (
        "quote",
        {
            "quote": quote,
            "attribution": "A young person (illustrative)",
            "young_persons_voice": True,
            "illustrative": True,
        },
    )


INSIGHTS_CHAPTERS = [
    (
        "how-the-engagement-ran",
        "How the engagement ran",
        "Who took part, when, and how the sessions were run.",
        [
            heading("When and how"),
            text(
                "The engagement ran in July and August 2023. It used Barnardo's Voice and Influence resources, and "
                "voluntary groups ran the sessions in each area."
            ),
            heading("Who ran the sessions"),
            rich(
                "<ul><li>Birmingham Voluntary Service Council, in Birmingham and Solihull</li>"
                "<li>Chilypep, in South Yorkshire</li>"
                "<li>Youth Focus North West, in Cheshire and Merseyside, using the Lundy model of participation "
                "(Space, Voice, Audience, Influence)</li></ul>"
            ),
            heading("Who took part"),
            text(
                "The programme met over 300 children and young people and recruited Health Equity Champions. The "
                "Champions are named publicly by their first name only; the voices in this demonstration are "
                "anonymous and illustrative."
            ),
        ],
    ),
    (
        "home",
        "Home",
        "What young people said about home: their local area, poverty, family and housing.",
        [
            heading("What young people talked about"),
            rich(
                "<ul><li>their local area</li><li>poverty</li><li>family environment and support</li>"
                "<li>housing quality</li></ul>"
            ),
            illustrative_voice("Home should be somewhere you feel safe."),
        ],
    ),
    (
        "community",
        "Community",
        "What young people said about community: place, culture and heritage, and life online.",
        [
            heading("What young people talked about"),
            rich(
                "<ul><li>connection to the local environment</li><li>culture and heritage</li>"
                "<li>digital communities and social media</li></ul>"
            ),
            illustrative_voice("Online is part of my community too."),
        ],
    ),
    (
        "education",
        "Education",
        "What young people said about school: lessons, bullying and discrimination, teaching and support.",
        [
            heading("What young people talked about"),
            rich(
                "<ul><li>lesson content</li><li>bullying and discrimination policy</li><li>teaching quality</li>"
                "<li>the school environment</li><li>the support available</li></ul>"
            ),
            illustrative_voice("We learn best when teachers listen to us."),
        ],
    ),
]


def ensure_report(index, slug, stdout, organisations=(), people=(), tags=(), chapters=(), **fields):
    existed = index.get_children().filter(slug=slug).exists()
    report = ensure_child(index, ReportPage, slug, stdout, **fields)
    if not existed:
        report.organisations.set(organisations)
        report.authors.set(people)
        report.tags.set(tags)
        report.save_revision().publish()
    for chapter_slug, title, summary, body in chapters:
        ensure_child(report, ReportChapterPage, chapter_slug, stdout, title=title, summary=summary, body=body)
    return report


def ensure_reports(home, stdout):
    organisations = {organisation.name: organisation for organisation in Organisation.objects.all()}
    index = ensure_child(
        home,
        ReportIndexPage,
        "reports",
        stdout,
        title="Reports",
        summary=(
            "The Collaborative's reports: what children and young people said, the evaluation and the final report."
        ),
        intro="Read the reports online, chapter by chapter, or download them.",
    )
    ensure_report(
        index,
        "born-unequal",
        stdout,
        tags=["child poverty", "final report"],
        title="Born Unequal: Tackling the Root Causes of Health Inequity in Childhood",
        summary="The Collaborative's final report, launched on 26 November 2025.",
        publication_date=datetime.date(2025, 11, 26),
        body=[
            heading("About the report"),
            text(
                "Born Unequal is the final report of the Collaborative. It was launched on 26 November 2025, as the "
                "programme ended. Sir Michael Marmot co-chairs a Child Health Equity Board."
            ),
            heading("Key figures"),
            (
                "key_figures",
                {
                    "heading": "Figures quoted by Barnardo's at the launch",
                    "figures": [
                        {
                            "value": "2 times",
                            "label": "Infants in the most deprived areas are twice as likely to die in their first "
                            "year.",
                            "source": "Barnardo's",
                            "year": 2025,
                        },
                        {
                            "value": "72%",
                            "label": "Children in poverty are 72% more likely to be diagnosed with a long-term "
                            "illness.",
                            "source": "Barnardo's",
                            "year": 2025,
                        },
                        {
                            "value": "4 times",
                            "label": "Children in the poorest 20% of households are four times as likely to develop "
                            "a mental health disorder.",
                            "source": "Barnardo's",
                            "year": 2025,
                        },
                    ],
                },
            ),
        ],
    )
    ensure_report(
        index,
        "evaluation",
        stdout,
        organisations=[organisations["M.E.L Research"], organisations["UCL Institute of Health Equity"]],
        tags=["evaluation", "systems change"],
        title="The independent evaluation of the Collaborative",
        summary=(
            "M.E.L Research's realist evaluation of the Collaborative, with the UCL Institute of Health Equity's "
            "evaluation of the pilots. Its findings were published in November 2025."
        ),
        publication_date=None,
        body=[
            heading("How the evaluation worked"),
            text(
                "M.E.L Research evaluated the Collaborative independently, using a realist approach: it asked what "
                "worked, for whom, in which circumstances and why. The UCL Institute of Health Equity evaluated the "
                "pilot interventions within the same report."
            ),
            heading("The evaluation questions"),
            rich(
                "<p>The questions were grouped in four sets:</p><ul><li><strong>Outcomes</strong>: what changed"
                "</li><li><strong>Mechanisms</strong>: how and why it changed</li><li><strong>Contexts</strong>: "
                "the circumstances that helped or hindered</li><li><strong>Next steps</strong>: what should happen "
                "next</li></ul>"
            ),
            heading("Findings"),
            (
                "callout",
                {
                    "style": "finding",
                    "heading": "A proof of concept",
                    "body": (
                        "<p>The Collaborative was a proof of concept for joint work between NHS systems, charities, "
                        "community groups and young people.</p>"
                    ),
                },
            ),
            text(
                "The Collaborative did not directly change income or housing, but it made them more visible in "
                "system discussions.",
                "The pilots' gains were mainly in mental health, wellbeing and resilience.",
            ),
        ],
    )
    ensure_report(
        index,
        "insights-report",
        stdout,
        organisations=[organisations["Barnardo's"], organisations["UCL Institute of Health Equity"]],
        tags=["youth voice", "engagement"],
        title="Children and Young People's Insights Report",
        summary=(
            "What over 300 children and young people across the three partner areas said health and health "
            "inequality mean to them."
        ),
        publication_date=None,
        young_peoples_summary=(
            "We asked children and young people what being healthy means to them. They told us about home, their "
            "community and school."
        ),
        young_peoples_version=[
            heading("What we did"),
            text(
                "In summer 2023, youth groups in three parts of England ran sessions with children and young people. "
                "More than 300 took part."
            ),
            heading("What you told us"),
            rich(
                "<ul><li><strong>Home</strong>: your area, money worries, family and the quality of your home."
                "</li><li><strong>Community</strong>: places, culture and life online.</li>"
                "<li><strong>School</strong>: lessons, bullying, teachers and support.</li></ul>"
                "<p>You told us that relationships, feeling safe and feeling valued matter most.</p>"
            ),
        ],
        body=[
            text(
                "This report brings together what children and young people across the partner regions said, "
                "especially the newly recruited Health Equity Champions. It is organised in three themes: home, "
                "community and education."
            ),
            (
                "callout",
                {
                    "style": "finding",
                    "heading": "What mattered most",
                    "body": "<p>Young people stressed relationships, safety and feeling valued.</p>",
                },
            ),
        ],
        chapters=INSIGHTS_CHAPTERS,
    )
    return index


def load(stdout):
    index = ensure_reports(home_page(), stdout)
    ensure_menu_item(Site.objects.get(is_default_site=True), index, "Reports", before_slug="about")
