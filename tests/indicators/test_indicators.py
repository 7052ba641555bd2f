"""The data working group's indicators: import, statistics, pages, charts and downloads."""

import csv
import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.models import IntegratedCareSystem
from indicators.importer import EXPORT_COLUMNS, HeaderError, export_rows, import_indicator_file
from indicators.models import Area, Indicator, IndicatorIndexPage, IndicatorValue
from indicators.stats import DecilePoint, compare_with_benchmark, deprivation_gap, slope_index_of_inequality
from tests.factories import DriverPageFactory, FrameworkPageFactory

SAMPLE = Path(__file__).resolve().parents[2] / "indicators" / "sample" / "indicators-illustrative.csv"
HEADER = "Indicator ID,Indicator Name,Area Code,Area Name,Area Type,Sex,Age,Category Type,Category,Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit,Count,Denominator\n"  # noqa: E501


def run_import(text, **kwargs):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return import_indicator_file(io.BytesIO(data), **kwargs)


def define_sample_indicators():
    """The indicators of the sample file, defined as an editor would (the importer skips unknown indicator IDs)."""
    for identifier in ("demo-imr", "demo-school-readiness", "demo-low-income", "demo-asthma", "demo-reception-obesity"):
        Indicator.objects.create(name=identifier, slug=identifier, source_identifier=identifier, is_illustrative=True)


def sample_rows() -> int:
    with open(SAMPLE, encoding="utf-8") as handle:
        return sum(1 for _ in csv.DictReader(handle))


# Import ---------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_importing_the_sample_creates_every_row_and_a_second_import_changes_nothing():
    rows = sample_rows()
    with open(SAMPLE, "rb") as handle:
        first = import_indicator_file(handle, illustrative=True, create_missing=True)
    assert (first.rows_read, first.created, first.updated, first.skipped) == (rows, rows, 0, {})
    assert IndicatorValue.objects.count() == rows
    assert Indicator.objects.filter(is_illustrative=True).count() == 5
    assert set(Area.objects.values_list("area_type", flat=True)) == {"england", "ics"}
    england_deciles = IndicatorValue.objects.filter(indicator__source_identifier="demo-imr", area__code="E92000001")
    assert sorted(england_deciles.exclude(category_order=None).values_list("category_order", flat=True)) == list(
        range(1, 11)
    )
    with open(SAMPLE, "rb") as handle:
        second = import_indicator_file(handle)
    assert (second.created, second.updated, second.unchanged) == (0, 0, rows)
    assert IndicatorValue.objects.count() == rows


@pytest.mark.django_db
def test_a_newer_file_updates_changed_values():
    row = "90,Infant mortality rate,E92000001,England,England,Persons,<1 yr,,,2021 - 23,{value},3.5,4.0,100,25000\n"
    run_import(HEADER + row.format(value="3.9"), create_missing=True)
    result = run_import(HEADER + row.format(value="3.7"))
    assert (result.created, result.updated) == (0, 1)
    assert IndicatorValue.objects.get().value == 3.7


