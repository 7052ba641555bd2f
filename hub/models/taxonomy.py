"""Structured taxonomy shared by every section: Integrated Care Systems, organisations, people, life stages.

ICSs and organisations are translatable snippets (their descriptions are read by the public); a person's name is
not translated. Life-course stages are a fixed list whose labels are translated as interface text.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index


class LifeStage(models.Model):
    """One stage of the life course (a fixed list, created by a migration).

    A row per stage, rather than a list in a text field, so listings can filter and count by stage in SQL on every
    database backend.
    """

    class Code(models.TextChoices):
        MATERNITY = "maternity", _("Pregnancy and birth")
        EARLY_YEARS = "early-years", _("Early years (0 to 4)")
        CHILDHOOD = "childhood", _("Childhood (5 to 11)")
        ADOLESCENCE = "adolescence", _("Adolescence (12 to 17)")
        YOUNG_ADULTHOOD = "young-adulthood", _("Young adulthood (18 to 25)")

    code = models.CharField(max_length=30, choices=Code.choices, unique=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order"]
        verbose_name = _("life-course stage")

    def __str__(self):
        return str(self.get_code_display())


class IntegratedCareSystem(TranslatableMixin, index.Indexed, models.Model):
    name = models.CharField(max_length=150, help_text=_("The full name, e.g. 'Cheshire and Merseyside'."))
    short_name = models.CharField(max_length=40, blank=True, help_text=_("For filters and labels, e.g. 'C&M'."))
    slug = models.SlugField(max_length=60, help_text=_("Used in filter links; lower-case letters and hyphens."))
    region = models.CharField(max_length=100, blank=True, help_text=_("NHS England region, e.g. 'North West'."))
    ons_code = models.CharField(
        max_length=20,
        blank=True,
        verbose_name=_("ONS code"),
        help_text=_("The Integrated Care Board's ONS code (e.g. E54000008), to match indicator data to this ICS."),
    )
    website = models.URLField(blank=True)
    description = models.TextField(blank=True, max_length=1000)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Only with the ICS's written permission; its name is always shown as text."),
    )
    editors_group = models.ForeignKey(
        "auth.Group",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The group of this ICS's editors (made by `manage.py add_ics_editors_group`)."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("slug"),
        FieldPanel("region"),
        FieldPanel("ons_code"),
        FieldPanel("website"),
        FieldPanel("description"),
        FieldPanel("logo"),
    ]
    search_fields = [index.SearchField("name", boost=2), index.SearchField("region"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("Integrated Care System")
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.name


class Organisation(TranslatableMixin, index.Indexed, models.Model):
    """A partner, author, delivery partner or evaluator."""

    class Kind(models.TextChoices):
        PARTNER = "partner", _("Programme partner")
        ICS = "ics", _("Integrated Care System")
        VOLUNTARY = "voluntary", _("Voluntary or community group")
        EVALUATOR = "evaluator", _("Evaluator")
        OTHER = "other", _("Other")

    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PARTNER)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True, max_length=1000)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Only with the organisation's written permission; its name is always shown as text."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("kind"),
        FieldPanel("website"),
        FieldPanel("description"),
        FieldPanel("logo"),
    ]
    search_fields = [index.SearchField("name", boost=2), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("organisation")

    def __str__(self):
        return self.name


class Person(index.Indexed, models.Model):
    """A speaker, author, champion or contact. Young people are named by first name only, if at all."""

    name = models.CharField(max_length=150)
    role = models.CharField(max_length=200, blank=True, help_text=_("Job title or role, e.g. 'Director of Health'."))
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional, and only with the person's consent."),
    )
    email = models.EmailField(blank=True, help_text=_("A work address, shown publicly where the person is a contact."))

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("photo"),
        FieldPanel("email"),
    ]
    search_fields = [index.SearchField("name", boost=2), index.SearchField("role"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return f"{self.name}, {self.role}" if self.role else self.name
