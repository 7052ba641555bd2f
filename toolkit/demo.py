"""Demonstration toolkits (the legacy products the brief names), their files, and "start your own journey".

Every fact comes from ``shared/brief/facts.md``; the sentences are our own. The files are small demonstration
files from ``toolkit/demo_files/`` (see ``toolkit/demo_documents.py``), each labelled as such; the licences are
shown for demonstration. Nothing here invents a statistic, a quote, a name or an outcome.
"""

import datetime

from django.conf import settings
from django.core.files import File
from wagtail.documents import get_document_model
from wagtail.models import Locale, Site

from casestudies.models import CaseStudyPage
from hub.demo_tools import ensure_child, ensure_menu_item, ensure_sample_translation, home_page, paragraphs
from hub.models import DriverPage

from .demo_documents import DEMO_FILES_DIR, FILES, write
from .models import Audience, JourneyPage, Licence, ResourceType, ToolkitDownload, ToolkitIndexPage, ToolkitPage

ORDER = 40  # after the case studies, which the toolkits link to

A = Audience.Code
LUNDY = ["Lundy: Space", "Lundy: Voice", "Lundy: Audience", "Lundy: Influence"]
LICENCE_NOTE = "Licence shown for demonstration"
ALL_DRIVERS = "*"

TOOLKITS = [
    {
        "slug": "child-health-equity-readiness-tool",
        "title": "Child Health Equity Readiness Tool",
        "summary": (
            "For Integrated Care Boards to reflect on how ready they are to act on the social determinants of health "
            "and improve child health equity."
        ),
        "what_it_is": paragraphs(
            "The Child Health Equity Readiness Tool helps an Integrated Care Board reflect on how ready it is to act "
            "on the social determinants of health, reduce inequalities and improve child health equity. Boards use "
            "what they learn to inform investment and commissioning.",
            "It was published in September 2025 as one of the Collaborative's legacy products. Its sections are: why "
            "use this tool, ICS reflections, policy context, how to complete, action plan, resources and contact.",
        ),
        "resource_type": ResourceType.SELF_ASSESSMENT,
        "audiences": [A.SYSTEM_LEADERS, A.HEALTH_EQUITY_LEADS, A.COMMISSIONERS],
        "drivers": ALL_DRIVERS,
        "published_date": datetime.date(2025, 9, 1),
        "how_to_adopt": [
            ("Read why to use the tool", "Start with the tool's first section, 'Why use this tool'."),
            ("Read the ICS reflections and the policy context", ""),
            ("Complete the tool", "Follow the section 'How to complete'."),
            ("Write your action plan", "Use the action plan template below."),
            ("Use the resources and contact sections", ""),
        ],
        "tags": ["readiness", "commissioning", "social determinants"],
        "case_studies": [],
        "downloads": [
            ("readiness-tool-guide.pdf", "A short guide to the tool's sections.", None),
            (
                "readiness-action-plan-template.docx",
                "A template for the action plan.",
                "readiness-action-plan-template.odt",
            ),
        ],
        "illustrative_note": (
            "The files here are demonstration files that show how downloads work; they are not the tool itself."
        ),
    },
    {
        "slug": "voice-and-influence-tool",
        "title": "Children and Young People's Voice and Influence Tool",
        "summary": (
            "A tool grounded in the UN Convention on the Rights of the Child, for putting children and young "
            "people's voice and influence into practice."
        ),
        "what_it_is": paragraphs(
            "The Children and Young People's Voice and Influence Tool is grounded in the UN Convention on the Rights "
            "of the Child. It was published in September 2025 as one of the Collaborative's legacy products.",
            "Its sections are: welcome, getting started, results and next steps, policy context, voice in practice, "
            "case studies, and about.",
        ),
        "resource_type": ResourceType.SELF_ASSESSMENT,
        "audiences": [A.HEALTH_EQUITY_LEADS, A.PRACTITIONERS, A.VOLUNTARY_SECTOR],
        "drivers": ["capabilities-and-control"],
        "published_date": datetime.date(2025, 9, 1),
        "how_to_adopt": [
            ("Read the welcome and getting started sections", ""),
            ("Work through the tool", ""),
            ("Read your results and next steps", ""),
            ("Learn from voice in practice and the case studies", "See also the case studies linked on this page."),
        ],
        "tags": ["youth voice", "children's rights", *LUNDY],
        "case_studies": [
            "working-with-young-people-birmingham-and-solihull",
            "working-with-young-people-cheshire-and-merseyside",
            "working-with-young-people-south-yorkshire",
        ],
        "downloads": [("voice-and-influence-getting-started.pdf", "The tool's sections at a glance.", None)],
        "illustrative_note": (
            "The file here is a demonstration file that shows how downloads work; it is not the tool itself."
        ),
    },
    {
        "slug": "how-three-icss-work-with-children-and-young-people",
        "title": "How three ICSs are working with children and young people",
        "summary": (
            "Examples of practice from Birmingham and Solihull, Cheshire and Merseyside and South Yorkshire: where "
            "each started, how it evolved and its legacy."
        ),
        "what_it_is": paragraphs(
            "Examples of practice from the Collaborative's three partner Integrated Care Systems. Each tells where "
            "the area's work with children and young people started, how its approach evolved, and its legacy.",
        ),
        "resource_type": ResourceType.PRACTICE_EXAMPLES,
        "audiences": [A.HEALTH_EQUITY_LEADS, A.PRACTITIONERS, A.VOLUNTARY_SECTOR, A.SYSTEM_LEADERS],
        "drivers": ["capabilities-and-control"],
        "published_date": None,
        "how_to_adopt": [
            ("Read the three examples", "Each is a case study on this site, linked below."),
            ("Compare them with where your area is starting from", ""),
            ("Find a voluntary group to run sessions with young people, as the three areas did", ""),
        ],
        "tags": ["youth voice", *LUNDY],
        "case_studies": [
            "working-with-young-people-birmingham-and-solihull",
            "working-with-young-people-cheshire-and-merseyside",
            "working-with-young-people-south-yorkshire",
        ],
        "downloads": [
            ("three-ics-engagement-partners.csv", "Who ran the 2023 engagement sessions in each area.", None)
        ],
        "illustrative_note": "The file here is a demonstration file built from the programme's public information.",
    },
    {
        "slug": "social-value-and-children-and-young-people",
        "title": "Social Value and children and young people",
        "summary": "Listed by the UCL Institute of Health Equity among the Collaborative's products.",
        "what_it_is": paragraphs(
            "The UCL Institute of Health Equity lists 'Social Value and CYP' among the Collaborative's products. It "
            "relates to the Birmingham and Solihull procurement pilot, which built social value into NHS contracts.",
        ),
        "resource_type": ResourceType.OTHER,
        "audiences": [A.COMMISSIONERS, A.SYSTEM_LEADERS],
        "drivers": ["healthy-places", "fair-employment"],
        "published_date": None,
        "how_to_adopt": [],
        "tags": ["social value", "procurement"],
        "case_studies": ["procurement-social-value-birmingham-and-solihull"],
        "downloads": [],
        "illustrative_note": (
            "This demonstration page holds only the product's name and what it relates to; its type, contents and "
            "files are not in the programme's public information used here."
        ),
    },
]

