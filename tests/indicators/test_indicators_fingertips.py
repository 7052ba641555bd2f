"""Real Fingertips downloads, imported untouched (tests/indicators/fixtures/fingertips/, real layout, made-up values).

The fixtures have a UTF-8 BOM, CRLF line endings, a quoted "Indicator Name" with a line break, rows with one field
fewer than the header, England, a region, ICBs, a sub-ICB location, a county/UA and a district, three sexes and two
age groups, two deprivation decile sets for the same indicator, a suppressed value with a note, a denominator in
the tens of millions and values with many decimals.
"""

import csv
import html as html_module
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.cache import invalidate
from hub.models import IntegratedCareSystem
from indicators.importer import HeaderError, import_indicator_file
from indicators.models import Area, Indicator, IndicatorIndexPage, IndicatorValue
from indicators.stats import DecilePoint, slope_index_of_inequality

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "fingertips"
LOW_INCOME = FIXTURES / "low-income-cua-deciles.csv"
COUNTRY = FIXTURES / "england-as-country.csv"
COUNTY = "County & UA deprivation deciles in England (IMD2019, 4/23 geography)"
DISTRICT = "District & UA deprivation deciles in England (IMD2019, 4/23 geography)"
NUMBERS = ["Value", "Lower CI 95.0 limit", "Upper CI 95.0 limit", "Count", "Denominator"]

pytestmark = pytest.mark.django_db


def import_file(path, **kwargs):
    with open(path, "rb") as handle:
        return import_indicator_file(handle, **kwargs)


@pytest.fixture
def low_income():
    return Indicator.objects.create(
        name="Children in absolute low income families (under 16s)",
        slug="children-in-low-income-families",
        source_identifier="93701",
        unit="%",
        polarity=Indicator.Polarity.HIGHER_IS_WORSE,
        definition="Children under 16 living in absolute low-income families.",
    )


@pytest.fixture
def partners():
    for name, code in [("Birmingham and Solihull", "E54000055"), ("Cheshire and Merseyside", "E54000008")]:
        IntegratedCareSystem.objects.create(name=name, slug=name.lower().replace(" ", "-"), ons_code=code)


@pytest.fixture
def data_page(home, partners, low_income):
    page = IndicatorIndexPage(title="Indicators", slug="data")
    home.add_child(instance=page)
    page.save_revision().publish()
    import_file(LOW_INCOME)
    return page


def fixture_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


# Import ---------------------------------------------------------------------------------------------------------


def test_the_fixture_has_the_properties_of_a_real_export():
    raw = LOW_INCOME.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and raw.count(b"\r\n") == raw.count(b"\n") - 147
    with open(LOW_INCOME, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        lengths = {len(row) for row in reader}
    assert len(header) == 27 and lengths == {26, 27}  # some rows leave the last column off
    rows = fixture_rows(LOW_INCOME)
    assert "\n" in rows[0]["Indicator Name"]
    assert {row["Area Type"] for row in rows} >= {"England", "ICBs (from Apr 2023)", "Districts & UAs (from Apr 2023)"}
    assert any(row["Value"] == "" and row["Value note"] for row in rows)
    assert max(float(row["Denominator"] or 0) for row in rows) > 50_000_000


def test_every_row_of_a_real_export_is_kept_as_its_own_breakdown(partners, low_income):
    result = import_file(LOW_INCOME)
    assert (result.rows_read, result.created, result.skipped_count) == (147, 147, 0)
    assert IndicatorValue.objects.count() == 147
    # Sexes, ages and the two decile sets are distinct breakdowns, never merged.
    england = IndicatorValue.objects.filter(area__code="E92000001", period="2022/23")
    assert england.filter(category_type="").count() == 4  # Persons all ages, Persons 0-9, Male, Female
    assert england.filter(category_type=COUNTY).count() == 10 and england.filter(category_type=DISTRICT).count() == 10
    assert set(england.filter(category_type=COUNTY).values_list("category_order", flat=True)) == set(range(1, 11))
    # Areas the pages do not show are kept and counted, not errors.
    types = dict(Area.objects.values_list("code", "area_type"))
    assert types == {
        "E92000001": "england",
        "E12000002": "region",
        "E54000055": "ics",
        "E54000008": "ics",
        "E38000014": "sub-icb",
        "E06000008": "local-authority",
        "E07000117": "local-authority",
    }
    assert result.rows_not_shown == 68 and len(result.areas_not_shown) == 4
    assert "Kept for downloads, not shown on the pages: 68 rows for 4 areas" in result.summary()
    suppressed = IndicatorValue.objects.get(area__code="E07000117", period="2019/20", age="10-15 yrs")
    assert suppressed.value is None and suppressed.value_note == "Value suppressed for disclosure control"
    # Re-importing the same file changes nothing.
    again = import_file(LOW_INCOME)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 147)


