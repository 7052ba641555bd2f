"""Editors choose an indicator's headline sex, age and deprivation decile set from the indicator's own data, in the
Wagtail admin's edit view (issue 13): dropdowns, never free text; a value a later import removed gets a form error
on its field, and nonsense sent to the form is refused the same way, never a server error."""

import re

import pytest
from django.urls import reverse

from indicators.models import Area, Indicator, IndicatorValue

pytestmark = pytest.mark.django_db

COUNTY = "County & UA deprivation deciles in England (IMD2019, 4/23 geography)"
DISTRICT = "District & UA deprivation deciles in England (IMD2019, 4/23 geography)"


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", "pass-for-tests-123")


@pytest.fixture
def indicator():
    indicator = Indicator.objects.create(name="Children in low income families", slug="low-income", unit="%")
    england = Area.objects.create(code="E92000001", name="England", area_type=Area.AreaType.ENGLAND)
    rows = [("Persons", "All ages", "", "", None), ("Female", "All ages", "", "", None)]
    rows += [("Persons", "0-9 yrs", "", "", None)]
    rows += [("Persons", "All ages", COUNTY, f"Decile {order}", order) for order in (1, 2)]
    rows += [("Persons", "All ages", DISTRICT, f"Decile {order}", order) for order in (1, 2)]
    for sex, age, category_type, category, order in rows:
        IndicatorValue.objects.create(
            indicator=indicator,
            area=england,
            period="2022/23",
            period_sort=20220000,
            sex=sex,
            age=age,
            category_type=category_type,
            category=category,
            category_order=order,
            value=20.0,
        )
    return indicator


def edit_url(indicator):
    return reverse("wagtailsnippets_indicators_indicator:edit", args=[indicator.pk])


def form_data(indicator, **changes):
    data = {
        "name": indicator.name,
        "slug": indicator.slug,
        "definition": "",
        "why_it_matters": "",
        "unit": indicator.unit,
        "polarity": indicator.polarity,
        "source": "",
        "source_identifier": "",
        "source_url": "",
        "data_licence": "",
        "headline_sex": "",
        "headline_age": "",
        "inequality_category_type": "",
    }
    data.update(changes)
    return data


def options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"{name} is a dropdown"
    return [text.strip() for text in re.findall(r"<option[^>]*>(.*?)</option>", select.group(1), re.S)]


def field_error(html: str, name: str) -> str:
    """The error text Wagtail shows in the field's own error block (which the select's aria-describedby names)."""
    block = re.search(rf'id="[^"]*-{name}-errors">(.*?)</div>', html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", block.group(1))).strip() if block else ""


def test_the_headline_slice_is_chosen_from_the_indicators_data(client, superuser, indicator):
    client.force_login(superuser)
    html = client.get(edit_url(indicator)).content.decode()
    assert options(html, "headline_sex") == ["Default (now: Persons)", "Female", "Persons"]
    assert options(html, "headline_age") == ["Default (now: All ages)", "0-9 yrs", "All ages"]
    assert options(html, "inequality_category_type") == [
        f"Default (now: {COUNTY})".replace("&", "&amp;"),
        COUNTY.replace("&", "&amp;"),
        DISTRICT.replace("&", "&amp;"),
    ]
    assert 'type="text" name="headline_sex"' not in html

    response = client.post(
        edit_url(indicator), form_data(indicator, headline_sex="Female", inequality_category_type=DISTRICT)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    indicator.refresh_from_db()
    assert (indicator.headline_sex, indicator.headline_age, indicator.inequality_category_type) == (
        "Female",
        "",
        DISTRICT,
    )


def test_a_value_no_longer_in_the_data_is_shown_and_refused_with_a_message(client, superuser, indicator):
    Indicator.objects.filter(pk=indicator.pk).update(headline_sex="Male")  # a later import dropped "Male"
    client.force_login(superuser)
    html = client.get(edit_url(indicator)).content.decode()
    assert "Male (no longer in the data)" in options(html, "headline_sex")

    response = client.post(edit_url(indicator), form_data(indicator, headline_sex="Male"))
    assert response.status_code == 200  # the form again, with its errors
    assert field_error(response.content.decode(), "headline_sex").startswith(
        "&#x27;Male&#x27; is no longer in this indicator&#x27;s data (a later import removed it)."
    )
    indicator.refresh_from_db()
    assert indicator.headline_sex == "Male"  # nothing saved


@pytest.mark.parametrize(
    "changes",
    [
        {"headline_age": "<script>alert(1)</script>"},
        {"headline_sex": "x" * 5000},
        {"inequality_category_type": "Ethnic groups"},
    ],
)
def test_nonsense_is_refused_as_an_invalid_choice_not_a_server_error(client, superuser, indicator, changes):
    client.force_login(superuser)
    response = client.post(edit_url(indicator), form_data(indicator, **changes))
    assert response.status_code == 200
    html = response.content.decode()
    (name,) = changes
    assert field_error(html, name) == "Choose one of the values in this indicator&#x27;s data, or the default."
    assert "<script>alert(1)</script>" not in html
    indicator.refresh_from_db()
    assert (indicator.headline_sex, indicator.headline_age, indicator.inequality_category_type) == ("", "", "")


def test_a_sex_and_age_the_data_never_combines_are_refused(client, superuser, indicator):
    client.force_login(superuser)
    response = client.post(edit_url(indicator), form_data(indicator, headline_sex="Female", headline_age="0-9 yrs"))
    assert response.status_code == 200
    assert field_error(response.content.decode(), "headline_age") == (
        "The data has no values for Female, 0-9 yrs. Choose another age group or sex."
    )


def test_a_new_indicator_without_data_offers_the_default_only(client, superuser):
    client.force_login(superuser)
    html = client.get(reverse("wagtailsnippets_indicators_indicator:add")).content.decode()
    assert options(html, "headline_sex") == ["Default"]
    assert "Import this indicator&#x27;s data to choose from it." in html
    response = client.post(
        reverse("wagtailsnippets_indicators_indicator:add"),
        form_data(Indicator(name="New", slug="new", unit="", polarity=Indicator.Polarity.NEITHER)),
    )
    assert response.status_code == 302
    assert Indicator.objects.get(slug="new").headline_sex == ""
