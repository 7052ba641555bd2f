"""Demonstration content of the core: taxonomy, the framework and its drivers, and the reports.

Every fact comes from ``shared/brief/facts.md``; the sentences are our own. Where the brief has no fact, the page
says less. Stand-in driver headings and illustrative quotes are labelled as such on the page.
"""

import datetime
from pathlib import Path

from wagtail.models import Locale, Site

from hub.data.importer import import_indicator_file
from hub.demo_tools import ensure_child, ensure_menu_item, heading, home_page, rich, text
from hub.models import (
    DriverPage,
    FrameworkPage,
    Indicator,
    IndicatorIndexPage,
    IntegratedCareSystem,
    LifeStage,
    Organisation,
    Person,
    ReportChapterPage,
    ReportIndexPage,
    ReportPage,
)

ORDER = 20  # after home, which creates the site root

ICSS = [
    {
        "slug": "birmingham-and-solihull",
        "ons_code": "E54000055",
        "name": "Birmingham and Solihull",
        "short_name": "Birmingham and Solihull",
        "region": "Midlands",
        "description": (
            "One of the Collaborative's three partner Integrated Care Systems. Its ICS Procurement Collaborative "
            "built social value into NHS contracts."
        ),
    },
    {
        "slug": "cheshire-and-merseyside",
        "ons_code": "E54000008",
        "name": "Cheshire and Merseyside",
        "short_name": "Cheshire and Merseyside",
        "region": "North West",
        "description": (
            "One of the Collaborative's three partner Integrated Care Systems. Beyond is its children and young "
            "people's transformation programme."
        ),
    },
    {
        "slug": "south-yorkshire",
        "ons_code": "E54000061",
        "name": "South Yorkshire",
        "short_name": "South Yorkshire",
        "region": "North East and Yorkshire",
        "description": (
            "One of the Collaborative's three partner Integrated Care Systems. Its Children and Young People's "
            "Alliance was set up in July 2022."
        ),
    },
]

ORGANISATIONS = [
    ("Barnardo's", "partner", "The children's charity. It sponsored the Collaborative and set it up with IHE in 2022."),
    ("UCL Institute of Health Equity", "partner", "Led the Collaborative's technical work."),
    ("M.E.L Research", "evaluator", "Carried out the independent evaluation of the Collaborative."),
    (
        "Birmingham Voluntary Service Council",
        "voluntary",
        "Ran engagement sessions with children and young people in Birmingham and Solihull in 2023.",
    ),
    ("Chilypep", "voluntary", "Ran engagement sessions with children and young people in South Yorkshire in 2023."),
    (
        "Youth Focus North West",
        "voluntary",
        "Ran engagement sessions with children and young people in the North West in 2023, using the Lundy model.",
    ),
]

PEOPLE = [
    ("Sir Michael Marmot", "Co-chair of the Child Health Equity Board", "UCL Institute of Health Equity"),
    ("Rukshana Kapasi", "Director of Health", "Barnardo's"),
    ("Dr Elizabeth Crabtree", "Programme Director, Beyond (Cheshire and Merseyside)", None),
]

S = LifeStage.Code
# The eight Marmot principles of IHE's Marmot Places work: stand-ins until an editor enters the framework's own
# driver headings (the brief does not hold them).
DRIVERS = [
    (
        "best-start-in-life",
        "Give every child the best start in life",
        "Best start in life",
        [S.MATERNITY, S.EARLY_YEARS],
    ),
    (
        "capabilities-and-control",
        "Enable all children, young people and adults to maximise their capabilities and have control over their lives",
        "Capabilities and control",
        [S.CHILDHOOD, S.ADOLESCENCE, S.YOUNG_ADULTHOOD],
    ),
    ("fair-employment", "Create fair employment and good work for all", "Fair work", [S.YOUNG_ADULTHOOD]),
    (
        "healthy-standard-of-living",
        "Ensure a healthy standard of living for all",
        "Standard of living",
        [S.MATERNITY, S.EARLY_YEARS, S.CHILDHOOD, S.ADOLESCENCE, S.YOUNG_ADULTHOOD],
    ),
    (
        "healthy-places",
        "Create and develop healthy and sustainable places and communities",
        "Healthy places",
        [S.EARLY_YEARS, S.CHILDHOOD, S.ADOLESCENCE],
    ),
    (
        "ill-health-prevention",
        "Strengthen the role and impact of ill-health prevention",
        "Prevention",
        [S.MATERNITY, S.EARLY_YEARS, S.CHILDHOOD, S.ADOLESCENCE],
    ),
    (
        "racism-and-discrimination",
        "Tackle racism, discrimination and their outcomes",
        "Racism and discrimination",
        [S.CHILDHOOD, S.ADOLESCENCE, S.YOUNG_ADULTHOOD],
    ),
    (
        "environmental-sustainability",
        "Pursue environmental sustainability and health equity together",
        "Environment",
        [S.EARLY_YEARS, S.CHILDHOOD, S.ADOLESCENCE, S.YOUNG_ADULTHOOD],
    ),
]