JOURNEY_STAGES = [
    {
        "title": "Form the partnership",
        "summary": "Bring together the ICS, a children's charity, an academic partner and community groups.",
        "guidance": paragraphs(
            "The Collaborative was a partnership of a children's charity (Barnardo's), an academic institute (UCL's "
            "Institute of Health Equity) and three Integrated Care Systems. Its evaluation found it a proof of concept "
            "for joint work between NHS systems, charities, community groups and young people.",
            "Start by checking how ready your system is to act on child health equity.",
        ),
        "toolkits": ["child-health-equity-readiness-tool"],
        "case_studies": [],
        "other_pages": ["about"],
    },
    {
        "title": "Hear children and young people",
        "summary": "Ask children and young people what health and health inequality mean to them.",
        "guidance": paragraphs(
            "The Collaborative met over 300 children and young people and recruited Health Equity Champions. "
            "Voluntary groups ran the sessions in each area.",
        ),
        "toolkits": ["voice-and-influence-tool", "how-three-icss-work-with-children-and-young-people"],
        "case_studies": [
            "working-with-young-people-birmingham-and-solihull",
            "working-with-young-people-cheshire-and-merseyside",
            "working-with-young-people-south-yorkshire",
        ],
        "other_pages": ["reports/insights-report"],
    },
    {
        "title": "Build the data",
        "summary": "Collate the data that shows children's health inequalities in your area.",
        "guidance": paragraphs(
            "A multi-agency data working group collated data in each ICS to identify and monitor health "
            "inequalities, guided by the framework's drivers. The indicators are on this site, with downloads you "
            "can use with your own data.",
        ),
        "toolkits": [],
        "case_studies": [],
        "other_pages": ["framework", "data"],
    },
    {
        "title": "Pilot interventions",
        "summary": "Develop local interventions to combat health inequality at community level.",
        "guidance": paragraphs(
            "Each partner area developed local interventions. In Birmingham and Solihull, the ICS Procurement "
            "Collaborative built social value into NHS contracts.",
        ),
        "toolkits": ["social-value-and-children-and-young-people"],
        "case_studies": ["procurement-social-value-birmingham-and-solihull"],
        "other_pages": [],
    },
    {
        "title": "Evaluate",
        "summary": "Plan an independent evaluation from the start.",
        "guidance": paragraphs(
            "M.E.L Research evaluated the Collaborative independently, using a realist approach with questions on "
            "outcomes, mechanisms, contexts and next steps. The UCL Institute of Health Equity evaluated the pilots "
            "in the same report.",
        ),
        "toolkits": [],
        "case_studies": [],
        "other_pages": ["reports/evaluation"],
    },
    {
        "title": "Hand on the legacy",
        "summary": "Publish what you made so other systems can use it.",
        "guidance": paragraphs(
            "The Collaborative left legacy products for other ICSs that wish to take a similar journey. This site "
            "keeps them available.",
        ),
        "toolkits": [
            "child-health-equity-readiness-tool",
            "voice-and-influence-tool",
            "how-three-icss-work-with-children-and-young-people",
        ],
        "case_studies": [],
        "other_pages": [],
    },
]


