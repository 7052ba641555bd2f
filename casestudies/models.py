"""Case studies: one page per intervention or example of practice from an Integrated Care System.

A case study is structured (ICS, drivers, life stages, problem, approach, young people's involvement, outcomes and
evaluation, cost, contacts, resources), not one body, so other ICSs can filter, compare and judge the evidence.
This app never imports ``toolkit``: the toolkits that came out of a case study are read through the reverse
relation ``toolkits`` that ``ToolkitPage.related_case_studies`` declares.
"""

from django import forms
from django.db import models
from django.db.models import Prefetch
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from hub.blocks import RICH_TEXT_FEATURES, BodyBlock, DocumentDownloadBlock
from hub.listing import DRIVER_FACET, Facet, FacetedListing, public_q
from hub.models import BasePage, DriverLinkedMixin, LifeStage
from hub.models.base import standard_promote_panels
from hub.permissions import ICSOwnedPageMixin

from .forms import CaseStudyPageForm


class CaseStudyIndexPage(BasePage):
    """/case-studies/: every case study, filtered by ICS, driver, life stage and tag."""

    intro = models.TextField(blank=True, max_length=800, help_text=_("What readers find here and how to use it."))

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["casestudies.CaseStudyPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("case study index page")

    def get_case_studies(self):
        """Live, public case studies below this page in its language (the language being read)."""
        return CaseStudyPage.objects.child_of(self).live().filter(public_q(), locale_id=self.locale_id)

    @staticmethod
    def facets():
        return [
            Facet("ics", _("Integrated Care System"), "ics__slug", label_lookup="ics__name"),
            DRIVER_FACET,
            Facet("stage", _("Life stage"), "life_stages__code", choices=tuple(LifeStage.Code.choices)),
            Facet("tag", _("Topic"), "tags__slug", label_lookup="tags__name"),
        ]

    def get_listing(self, request) -> FacetedListing:
        return FacetedListing(
            request,
            self.get_case_studies,
            self.facets(),
            orderings={
                "title": (_("Title (A to Z)"), ["title"]),
                "newest": (_("Newest first"), ["-first_published_at", "title"]),
            },
            result_label=lambda count: (
                ngettext("%(count)d case study", "%(count)d case studies", count) % {"count": count}
            ),
            prepare_items=prepare_cards,
            cache_key=f"case-studies:{self.pk}",
        ).resolve()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["listing"] = self.get_listing(request)
        return context


def prepare_cards(items):
    """What a card needs, fetched with the page of items: the ICS, the image and its renditions."""
    return (
        items.defer_streamfields()
        .select_related("ics", "listing_image")
        .prefetch_related(Prefetch("listing_image__renditions"))
    )


def related(manager, *select_related) -> list:
    """The objects of a many-to-many field, from the database or, in a preview, from the unsaved form."""
    objects = manager.all()
    if isinstance(objects, models.QuerySet) and select_related:
        objects = objects.select_related(*select_related)
    return list(objects)


def live_related(manager) -> list:
    """The live pages of a many-to-many field to pages, in tree order (also in a preview, from the form)."""
    pages = manager.all()
    if isinstance(pages, models.QuerySet):
        return list(pages.live().filter(public_q()).defer_streamfields().order_by("path"))
    return sorted((page for page in pages if page.live), key=lambda page: page.path)


class CaseStudyPageTag(TaggedItemBase):
    content_object = ParentalKey("casestudies.CaseStudyPage", on_delete=models.CASCADE, related_name="tagged_items")


class CaseStudyPage(ICSOwnedPageMixin, DriverLinkedMixin, BasePage):
    """One intervention or example of practice, told in structured parts."""

    class Kind(models.TextChoices):
        INTERVENTION = "intervention", _("Intervention")
        PRACTICE = "practice", _("Example of practice")

    class EvaluationStatus(models.TextChoices):
        PLANNED = "planned", _("Evaluation planned")
        IN_PROGRESS = "in-progress", _("Evaluation in progress")
        EVALUATED = "evaluated", _("Evaluated")

    kind = models.CharField(
        max_length=20,
        choices=Kind.choices,
        default=Kind.INTERVENTION,
        help_text=_(
            "An intervention tells the problem, what was done and its outcomes; an example of practice tells where "
            "the work started, how it evolved and its legacy. The headings on the page follow this choice."
        ),
    )
    ics = models.ForeignKey(
        "hub.IntegratedCareSystem",
        null=True,
        on_delete=models.PROTECT,
        related_name="case_studies",
        verbose_name=_("Integrated Care System"),
        help_text=_(
            "The ICS whose work this is. Needed to publish (a draft can be saved without it); ICS editors can only "
            "choose, and edit case studies of, their own ICS."
        ),
    )
    period = models.CharField(
        max_length=100, blank=True, verbose_name=_("when"), help_text=_("When it ran, e.g. '2023 to 2025'.")
    )
    last_reviewed = models.DateField(
        null=True,
        blank=True,
        help_text=_(
            "When the content was last checked to be correct and current. Case studies not reviewed for 12 months "
            "are listed on the admin dashboard."
        ),
    )
    drivers = ParentalManyToManyField(
        "hub.DriverPage",
        blank=True,
        related_name="case_studies",
        verbose_name=_("framework drivers"),
        help_text=_("The drivers of health inequalities this work acts on. The driver pages link back here."),
    )
    life_stages = ParentalManyToManyField(
        "hub.LifeStage", blank=True, related_name="case_studies", verbose_name=_("life-course stages")
    )
    problem = RichTextField(
        features=RICH_TEXT_FEATURES,
        verbose_name=_("the problem, or where it started"),
        help_text=_("The need or inequality the work addressed, and the starting point in the area."),
    )
    approach = RichTextField(
        features=RICH_TEXT_FEATURES,
        verbose_name=_("what was done, or how it evolved"),
        help_text=_("What was done, by whom, and how the approach changed over time."),
    )
    young_peoples_involvement = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        verbose_name=_("how children and young people were involved"),
        help_text=_("Leave empty if it is not known: the page then says so."),
    )
    partners = ParentalManyToManyField(
        "hub.Organisation", blank=True, related_name="case_studies", verbose_name=_("partners")
    )
    evaluation_status = models.CharField(
        max_length=20,
        choices=EvaluationStatus.choices,
        blank=True,
        help_text=_("Leave empty if the work has no evaluation of its own."),
    )
    outcomes = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        verbose_name=_("outcomes and evaluation so far"),
        help_text=_("Only what has been found or published; say where the evidence comes from."),
    )
    legacy = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        verbose_name=_("legacy"),
        help_text=_("What the work left behind that others can use or build on."),
    )
    cost = models.TextField(
        blank=True, max_length=600, verbose_name=_("what it cost"), help_text=_("Leave empty if not known.")
    )
    resources_needed = models.TextField(
        blank=True,
        max_length=600,
        verbose_name=_("what it took"),
        help_text=_("Time, people and skills it took. Leave empty if not known."),
    )
    body = StreamField(
        BodyBlock(),
        blank=True,
        use_json_field=True,
        verbose_name=_("more about it"),
        help_text=_(
            "Optional, after the story: key figures, quotes (tick 'illustrative' for a stand-in), images, documents, "
            "video with transcript. Start each part with a level 2 heading."
        ),
    )
    contacts = ParentalManyToManyField("hub.Person", blank=True, related_name="case_studies")
    resources = StreamField(
        [("document", DocumentDownloadBlock())],
        blank=True,
        use_json_field=True,
        help_text=_("Reports, plans and templates from this work. Each shows its format and size."),
    )
    tags = ClusterTaggableManager(through=CaseStudyPageTag, blank=True, help_text=_("Topics, e.g. 'Lundy: Voice'."))
    illustrative_note = models.TextField(
        blank=True,
        max_length=400,
        help_text=_(
            "For demonstration content: say what is a stand-in. Shown at the top with an 'Illustrative' label."
        ),
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("summary"),
                FieldPanel("kind"),
                FieldPanel("ics"),
                FieldPanel("period"),
                FieldPanel("last_reviewed"),
            ],
            heading=_("About this case study"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("drivers", widget=forms.CheckboxSelectMultiple),
                FieldPanel("life_stages", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Framework and life course"),
        ),
        MultiFieldPanel(
            [FieldPanel("problem"), FieldPanel("approach"), FieldPanel("young_peoples_involvement")],
            heading=_("The story"),
        ),
        MultiFieldPanel(
            [FieldPanel("evaluation_status"), FieldPanel("outcomes"), FieldPanel("legacy")],
            heading=_("Outcomes, evaluation and legacy"),
        ),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("cost"), FieldPanel("resources_needed")], heading=_("What it cost and took")),
        MultiFieldPanel(
            [
                FieldPanel("partners", widget=forms.CheckboxSelectMultiple),
                FieldPanel("contacts", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Partners and contacts"),
        ),
        FieldPanel("resources"),
        FieldPanel("tags"),
        FieldPanel("illustrative_note"),
    ]
    promote_panels = standard_promote_panels(summary=False)
    search_fields = BasePage.search_fields + [
        index.SearchField("problem"),
        index.SearchField("approach"),
        index.SearchField("young_peoples_involvement"),
        index.SearchField("outcomes"),
        index.SearchField("legacy"),
        index.SearchField("body"),
        index.FilterField("kind"),
        # What editors curate is searchable too (search/query.py also ranks by it).
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        index.RelatedFields("drivers", [index.SearchField("short_name", boost=2)]),
        index.RelatedFields("ics", [index.SearchField("name", boost=2)]),
    ]
    base_form_class = CaseStudyPageForm

    driver_section_title = _("Case studies")
    driver_section_empty = _("No case studies are linked to this driver yet.")
    driver_section_order = 10
    feed_kind = "case-studies"  # /feeds/case-studies/ (hub/feeds.py)
    feed_title = _("Case studies")
    parent_page_types = ["casestudies.CaseStudyIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")

    @property
    def is_practice(self) -> bool:
        return self.kind == self.Kind.PRACTICE

    def card_meta(self) -> list[str]:
        """Short facts for a listing card (the ICS must be fetched with the page: ``select_related("ics")``)."""
        meta = [str(self.get_kind_display())]
        if self.ics_id and self.ics:
            meta.append(self.ics.name)
        if self.evaluation_status:
            meta.append(str(self.get_evaluation_status_display()))
        return meta

    def get_toolkits(self):
        """Live, public toolkits of this page's language that came out of this case study (reverse relation)."""
        return (
            self.toolkits.all()
            .live()
            .filter(public_q(), locale_id=self.locale_id)
            .defer_streamfields()
            .order_by("title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the template's fragment cache misses (see the template's wagtailpagecache).
        context["drivers"] = SimpleLazyObject(lambda: live_related(self.drivers))
        context["life_stages"] = SimpleLazyObject(lambda: list(self.life_stages.all()))
        context["partners"] = SimpleLazyObject(lambda: list(self.partners.all()))
        context["contacts"] = SimpleLazyObject(lambda: related(self.contacts, "organisation"))
        context["tags"] = SimpleLazyObject(lambda: list(self.tags.all()))
        context["toolkits"] = SimpleLazyObject(lambda: list(self.get_toolkits()))
        context["index"] = SimpleLazyObject(self.get_parent)
        return context