def test_england_is_the_comparator_when_its_rows_say_country(client, home, partners):
    Indicator.objects.create(
        name="Infant mortality rate", slug="imr", source_identifier="92196", polarity="higher-worse"
    )
    page = IndicatorIndexPage(title="Indicators", slug="data")
    home.add_child(instance=page)
    page.save_revision().publish()
    result = import_file(COUNTRY)
    assert result.created == 2 and Area.objects.get(code="E92000001").area_type == Area.AreaType.ENGLAND
    html = client.get("/data/imr/").content.decode()
    table = html[html.index('id="latest-caption"') : html.index("</table>", html.index('id="latest-caption"'))]
    assert "Benchmark" in table and "England" in table
    assert "Worse" in table  # 5.1 (4.6 to 5.6) against England's 3.9


def test_skipped_rows_are_reported_by_reason_with_counts_and_first_lines(low_income):
    header = "Indicator ID,Indicator Name,Area Code,Area Name,Area Type,Time period,Value\r\n"
    rows = [f"93701,Low income,E0600{n:04d},Area {n},Counties & UAs,2022/23,{n}\r\n" for n in range(20)]
    rows += [f"93701,Low income,E0700{n:04d},Area {n},Districts & UAs,2022/23,n/a\r\n" for n in range(12)]
    rows += ["99999,Not defined here,E92000001,England,England,2022/23,1\r\n"] * 3
    result = import_file_bytes((header + "".join(rows)).encode())
    assert (result.created, result.skipped_count) == (20, 15)
    not_a_number = result.skipped["'Value' is not a number"]
    assert not_a_number.count == 12 and not_a_number.lines == [22, 23, 24, 25, 26]
    unknown = next(group for reason, group in result.skipped.items() if "'99999' is not defined" in reason)
    assert unknown.count == 3 and unknown.lines == [34, 35, 36]
    assert len(result.skipped_lines()) == 2  # one line per reason, not one per row
    assert "12 rows, lines 22, 23, 24, 25, 26, …" in result.summary()


def import_file_bytes(data, **kwargs):
    return import_indicator_file(io.BytesIO(data), **kwargs)


def test_a_file_for_an_indicator_the_site_does_not_know_imports_nothing_for_it(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(LOW_INCOME.read_bytes())
    out = io.StringIO()
    call_command("import_indicators", str(path), "--no-progress", stdout=out, stderr=io.StringIO())
    assert IndicatorValue.objects.count() == 0 and Indicator.objects.count() == 0
    assert "indicator ID '93701' is not defined on this site" in out.getvalue()
    assert "147 rows" in out.getvalue()


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n", "a PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40, "a ZIP file or a spreadsheet (XLSX, ODS)"),
    ],
)
def test_a_file_that_is_not_csv_gets_one_clear_message_and_changes_nothing(tmp_path, low_income, content, kind):
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_indicators", str(path), "--no-progress", stdout=io.StringIO(), stderr=err)
    assert f"This is not a CSV text file (it is {kind}). Nothing was imported." in err.getvalue()
    with pytest.raises(HeaderError):
        import_file_bytes(content)
    assert IndicatorValue.objects.count() == 0 and Area.objects.count() == 0


# Statistics on the chosen slice ----------------------------------------------------------------------------------


