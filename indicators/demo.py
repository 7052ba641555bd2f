"""The script that builds the indicators and their page from ``indicators/demo_content/indicators.yaml``, with the
illustrative values of ``indicators/sample/``."""

from pathlib import Path

from wagtail.models import Site

from hub.demo_tools import content, ensure_child, ensure_menu_item, home_page
from hub.models import DriverPage, LifeStage
from indicators.importer import import_indicator_file
from indicators.models import Indicator, IndicatorIndexPage

ORDER = 22  # after the framework (drivers) and the reports, so "Data" follows "Reports" in the menu

CONTENT = content(__name__, "indicators")
SAMPLE_DATA = Path(__file__).resolve().parent / "sample" / CONTENT["sample_data"]


def ensure_indicators(home, stdout):
    drivers = {driver.slug: driver for driver in DriverPage.objects.filter(locale=home.locale)}
    stages = {stage.code: stage for stage in LifeStage.objects.all()}
    for data in CONTENT["indicators"]:
        fields = {key: value for key, value in data.items() if key not in {"slug", "drivers", "life_stage"}}
        indicator, created = Indicator.objects.get_or_create(
            slug=data["slug"],
            defaults={
                **fields,
                "source": CONTENT["source"],
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
    page = CONTENT["page"]
    fields = {key: value for key, value in page.items() if key not in {"slug", "menu_label"}}
    return ensure_child(home, IndicatorIndexPage, page["slug"], stdout, **fields)


def load(stdout):
    data_page = ensure_indicators(home_page(), stdout)
    ensure_menu_item(
        Site.objects.get(is_default_site=True), data_page, CONTENT["page"]["menu_label"], before_slug="about"
    )