STAND_IN_NOTE = (
    "The drivers below are stand-ins: the eight principles of the UCL Institute of Health Equity's wider Marmot "
    "Places work. They are shown until an editor enters the framework's own driver headings."
)

FRAMEWORK_USES = [
    ("Designing interventions", "Use the drivers to decide what a local intervention should change, and for whom."),
    (
        "Guiding data analysis and indicators",
        "Use the drivers to organise data analysis and to develop indicators that monitor health inequalities.",
    ),
    ("Showing where data is missing", "Map the data you hold against the drivers to see the gaps."),
    ("Strengthening partnerships", "Give partners across the system a shared language for the causes of inequality."),
]

# Real indicator names from the brief; their values in the demo are illustrative (hub/data/sample/).
INDICATORS = [
    {
        "slug": "infant-mortality-rate",
        "name": "Infant mortality rate",
        "source_identifier": "demo-imr",
        "unit": "per 1,000 live births",
        "polarity": Indicator.Polarity.HIGHER_IS_WORSE,
        "definition": "Deaths of infants aged under one year, per 1,000 live births.",
        "drivers": ["best-start-in-life"],
        "life_stage": S.EARLY_YEARS,
    },
    {
        "slug": "school-readiness",
        "name": "School readiness: good level of development at the end of Reception",
        "source_identifier": "demo-school-readiness",
        "unit": "%",
        "polarity": Indicator.Polarity.HIGHER_IS_BETTER,
        "definition": "Children achieving a good level of development at the end of Reception, as a percentage.",
        "drivers": ["best-start-in-life", "capabilities-and-control"],
        "life_stage": S.EARLY_YEARS,
    },
    {
        "slug": "children-in-absolute-low-income-families",
        "name": "Children in absolute low-income families (under 16)",
        "source_identifier": "demo-low-income",
        "unit": "%",
        "polarity": Indicator.Polarity.HIGHER_IS_WORSE,
        "definition": "Children under 16 living in absolute low-income families, as a percentage of children under 16.",
        "drivers": ["healthy-standard-of-living"],
        "life_stage": S.CHILDHOOD,
    },
    {
        "slug": "hospital-admissions-for-asthma-under-19",
        "name": "Hospital admissions for asthma (under 19 years)",
        "source_identifier": "demo-asthma",
        "unit": "per 100,000",
        "polarity": Indicator.Polarity.HIGHER_IS_WORSE,
        "definition": "Emergency hospital admissions for asthma in people aged under 19, per 100,000.",
        "drivers": ["ill-health-prevention", "healthy-places"],
        "life_stage": S.CHILDHOOD,
    },
    {
        "slug": "reception-prevalence-of-obesity",
        "name": "Reception prevalence of obesity",
        "source_identifier": "demo-reception-obesity",
        "unit": "%",
        "polarity": Indicator.Polarity.HIGHER_IS_WORSE,
        "definition": "Children in Reception (aged 4 to 5) classified as living with obesity, as a percentage.",
        "drivers": ["healthy-places", "healthy-standard-of-living"],
        "life_stage": S.EARLY_YEARS,
    },
]
SAMPLE_DATA = Path(__file__).resolve().parent / "data" / "sample" / "indicators-illustrative.csv"


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


def ensure_taxonomy(locale):
    for data in ICSS:
        IntegratedCareSystem.objects.get_or_create(slug=data["slug"], locale=locale, defaults=data)
    organisations = {}
    for name, kind, description in ORGANISATIONS:
        organisations[name], _ = Organisation.objects.get_or_create(
            name=name, locale=locale, defaults={"kind": kind, "description": description}
        )
    for name, role, organisation in PEOPLE:
        Person.objects.get_or_create(
            name=name, defaults={"role": role, "organisation": organisations.get(organisation)}
        )
    return organisations