def ensure_documents(stdout) -> dict:
    """A Wagtail document for each demonstration file, made once (matched by title)."""
    write()
    Document = get_document_model()
    documents = {}
    for filename, title in FILES.items():
        document = Document.objects.filter(title=title).first()
        if document is None:
            document = Document(title=title)
            with open(DEMO_FILES_DIR / filename, "rb") as handle:
                document.file.save(filename, File(handle), save=False)
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
        what_it_is=data["what_it_is"],
        resource_type=data["resource_type"],
        published_date=data["published_date"],
        how_to_adopt=[
            ("step", {"title": title, "text": paragraphs(text) if text else ""}) for title, text in data["how_to_adopt"]
        ],
        licence=Licence.OGL_3,
        licence_note=LICENCE_NOTE,
        illustrative_note=data["illustrative_note"],
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
            document=documents[filename],
            description=description,
            language="English",
            alternative_document=documents[alternative] if alternative else None,
        )
        for filename, description, alternative in data["downloads"]
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
        title="Toolkits and legacy products",
        summary="The Collaborative's legacy products for any Integrated Care System: find one, judge it, adopt it.",
        intro=(
            "The products the Collaborative left for other Integrated Care Systems. Each says what it is, who it is "
            "for and how to adopt it, with every file to download, its licence and how to credit it. Filter them "
            "by type, framework driver, audience or topic."
        ),
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
        for data in TOOLKITS
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
                    "guidance": stage["guidance"],
                    "toolkits": [toolkits[slug] for slug in stage["toolkits"] if slug in toolkits],
                    "case_studies": [case_studies[slug] for slug in stage["case_studies"] if slug in case_studies],
                    "other_pages": [page for page in (_find(home, path) for path in stage["other_pages"]) if page],
                },
            )
            for stage in JOURNEY_STAGES
        ],
    )
    ensure_menu_item(Site.objects.get(is_default_site=True), index, "Toolkits", before_slug="about")
    ensure_sample_translations(index, toolkits[READINESS["slug"]], stdout)


