"""The home page and the general-purpose standard page."""

from django.db import models
from django.db.models import Case, F, IntegerField, Value, When
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from hub.blocks import BodyBlock, KeyFiguresBlock
from hub.feeds import feed_kinds
from hub.models import BasePage, FrameworkPage
from hub.querysets import exclude_private

# The date a kind of page is best sorted by, newest first: the first of these fields the page type has.
DATE_FIELDS = ("publication_date", "published_date", "start")
LATEST_PER_KIND = 3


class WorkstreamBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(max_length=400)
    page = blocks.PageChooserBlock(required=False, help_text=_("Where readers can find out more."))

    class Meta:
        icon = "list-ol"
        template = "blocks/workstream.html"


class AudienceRouteBlock(blocks.StructBlock):
    """A way in for one audience, in their own words ("I work in an ICS and want to adopt this")."""

    audience = blocks.CharBlock(
        max_length=120, help_text=_("Who this is for, in their words, e.g. 'I was at a webinar'.")
    )
    text = blocks.TextBlock(max_length=300, help_text=_("One or two sentences on what they will find."))
    page = blocks.PageChooserBlock(help_text=_("Where this route starts."))
    link_text = blocks.CharBlock(max_length=80, help_text=_("The link, e.g. 'Start your own journey'."))

    class Meta:
        icon = "user"
        template = "home/blocks/audience_route.html"


class LinkedKeyFiguresBlock(KeyFiguresBlock):
    """Key figures that link to the report they come from."""

    report = blocks.PageChooserBlock(
        required=False, help_text=_("The report these figures come from: the figures link to it.")
    )
    link_text = blocks.CharBlock(required=False, max_length=80, help_text=_("e.g. 'Read Born Unequal'."))

    class Meta:
        icon = "table"
        template = "home/blocks/key_figures.html"
        label = _("Key figures")


class HomePage(BasePage):
    """The root of the site: what the Collaborative was, its workstreams and where to start."""

    intro = models.TextField(
        max_length=600, help_text=_("The opening paragraph: what the site is and who it is for, in plain English.")
    )
    workstreams = StreamField(
        [("workstream", WorkstreamBlock())],
        blank=True,
        use_json_field=True,
        max_num=6,
        help_text=_("The programme's workstreams, each with a link to read more."),
    )
    routes = StreamField(
        [("route", AudienceRouteBlock())],
        blank=True,
        use_json_field=True,
        max_num=4,
        verbose_name=_("routes for audiences"),
        help_text=_("Up to four ways in, one per audience (an ICS adopting the work, readers of the findings, ...)."),
    )
    key_figures = StreamField(
        [("figures", LinkedKeyFiguresBlock())],
        blank=True,
        use_json_field=True,
        max_num=1,
        help_text=_("Headline numbers with their source, linking to the report they come from."),
    )
    featured = StreamField(
        [("page", blocks.PageChooserBlock(label=_("page")))],
        blank=True,
        use_json_field=True,
        max_num=8,
        verbose_name=_("featured pages"),
        help_text=_(
            "Reports, toolkits, case studies or events to show first in their section of the home page. "
            "The newest of each kind fill the rest, so the home page is never out of date."
        ),
    )
    body = StreamField(BodyBlock(), blank=True, use_json_field=True)

    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("workstreams"),
        index.SearchField("body"),
    ]

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("routes"),
        FieldPanel("key_figures"),
        MultiFieldPanel([FieldPanel("featured")], heading=_("Featured on the home page")),
        FieldPanel("workstreams"),
        FieldPanel("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    # No subpage_types: each section's page type says itself that it lives under the home page
    # (parent_page_types), so adding a section never edits this app.
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def featured_ids(self) -> list[int]:
        """The ids of the featured pages, read from the stored data (no query)."""
        return [child.get("value") for child in self.featured.raw_data if isinstance(child.get("value"), int)]

    def latest_by_kind(self, request=None) -> list[dict]:
        """For each kind of page with a feed (reports, toolkits, case studies, events): up to three live pages of
        this page's language, featured ones first, then the newest. One query per kind."""
        featured = self.featured_ids()
        sections = []
        for kind, page_models in feed_kinds().items():
            model = page_models[0]
            field_names = {field.name for field in model._meta.get_fields()}
            date_field = next((name for name in DATE_FIELDS if name in field_names), "first_published_at")
            queryset = exclude_private(model.objects.live().filter(locale_id=self.locale_id), request)
            if featured:
                queryset = queryset.annotate(
                    is_featured=Case(
                        When(pk__in=featured, then=Value(1)), default=Value(0), output_field=IntegerField()
                    )
                )
            else:
                queryset = queryset.annotate(is_featured=Value(0, output_field=IntegerField()))
            pages = list(
                queryset.defer_streamfields()
                .select_related("listing_image")
                .order_by("-is_featured", F(date_field).desc(nulls_last=True), "title")[:LATEST_PER_KIND]
            )
            if pages:
                for page in pages:
                    # A date only where the page type has one of its own (not the date it was put on this site).
                    page.home_date = getattr(page, date_field, None) if date_field in DATE_FIELDS else None
                    page.home_date_field = date_field
                sections.append(
                    {
                        "kind": kind,
                        "title": getattr(model, "feed_title", model._meta.verbose_name_plural),
                        "pages": pages,
                    }
                )
        return sections

    def home_content(self, request) -> dict:
        """The framework diagram and the "Featured and new" sections: what other pages' changes alter."""
        sections = self.latest_by_kind(request)
        # Each section's index page: the child of the home page whose path holds the section's pages (one query).
        children = list(
            exclude_private(self.get_children().live(), request).only(
                "id", "path", "url_path", "title", "content_type_id", "locale_id", "depth"
            )
        )
        for section in sections:
            first = section["pages"][0]
            section["index"] = next((child for child in children if first.path.startswith(child.path)), None)
        framework = exclude_private(FrameworkPage.objects.child_of(self).live(), request).defer_streamfields().first()
        return {
            "framework": framework,
            "drivers": list(framework.get_drivers(request).prefetch_related(None)) if framework else [],
            "sections": sections,
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the template's fragment cache misses: the rendered home page is kept for the current
        # content version (hub/cache.py: any publish, move or edit moves it on), so a page served with the page
        # cache off still renders without its eight queries most of the time.
        context["home"] = SimpleLazyObject(lambda: self.home_content(request))
        return context


class StandardPage(BasePage):
    """A general page: about, accessibility statement, privacy notice, cookies, contact."""

    body = StreamField(BodyBlock(), use_json_field=True)

    search_fields = BasePage.search_fields + [index.SearchField("body")]

    content_panels = BasePage.content_panels + [FieldPanel("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
