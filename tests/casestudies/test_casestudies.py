"""Case studies: where they live, what a case study page shows, and the faceted index of case studies."""

import re

import pytest
from wagtail.models import Locale, Page
from wagtail_factories import ImageFactory

from casestudies.models import CaseStudyIndexPage, CaseStudyPage
from hub.models import LifeStage, Organisation, Person
from tests.casestudies.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory
from tests.factories import DriverPageFactory, FrameworkPageFactory, make_document, make_ics, relate
from tests.helpers import warm_query_count
from tests.home.factories import StandardPageFactory
from tests.toolkit.factories import ToolkitIndexPageFactory, ToolkitPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(home):
    return CaseStudyIndexPageFactory(parent=home)


@pytest.fixture
def framework(home):
    return FrameworkPageFactory(parent=home)


def other_locale():
    return Locale.objects.get_or_create(language_code="pl")[0]


def result_titles(html):
    """The titles of the cards on a listing page, in order."""
    results = html[html.index('id="results-heading"') :]
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', results)


def result_count(html):
    return re.search(r'<h2 id="results-heading"[^>]*>([^<]+)</h2>', html).group(1).strip()


# Page tree ---------------------------------------------------------------------------------------------------------


def test_case_studies_live_once_under_the_home_page_and_hold_only_case_studies(home, index):
    assert CaseStudyIndexPage.can_exist_under(home)
    assert not CaseStudyIndexPage.can_create_at(home)  # one per home page
    assert not CaseStudyIndexPage.can_exist_under(Page.get_first_root_node())
    assert not CaseStudyIndexPage.can_exist_under(StandardPageFactory(parent=home))
    assert CaseStudyPage.can_create_at(index)
    assert not CaseStudyPage.can_exist_under(home)
    assert not CaseStudyPage.can_exist_under(CaseStudyPageFactory(parent=index))


# The case study page ----------------------------------------------------------------------------------------------


def test_an_intervention_shows_every_structured_part(client, index, framework):
    driver = DriverPageFactory(parent=framework, short_name="Healthy places")
    partner = Organisation.objects.create(name="Birmingham Voluntary Service Council")
    contact = Person.objects.create(name="A Contact", role="Programme lead", email="lead@example.org")
    document = make_document("Pilot plan", "plan.pdf", b"%PDF-1.4 " + b"0" * 2048)
    page = CaseStudyPageFactory(
        parent=index,
        ics=make_ics("Birmingham and Solihull"),
        problem="<p>Social value was weighted at 10%.</p>",
        approach="<p>Raised the weighting to 20%.</p>",
        young_peoples_involvement="<p>Young people chose the projects.</p>",
        evaluation_status=CaseStudyPage.EvaluationStatus.EVALUATED,
        outcomes="<p>Evaluated within the programme's evaluation.</p>",
        cost="Staff time only.",
        resources=[("document", {"document": document, "title": "", "description": ""})],
    )
    relate(page, drivers=[driver], partners=[partner], contacts=[contact], tags=["social value"])
    page.life_stages.set(LifeStage.objects.filter(code="childhood"))
    page.save()
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "The problem",
        "Social value was weighted at 10%.",
        "What was done",
        "Raised the weighting to 20%.",
        "Young people chose the projects.",
        "Evaluated",
        "Staff time only.",
        "Birmingham and Solihull",
        "Birmingham Voluntary Service Council",
        "A Contact, Programme lead",
        'href="mailto:lead@example.org"',
        "Childhood (5 to 11)",
        "PDF, 2.0\xa0KB",
    ):
        assert text in html, text
    assert f'href="{driver.url}"' in html  # drivers link back to the framework
    assert 'href="/tags/social-value/"' in html
    assert "Time, people and skills" not in html  # an empty optional field is left out, not printed as unknown
    assert "Not known" not in html and "Not recorded" not in html


