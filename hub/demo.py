"""Demonstration content of the core: taxonomy, the framework and its drivers.

Every fact comes from ``shared/brief/facts.md``; the sentences are our own. Where the brief has no fact, the page
says less. Stand-in driver headings and illustrative quotes are labelled as such on the page.
"""

import datetime

from wagtail.models import Locale, Site

from hub.demo_tools import ensure_child, ensure_menu_item, heading, home_page, text
from hub.models import DriverPage, FrameworkPage, IntegratedCareSystem, LifeStage, Organisation, Person

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


def load(stdout):
    home = home_page()
    locale = Locale.get_default()
    ensure_taxonomy(locale)
    framework, _drivers = ensure_framework(home, stdout)
    ensure_menu_item(Site.objects.get(is_default_site=True), framework, "Framework", before_slug="about")