def ensure_framework(home, stdout):
    framework = ensure_child(
        home,
        FrameworkPage,
        "framework",
        stdout,
        title="The Child Health Equity Framework",
        summary=(
            "The drivers of health inequalities for babies, children and young people, and how to use them to act "
            "for greater health equity."
        ),
        intro=(
            "The Child Health Equity Framework for the Drivers of Health Inequalities sets out the key drivers of "
            "health and wellbeing for babies, children and young people. Its main purpose is to underpin action "
            "for greater health equity. More than 300 children and young people and the Health Equity Champions "
            "shaped it. The UCL Institute of Health Equity and Barnardo's published it."
        ),
        published_date=datetime.date(2024, 2, 23),
        updated_date=datetime.date(2025, 11, 21),
        uses=[("use", {"title": title, "text": use_text}) for title, use_text in FRAMEWORK_USES],
        drivers_stand_in_note=STAND_IN_NOTE,
        body=[
            heading("How the Collaborative used it"),
            text(
                "The Collaborative used the framework to guide the analysis of data, to develop indicators to "
                "assess and monitor health inequalities, and to support the development of interventions in the "
                "partner areas."
            ),
        ],
    )
    stages = {stage.code: stage for stage in LifeStage.objects.all()}
    drivers = {}
    for slug, title, short_name, stage_codes in DRIVERS:
        existed = framework.get_children().filter(slug=slug).exists()
        driver = ensure_child(
            framework,
            DriverPage,
            slug,
            stdout,
            title=title,
            short_name=short_name,
            summary=f"A stand-in driver: the Marmot principle '{title.lower()}', applied to children and young people.",
            why_it_matters=(
                "<p>This is a stand-in for the framework's own description of the driver. The Collaborative "
                "started from the view that child health equity today matters for health in the future.</p>"
            ),
            is_stand_in=True,
        )
        if not existed:
            driver.life_stages.set([stages[code] for code in stage_codes])
            driver.save_revision().publish()
        drivers[slug] = driver
    return framework, drivers


def ensure_indicators(drivers, home, stdout):
    stages = {stage.code: stage for stage in LifeStage.objects.all()}
    for data in INDICATORS:
        fields = {key: value for key, value in data.items() if key not in {"slug", "drivers", "life_stage"}}
        indicator, created = Indicator.objects.get_or_create(
            slug=data["slug"],
            defaults={
                **fields,
                "source": "OHID Fingertips (indicator name); values illustrative",
                "is_illustrative": True,
                "life_stage": stages[data["life_stage"]],
            },
        )
        if created:
            indicator.drivers.set([drivers[slug] for slug in data["drivers"]])
        elif not indicator.source_identifier:
            indicator.source_identifier = data["source_identifier"]
            indicator.save(update_fields=["source_identifier"])
    with open(SAMPLE_DATA, "rb") as handle:
        result = import_indicator_file(handle, illustrative=True)
    if result.created or result.updated:
        stdout.write(f"  imported illustrative indicator values: {result.created} created, {result.updated} updated")
    return ensure_child(
        home,
        IndicatorIndexPage,
        "data",
        stdout,
        title="Indicators",
        summary=(
            "The data working group's indicators of health inequalities for children and young people, by framework "
            "driver, with values for the partner areas and England."
        ),
        intro=(
            "The Collaborative's data working group collated data in each Integrated Care System to identify and "
            "monitor health inequalities among children and young people, guided by the framework's drivers. Each "
            "indicator below has its definition, its latest values, its trend and its inequality by deprivation, and "
            "downloads as CSV in the layout of an OHID Fingertips data download, so you can use it with your own data."
        ),
    )


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


def ensure_reports(home, organisations, stdout):
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
    home = home_page()
    locale = Locale.get_default()
    organisations = ensure_taxonomy(locale)
    framework, drivers = ensure_framework(home, stdout)
    data_page = ensure_indicators(drivers, home, stdout)
    reports = ensure_reports(home, organisations, stdout)
    site = Site.objects.get(is_default_site=True)
    ensure_menu_item(site, framework, "Framework", before_slug="about")
    ensure_menu_item(site, reports, "Reports", before_slug="about")
    ensure_menu_item(site, data_page, "Data", before_slug="about")