@pytest.mark.django_db
def test_bad_rows_are_reported_by_line_and_good_rows_imported():
    good = "90,Infant mortality rate,E92000001,England,England,Persons,<1 yr,,,2021 - 23,3.9,3.5,4.0,100,25000\n"
    lines = [
        "\ufeff" + HEADER,  # a UTF-8 BOM before the header is fine
        good,  # line 2: good
        "90,Infant mortality rate,E54000008,Cheshire and Merseyside,ICB,Persons\n",  # 3: missing columns
        "90,Infant mortality rate,E54000061,South Yorkshire,ICB,Persons,<1 yr,,,2021 - 23,four,,,,\n",  # 4: text
        # line 5: an area type this site does not hold
        "90,Infant mortality rate,E14000530,Aldershot,Parliamentary constituency,Persons,<1 yr,,,2021 - 23,3,,,,\n",
        good,  # 6: duplicate key of line 2
        "90,Infant mortality rate,E54000055,Birmingham,ICB,Persons,<1 yr,,,2021 - 23,4.1,,,,\n",  # 7: good
    ]
    data = "".join(lines).encode("utf-8")
    data += "90,Infant mortality rate,E54000050,Tyneside,ICB,Persons,<1 yr,,,2021 - 23,2,,,,\n".encode("latin-1")
    data += "90,Infant mortality rate,E54000051,Humber Caf\xe9,ICB,Persons,<1 yr,,,2021 - 23,2,,,,\n".encode("latin-1")
    result = run_import(data, create_missing=True)
    assert result.created == 4  # the constituency (line 5) is kept: an area type the pages do not show
    reasons = {group.lines[0]: reason for reason, group in result.skipped.items()}
    assert sorted(reasons) == [3, 4, 6, 9] and result.skipped_count == 4
    assert "fewer fields than the header" in reasons[3]
    assert "'Value' is not a number" in reasons[4]
    assert "same indicator, area, period and breakdown" in reasons[6]
    assert "UTF-8" in reasons[9]
    assert set(Area.objects.values_list("code", flat=True)) == {"E92000001", "E54000055", "E54000050", "E14000530"}
    assert Area.objects.get(code="E14000530").area_type == Area.AreaType.OTHER
    assert result.rows_not_shown == 3 and len(result.areas_not_shown) == 3  # no partner ICS codes are set


@pytest.mark.django_db
def test_a_wrong_header_imports_nothing_and_names_the_missing_columns():
    with pytest.raises(HeaderError) as error:
        run_import("Indicator,Area,Value\n90,England,3.9\n")
    message = str(error.value)
    assert "Indicator ID" in message and "Area Code" in message and "Time period" in message
    assert "Value," not in message.split(":")[1]  # Value is present, so not listed as missing
    assert IndicatorValue.objects.count() == 0 and Indicator.objects.count() == 0