def test_an_example_of_practice_is_told_as_start_evolution_and_legacy(client, index):
    page = CaseStudyPageFactory(
        parent=index, kind=CaseStudyPage.Kind.PRACTICE, legacy="<p>What it left behind.</p>", illustrative_note="Demo."
    )
    html = client.get(page.url).content.decode()
    assert "Where it started" in html and "How it evolved" in html and "Its legacy" in html
    assert ">The problem</h2>" not in html
    assert "What it left behind." in html
    assert 'class="tag tag--illustrative">Illustrative</strong> Demo.' in html
    # No involvement recorded: the section is left out rather than saying it is empty
    assert "How children and young people were involved" not in html


def test_a_case_study_lists_the_live_toolkits_that_came_out_of_it(client, home, index):
    page = CaseStudyPageFactory(parent=index)
    toolkits = ToolkitIndexPageFactory(parent=home)
    live = relate(ToolkitPageFactory(parent=toolkits, title="Voice and Influence Tool"), related_case_studies=[page])
    draft = relate(ToolkitPageFactory(parent=toolkits, title="Unpublished tool"), related_case_studies=[page])
    draft.unpublish()
    ToolkitPageFactory(parent=toolkits, title="Unrelated tool")
    html = client.get(page.url).content.decode()
    assert f'href="{live.url}"' in html
    assert "Unpublished tool" not in html and "Unrelated tool" not in html


def test_the_preview_shows_unsaved_drivers(rf, index, framework):
    driver = DriverPageFactory(parent=framework, short_name="Best start")
    page = CaseStudyPageFactory(parent=index)
    page.drivers.set([driver])  # as in the edit form: not saved
    response = page.make_preview_request()
    assert response.status_code == 200
    assert "Best start" in response.content.decode()


# Driver pages list what links to them ----------------------------------------------------------------------------


def test_a_driver_page_lists_exactly_the_live_case_studies_of_its_language(client, index, framework):
    driver = DriverPageFactory(parent=framework)
    other_driver = DriverPageFactory(parent=framework)
    linked = relate(CaseStudyPageFactory(parent=index, title="Linked case study"), drivers=[driver])
    draft = relate(CaseStudyPageFactory(parent=index, title="Draft case study"), drivers=[driver])
    draft.unpublish()
    relate(CaseStudyPageFactory(parent=index, title="Other driver's case study"), drivers=[other_driver])
    polish = relate(
        CaseStudyPageFactory(parent=index, title="Polish case study", locale=other_locale()), drivers=[driver]
    )
    assert polish.live and polish.locale.language_code == "pl"
    html = client.get(driver.url).content.decode()
    section = html[html.index('id="case_studies"') : html.index('id="toolkits"')]
    assert re.findall(r'<a href="([^"]+)">', section) == [linked.url]
    assert "No case studies are linked to this driver yet." not in section


# The index: filters ----------------------------------------------------------------------------------------------


@pytest.fixture
def catalogue(index, framework):
    """Six case studies across two ICSs, two drivers, life stages and tags, plus a draft and another language."""
    north, south = make_ics("North ICS", "north"), make_ics("South ICS", "south")
    best, places = DriverPageFactory(parent=framework, slug="best-start"), DriverPageFactory(parent=framework)
    stages = {stage.code: stage for stage in LifeStage.objects.all()}
    rows = [
        ("Alpha", north, [best], ["early-years"], ["Lundy: Voice"]),
        ("Bravo", north, [places], ["childhood"], ["Lundy: Voice", "Lundy: Space"]),
        ("Charlie", north, [best, places], ["early-years", "childhood"], []),
        ("Delta", south, [best], ["adolescence"], ["Lundy: Space"]),
        ("Echo", south, [], ["childhood"], ["Lundy: Voice"]),
        ("Foxtrot", south, [places], [], []),
    ]
    pages = {}
    for title, ics, drivers, stage_codes, tags in rows:
        page = CaseStudyPageFactory(parent=index, title=title, ics=ics)
        pages[title] = relate(page, drivers=drivers, life_stages=[stages[code] for code in stage_codes], tags=tags)
    draft = relate(CaseStudyPageFactory(parent=index, title="Draft", ics=north), drivers=[best], tags=["Lundy: Voice"])
    draft.unpublish()
    relate(
        CaseStudyPageFactory(parent=index, title="Polish", ics=north, locale=other_locale()),
        drivers=[best],
        tags=["Lundy: Voice"],
    )
    return {"index": index, "pages": pages, "best": best, "places": places}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"]),
        ("?ics=north", ["Alpha", "Bravo", "Charlie"]),
        ("?driver=best-start", ["Alpha", "Charlie", "Delta"]),
        ("?stage=childhood", ["Bravo", "Charlie", "Echo"]),
        ("?tag=lundy-voice", ["Alpha", "Bravo", "Echo"]),
        ("?ics=south&tag=lundy-voice", ["Echo"]),
        ("?ics=north&driver=best-start&stage=early-years", ["Alpha", "Charlie"]),
        ("?tag=lundy-voice&tag=lundy-space", ["Alpha", "Bravo", "Delta", "Echo"]),
        ("?ics=south&stage=early-years", []),
    ],
)
def test_filters_return_exactly_the_live_case_studies_of_the_language(client, catalogue, query, expected):
    response = client.get(catalogue["index"].url + query)
    assert response.status_code == 200
    html = response.content.decode()
    assert result_titles(html) == expected
    assert result_count(html).startswith(f"{len(expected)} case stud")
    assert "Draft" not in result_titles(html) and "Polish" not in result_titles(html)


