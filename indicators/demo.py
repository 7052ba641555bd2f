"""Demonstration content of the indicators: real indicator names from the brief, with illustrative values."""

from pathlib import Path

from wagtail.models import Site

from hub.demo_tools import ensure_child, ensure_menu_item, home_page
from hub.models import DriverPage, LifeStage
from indicators.importer import import_indicator_file
from indicators.models import Indicator, IndicatorIndexPage

ORDER = 22  # after the framework (drivers) and the reports, so "Data" follows "Reports" in the menu

S = LifeStage.Code

# Real indicator names from the brief; their values in the demo are illustrative (indicators/sample/).
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
SAMPLE_DATA = Path(__file__).resolve().parent / "sample" / "indicators-illustrative.csv"


def ensure_indicators(home, stdout):
    drivers = {driver.slug: driver for driver in DriverPage.objects.filter(locale=home.locale)}
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


def load(stdout):
    data_page = ensure_indicators(home_page(), stdout)
    ensure_menu_item(Site.objects.get(is_default_site=True), data_page, "Data", before_slug="about")
