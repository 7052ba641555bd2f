"""Site-wide settings edited under Settings in the admin (one set per site)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import TranslatableMixin
from wagtail.snippets.models import register_snippet

SOCIAL_PLATFORMS = [
    ("bluesky", "Bluesky"),
    ("facebook", "Facebook"),
    ("instagram", "Instagram"),
    ("linkedin", "LinkedIn"),
    ("mastodon", "Mastodon"),
    ("x", "X (Twitter)"),
    ("youtube", "YouTube"),
    ("email", _("Email newsletter")),
]


class PartnerBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=150)
    url = blocks.URLBlock(required=False)
    role = blocks.CharBlock(required=False, max_length=150, help_text=_("e.g. 'Sponsor' or 'Integrated Care System'."))
    logo = ImageChooserBlock(
        required=False,
        help_text=_("Only with the partner's written permission. The partner's name is always shown as text."),
    )


class SocialLinkBlock(blocks.StructBlock):
    platform = blocks.ChoiceBlock(choices=SOCIAL_PLATFORMS)
    url = blocks.CharBlock(max_length=300, help_text=_("A web address, or mailto: for email."))


@register_setting(icon="site")
class OrganisationSettings(BaseSiteSetting):
    """Who publishes the site, the partners in the footer, and the demonstration notice.

    The footer's text about the programme is a translatable snippet (FooterText): site settings cannot be translated.
    """

    organisation_name = models.CharField(
        max_length=200, default="Children and Young People's Health Equity Collaborative"
    )
    short_name = models.CharField(max_length=30, default="CHEC")
    contact_email = models.EmailField(blank=True)
    partners = StreamField([("partner", PartnerBlock())], blank=True, use_json_field=True)
    social_links = StreamField([("link", SocialLinkBlock())], blank=True, use_json_field=True)
    show_demo_notice = models.BooleanField(
        default=False,
        verbose_name=_("Show the demonstration notice"),
        help_text=_("Shows a notice on every page that the content is a demonstration."),
    )
    demo_notice = models.CharField(
        max_length=300,
        blank=True,
        default=(
            "This is a demonstration site. Its content is built from public information about the programme; "
            "figures and quotes marked illustrative are not real."
        ),
    )
    show_sample_translation_notice = models.BooleanField(
        default=False,
        verbose_name=_("Label translations as samples awaiting review"),
        help_text=_("Shows a notice, in the page's language, on every page that is not in the default language."),
    )
    default_social_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("organisation_name"), FieldPanel("short_name"), FieldPanel("contact_email")],
            heading=_("Organisation"),
        ),
        FieldPanel("partners"),
        FieldPanel("social_links"),
        MultiFieldPanel(
            [FieldPanel("show_demo_notice"), FieldPanel("demo_notice"), FieldPanel("show_sample_translation_notice")],
            heading=_("Demonstration"),
        ),
        FieldPanel("default_social_image"),
    ]

    class Meta:
        verbose_name = _("Organisation and footer")


class MenuItemBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock()
    label = blocks.CharBlock(
        required=False, max_length=40, help_text=_("Leave empty to use the page title (translated with the page).")
    )


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting):
    """The main menu and the footer links.

    A site setting rather than a snippet: a site has exactly one menu, editors find it under Settings, and the links
    point at pages, so each link follows the page into the reader's language with no separate menu per language.
    """

    main_menu = StreamField(
        [("item", MenuItemBlock())],
        blank=True,
        use_json_field=True,
        max_num=8,
        help_text=_("Keep it short: at most eight top-level links."),
    )
    footer_links = StreamField(
        [("item", MenuItemBlock())],
        blank=True,
        use_json_field=True,
        help_text=_("Accessibility statement, privacy notice, cookies, contact and similar."),
    )

    panels = [FieldPanel("main_menu"), FieldPanel("footer_links")]

    class Meta:
        verbose_name = _("Navigation")


@register_snippet
class FooterText(TranslatableMixin, models.Model):
    """The line about the programme in every footer, translatable (site settings are not).

    Keep one per language: translate it with the Translate action in the snippets list.
    """

    text = models.TextField(max_length=600)

    panels = [FieldPanel("text")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("footer text")
        verbose_name_plural = _("footer text")

    def __str__(self):
        return self.text[:60]