def test_facet_counts_match_the_results_of_ticking_each_option(client, catalogue):
    url = catalogue["index"].url
    html = client.get(url + "?ics=north").content.decode()
    option = r'name="(\w+)" value="([^"]+)" id="[^"]+"(?: checked)?>\s*<label[^>]*>[^<]*<span class="filters__count"'
    options = re.findall(option + r' aria-hidden="true">\((\d+)\)', html)
    assert len(options) >= 8
    for param, value, count in options:
        query = f"?ics=north&{param}={value}" if param != "ics" else f"?ics={value}"
        assert len(result_titles(client.get(url + query).content.decode())) == int(count), (param, value)


def test_filters_in_use_are_ticked_listed_and_removable(client, catalogue):
    html = client.get(catalogue["index"].url + "?ics=north&tag=lundy-voice").content.decode()
    assert 'value="north" id="filter-ics-1" checked' in html
    active = html[html.index('class="active-filters"') : html.index("</div>", html.index('class="active-filters"'))]
    assert 'href="?tag=lundy-voice"' in active and "Integrated Care System: North ICS" in active
    assert 'href="?ics=north"' in active and "Topic: Lundy: Voice" in active
    assert "with these filters" in html
    assert '<meta name="robots" content="noindex, follow">' in html


def test_no_results_suggests_removing_each_filter(client, catalogue):
    html = client.get(catalogue["index"].url + "?ics=south&stage=early-years").content.decode()
    assert "No case studies match all of these filters." in html
    assert "Try removing a filter:" in html
    assert 'href="?stage=early-years">Remove “Integrated Care System: South ICS”' in html
    assert 'href="?ics=south">Remove “Life stage: Early years (0 to 4)”' in html


def test_the_filter_form_works_without_javascript(client, catalogue):
    html = client.get(catalogue["index"].url).content.decode()
    start = html.index('<form class="filters"')
    form = html[start : html.index("</form>", start)]  # the filter form, not the header's search form
    assert 'method="get"' in form and f'action="{catalogue["index"].url}"' in form
    assert form.count("<fieldset") == 4 and form.count("<legend") == 4
    for input_id in re.findall(r'<input type="checkbox"[^>]* id="([^"]+)"', form):
        assert f'<label for="{input_id}">' in form
    assert '<button type="submit"' in form
    assert "<script" not in form


# The index: pagination and bad input --------------------------------------------------------------------------------


@pytest.fixture
def thirty(index):
    ics = make_ics("North ICS", "north")
    for number in range(30):
        CaseStudyPageFactory(parent=index, title=f"Case {number:02d}", ics=ics)
    return index


