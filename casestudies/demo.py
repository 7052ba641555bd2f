"""The script that builds the demo case studies from ``casestudies/demo_content/case_studies.yaml``: the Birmingham
and Solihull procurement pilot, and each ICS's work with children and young people (where it started, how it
evolved, its legacy).

Every fact comes from ``shared/brief/facts.md`` and ``facts-sourced.md``; the sentences are our own, quotes are
marked. Where the sources hold no fact (costs, contacts, outcomes of a single pilot), the field stays empty and the
page leaves it out. The links to drivers are to the stand-in drivers the framework demo creates.
"""

from wagtail.models import Locale, Site

from hub.demo_tools import content, ensure_child, ensure_menu_item, home_page, rich_text
from hub.models import DriverPage, IntegratedCareSystem, LifeStage, Organisation

from .models import CaseStudyIndexPage, CaseStudyPage

ORDER = 30  # after hub (taxonomy, framework), before toolkit (which links to these case studies)

CONTENT = content(__name__, "case_studies")
RICH_TEXT = ("problem", "approach", "young_peoples_involvement", "outcomes", "legacy")

RELATIONS = ("drivers", "life_stages", "partners", "tags")


def ensure_case_study(index, data, stdout, drivers, stages, organisations, systems):
    existed = index.get_children().filter(slug=data["slug"]).exists()
    fields = {key: value for key, value in data.items() if key not in {*RELATIONS, "slug", "ics"}}
    fields.update({key: rich_text(fields[key]) for key in RICH_TEXT if fields.get(key)})
    if fields.get("illustrative_note") == "practice_note":
        fields["illustrative_note"] = CONTENT["practice_note"]
    page = ensure_child(index, CaseStudyPage, data["slug"], stdout, ics=systems.get(data["ics"]), **fields)
    if not existed:
        page.drivers.set([drivers[slug] for slug in data["drivers"] if slug in drivers])
        page.life_stages.set([stages[code] for code in data["life_stages"]])
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
        title=CONTENT["index"]["title"],
        summary=CONTENT["index"]["summary"],
        intro=CONTENT["index"]["intro"],
    )
    framework = home.get_children().filter(slug="framework").first()
    drivers = {}
    if framework is not None:
        drivers = {driver.slug: driver for driver in DriverPage.objects.child_of(framework).filter(locale=locale)}
    stages = {stage.code: stage for stage in LifeStage.objects.all()}
    organisations = {organisation.name: organisation for organisation in Organisation.objects.filter(locale=locale)}
    systems = {system.slug: system for system in IntegratedCareSystem.objects.filter(locale=locale)}
    for data in CONTENT["case_studies"]:
        ensure_case_study(index, data, stdout, drivers, stages, organisations, systems)
    ensure_menu_item(Site.objects.get(is_default_site=True), index, "Case studies", before_slug="about")
