"""Demonstration case studies: the Birmingham and Solihull procurement pilot, and each ICS's work with children and
young people (where it started, how it evolved, its legacy).

Every fact comes from ``shared/brief/facts.md``; the sentences are our own. Where the brief holds no fact (costs,
contacts, the other ICSs' pilots, outcomes of a single pilot), the page says less or says it is not known. The
links to drivers are to the stand-in drivers the framework demo creates.
"""

from wagtail.models import Locale, Site

from hub.demo_tools import ensure_child, ensure_menu_item, home_page, paragraphs
from hub.models import DriverPage, IntegratedCareSystem, LifeStage, Organisation

from .models import CaseStudyIndexPage, CaseStudyPage

ORDER = 30  # after hub (taxonomy, framework), before toolkit (which links to these case studies)

S = LifeStage.Code
LUNDY = ["Lundy: Space", "Lundy: Voice", "Lundy: Audience", "Lundy: Influence"]
PRACTICE_NOTE = (
    "This demonstration page holds only what the programme's public sources say about this area's work with children "
    "and young people. The ICS's own account of where it started, how it evolved and its legacy would replace it."
)

CASE_STUDIES = [
    {
        "slug": "procurement-social-value-birmingham-and-solihull",
        "title": "Social value in NHS contracts: the Birmingham and Solihull procurement pilot",
        "summary": (
            "The ICS Procurement Collaborative built social value into NHS contracts and matched suppliers' "
            "resources with community groups."
        ),
        "kind": CaseStudyPage.Kind.INTERVENTION,
        "ics": "birmingham-and-solihull",
        "period": "During the Collaborative (2023 to 2025)",
        "drivers": ["healthy-places", "fair-employment"],
        "stages": [S.CHILDHOOD, S.ADOLESCENCE],
        "partners": ["UCL Institute of Health Equity"],
        "tags": ["social value", "procurement", "community groups"],
        "evaluation_status": CaseStudyPage.EvaluationStatus.EVALUATED,
        "problem": paragraphs(
            "Birmingham and Solihull was one of the three local pilot areas of the Collaborative, whose interventions "
            "were developed to combat health inequality at community level.",
            "The NHS buys a great deal from suppliers. The pilot asked how that buying power could also benefit the "
            "communities where children and young people grow up.",
        ),
        "approach": paragraphs(
            "The ICS Procurement Collaborative built social value and corporate social responsibility into NHS "
            "contracts. It raised the weighting given to social value in tenders from 10% to 20%.",
            "It used the Match My Project platform to match suppliers' resources with community groups. For example, "
            "Birmingham Somali Action's teams now use a supplier's gym and five-a-side pitch.",
        ),
        "young_peoples_involvement": "",
        "outcomes": paragraphs(
            "The UCL Institute of Health Equity evaluated the pilots within the independent evaluation of the "
            "Collaborative. Across the pilots, the gains it reported were mainly in mental health, wellbeing and "
            "resilience. The evaluation report is the place to read the findings for this pilot.",
        ),
        "legacy": paragraphs(
            "The 20% social value weighting and the matching of suppliers' resources with community groups are ways "
            "of working that other Integrated Care Systems can adopt. The UCL Institute of Health Equity lists "
            "'Social Value and CYP' among the programme's products."
        ),
    },
    {
        "slug": "working-with-young-people-birmingham-and-solihull",
        "title": "How Birmingham and Solihull works with children and young people",
        "summary": (
            "Where Birmingham and Solihull's work with children and young people started, how it evolved during the "
            "Collaborative, and what it leaves behind."
        ),
        "kind": CaseStudyPage.Kind.PRACTICE,
        "ics": "birmingham-and-solihull",
        "period": "2023 to 2025",
        "drivers": ["capabilities-and-control"],
        "stages": [S.CHILDHOOD, S.ADOLESCENCE, S.YOUNG_ADULTHOOD],
        "partners": ["Birmingham Voluntary Service Council", "Barnardo's"],
        "tags": ["youth voice", "Lundy: Voice", "Lundy: Influence"],
        "evaluation_status": "",
        "problem": paragraphs(
            "Birmingham and Solihull joined the Collaborative as one of its three partner Integrated Care Systems, "
            "recruited by Barnardo's. Children and young people's voices were to be central to the programme.",
        ),
        "approach": paragraphs(
            "In July and August 2023, Birmingham Voluntary Service Council ran engagement sessions with children and "
            "young people, using Barnardo's Voice and Influence resources. What they heard fed the Insights Report "
            "and the framework.",
        ),
        "young_peoples_involvement": paragraphs(
            "Children and young people took part in the 2023 engagement sessions. Across the programme, Health "
            "Equity Champions were recruited.",
        ),
        "outcomes": paragraphs(
            "The Collaborative as a whole, including its work with children and young people, was evaluated "
            "independently by M.E.L Research. No separate evaluation of this work is recorded here."
        ),
        "legacy": paragraphs(
            "This work is one of the examples in the legacy product 'How three ICSs are working with children and "
            "young people'."
        ),
        "illustrative_note": PRACTICE_NOTE,
    },
    {
        "slug": "working-with-young-people-cheshire-and-merseyside",
        "title": "How Cheshire and Merseyside works with children and young people",
        "summary": (
            "Where Cheshire and Merseyside's work with children and young people started, how it evolved during "
            "the Collaborative, and what it leaves behind."
        ),
        "kind": CaseStudyPage.Kind.PRACTICE,
        "ics": "cheshire-and-merseyside",
        "period": "2023 to 2025",
        "drivers": ["capabilities-and-control"],
        "stages": [S.CHILDHOOD, S.ADOLESCENCE, S.YOUNG_ADULTHOOD],
        "partners": ["Youth Focus North West", "Barnardo's"],
        "tags": ["youth voice", *LUNDY],
        "evaluation_status": "",
        "problem": paragraphs(
            "Cheshire and Merseyside joined the Collaborative as one of its three partner Integrated Care Systems. "
            "Beyond is the area's children and young people's transformation programme; its Programme Director, "
            "Dr Elizabeth Crabtree, described the Collaborative and the framework's launch in a video interview.",
        ),
        "approach": paragraphs(
            "In July and August 2023, Youth Focus North West ran engagement sessions with children and young people, "
            "using Barnardo's Voice and Influence resources. Youth Focus North West uses the Lundy model of "
            "participation: Space, Voice, Audience and Influence.",
        ),
        "young_peoples_involvement": paragraphs(
            "Children and young people took part in the 2023 engagement sessions. Across the programme, Health "
            "Equity Champions were recruited.",
        ),
        "outcomes": paragraphs(
            "The Collaborative as a whole, including its work with children and young people, was evaluated "
            "independently by M.E.L Research. No separate evaluation of this work is recorded here."
        ),
        "legacy": paragraphs(
            "This work is one of the examples in the legacy product 'How three ICSs are working with children and "
            "young people'."
        ),
        "illustrative_note": PRACTICE_NOTE,
    },
    {
        "slug": "working-with-young-people-south-yorkshire",
        "title": "How South Yorkshire works with children and young people",
        "summary": (
            "Where South Yorkshire's work with children and young people started, how it evolved during the "
            "Collaborative, and what it leaves behind."
        ),
        "kind": CaseStudyPage.Kind.PRACTICE,
        "ics": "south-yorkshire",
        "period": "From July 2022",
        "drivers": ["capabilities-and-control"],
        "stages": [S.CHILDHOOD, S.ADOLESCENCE, S.YOUNG_ADULTHOOD],
        "partners": ["Chilypep", "Barnardo's"],
        "tags": ["youth voice", "Lundy: Voice", "Lundy: Audience", "Lundy: Influence"],
        "evaluation_status": "",
        "problem": paragraphs(
            "South Yorkshire's Children and Young People's Alliance was set up in July 2022. The area then joined "
            "the Collaborative as one of its three partner Integrated Care Systems.",
        ),
        "approach": paragraphs(
            "In July and August 2023, Chilypep ran engagement sessions with children and young people, using "
            "Barnardo's Voice and Influence resources. The Alliance co-created its third conference with young "
            "people.",
        ),
        "young_peoples_involvement": paragraphs(
            "Young people co-created the Alliance's third conference, and took part in the 2023 engagement sessions. "
            "Across the programme, Health Equity Champions were recruited.",
        ),
        "outcomes": paragraphs(
            "The Collaborative as a whole, including its work with children and young people, was evaluated "
            "independently by M.E.L Research. No separate evaluation of this work is recorded here."
        ),
        "legacy": paragraphs(
            "This work is one of the examples in the legacy product 'How three ICSs are working with children and "
            "young people'."
        ),
        "illustrative_note": PRACTICE_NOTE,
    },
]

