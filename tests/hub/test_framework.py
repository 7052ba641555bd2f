"""The Child Health Equity Framework: the framework page and its driver pages."""

import pytest
from wagtail.models import Page

from hub.models import DriverPage, FrameworkPage, LifeStage
from indicators.models import Indicator
from tests.factories import DriverPageFactory, FrameworkPageFactory
from tests.helpers import warm_query_count
from tests.home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework(home):
    return FrameworkPageFactory(parent=home)


def test_framework_lives_once_under_the_home_page_and_holds_only_drivers(home, framework):
    assert FrameworkPage.can_exist_under(home)
    assert not FrameworkPage.can_create_at(home)  # one per home page
    assert not FrameworkPage.can_exist_under(Page.get_first_root_node())
    assert not FrameworkPage.can_exist_under(StandardPageFactory(parent=home))
    assert DriverPage.can_create_at(framework)
    assert not DriverPage.can_exist_under(home)
    driver = DriverPageFactory(parent=framework)
    assert not StandardPageFactory._meta.model.can_exist_under(driver)


def test_framework_page_shows_each_driver_in_tree_order_linking_to_its_page(client, framework):
    drivers = [DriverPageFactory(parent=framework, short_name=f"Driver short {n}") for n in range(3)]
    response = client.get(framework.url)
    assert response.status_code == 200
    html = response.content.decode()
    diagram = html[html.index('<figure class="framework-diagram">') : html.index("</figure>")]
    assert "<img" not in diagram  # an HTML diagram, not a bitmap
    # One link per driver in the list (the drawing's links are for the mouse only: hidden, out of the tab order).
    assert diagram.count('class="framework-diagram__link"') == 3
    positions = [html.index(f'href="{driver.url}"') for driver in drivers]
    assert positions == sorted(positions)
    for driver in drivers:
        assert driver.short_name in html


def test_framework_page_hides_draft_drivers(client, framework):
    draft = DriverPageFactory(parent=framework, short_name="Unpublished driver")
    draft.unpublish()
    assert "Unpublished driver" not in client.get(framework.url).content.decode()


def test_driver_page_renders_summary_why_it_matters_and_life_stages(client, framework):
    driver = DriverPageFactory(parent=framework, why_it_matters="<p>Because of housing.</p>")
    driver.life_stages.set(LifeStage.objects.filter(code__in=["early-years", "childhood"]))
    driver.save_revision().publish()
    html = client.get(driver.url).content.decode()
    assert driver.summary in html
    assert "Because of housing." in html
    assert "Early years (0 to 4)" in html and "Childhood (5 to 11)" in html
    assert "Stand-in heading" not in html


def test_stand_in_drivers_are_labelled(client, framework):
    driver = DriverPageFactory(parent=framework, is_stand_in=True)
    assert "Stand-in heading, not the framework" in client.get(driver.url).content.decode()
    assert "Stand-in heading, not the framework" in client.get(framework.url).content.decode()


def test_driver_page_says_so_when_nothing_links_to_it_yet(client, framework):
    html = client.get(DriverPageFactory(parent=framework).url).content.decode()
    assert "No case studies are linked to this driver yet." in html
    assert "No toolkits are linked to this driver yet." in html
    assert "No indicators are linked to this driver yet." in html


def test_driver_page_sections_come_from_the_page_types_that_link_to_drivers(client, framework):
    """Case studies, then toolkits: each page type with ``DriverLinkedMixin`` has a section (the core names no app)."""
    from hub.models.framework import driver_linked_models

    assert [model.__name__ for model in driver_linked_models()] == ["CaseStudyPage", "ToolkitPage"]
    html = client.get(DriverPageFactory(parent=framework).url).content.decode()
    assert html.index('id="case_studies">Case studies<') < html.index('id="toolkits">Toolkits and legacy products<')


def test_driver_page_lists_its_indicators(client, framework):
    driver = DriverPageFactory(parent=framework)
    other = DriverPageFactory(parent=framework)
    Indicator.objects.create(name="Infant mortality rate", slug="imr").drivers.add(driver)
    Indicator.objects.create(name="Under-18 conceptions", slug="u18").drivers.add(other)
    html = client.get(driver.url).content.decode()
    assert "Infant mortality rate" in html and "Under-18 conceptions" not in html


def test_driver_page_needs_a_summary(framework):
    driver = DriverPageFactory.build(summary="  ")
    with pytest.raises(Exception) as error:
        framework.add_child(instance=driver)
    assert "summary" in str(error.value)


def test_framework_page_renders_in_the_same_few_queries_for_3_and_30_drivers(client, home):
    stages = list(LifeStage.objects.all())
    counts = []
    for count in (3, 30):
        for page in FrameworkPage.objects.all():
            page.delete()
        framework = FrameworkPageFactory(parent=home, slug=f"framework-{count}")
        for _ in range(count):
            driver = DriverPageFactory(parent=framework)
            driver.life_stages.set(stages[:2])
            driver.save_revision().publish()
        counts.append(warm_query_count(client, framework.url))
    assert counts[0] == counts[1]
    assert counts[0] <= 15


def test_driver_page_renders_in_at_most_15_queries(client, framework):
    assert warm_query_count(client, DriverPageFactory(parent=framework).url) <= 15