def test_slope_index_of_inequality_equals_the_hand_worked_weighted_least_squares_value():
    """County & UA deciles of the fixture (latest period). Worked by hand, populations in millions:

    weights w = 1, 1, 2, 2, 2, 2, 2, 2, 3, 3 (total 20); x = cumulative population midpoint / 20 =
    0.025, 0.075, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.775, 0.925; y = 30, 28, 25, 22, 20, 17, 15, 12, 10, 8.
    Weighted means: x̄ = 10.0 / 20 = 0.5, ȳ = 334 / 20 = 16.7.
    Sxx = Σw(x - x̄)² = 1.645; Sxy = Σw(x - x̄)(y - ȳ) = -38.8; slope = -38.8 / 1.645 = -23.587.
    SII = fitted value at x = 0 (most deprived) minus at x = 1 (least deprived) = -slope = 23.587.
    """
    values = [30.0, 28.0, 25.0, 22.0, 20.0, 17.0, 15.0, 12.0, 10.0, 8.0]
    weights = [1e6, 1e6, 2e6, 2e6, 2e6, 2e6, 2e6, 2e6, 3e6, 3e6]
    points = [
        DecilePoint(order, value, weight) for order, (value, weight) in enumerate(zip(values, weights, strict=True), 1)
    ]
    assert slope_index_of_inequality(points) == pytest.approx(23.6, abs=0.1)
    assert slope_index_of_inequality(points) == pytest.approx(38.8 / 1.645, abs=1e-9)


def test_the_page_uses_one_decile_set_and_says_which(client, data_page):
    html = client.get("/data/children-in-low-income-families/").content.decode()
    section = html[html.index('id="inequality"') : html.index("The slope index of inequality is")]
    assert (
        f"Deciles used: {html_module.escape(COUNTY)}." in section
        and "2 decile sets; each is shown on its own" in section
    )
    # Only the county set: gap 30 - 8 = 22 and the hand-worked SII 23.6. Mixing in the district set (40 ... 4)
    # would give other figures (and twenty bars).
    assert "22.0 percentage points higher in the most deprived decile" in section
    assert "23.6 percentage points higher at the most deprived end" in section
    assert "-22.0 %" not in section and section.count('class="chart__label"') == 10
    assert ">40.0" not in section
    # The reader may switch to the other set (a plain GET form, no JavaScript).
    html = client.get("/data/children-in-low-income-families/", {"deprivation": DISTRICT}).content.decode()
    section = html[html.index('id="inequality"') : html.index("The slope index of inequality is")]
    assert f"Deciles used: {html_module.escape(DISTRICT)}." in section and "36.0 percentage points higher" in section


def test_the_headline_slice_is_persons_all_ages_by_default_and_editors_or_readers_may_choose(client, data_page):
    url = "/data/children-in-low-income-families/"
    html = client.get(url).content.decode()
    assert "Figures for: Persons, All ages." in html
    latest = html[html.index('id="latest-caption"') : html.index('id="trend"')]
    assert "22.9" in latest and "2022/23" in latest  # England, Persons, All ages, latest period
    assert "16.7" not in latest  # the 0-9 yrs value of 2023/24 is another slice
    assert '<select id="slice-age" name="age">' in html and '<option value="0-9 yrs">0-9 yrs</option>' in html
    # A reader's choice.
    html = client.get(url, {"age": "0-9 yrs"}).content.decode()
    assert "Figures for: Persons, 0-9 yrs." in html
    assert "16.7" in html[html.index('id="latest-caption"') : html.index('id="trend"')]
    # An editor's choice.
    Indicator.objects.filter(slug="children-in-low-income-families").update(headline_sex="Female")
    assert "Figures for: Female, All ages." in client.get(url).content.decode()
    # Nonsense in the address is ignored, never an error.
    response = client.get(url, {"sex": "<script>", "age": "x" * 5000, "deprivation": "\x00"})
    assert response.status_code == 200 and "Figures for: Female, All ages." in response.content.decode()


