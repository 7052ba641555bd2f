"""The admin form of an indicator: the headline slice is chosen from the indicator's own data, never typed.

An indicator's data may hold several sexes, age groups and deprivation decile sets. Editors pick the page's headline
sex, age and decile set from dropdowns filled with what the imported values of that indicator hold (one query); the
empty choice is the default and says what it currently resolves to. A saved choice that a later import removed from
the data is still shown, marked, and saving the form then stops with a message on that field until the editor picks
another value or the default; any other value sent is refused as an invalid choice (never a server error).
"""

from __future__ import annotations

from django import forms
from django.db.models import Count, Min
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

SLICE_FIELDS = ("headline_sex", "headline_age", "inequality_category_type")


class IndicatorForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = self._data_groups()
        sexes = sorted({group["sex"] for group in self.groups})
        ages = sorted({group["age"] for group in self.groups})
        deprivations = [
            name
            for name, _first in sorted(
                {
                    (group["category_type"], group["first"])
                    for group in self.groups
                    if group["deciles"] and group["category_type"]
                },
                key=lambda item: item[1],
            )
        ]
        self.available = {
            "headline_sex": sexes,
            "headline_age": ages,
            "inequality_category_type": list(dict.fromkeys(deprivations)),
        }
        self.defaults = self._defaults()
        for name in SLICE_FIELDS:
            if name in self.fields:
                self._make_choice_field(name, self.available[name], self.defaults.get(name, ""))

    def _data_groups(self) -> list[dict]:
        """The slices the indicator's imported values hold: one row per sex, age and category type."""
        if not self.instance.pk:
            return []
        return list(
            self.instance.values.values("sex", "age", "category_type")
            .annotate(rows=Count("pk"), deciles=Count("category_order"), first=Min("pk"))
            .order_by()
        )

    def _defaults(self) -> dict[str, str]:
        """What each empty choice resolves to with the data as it is (the page's own rule)."""
        if not self.groups:
            return {}
        from indicators.page_data import choose_slice  # the page's rule; page_data imports the models

        default = choose_slice(
            type(self.instance)(headline_sex="", headline_age="", inequality_category_type=""), self.groups
        )
        return {
            "headline_sex": default.sex,
            "headline_age": default.age,
            "inequality_category_type": default.deprivation,
        }

    def _make_choice_field(self, name: str, options: list[str], default: str):
        model_field = self.fields[name]
        current = self.initial.get(name) or ""
        empty = _("Default (now: %(value)s)") % {"value": default} if default else _("Default")
        choices = [("", empty)] + [(option, option) for option in options]
        if current and current not in options:
            # Shown, so saving does not silently drop it; clean_<name> explains what to do.
            choices.append((current, _("%(value)s (no longer in the data)") % {"value": current}))
        help_text = model_field.help_text
        if not options:
            help_text = _("%(help)s Import this indicator's data to choose from it.") % {"help": help_text}
        self.fields[name] = forms.ChoiceField(
            choices=choices,
            required=False,
            label=model_field.label,
            help_text=help_text,
            error_messages={
                "invalid_choice": _("Choose one of the values in this indicator's data, or the default."),
            },
        )

    def _clean_slice(self, name: str) -> str:
        value = self.cleaned_data.get(name) or ""
        if value and value not in self.available[name]:
            raise forms.ValidationError(
                _(
                    "'%(value)s' is no longer in this indicator's data (a later import removed it). Choose one of the "
                    "values in the data, or the default."
                ),
                params={"value": value},
                code="not_in_data",
            )
        return value

    def clean_headline_sex(self):
        return self._clean_slice("headline_sex")

    def clean_headline_age(self):
        return self._clean_slice("headline_age")

    def clean_inequality_category_type(self):
        return self._clean_slice("inequality_category_type")

    def clean(self):
        cleaned = super().clean()
        sex = cleaned.get("headline_sex") or self.defaults.get("headline_sex", "")
        age = cleaned.get("headline_age")
        if sex and age and self.groups and not any(g["sex"] == sex and g["age"] == age for g in self.groups):
            self.add_error(
                "headline_age",
                _("The data has no values for %(sex)s, %(age)s. Choose another age group or sex.")
                % {"sex": sex, "age": age},
            )
        return cleaned
