"""The script that builds the core's demo content from ``hub/demo_content/framework.yaml``: the taxonomy (partner
Integrated Care Systems, organisations, people), the framework and its drivers.

Every fact comes from ``shared/brief/facts.md`` and ``facts-sourced.md``; the sentences are our own. Where the brief
has no fact, the page says less. Stand-in driver headings and illustrative quotes are labelled as such on the page.
"""

import datetime

from wagtail.models import Locale, Site

from hub.demo_tools import content, ensure_child, ensure_menu_item, home_page, stream
from hub.models import DriverPage, FrameworkPage, IntegratedCareSystem, LifeStage, Organisation, Person

ORDER = 20  # after home, which creates the site root

CONTENT = content(__name__, "framework")


def ensure_taxonomy(locale):
    for data in CONTENT["integrated_care_systems"]:
        IntegratedCareSystem.objects.get_or_create(slug=data["slug"], locale=locale, defaults=data)
    organisations = {}
    for data in CONTENT["organisations"]:
        organisations[data["name"]], _ = Organisation.objects.get_or_create(
            name=data["name"], locale=locale, defaults={"kind": data["kind"], "description": data["description"]}
        )
    for data in CONTENT["people"]:
        Person.objects.get_or_create(
            name=data["name"],
            defaults={"role": data["role"], "organisation": organisations.get(data.get("organisation"))},
        )
    return organisations


def ensure_framework(home, stdout):
    data = CONTENT["framework"]
    framework = ensure_child(
        home,
        FrameworkPage,
        "framework",
        stdout,
        title=data["title"],
        summary=data["summary"],
        intro=data["intro"],
        published_date=datetime.date.fromisoformat(str(data["published_date"])),
        updated_date=datetime.date.fromisoformat(str(data["updated_date"])),
        uses=[("use", use) for use in data["uses"]],
        drivers_stand_in_note=data["stand_in_note"],
        body=stream(data["body"]),
    )
    stages = {stage.code: stage for stage in LifeStage.objects.all()}
    drivers = {}
    for driver_data in CONTENT["drivers"]:
        slug, title = driver_data["slug"], driver_data["title"]
        existed = framework.get_children().filter(slug=slug).exists()
        driver = ensure_child(
            framework,
            DriverPage,
            slug,
            stdout,
            title=title,
            short_name=driver_data["short_name"],
            summary=f"A stand-in driver: the Marmot principle '{title.lower()}', applied to children and young people.",
            why_it_matters=(
                "<p>This is a stand-in for the framework's own description of the driver. The Collaborative "
                "started from the view that child health equity today matters for health in the future.</p>"
            ),
            is_stand_in=True,
        )
        if not existed:
            driver.life_stages.set([stages[code] for code in driver_data["life_stages"]])
            driver.save_revision().publish()
        drivers[slug] = driver
    return framework, drivers


def load(stdout):
    home = home_page()
    locale = Locale.get_default()
    ensure_taxonomy(locale)
    framework, _drivers = ensure_framework(home, stdout)
    ensure_menu_item(Site.objects.get(is_default_site=True), framework, "Framework", before_slug="about")