def test_pages_hold_twelve_and_links_keep_the_filters(client, thirty):
    first = client.get(thirty.url + "?ics=north").content.decode()
    assert len(result_titles(first)) == 12 and result_titles(first)[0] == "Case 00"
    assert 'href="?ics=north&amp;page=2"' in first and 'href="?ics=north&amp;page=3"' in first
    assert 'aria-current="page"><span class="visually-hidden">Page </span>1<' in first
    third = client.get(thirty.url + "?ics=north&page=3").content.decode()
    assert result_titles(third) == [f"Case {number:02d}" for number in range(24, 30)]
    assert "Page 3 of 3" in third
    assert 'href="?ics=north&amp;page=2" rel="prev"' in third and 'rel="next"' not in third


@pytest.mark.parametrize("page", ["0", "abc", "-1", "1.5", ""])
def test_nonsense_page_numbers_show_the_first_page(client, thirty, page):
    response = client.get(thirty.url, {"page": page})
    assert response.status_code == 200
    assert result_titles(response.content.decode())[0] == "Case 00"


@pytest.mark.parametrize("page", ["4", "999", "99999999999999999999"])
def test_a_page_past_the_end_shows_the_last_page_and_says_so(client, thirty, page):
    response = client.get(thirty.url, {"page": page})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is no page of results that far: this is the last one, page 3." in html
    assert result_titles(html)[0] == "Case 24"  # 30 results, 12 a page: the last page starts at the 25th
    assert '<meta name="robots" content="noindex, follow">' in html


@pytest.mark.parametrize(
    "query",
    [
        "?ics=abc&ics=<script>alert(1)</script>",
        "?ics=%3Cscript%3Ealert(1)%3C%2Fscript%3E&tag=%22onmouseover%3Dalert(1)",
        "?driver=" + "x" * 5000,
        "?stage=childhood&stage=childhood&stage=old-age&sort=alert(1)",
        "?tag=" + "&tag=".join(f"t{n}" for n in range(200)),
        "?ics[]=north&ics=north&ics=",
    ],
)
def test_garbage_parameters_are_ignored_and_never_echoed(client, catalogue, query):
    response = client.get(catalogue["index"].url + query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "alert(1)" not in html and "onmouseover" not in html and "x" * 200 not in html
    assert len(result_titles(html)) in (3, 6)  # either the valid filter or none


def test_thousands_of_parameters_are_a_bad_request_not_an_error(client, catalogue):
    query = "&".join(f"tag=t{n}" for n in range(1200))
    response = client.get(f"{catalogue['index'].url}?{query}")
    assert response.status_code == 400


# The index: performance ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "?ics=north&driver=best-start&stage=childhood&tag=lundy-voice&page=1"])
def test_the_index_runs_the_same_few_queries_for_5_and_60_case_studies(client, home, framework, query):
    stages = list(LifeStage.objects.all())
    ics = make_ics("North", "north")
    counts = []
    for total in (5, 60):
        for old in CaseStudyIndexPage.objects.all():
            old.delete()
        index = CaseStudyIndexPageFactory(parent=home, slug=f"case-studies-{total}")
        driver = DriverPageFactory(parent=framework, slug=f"best-start-{total}")
        for number in range(total):
            page = CaseStudyPageFactory(parent=index, ics=ics)
            relate(page, drivers=[driver], life_stages=stages[number % 3 : number % 3 + 2], tags=["Lundy: Voice"])
        counts.append(warm_query_count(client, index.url + query.replace("best-start", f"best-start-{total}")))
    assert counts[0] == counts[1]
    assert counts[0] <= 15


def test_card_images_add_one_query_whatever_their_number(client, home):
    counts = []
    for total in (3, 20):
        for old in CaseStudyIndexPage.objects.all():
            old.delete()
        index = CaseStudyIndexPageFactory(parent=home, slug=f"case-studies-{total}")
        for _ in range(total):
            CaseStudyPageFactory(parent=index, listing_image=ImageFactory())
        html = client.get(index.url).content.decode()
        assert html.count('class="card__image"') == min(total, 12)
        assert 'alt=""' in html and 'loading="lazy"' in html
        counts.append(warm_query_count(client, index.url))
    assert counts[0] == counts[1] <= 15
