"""Reports published as HTML (GOV.UK HTML publication style): a report page with ordered chapter pages."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.search import index

from hub.blocks import BodyBlock, assign_heading_anchors
from hub.cards import render_cards
from hub.listing import Pagination, page_size, parse_page_number
from hub.models import BasePage
from hub.querysets import exclude_private

REPORTS_PER_PAGE = 20


class ReportIndexPage(BasePage):
    """Lists the reports, newest first."""

    intro = models.TextField(blank=True, max_length=600)

    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    parent_page_types = [settings.HOME_PAGE_MODEL]
    subpage_types = ["reports.ReportPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("report index page")

    def get_reports(self, request=None):
        return (
            exclude_private(ReportPage.objects.child_of(self).live(), request)
            .defer_streamfields()
            .select_related("listing_image")
            .prefetch_related("organisations")
            .order_by(models.F("publication_date").desc(nulls_last=True), "title")
        )

    def get_context(self, request, *args, **kwargs):
        """One page of reports: the listing stays the same size however many reports the site gathers. A page
        number past the end shows the last page."""
        context = super().get_context(request, *args, **kwargs)
        reports = self.get_reports(request)
        paginator = Paginator(reports.values_list("pk", flat=True), page_size(REPORTS_PER_PAGE))
        number = parse_page_number(request.GET.get("page"))
        page = paginator.get_page(number or paginator.num_pages)
        # The cards are kept per report (hub.cards): only the reports whose card is not kept are loaded.
        context["report_cards"] = render_cards(
            request,
            page.object_list,
            "includes/report_card.html",
            lambda pks: reports.filter(pk__in=pks),
            item_name="report",
        )
        context["pagination"] = Pagination(page, lambda number: f"?page={number}")
        return context


class ReportPageTag(TaggedItemBase):
    content_object = ParentalKey("reports.ReportPage", on_delete=models.CASCADE, related_name="tagged_items")


class ReportPage(RoutablePageMixin, BasePage):
    """A report: summary, dates, authors, PDF, young people's version, citation, and its chapters in order.

    A report without chapters is a single-page report: its body holds the whole text.
    """

    publication_date = models.DateField(
        null=True, blank=True, help_text=_("Leave empty only if the date is not known; the page then shows none.")
    )
    updated_date = models.DateField(null=True, blank=True, verbose_name=_("last updated"))
    publisher_url = models.URLField(
        blank=True,
        max_length=500,
        verbose_name=_("get it from the publisher"),
        help_text=_(
            "The address where the publisher keeps the report (e.g. its page on Barnardo's or the Institute of Health "
            "Equity's site). Shown as a 'Get it from the publisher' link."
        ),
    )
    organisations = ParentalManyToManyField(
        "hub.Organisation", blank=True, related_name="reports", verbose_name=_("published by")
    )
    authors = ParentalManyToManyField("hub.Person", blank=True, related_name="reports")
    pdf = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("PDF version"),
        help_text=_("The whole report as an accessible PDF. Its format and size are shown beside the link."),
    )
    body = StreamField(
        BodyBlock(),
        blank=True,
        use_json_field=True,
        help_text=_("For a report with chapters, a short introduction; for a single-page report, the whole text."),
    )
    young_peoples_summary = models.TextField(
        blank=True,
        max_length=600,
        verbose_name=_("young people's summary"),
        help_text=_("Two or three short sentences in plain language. Shown on the report page."),
    )
    young_peoples_version = StreamField(
        BodyBlock(),
        blank=True,
        use_json_field=True,
        verbose_name=_("young people's version"),
        help_text=_("An easy-read version for children and young people, on its own page with a Quick exit."),
    )
    citation = models.TextField(
        blank=True,
        max_length=600,
        help_text=_("How to cite this report. Leave empty to build it from the publishers, year, title and address."),
    )
    tags = ClusterTaggableManager(through=ReportPageTag, blank=True)

    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.SearchField("young_peoples_summary"),
        index.SearchField("young_peoples_version"),
        index.RelatedFields("organisations", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
    ]

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("publication_date"),
                FieldPanel("updated_date"),
                FieldPanel("organisations"),
                FieldPanel("authors"),
                FieldPanel("publisher_url"),
            ],
            heading=_("Publication"),
        ),
        FieldPanel("pdf"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("young_peoples_summary"), FieldPanel("young_peoples_version")],
            heading=_("For children and young people"),
        ),
        FieldPanel("citation"),
        FieldPanel("tags"),
    ]
    promote_panels = [
        MultiFieldPanel(
            [FieldPanel("slug"), FieldPanel("seo_title"), FieldPanel("search_description"), FieldPanel("social_image")],
            heading=_("For search engines and sharing"),
        ),
        MultiFieldPanel([FieldPanel("show_in_menus"), FieldPanel("listing_image")], heading=_("For listings")),
        FieldPanel("for_young_people"),
    ]

    feed_kind = "reports"  # /feeds/reports/ (hub/feeds.py)
    feed_title = _("Reports")
    parent_page_types = ["reports.ReportIndexPage"]
    subpage_types = ["reports.ReportChapterPage"]

    class Meta:
        verbose_name = _("report")

    def clean(self):
        super().clean()
        if self.updated_date and self.publication_date and self.updated_date < self.publication_date:
            raise ValidationError({"updated_date": _("The update cannot be before the publication date.")})

    def get_chapters(self, request=None):
        return exclude_private(ReportChapterPage.objects.child_of(self).live(), request).order_by("path")

    def get_citation(self, request=None, organisations=None) -> str:
        """The editor's citation, or one built as: Publishers (year). Title. Address."""
        if self.citation:
            return self.citation
        if organisations is None:
            organisations = self.organisations.all()
        publishers = " and ".join(organisation.name for organisation in organisations)
        year = f"({self.publication_date.year})" if self.publication_date else ""
        parts = [" ".join(part for part in (publishers, year) if part), self.title, self.get_full_url(request) or ""]
        return " ".join(f"{part}." if index < 2 else part for index, part in enumerate(parts) if part)

    def get_context(self, request, *args, chapters=None, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the template's fragment cache misses (see report_page.html's wagtailpagecache).
        if chapters is None:
            chapters = SimpleLazyObject(lambda: list(self.get_chapters(request).defer_streamfields()))
        organisations = SimpleLazyObject(lambda: list(self.organisations.all()))
        context["chapters"] = chapters
        context["organisations"] = organisations
        context["citation"] = SimpleLazyObject(lambda: self.get_citation(request, organisations))
        return context

    @path("print/", name="print")
    def print_view(self, request):
        """The whole report on one page, with one contents list: the page people print or save as PDF."""
        # Read only when the template's fragment cache misses (report_print.html's wagtailpagecache). The contents
        # come first in the template: reading them gives the chapters' headings the anchors their bodies then show.
        chapters = SimpleLazyObject(lambda: list(self.get_chapters(request)))

        def contents() -> list[dict]:
            entries = []
            for chapter in chapters:
                headings = assign_heading_anchors(chapter.body, prefix=f"{chapter.slug}-")
                entries.append(
                    {"chapter": chapter, "headings": [(child.value["text"], anchor) for child, anchor in headings]}
                )
            return entries

        return self.render(
            request,
            chapters=chapters,
            template="reports/report_print.html",
            context_overrides={"contents": SimpleLazyObject(contents)},
        )

    @path("young-people/", name="young_people")
    def young_people_view(self, request):
        """The easy-read version for children and young people, with a Quick exit."""
        if not self.young_peoples_version:
            raise Http404
        return self.render(
            request,
            template="reports/report_young_people.html",
            context_overrides={"quick_exit": True},
        )