@pytest.mark.django_db
def test_the_import_command_prints_a_summary_and_fails_on_a_bad_header(tmp_path):
    out = io.StringIO()
    call_command(
        "import_indicators", str(SAMPLE), "--no-progress", "--create-indicators", stdout=out, stderr=io.StringIO()
    )
    assert f"Rows read: {sample_rows()}" in out.getvalue() and f"Created: {sample_rows()}" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    with pytest.raises(CommandError):
        call_command("import_indicators", str(bad), "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())


# Statistics -----------------------------------------------------------------------------------------------------


def test_gap_between_most_and_least_deprived_deciles():
    points = [DecilePoint(order, value) for order, value in [(1, 19.0), (5, 15.0), (10, 10.0)]]
    gap = deprivation_gap(points)
    assert gap.absolute == pytest.approx(9.0)
    assert gap.relative == pytest.approx(1.9)
    assert deprivation_gap([DecilePoint(1, 5.0)]) is None


def test_slope_index_of_inequality_by_hand():
    # Values fall by exactly 1 per decile (19 in the most deprived to 10 in the least), equal populations:
    # ranks are 0.05 ... 0.95, the fitted line is 19.5 - 10x, so the SII is 19.5 - 9.5 = 10.
    points = [DecilePoint(order, 20.0 - order) for order in range(1, 11)]
    assert slope_index_of_inequality(points) == pytest.approx(10.0)
    # Flat values: no inequality.
    assert slope_index_of_inequality([DecilePoint(order, 7.0) for order in range(1, 11)]) == pytest.approx(0.0)
    # Fewer than five deciles: not enough points.
    assert slope_index_of_inequality(points[:4]) is None


def test_slope_index_weights_deciles_by_population():
    # Two groups, 3:1 population: ranks are 0.375 and 0.875; the line through (0.375, 10) and (0.875, 6) has
    # slope -8, so from rank 0 to rank 1 the modelled difference is 8.
    points = [DecilePoint(1, 10.0, 300), DecilePoint(2, 10.0, 0.0001), DecilePoint(3, 10.0, 0.0001)]
    points += [DecilePoint(9, 6.0, 0.0001), DecilePoint(10, 6.0, 100)]
    assert slope_index_of_inequality(points) == pytest.approx(8.0, rel=1e-3)


@pytest.mark.parametrize(
    ("value", "low", "high", "polarity", "expected"),
    [
        (6.0, 5.5, 6.5, "higher-worse", "worse"),
        (6.0, 5.5, 6.5, "higher-better", "better"),
        (4.1, 3.5, 4.6, "higher-worse", "similar"),
        (2.0, 1.5, 2.5, "neither", "lower"),
        (2.0, None, None, "higher-worse", "not compared"),
    ],
)
def test_comparison_with_england_uses_confidence_intervals_and_polarity(value, low, high, polarity, expected):
    assert compare_with_benchmark(value, low, high, 4.0, polarity) == expected


# Pages ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def data_page(home):
    page = IndicatorIndexPage(title="Indicators", slug="data", intro="The data working group's indicators.")
    home.add_child(instance=page)
    page.save_revision().publish()
    for name, code in [("Birmingham and Solihull", "E54000055"), ("Cheshire and Merseyside", "E54000008")]:
        IntegratedCareSystem.objects.create(name=name, slug=name.lower().replace(" ", "-"), ons_code=code)
    IntegratedCareSystem.objects.create(name="South Yorkshire", slug="south-yorkshire", ons_code="E54000061")
    with open(SAMPLE, "rb") as handle:
        import_indicator_file(handle, illustrative=True, create_missing=True)
    return page


@pytest.mark.django_db
def test_indicator_index_groups_by_driver_and_labels_illustrative_data(client, home, data_page):
    framework = FrameworkPageFactory(parent=home)
    driver = DriverPageFactory(parent=framework, title="Give every child the best start in life")
    Indicator.objects.get(source_identifier="demo-imr").drivers.add(driver)
    html = client.get("/data/").content.decode()
    assert "Give every child the best start in life" in html
    assert html.index("Give every child the best start in life") < html.index("Infant mortality rate")
    assert "Other indicators" in html  # the rest have no driver yet
    assert "illustrative sample data for demonstration, not official statistics" in html


@pytest.mark.django_db
def test_indicator_index_keeps_its_content_and_a_new_indicator_shows_at_once(client, data_page):
    """The list is kept per content version: a settled visit reads no indicator; an edit shows on the next visit."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _visit in range(2):
        client.get("/data/")
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/data/").content.decode()
    assert "Infant mortality rate" in html
    assert not [query for query in queries if 'FROM "indicators_indicator"' in query["sql"]], "the indicators were read"
    Indicator.objects.create(name="Children's dental decay", slug="dental-decay", source_identifier="demo-dental")
    assert "Children&#x27;s dental decay" in client.get("/data/").content.decode()


@pytest.mark.django_db
def test_indicator_page_shows_charts_with_titles_and_tables_of_the_same_numbers(client, data_page):
    response = client.get("/data/infant-mortality-rate/")
    assert response.status_code == 200
    html = response.content.decode()
    charts = html.count('<svg class="chart')
    assert charts == 2 + 4  # latest values, trend, deciles for England and the three ICSs
    assert html.count("<title id=") == charts and html.count("<desc id=") == charts
    assert html.count("<caption") >= charts
    latest = IndicatorValue.objects.filter(
        indicator__source_identifier="demo-imr", area__code="E54000055", category_type=""
    ).order_by("-period_sort")[0]
    number = f"{latest.value:.1f}"
    chart_part = html[html.index('id="latest"') : html.index('id="latest-caption"')]
    table_part = html[html.index('id="latest-caption"') : html.index('id="trend"')]
    assert number in chart_part and number in table_part
    assert "Slope index of inequality" in html and "Gap between the most and least deprived deciles" in html
    assert "Worse" in html or "Better" in html or "Similar" in html


@pytest.mark.django_db
def test_unknown_or_hostile_indicator_urls_404(client, data_page):
    for path in ("/data/no-such-indicator/", "/data/%3Cscript%3E/", "/data/x/csv/", "/data/" + "a" * 300 + "/"):
        assert client.get(path).status_code == 404, path


@pytest.mark.django_db
def test_csv_download_round_trips_through_the_importer(client, data_page):
    response = client.get("/data/infant-mortality-rate/csv/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content)
    reader = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    assert list(reader[0].keys()) == EXPORT_COLUMNS
    assert all("Illustrative" in row["Value note"] for row in reader)
    before = sorted(
        IndicatorValue.objects.filter(indicator__slug="infant-mortality-rate").values_list(
            "area__code", "period", "category", "value", "lower_ci", "upper_ci"
        )
    )
    IndicatorValue.objects.all().delete()
    result = run_import(body)
    assert result.created == len(before) and not result.skipped
    fields = ("area__code", "period", "category", "value", "lower_ci", "upper_ci")
    after = sorted(IndicatorValue.objects.values_list(*fields))
    assert after == before


@pytest.mark.django_db
def test_whole_set_downloads_as_one_csv(client, data_page):
    response = client.get("/data/download/")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8"))))
    assert rows[0] == EXPORT_COLUMNS and len(rows) == 1 + IndicatorValue.objects.count()


@pytest.mark.django_db
def test_driver_page_lists_its_indicators_with_latest_ics_values(client, home, data_page):
    framework = FrameworkPageFactory(parent=home)
    driver = DriverPageFactory(parent=framework)
    indicator = Indicator.objects.get(source_identifier="demo-low-income")
    indicator.drivers.add(driver)
    html = client.get(driver.url).content.decode()
    assert indicator.name in html and 'href="/data/children-in-absolute-low-income-families-under-16/"' in html
    latest = IndicatorValue.objects.filter(indicator=indicator, area__code="E54000061", category_type="").order_by(
        "-period_sort"
    )[0]
    assert f"{latest.value:.1f}" in html and latest.period in html


def values_for(indicator, area, count):
    return [
        IndicatorValue(indicator=indicator, area=area, period=f"P{n}", period_sort=n, category=f"c{n % 7}", value=n)
        for n in range(count)
    ]


@pytest.mark.django_db
def test_indicator_page_query_count_is_the_same_for_100_and_10000_values(client, data_page):
    counts = []
    for count in (100, 10_000):
        indicator = Indicator.objects.create(name=f"Load test {count}", slug=f"load-{count}")
        england = Area.objects.get(code="E92000001")
        objects = values_for(indicator, england, count)
        for value in objects[: count // 2]:
            value.category = ""
        IndicatorValue.objects.bulk_create(objects, batch_size=2000)
        url = f"/data/load-{count}/"
        assert client.get(url).status_code == 200
        assert client.get(url).status_code == 200  # the first render creates settings rows, which empties caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 15


# Admin upload ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_moderators_upload_a_file_in_the_admin_and_see_the_summary(admin_client):
    define_sample_indicators()
    upload = SimpleUploadedFile("sample.csv", SAMPLE.read_bytes(), content_type="text/csv")
    response = admin_client.post("/admin/indicators/import/", {"file": upload}, follow=True)
    assert response.status_code == 200
    assert f"{sample_rows()} created" in response.content.decode()
    assert IndicatorValue.objects.count() == sample_rows()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("data.xlsx", b"PK\x03\x04", "Upload a .csv file."),
        ("data.csv", b"\x00\x01binary", "does not look like a text CSV"),
        ("data.csv", b"a,b\n1,2\n", "missing these columns"),
    ],
)
def test_a_bad_upload_gets_a_message_and_changes_nothing(admin_client, name, content, message):
    IndicatorValue.objects.all().delete()
    response = admin_client.post("/admin/indicators/import/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert IndicatorValue.objects.count() == 0


@pytest.mark.django_db
def test_the_upload_needs_the_import_permission(client, django_user_model):
    response = client.get("/admin/indicators/import/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    user = django_user_model.objects.create_user("editor", password="a-long-password-1")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get("/admin/indicators/import/")  # Wagtail sends users without permission to the dashboard
    assert response.status_code == 302 and response["Location"] == "/admin/"
    upload = SimpleUploadedFile("sample.csv", SAMPLE.read_bytes())
    client.post("/admin/indicators/import/", {"file": upload})
    assert IndicatorValue.objects.count() == 0
    user.user_permissions.add(Permission.objects.get(codename="add_indicatorvalue"))
    user = django_user_model.objects.get(pk=user.pk)
    client.force_login(user)
    assert client.get("/admin/indicators/import/").status_code == 200


def test_export_rows_start_with_the_importers_header():
    assert next(export_rows([])) == EXPORT_COLUMNS
