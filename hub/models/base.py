"""The abstract page every public page type inherits from."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page


class BasePage(Page):
    """Listing, sharing and young-people fields with sensible fallbacks.

    - ``summary``: one or two sentences shown in listings, and the fallback description for search engines and
      link previews.
    - ``listing_image``: shown in listings, and the fallback image for link previews.
    - ``social_image``: an Open Graph image when a different crop suits link previews.
    - ``for_young_people``: shows the "Quick exit" button on the page.
    """

    summary = models.TextField(
        blank=True,
        max_length=400,
        help_text=_("One or two plain-English sentences for listings and search results."),
    )
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown beside the page in listings."),
    )
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Open Graph image"),
        help_text=_("Shown when the page is shared on social media. Defaults to the listing image."),
    )
    for_young_people = models.BooleanField(
        default=False,
        verbose_name=_("Meant for young people"),
        help_text=_("Shows a 'Quick exit' button so a young person can leave the page quickly and safely."),
    )

    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel("slug"),
                FieldPanel("seo_title"),
                FieldPanel("search_description"),
                FieldPanel("social_image"),
            ],
            heading=_("For search engines and sharing"),
        ),
        MultiFieldPanel(
            [FieldPanel("show_in_menus"), FieldPanel("summary"), FieldPanel("listing_image")],
            heading=_("For listings and menus"),
        ),
        FieldPanel("for_young_people"),
    ]

    class Meta:
        abstract = True

    @property
    def meta_description(self) -> str:
        """The search description, falling back to the summary."""
        return self.search_description or self.summary

    @property
    def share_image(self):
        return self.social_image or self.listing_image

    @property
    def page_title(self) -> str:
        """The browser title: the SEO title if set, else the page title."""
        return self.seo_title or self.title
