"""The home page and the general-purpose standard page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from hub.blocks import BodyBlock
from hub.models import BasePage


class WorkstreamBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(max_length=400)
    page = blocks.PageChooserBlock(required=False, help_text=_("Where readers can find out more."))

    class Meta:
        icon = "list-ol"
        template = "blocks/workstream.html"


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
    body = StreamField(BodyBlock(), blank=True, use_json_field=True)

    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("workstreams"),
        index.SearchField("body"),
    ]

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("workstreams"),
        FieldPanel("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    # No subpage_types: each section's page type says itself that it lives under the home page
    # (parent_page_types), so adding a section never edits this app.
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")


class StandardPage(BasePage):
    """A general page: about, accessibility statement, privacy notice, cookies, contact."""

    body = StreamField(BodyBlock(), use_json_field=True)

    search_fields = BasePage.search_fields + [index.SearchField("body")]

    content_panels = BasePage.content_panels + [FieldPanel("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
