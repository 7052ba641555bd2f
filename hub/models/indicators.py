"""Indicators of the data working group. This is the relation the framework needs now; the indicators issue adds
values, sources, charts and the importer."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class Indicator(models.Model):
    name = models.CharField(
        max_length=250, help_text=_("The indicator's published name, e.g. 'Infant mortality rate'.")
    )
    slug = models.SlugField(max_length=100, unique=True)
    definition = models.TextField(blank=True)
    drivers = models.ManyToManyField(
        "hub.DriverPage",
        blank=True,
        related_name="indicators",
        help_text=_("The framework drivers this indicator helps to monitor."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("definition"), FieldPanel("drivers")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("indicator")

    def __str__(self):
        return self.name
