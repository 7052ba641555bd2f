"""The Child Health Equity Framework: one framework page with a page per driver."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks, hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import get_page_models
from wagtail.search import index

from hub.blocks import RICH_TEXT_FEATURES, BodyBlock
from hub.querysets import exclude_private

from .base import BasePage


class DriverLinkedMixin:
    """For page types with a ``drivers`` many-to-many field to ``hub.DriverPage``: each driver page lists them in a
    section of its own, so the framework finds them without naming their apps."""

    driver_section_title = ""  # e.g. _("Toolkits"); the model's plural name when empty
    driver_section_empty = _("Nothing here is linked to this driver yet.")  # when no page of this type links to it
    driver_section_order = 0  # sections in ascending order


def driver_linked_models() -> list:
    """The page types listed on driver pages, in their ``driver_section_order``."""
    linked = [model for model in get_page_models() if issubclass(model, DriverLinkedMixin)]
    return sorted(linked, key=lambda model: model.driver_section_order)


class FrameworkUseBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(max_length=500)

    class Meta:
        icon = "tick"


class FrameworkPage(BasePage):
    """The framework's overview: what it is, its drivers (the child pages) as a diagram, and how to use it."""

    intro = models.TextField(max_length=800, help_text=_("What the framework is and who it is for."))
    published_date = models.DateField(null=True, blank=True)
    updated_date = models.DateField(null=True, blank=True, verbose_name=_("last updated"))
    uses = StreamField(
        [("use", FrameworkUseBlock())],
        blank=True,
        use_json_field=True,
        verbose_name=_("how to use the framework"),
        help_text=_("The framework's uses, each a short title and a sentence or two."),
    )
    drivers_stand_in_note = models.TextField(
        blank=True,
        max_length=500,
        help_text=_("Shown above the drivers while they are stand-ins for the framework's own headings."),
    )
    body = StreamField(BodyBlock(), blank=True, use_json_field=True)

    search_fields = BasePage.search_fields + [
        index.SearchField("intro", boost=2),
        index.SearchField("uses"),
        index.SearchField("body"),
    ]

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("published_date"), FieldPanel("updated_date")], heading=_("Dates")),
        FieldPanel("uses"),
        FieldPanel("drivers_stand_in_note"),
        FieldPanel("body"),
    ]

    parent_page_types = [settings.HOME_PAGE_MODEL]
    subpage_types = ["hub.DriverPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("framework page")

    def get_drivers(self, request=None):
        """The live drivers in tree order, with their life stages, in two queries whatever their number."""
        return (
            exclude_private(DriverPage.objects.child_of(self).live(), request)
            .defer_streamfields()
            .prefetch_related("life_stages")
            .order_by("path")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the template's fragment cache misses (see framework_page.html's wagtailpagecache).
        context["drivers"] = SimpleLazyObject(lambda: list(self.get_drivers(request)))
        return context


class DriverPage(BasePage):
    """One driver of health inequalities: why it matters, the life stages it touches, and what links to it."""

    short_name = models.CharField(
        max_length=40, help_text=_("A few words for the framework diagram and filters, e.g. 'Best start in life'.")
    )
    why_it_matters = RichTextField(
        features=RICH_TEXT_FEATURES,
        verbose_name=_("why it matters for children and young people"),
    )
    life_stages = ParentalManyToManyField(
        "hub.LifeStage",
        blank=True,
        related_name="drivers",
        verbose_name=_("life-course stages"),
        help_text=_("The stages of life this driver touches."),
    )
    is_stand_in = models.BooleanField(
        default=False,
        verbose_name=_("stand-in heading"),
        help_text=_("Tick while this driver is a stand-in, not the framework's own text: the page then says so."),
    )
    body = StreamField(BodyBlock(), blank=True, use_json_field=True)

    search_fields = BasePage.search_fields + [
        index.SearchField("short_name", boost=3),
        index.SearchField("why_it_matters"),
        index.SearchField("body"),
        index.RelatedFields("life_stages", [index.SearchField("code")]),
    ]

    content_panels = BasePage.content_panels + [
        FieldPanel("short_name"),
        FieldPanel("summary"),
        FieldPanel("why_it_matters"),
        FieldPanel("life_stages", widget=forms.CheckboxSelectMultiple),
        FieldPanel("is_stand_in"),
        FieldPanel("body"),
    ]
    promote_panels = [
        MultiFieldPanel(
            [FieldPanel("slug"), FieldPanel("seo_title"), FieldPanel("search_description"), FieldPanel("social_image")],
            heading=_("For search engines and sharing"),
        ),
        MultiFieldPanel([FieldPanel("show_in_menus"), FieldPanel("listing_image")], heading=_("For listings")),
        FieldPanel("for_young_people"),
    ]

    parent_page_types = ["hub.FrameworkPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("framework driver")

    def clean(self):
        super().clean()
        if not (self.summary or "").strip():
            raise ValidationError({"summary": _("Add a plain-English summary of the driver.")})

    def linked_sections(self, request=None):
        """Live, public pages of the reader's language that link to this driver, one section per page type that
        declares ``DriverLinkedMixin``.

        A translated page links to the driver in its own or the source language, so the match is on the driver's
        translation key.
        """
        sections = []
        for model in driver_linked_models():
            relation = model._meta.get_field("drivers")
            pages = (
                exclude_private(model.objects.live(), request)
                .filter(locale_id=self.locale_id, drivers__translation_key=self.translation_key)
                .distinct()
                .defer_streamfields()
                .order_by("title")
            )
            sections.append(
                {
                    "key": relation.remote_field.related_name or model._meta.model_name,
                    "label": model.driver_section_title or capfirst(model._meta.verbose_name_plural),
                    "empty_message": model.driver_section_empty,
                    "pages": list(pages),
                }
            )
        return sections

    def extra_sections(self, request=None) -> list[dict]:
        """Sections that feature apps add to driver pages through the ``driver_page_sections`` Wagtail hook.

        Each hook is called with the driver page and the request and returns ``None`` (nothing to add) or a dict
        with a ``template`` to include and whatever that template reads, given to it as ``section``. The indicators
        app adds the driver's indicators this way, so the framework never names it.
        """
        sections = []
        for hook in hooks.get_hooks("driver_page_sections"):
            section = hook(self, request)
            if section:
                sections.append(section)
        return sections

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the template's fragment cache misses (see the template's wagtailpagecache).
        context["linked_sections"] = SimpleLazyObject(lambda: self.linked_sections(request))
        context["extra_sections"] = SimpleLazyObject(lambda: self.extra_sections(request))
        context["life_stages"] = SimpleLazyObject(lambda: list(self.life_stages.all()))
        context["framework"] = SimpleLazyObject(self.get_parent)
        return context
