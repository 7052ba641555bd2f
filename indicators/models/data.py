"""The data working group's indicators: definitions managed by editors, values imported from files.

Values follow the layout of an OHID Fingertips data download (see indicators/importer.py): one row per indicator,
area, period and breakdown (sex, age, and a category such as a deprivation decile or an ethnic group).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from hub.querysets import SearchableQuerySet
from indicators.forms import IndicatorForm


class Indicator(index.Indexed, models.Model):
    class Polarity(models.TextChoices):
        HIGHER_IS_BETTER = "higher-better", _("Higher is better")
        HIGHER_IS_WORSE = "higher-worse", _("Higher is worse")
        NEITHER = "neither", _("Neither higher nor lower is better")

    name = models.CharField(max_length=250, help_text=_("The published name, e.g. 'Infant mortality rate'."))
    slug = models.SlugField(max_length=100, unique=True, help_text=_("The indicator's address under /data/."))
    definition = models.TextField(blank=True, help_text=_("What is counted, for whom, and how."))
    why_it_matters = models.TextField(blank=True, help_text=_("Why this matters for children and young people."))
    unit = models.CharField(max_length=80, blank=True, help_text=_("e.g. '%', 'per 1,000 live births'."))
    polarity = models.CharField(max_length=20, choices=Polarity.choices, default=Polarity.NEITHER)
    source = models.CharField(max_length=200, blank=True, help_text=_("e.g. 'OHID Fingertips'."))
    source_identifier = models.CharField(
        max_length=40,
        blank=True,
        db_index=True,
        help_text=_("The source's own identifier: the 'Indicator ID' column of a Fingertips download."),
    )
    source_url = models.URLField(blank=True)
    data_licence = models.CharField(
        max_length=200, blank=True, help_text=_("e.g. 'Open Government Licence v3.0'. Shown with every download.")
    )
    drivers = models.ManyToManyField(
        "hub.DriverPage",
        blank=True,
        related_name="indicators",
        help_text=_("The framework drivers this indicator helps to monitor."),
    )
    life_stage = models.ForeignKey(
        "hub.LifeStage", null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators"
    )
    headline_sex = models.CharField(
        max_length=20,
        blank=True,
        help_text=_(
            "The sex the page's trend, latest values and inequality use, chosen from the indicator's data. Default: "
            "'Persons' when the data has it."
        ),
    )
    headline_age = models.CharField(
        max_length=40,
        blank=True,
        help_text=_(
            "The age group the page uses, chosen from the indicator's data. Default: 'All ages' when the data has "
            "it, else the age group with the most values."
        ),
    )
    inequality_category_type = models.CharField(
        max_length=150,
        blank=True,
        verbose_name=_("deprivation breakdown"),
        help_text=_(
            "The deprivation decile set the inequality section uses, chosen from the 'Category Type's of the "
            "indicator's data. Default: the first one in the data; the page says which."
        ),
    )
    is_illustrative = models.BooleanField(
        default=False,
        verbose_name=_("illustrative sample data"),
        help_text=_("Tick when the values are demonstration data: every page and download then says so."),
    )

    objects = SearchableQuerySet.as_manager()

    base_form_class = IndicatorForm  # the headline slice is chosen from the indicator's data (indicators/forms.py)
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("definition"),
        FieldPanel("why_it_matters"),
        MultiFieldPanel([FieldPanel("unit"), FieldPanel("polarity")], heading=_("Reading the values")),
        MultiFieldPanel(
            [
                FieldPanel("source"),
                FieldPanel("source_identifier"),
                FieldPanel("source_url"),
                FieldPanel("data_licence"),
            ],
            heading=_("Source"),
        ),
        MultiFieldPanel(
            [FieldPanel("headline_sex"), FieldPanel("headline_age"), FieldPanel("inequality_category_type")],
            heading=_("What the page shows"),
            help_text=_(
                "Data often holds several sexes, age groups and deprivation decile sets. The page shows one of each "
                "(readers may switch); every value stays in the downloads."
            ),
        ),
        FieldPanel("drivers"),
        FieldPanel("life_stage"),
        FieldPanel("is_illustrative"),
    ]
    search_fields = [
        index.SearchField("name", boost=3),
        index.SearchField("definition"),
        index.SearchField("why_it_matters"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("indicator")

    def __str__(self):
        return self.name


class Area(models.Model):
    """A geography values are reported for: England, a region, an Integrated Care System, a local authority...

    The pages show England and the partner ICSs; values of every other area are kept for the downloads.
    """

    class AreaType(models.TextChoices):
        ENGLAND = "england", _("England")
        REGION = "region", _("Region")
        ICS = "ics", _("Integrated Care System")
        SUB_ICB = "sub-icb", _("Sub-ICB location")
        LOCAL_AUTHORITY = "local-authority", _("Local authority")
        OTHER = "other", _("Other")

    code = models.CharField(max_length=20, unique=True, help_text=_("ONS code, e.g. E92000001 for England."))
    name = models.CharField(max_length=200)
    area_type = models.CharField(max_length=20, choices=AreaType.choices)

    class Meta:
        ordering = ["area_type", "name"]

    def __str__(self):
        return self.name


class IndicatorValue(models.Model):
    """One published figure: an indicator's value for an area, a period and a breakdown."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="values")
    period = models.CharField(max_length=30, help_text=_("As published, e.g. '2021 - 23' or '2022/23'."))
    period_sort = models.IntegerField(default=0, help_text=_("For ordering periods over time."))
    sex = models.CharField(max_length=20, blank=True, default="Persons")
    age = models.CharField(max_length=40, blank=True)
    category_type = models.CharField(
        max_length=150, blank=True, help_text=_("Breakdown, e.g. a deprivation decile set; empty for the total.")
    )
    category = models.CharField(max_length=150, blank=True)
    category_order = models.SmallIntegerField(
        null=True, blank=True, help_text=_("For deprivation deciles: 1 is the most deprived, 10 the least.")
    )
    value = models.FloatField(null=True, blank=True)
    lower_ci = models.FloatField(null=True, blank=True, verbose_name=_("lower 95% confidence limit"))
    upper_ci = models.FloatField(null=True, blank=True, verbose_name=_("upper 95% confidence limit"))
    count = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    value_note = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "period", "sex", "age", "category_type", "category"],
                name="unique_indicator_value",
            )
        ]
        # The name it had when the model lived in hub (hub.0004): the table was renamed, not rebuilt.
        indexes = [
            models.Index(fields=["indicator", "category_type", "period_sort"], name="hub_indicat_indicat_260d29_idx")
        ]
        ordering = ["indicator", "area", "period_sort"]

    def __str__(self):
        return f"{self.indicator} {self.area} {self.period}: {self.value}"