# Sample translations of the toolkit index and one toolkit (the readiness tool), so a toolkit can be read in Polish
# and Urdu and the right-to-left layout seen on a real product page. Made through wagtail-localize like an editor's
# translation, labelled on the site as samples awaiting review by a fluent speaker; text not listed stays in English.
READINESS = TOOLKITS[0]
INDEX_TITLE = "Toolkits and legacy products"
SAMPLE_TRANSLATIONS = {
    "pl": {
        "index": {
            INDEX_TITLE: "Zestawy narzędzi i produkty programu",
            "The Collaborative's legacy products for any Integrated Care System: find one, judge it, adopt it.": (
                "Produkty pozostawione przez Collaborative dla każdego Zintegrowanego Systemu Opieki: znajdź, oceń, "
                "wdróż."
            ),
        },
        "toolkit": {
            READINESS["title"]: "Narzędzie oceny gotowości do działań na rzecz równości w zdrowiu dzieci",
            READINESS["summary"]: (
                "Dla Zintegrowanych Zarządów Opieki (Integrated Care Boards), aby zastanowiły się, na ile są gotowe "
                "działać na rzecz społecznych uwarunkowań zdrowia i poprawiać równość w zdrowiu dzieci."
            ),
            "Read why to use the tool": "Przeczytaj, dlaczego warto korzystać z narzędzia",
            "Read the ICS reflections and the policy context": (
                "Przeczytaj refleksje Zintegrowanych Systemów Opieki i kontekst polityczny"
            ),
            "Complete the tool": "Wypełnij narzędzie",
            "Write your action plan": "Napisz swój plan działania",
            "Use the resources and contact sections": "Skorzystaj z sekcji z materiałami i danymi kontaktowymi",
        },
    },
    "ur": {
        "index": {
            INDEX_TITLE: "ٹول کٹس اور پروگرام کی میراث",
            "The Collaborative's legacy products for any Integrated Care System: find one, judge it, adopt it.": (
                "کسی بھی انٹیگریٹڈ کیئر سسٹم کے لیے اشتراک کی چھوڑی ہوئی مصنوعات: تلاش کریں، جانچیں، اپنائیں۔"
            ),
        },
        "toolkit": {
            READINESS["title"]: "بچوں کی صحت میں مساوات کے لیے تیاری کا ٹول",
            READINESS["summary"]: (
                "انٹیگریٹڈ کیئر بورڈز کے لیے، تاکہ وہ غور کریں کہ وہ صحت کے سماجی عوامل پر کام کرنے اور بچوں کی "
                "صحت میں مساوات بہتر بنانے کے لیے کتنے تیار ہیں۔"
            ),
            "Read why to use the tool": "پڑھیں کہ یہ ٹول کیوں استعمال کریں",
            "Read the ICS reflections and the policy context": (
                "انٹیگریٹڈ کیئر سسٹمز کے تاثرات اور پالیسی کا پس منظر پڑھیں"
            ),
            "Complete the tool": "ٹول مکمل کریں",
            "Write your action plan": "اپنا ایکشن پلان لکھیں",
            "Use the resources and contact sections": "وسائل اور رابطے کے حصے استعمال کریں",
        },
    },
}


def ensure_sample_translations(index, toolkit, stdout) -> None:
    """Translate the toolkit index, then the readiness tool, into each enabled sample language (idempotent)."""
    enabled = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
    for language_code, strings in SAMPLE_TRANSLATIONS.items():
        if (
            language_code not in enabled
            or home_page().get_translation_or_none(Locale.objects.get(language_code=language_code)) is None
        ):
            continue  # the home page is translated first (home/demo.py); without it there is no parent
        ensure_sample_translation(index, language_code, strings["index"], stdout)
        ensure_sample_translation(toolkit, language_code, strings["toolkit"], stdout)