class ReportChapterPage(BasePage):
    """One chapter: its own on-page contents, previous and next chapter links, and a way back to the report."""

    body = StreamField(BodyBlock(), use_json_field=True)

    search_fields = BasePage.search_fields + [index.SearchField("body")]

    content_panels = BasePage.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    promote_panels = ReportPage.promote_panels

    parent_page_types = ["reports.ReportPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("report chapter")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the template's fragment cache misses (report_chapter_page.html's wagtailpagecache).
        context["chapter_nav"] = SimpleLazyObject(lambda: self.chapter_navigation(request))
        context["report"] = SimpleLazyObject(lambda: self.get_parent())
        context["headings"] = SimpleLazyObject(
            lambda: [(child.value, anchor) for child, anchor in assign_heading_anchors(self.body)]
        )
        return context

    def chapter_navigation(self, request) -> dict:
        """This chapter's number and the chapters before and after it: the ids of the report's live chapters
        (the reader may see) in order, then the two neighbours only, however many chapters the report has."""
        ids = list(
            exclude_private(ReportChapterPage.objects.sibling_of(self, inclusive=True).live(), request)
            .order_by("path")
            .values_list("pk", flat=True)
        )
        if self.pk not in ids:  # a preview of a draft chapter, or one the reader may not see listed
            return {"number": None, "previous": None, "next": None}
        position = ids.index(self.pk)
        previous_id = ids[position - 1] if position > 0 else None
        next_id = ids[position + 1] if position + 1 < len(ids) else None
        neighbours = (
            {
                chapter.pk: chapter
                for chapter in ReportChapterPage.objects.filter(pk__in=[previous_id, next_id]).defer_streamfields()
            }
            if previous_id or next_id
            else {}
        )
        return {"number": position + 1, "previous": neighbours.get(previous_id), "next": neighbours.get(next_id)}