RELATIONS = ("drivers", "stages", "partners", "tags")


def ensure_case_study(index, data, stdout, drivers, stages, organisations, systems):
    existed = index.get_children().filter(slug=data["slug"]).exists()
    fields = {key: value for key, value in data.items() if key not in {*RELATIONS, "slug", "ics"}}
    page = ensure_child(index, CaseStudyPage, data["slug"], stdout, ics=systems.get(data["ics"]), **fields)
    if not existed:
        page.drivers.set([drivers[slug] for slug in data["drivers"] if slug in drivers])
        page.life_stages.set([stages[code] for code in data["stages"]])
        page.partners.set([organisations[name] for name in data["partners"] if name in organisations])
        page.tags.set(data["tags"])
        page.save_revision().publish()
    return page


def load(stdout):
    home = home_page()
    locale = Locale.get_default()
    index = ensure_child(
        home,
        CaseStudyIndexPage,
        "case-studies",
        stdout,
        title="Case studies",
        summary=(
            "What the partner Integrated Care Systems did: the local pilot interventions and how each area works "
            "with children and young people."
        ),
        intro=(
            "Each case study tells one piece of work in the same parts: the problem or starting point, what was done, "
            "how children and young people were involved, the outcomes and evaluation so far, what it cost and took, "
            "and the toolkits that came out of it. Filter them by Integrated Care System, framework driver, life "
            "stage or topic."
        ),
    )
    framework = home.get_children().filter(slug="framework").first()
    drivers = {}
    if framework is not None:
        drivers = {driver.slug: driver for driver in DriverPage.objects.child_of(framework).filter(locale=locale)}
    stages = {stage.code: stage for stage in LifeStage.objects.all()}
    organisations = {organisation.name: organisation for organisation in Organisation.objects.filter(locale=locale)}
    systems = {system.slug: system for system in IntegratedCareSystem.objects.filter(locale=locale)}
    for data in CASE_STUDIES:
        ensure_case_study(index, data, stdout, drivers, stages, organisations, systems)
    ensure_menu_item(Site.objects.get(is_default_site=True), index, "Case studies", before_slug="about")