def test_the_figures_are_kept_per_breakdown_and_nonsense_shares_the_default_copy(client, data_page):
    """The content is kept per content version and per breakdown shown (one the data has): a second visit reads no
    figures, a query string the data does not have gets the default's kept copy, and new values show at once."""
    url = "/data/children-in-low-income-families/"
    client.get(url)  # the first request may create the site settings
    invalidate()
    with CaptureQueriesContext(connection) as missed:
        client.get(url)
    with CaptureQueriesContext(connection) as kept:
        html = client.get(url).content.decode()
    assert "Figures for: Persons, All ages." in html and len(kept) < len(missed), (len(kept), len(missed))
    read_values = [query for query in kept if 'FROM "indicators_indicatorvalue"' in query["sql"]]
    assert not read_values, "a settled visit read the values (the breakdowns the data holds are kept too)"
    with CaptureQueriesContext(connection) as nonsense:
        response = client.get(url, {"sex": "<script>", "age": "x" * 150})
    assert "Figures for: Persons, All ages." in response.content.decode() and len(nonsense) == len(kept)
    assert "Figures for: Persons, 0-9 yrs." in client.get(url, {"age": "0-9 yrs"}).content.decode()

    changed = IndicatorValue.objects.filter(
        indicator__slug="children-in-low-income-families", value__gt=22.85, value__lt=22.95
    ).update(value=99.5)
    assert changed
    invalidate()  # what the importer does after writing without signals
    html = client.get(url).content.decode()
    assert "99.5" in html[html.index('id="latest-caption"') : html.index('id="trend"')]


def test_trend_axis_is_not_flattened_against_zero_and_long_names_wrap(client, data_page):
    html = client.get("/data/children-in-low-income-families/").content.decode()
    assert "The value axis starts at" in html and "not at zero" in html
    assert "…" not in html[html.index("<svg") : html.rindex("</svg>")]
    latest_chart = html[html.index("<svg") : html.index("</svg>")]
    assert ">NHS Birmingham and Solihull Integrated Care Board<" not in latest_chart  # wrapped onto two lines
    assert ">NHS Birmingham and Solihull<" in html or ">NHS Birmingham and Solihull Integrated<" in html
    assert 'class="chart__bar-compared" ' in html and " better</text>" in html  # colour and the word beside


# Downloads ------------------------------------------------------------------------------------------------------


def test_the_download_round_trips_exactly(client, data_page):
    response = client.get("/data/children-in-low-income-families/csv/")
    body = b"".join(response.streaming_content)
    downloaded = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    assert len(downloaded) == 147

    def numbers(rows):
        return {
            (row["Area Code"], row["Time period"], row["Sex"], row["Age"], row["Category Type"], row["Category"]): [
                Decimal(row[column]) if row[column] else None for column in NUMBERS
            ]
            for row in rows
        }

    assert numbers(downloaded) == numbers(fixture_rows(LOW_INCOME))  # unrounded: every digit that was imported
    text = body.decode()
    assert "e+" not in text.lower() and "e-" not in text.replace("e-mail", "")
    assert ",56536419," in text and ",16.6856123489443," in text
    result = import_file_bytes(body)
    assert (result.created, result.updated, result.unchanged, result.skipped_count) == (0, 0, 147, 0)


# Pages for readers and search engines ----------------------------------------------------------------------------


def test_an_indicator_page_has_its_own_canonical_title_description_and_open_graph(client, data_page):
    html = client.get("/data/children-in-low-income-families/").content.decode()
    assert '<link rel="canonical" href="http://testserver/data/children-in-low-income-families/">' in html
    assert '<meta property="og:url" content="http://testserver/data/children-in-low-income-families/">' in html
    assert '<meta property="og:title" content="Children in absolute low income families (under 16s)">' in html
    assert '<meta name="description" content="Children under 16 living in absolute low-income families.">' in html
    assert "<title>Children in absolute low income families (under 16s) |" in html
    index = client.get("/data/").content.decode()
    assert '<link rel="canonical" href="http://testserver/data/">' in index


def test_the_sitemap_lists_each_indicator_page(client, data_page):
    Indicator.objects.create(name="Another", slug="another")
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/data/</loc>" in xml
    assert "<loc>http://testserver/data/children-in-low-income-families/</loc>" in xml
    assert "<loc>http://testserver/data/another/</loc>" in xml
