"""Legacy products (toolkits), the "start your own journey" page, and download counts.

A toolkit points at the case studies it came from (``related_case_studies``, read back from a case study as
``toolkits``) and at the framework drivers it serves (``drivers``, read back by ``DriverPage.linked_sections()``).
"""

from __future__ import annotations

import datetime

from django import forms
from django.db import models
from django.db.models import F, Prefetch, Q
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.forms.models import FormMixin, FormSubmission
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from casestudies.forms import ToolkitPageForm
from casestudies.models import live_related
from hub.blocks import RICH_TEXT_FEATURES, BodyBlock, StepBlock
from hub.counters import add_one
from hub.listing import DRIVER_FACET, Facet, FacetedListing, public_q
from hub.models import BasePage, DriverLinkedMixin
from hub.models.base import standard_promote_panels

from .blocks import JourneyStageBlock
from .forms import FeedbackForm, claim_submission, count_submission, is_rate_limited

FEEDBACK_PERMISSION = "toolkit.view_adopter_feedback"
DOWNLOAD_REPORT_PERMISSION = "toolkit.view_downloadcount"


class Audience(models.Model):
    """Who a product is for (a fixed list created by a migration, like the life-course stages)."""

    class Code(models.TextChoices):
        SYSTEM_LEADERS = "system-leaders", _("ICS and Integrated Care Board leaders")
        HEALTH_EQUITY_LEADS = "health-equity-leads", _("Health equity and population health leads")
        COMMISSIONERS = "commissioners", _("Commissioners")
        ANALYSTS = "analysts", _("Data analysts")
        PRACTITIONERS = "practitioners", _("Practitioners working with children and young people")
        VOLUNTARY_SECTOR = "voluntary-sector", _("Voluntary and community organisations")
        YOUNG_PEOPLE = "young-people", _("Children and young people")

    code = models.CharField(max_length=30, choices=Code.choices, unique=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order"]
        verbose_name = _("audience")

    def __str__(self):
        return str(self.get_code_display())


class ResourceType(models.TextChoices):
    GUIDE = "guide", _("Guide")
    TEMPLATE = "template", _("Template")
    TRAINING = "training", _("Training")
    DATA_TOOL = "data-tool", _("Data tool")
    SELF_ASSESSMENT = "self-assessment", _("Self-assessment tool")
    REPORT = "report", _("Report")
    PRACTICE_EXAMPLES = "practice-examples", _("Examples of practice")
    OTHER = "other", _("Other")


class Licence(models.TextChoices):
    OGL_3 = "ogl-3", _("Open Government Licence v3.0")
    CC_BY_4 = "cc-by-4", _("Creative Commons Attribution 4.0 (CC BY 4.0)")
    CC_BY_SA_4 = "cc-by-sa-4", _("Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)")
    CC_BY_NC_4 = "cc-by-nc-4", _("Creative Commons Attribution-NonCommercial 4.0 (CC BY-NC 4.0)")
    ALL_RIGHTS_RESERVED = "all-rights-reserved", _("All rights reserved: ask the publisher before reusing")


LICENCE_URLS = {
    Licence.OGL_3: "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    Licence.CC_BY_4: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA_4: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC_BY_NC_4: "https://creativecommons.org/licenses/by-nc/4.0/",
}


class ToolkitIndexPage(BasePage):
    """/toolkit/: the legacy products, filtered by type, driver, audience and tag; and the journey page."""

    intro = models.TextField(blank=True, max_length=800, help_text=_("What readers find here and how to use it."))
    contact_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Where readers ask for an accessible format of a download or ask a question, e.g. 'Contact'."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The privacy notice the feedback forms link to. Without it they link to /privacy/."),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [PageChooserPanel("contact_page"), PageChooserPanel("privacy_page")],
            heading=_("Links shown on every toolkit"),
        ),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["toolkit.ToolkitPage", "toolkit.JourneyPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("toolkit index page")

    def get_toolkits(self):
        """Live, public toolkits below this page in its language (the language being read)."""
        return ToolkitPage.objects.child_of(self).live().filter(public_q(), locale_id=self.locale_id)

    @staticmethod
    def facets():
        return [
            Facet("type", _("Type of resource"), "resource_type", choices=tuple(ResourceType.choices)),
            DRIVER_FACET,
            Facet("audience", _("Who it is for"), "audiences__code", choices=tuple(Audience.Code.choices)),
            Facet("tag", _("Topic"), "tags__slug", label_lookup="tags__name"),
        ]

    def get_listing(self, request) -> FacetedListing:
        return FacetedListing(
            request,
            self.get_toolkits,
            self.facets(),
            orderings={
                "title": (_("Title (A to Z)"), ["title"]),
                "newest": (_("Newest first"), [F("published_date").desc(nulls_last=True), "title"]),
            },
            result_label=lambda count: ngettext("%(count)d toolkit", "%(count)d toolkits", count) % {"count": count},
            prepare_items=lambda items: (
                items.defer_streamfields()
                .select_related("listing_image")
                .prefetch_related(Prefetch("listing_image__renditions"))
            ),
            cache_key=f"toolkits:{self.pk}",
        ).resolve()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["listing"] = self.get_listing(request)
        # Read only when the template's fragment cache misses (the link is kept per content version).
        context["journey"] = SimpleLazyObject(
            lambda: JourneyPage.objects.child_of(self).live().filter(public_q()).defer_streamfields().first()
        )
        return context


class ToolkitPageTag(TaggedItemBase):
    content_object = ParentalKey("toolkit.ToolkitPage", on_delete=models.CASCADE, related_name="tagged_items")


class ToolkitPage(RoutablePageMixin, FormMixin, DriverLinkedMixin, BasePage):
    """One legacy product: what it is, who it is for, how to adopt it, its files, its licence and feedback.

    ``FormMixin`` makes Wagtail's Forms admin list the feedback sent from this page (to moderators only, see
    ``wagtail_hooks.py``); the form itself is fixed (``toolkit.forms.FeedbackForm``), not built by editors.
    """

    what_it_is = RichTextField(features=RICH_TEXT_FEATURES, verbose_name=_("what it is"))
    resource_type = models.CharField(max_length=30, choices=ResourceType.choices, verbose_name=_("type of resource"))
    audiences = ParentalManyToManyField(
        "toolkit.Audience", blank=True, related_name="toolkits", verbose_name=_("who it is for")
    )
    drivers = ParentalManyToManyField(
        "hub.DriverPage",
        blank=True,
        related_name="toolkits",
        verbose_name=_("framework drivers"),
        help_text=_("The drivers of health inequalities this product helps with. The driver pages link back here."),
    )
    published_date = models.DateField(
        null=True, blank=True, help_text=_("Only the month and year are shown, e.g. 'September 2025'.")
    )
    last_reviewed = models.DateField(
        null=True, blank=True, help_text=_("When the content was last checked to be correct and current.")
    )
    publisher_url = models.URLField(
        blank=True,
        max_length=500,
        verbose_name=_("get it from the publisher"),
        help_text=_(
            "The address where the publisher keeps the product (e.g. its page on Barnardo's or the Institute of Health "
            "Equity's site). Shown as a 'Get it from the publisher' link."
        ),
    )
    how_to_adopt = StreamField(
        [("step", StepBlock())],
        blank=True,
        use_json_field=True,
        verbose_name=_("how to adopt it"),
        help_text=_("One step per item, in order; drag to reorder. They are numbered on the page."),
    )
    time_needed = models.TextField(blank=True, max_length=400, help_text=_("Leave empty if not known."))
    skills_needed = models.TextField(blank=True, max_length=400, help_text=_("Leave empty if not known."))
    related_case_studies = ParentalManyToManyField(
        "casestudies.CaseStudyPage",
        blank=True,
        related_name="toolkits",
        verbose_name=_("case studies it came from"),
        help_text=_("The case studies then list this toolkit."),
    )
    # No default, so the admin offers an empty choice: the editor must choose the licence before the toolkit can be
    # published (a draft can wait). With a default, the first licence was preselected and the check never fired.
    licence = models.CharField(
        max_length=30,
        choices=Licence.choices,
        help_text=_(
            "The licence the files are published under. Needed to publish: other ICSs may only reuse what is "
            "licensed. Choose OGL v3 unless the partners agreed otherwise."
        ),
    )
    licence_note = models.CharField(
        max_length=200, blank=True, help_text=_("Shown beside the licence, e.g. 'Licence shown for demonstration'.")
    )
    credit = models.TextField(
        blank=True,
        max_length=500,
        verbose_name=_("how to credit it"),
        help_text=_("The attribution people should use. Made from the title, publisher and licence if empty."),
    )
    body = StreamField(
        BodyBlock(),
        blank=True,
        use_json_field=True,
        verbose_name=_("more about this product"),
        help_text=_("Optional: background, policy context, what is in each part."),
    )
    tags = ClusterTaggableManager(through=ToolkitPageTag, blank=True, help_text=_("Topics, e.g. 'Lundy: Voice'."))
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
                FieldPanel("what_it_is"),
                FieldPanel("resource_type"),
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
                FieldPanel("publisher_url"),
            ],
            heading=_("What it is and who it is for"),
        ),
        FieldPanel("drivers", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [FieldPanel("how_to_adopt"), FieldPanel("time_needed"), FieldPanel("skills_needed")],
            heading=_("How to adopt it"),
        ),
        InlinePanel("downloads", label=_("Download"), heading=_("Downloads")),
        FieldPanel("related_case_studies", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [FieldPanel("licence"), FieldPanel("licence_note"), FieldPanel("credit")],
            heading=_("Licence and credit"),
        ),
        MultiFieldPanel([FieldPanel("published_date"), FieldPanel("last_reviewed")], heading=_("Dates")),
        FieldPanel("body"),
        FieldPanel("tags"),
        FieldPanel("illustrative_note"),
    ]
    promote_panels = standard_promote_panels(summary=False)
    search_fields = BasePage.search_fields + [
        index.SearchField("what_it_is"),
        index.SearchField("body"),
        index.FilterField("resource_type"),
        # What editors curate is searchable too (search/query.py also ranks by it).
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        index.RelatedFields("drivers", [index.SearchField("short_name", boost=2)]),
    ]
    base_form_class = ToolkitPageForm
    # "More about it" (templates/toolkit/toolkit_page.html) is an h2 above the body: its headings start at h3.
    content_heading_levels = {"body": 2}
    preview_modes = Page.DEFAULT_PREVIEW_MODES
    feedback_form_template = "toolkit/feedback_form_page.html"
    landing_page_template = "toolkit/feedback_thanks.html"

    driver_section_title = _("Toolkits and legacy products")
    driver_section_empty = _("No toolkits are linked to this driver yet.")
    driver_section_order = 20
    feed_kind = "toolkits"  # /feeds/toolkits/ (hub/feeds.py)
    feed_title = _("Toolkits")
    parent_page_types = ["toolkit.ToolkitIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("toolkit")
        permissions = [("view_adopter_feedback", "Can see and export adopters' feedback on toolkits")]

    # Listing cards ---------------------------------------------------------------------------------------------

    def card_meta(self) -> list[str]:
        meta = [str(self.get_resource_type_display())]
        if self.published_date:
            meta.append(_("Published %(month)s") % {"month": self.published_date.strftime("%B %Y")})
        return meta

    # Downloads -------------------------------------------------------------------------------------------------

    def get_downloads(self) -> list[ToolkitDownload]:
        downloads = self.downloads.all()
        if isinstance(downloads, models.QuerySet):
            downloads = downloads.select_related("document", "alternative_document")
        return list(downloads)

    def bundle_documents(self, downloads=None) -> list:
        """Every file of the toolkit, each once, in page order: main files and their alternative formats."""
        documents, seen = [], set()
        for download in downloads if downloads is not None else self.get_downloads():
            for document in (download.document, download.alternative_document):
                if document is not None and document.pk not in seen:
                    seen.add(document.pk)
                    documents.append(document)
        return documents

    def has_document(self, document) -> bool:
        return (
            ToolkitDownload.objects.filter(page_id=self.pk)
            .filter(Q(document=document) | Q(alternative_document=document))
            .exists()
        )

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS.get(self.licence, "")

    def get_credit(self) -> str:
        if self.credit:
            return self.credit
        year = f" ({self.published_date.year})" if self.published_date else ""
        return _("%(title)s%(year)s, Children and Young People's Health Equity Collaborative. %(licence)s.") % {
            "title": self.title,
            "year": year,
            "licence": self.get_licence_display(),
        }

    # Feedback (Wagtail's FormMixin, with a fixed form) ---------------------------------------------------------

    def get_form_fields(self):
        return FeedbackForm.field_specs()

    def get_form_class(self):
        return FeedbackForm

    def get_form(self, *args, page=None, user=None, **kwargs):
        return FeedbackForm(*args, **kwargs)

    def process_form_submission(self, form):
        return FormSubmission.objects.create(form_data=form.submission_data(), page=self)

    def get_submissions_list_view_class(self):
        from .admin_views import FeedbackSubmissionsListView  # admin_views imports this module

        return FeedbackSubmissionsListView

    # Serving ---------------------------------------------------------------------------------------------------

    def get_index(self):
        parent = self.get_parent()
        return (
            ToolkitIndexPage.objects.select_related("contact_page", "privacy_page").filter(pk=parent.pk).first()
            if parent
            else None
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the template's fragment caches miss (see toolkit_page.html's wagtailpagecache).
        downloads = SimpleLazyObject(self.get_downloads)
        context["downloads"] = downloads
        context["download_source"] = f"?toolkit={self.pk}"
        context["bundle_documents"] = SimpleLazyObject(lambda: self.bundle_documents(downloads))
        context["drivers"] = SimpleLazyObject(lambda: live_related(self.drivers))
        context["audiences"] = SimpleLazyObject(lambda: list(self.audiences.all()))
        context["case_studies"] = SimpleLazyObject(
            lambda: [page for page in live_related(self.related_case_studies) if page.locale_id == self.locale_id]
        )
        context["tags"] = SimpleLazyObject(lambda: list(self.tags.all()))
        context["adopt_steps"] = SimpleLazyObject(lambda: [child.value for child in self.how_to_adopt])
        context["credit_text"] = SimpleLazyObject(self.get_credit)
        # The index, its contact and privacy pages: read only when the kept content or the kept form misses.
        index_page = SimpleLazyObject(self.get_index)
        context["index"] = index_page
        context["contact_page"] = SimpleLazyObject(lambda: index_page.contact_page if index_page else None)
        context["privacy_url"] = SimpleLazyObject(
            lambda: index_page.privacy_page.url if index_page and index_page.privacy_page else "/privacy/"
        )
        return context

    def render_feedback_form(self, request, form, status=200):
        context = {**self.get_context(request), "feedback_form": form}
        return TemplateResponse(request, self.feedback_form_template, context, status=status)

    @path("feedback/", name="feedback")
    def feedback_view(self, request):
        """The adopters' feedback form, on a page of its own that the toolkit page links to: the toolkit page then
        carries no CSRF token, sets no cookie on a first visit and is served from the page cache as it is kept.

        A POST stores the feedback and thanks the reader, or shows the form again with the errors and what was typed.
        """
        if request.method != "POST":
            return self.render_feedback_form(request, FeedbackForm())
        form = FeedbackForm(request.POST)
        thanks_url = self.get_url(request) + self.reverse_subpage("feedback_thanks")
        if form.is_spam:
            # Robots get the same thanks as people, so they learn nothing; nothing is stored.
            count_submission(request)
            return HttpResponseRedirect(thanks_url)
        if form.is_valid():
            # Count first, then decide from the count: parallel requests cannot all slip under the limit.
            rate_limited = not claim_submission(request)
            if not rate_limited:
                self.process_form_submission(form)
                return HttpResponseRedirect(thanks_url)
        else:
            rate_limited = is_rate_limited(request)
        if rate_limited:
            form.add_error(
                None,
                _("You have sent feedback several times today. Try again tomorrow, or use the contact page."),
            )
        return self.render_feedback_form(request, form, status=429 if rate_limited else 200)

    @path("feedback/thanks/", name="feedback_thanks")
    def feedback_thanks_view(self, request):
        return TemplateResponse(request, self.landing_page_template, self.get_context(request))

    @path("download-all/", name="download_all")
    def download_all_view(self, request):
        """Every file of the toolkit and a manifest, as one ZIP: built once into storage, then served as a file."""
        from .downloads import serve_bundle  # downloads imports this module

        documents = self.bundle_documents()
        if not documents:
            raise Http404("This toolkit has no files")
        if request.method == "GET":
            record_download(toolkit=self)
        response = serve_bundle(request, self, documents)
        response["X-Robots-Tag"] = "noindex"
        return response


class ToolkitDownload(Orderable):
    """One file of a toolkit, with what GOV.UK's attachment pattern asks for: title, format, size, language."""

    page = ParentalKey(ToolkitPage, on_delete=models.CASCADE, related_name="downloads")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200, blank=True, help_text=_("Leave empty to use the document's title."))
    description = models.TextField(blank=True, max_length=400)
    language = models.CharField(max_length=60, default="English")
    alternative_document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("alternative format"),
        help_text=_("The same content in another format, e.g. an OpenDocument version of a Word template."),
    )

    panels = [
        FieldPanel("document"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("language"),
        FieldPanel("alternative_document"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("download")

    @property
    def display_title(self) -> str:
        return self.title or self.document.title


class JourneyPage(BasePage):
    """ "Start your own journey": ordered stages for an ICS that wants to do what the partner ICSs did."""

    intro = models.TextField(max_length=800, help_text=_("Who this is for and how to use the stages."))
    stages = StreamField(
        [("stage", JourneyStageBlock())],
        use_json_field=True,
        help_text=_("In the order an ICS would take them; drag to reorder. They are numbered on the page."),
    )

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("stages")]

    parent_page_types = ["toolkit.ToolkitIndexPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("journey page")

    def get_stages(self) -> list[dict]:
        """Each stage with its linked pages: live ones without a view restriction only, like every listing.

        The chooser blocks load the pages (one query per kind of link for all stages); one more query finds which
        of them are public.
        """
        values = [child.value for child in self.stages]
        kinds = ("toolkits", "case_studies", "other_pages")
        linked = {page.pk for value in values for kind in kinds for page in value[kind] if page is not None}
        public = set(Page.objects.filter(public_q(), pk__in=linked).values_list("pk", flat=True)) if linked else set()

        def shown(pages):
            return [page for page in pages if page is not None and page.live and page.pk in public]

        return [
            {
                "number": number,
                "anchor": f"stage-{number}",
                "title": value["title"],
                "summary": value.get("summary") or "",
                "guidance": value["guidance"],
                **{kind: shown(value[kind]) for kind in kinds},
            }
            for number, value in enumerate(values, start=1)
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the template's fragment cache misses (journey_page.html's wagtailpagecache).
        context["stages"] = SimpleLazyObject(self.get_stages)
        return context


class FeedbackRateCount(models.Model):
    """Feedback sent today from one address, when the cache is not shared by all server processes (toolkit/forms.py).

    ``key`` is a hash of the address, the day and the secret key: the address itself is never stored.
    """

    page_cache_noise = True  # written with each feedback; shown on no public page (hub/cache.py)

    key = models.CharField(max_length=64)
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("feedback rate count")
        constraints = [models.UniqueConstraint(fields=["key", "day"], name="toolkit_feedbackratecount_key_day")]

    def __str__(self):
        return f"{self.day}: {self.count}"


class DownloadCount(models.Model):
    """How many times a file or a toolkit's ZIP was downloaded on a day. No address, no user: only counts.

    A document row has ``toolkit`` set when the download came from that toolkit's page; a ZIP row has no
    ``document``. Rows are added up in the admin report, so a rare duplicate row (two first downloads at once on a
    database without the partial unique indexes) still counts correctly.
    """

    page_cache_noise = True  # counted on every download; shown on no public page (hub/cache.py)

    day = models.DateField()
    document = models.ForeignKey("wagtaildocs.Document", null=True, on_delete=models.CASCADE, related_name="+")
    toolkit = models.ForeignKey(ToolkitPage, null=True, on_delete=models.CASCADE, related_name="download_counts")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("download count")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "document", "toolkit"],
                condition=Q(document__isnull=False, toolkit__isnull=False),
                name="toolkit_downloadcount_document_from_toolkit",
            ),
            models.UniqueConstraint(
                fields=["day", "document"],
                condition=Q(toolkit__isnull=True),
                name="toolkit_downloadcount_document_only",
            ),
            models.UniqueConstraint(
                fields=["day", "toolkit"],
                condition=Q(document__isnull=True),
                name="toolkit_downloadcount_bundle",
            ),
        ]

    def __str__(self):
        return f"{self.day}: {self.count}"


def record_download(*, document=None, toolkit=None, day: datetime.date | None = None) -> None:
    """Add one to today's count for a document (from a toolkit, if known) or for a toolkit's ZIP."""
    add_one(DownloadCount, day=day or timezone.localdate(), document=document, toolkit=toolkit)
