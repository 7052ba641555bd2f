"""Blocks of the toolkit section: the stages of "start your own journey"."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from hub.blocks import RICH_TEXT_FEATURES


class JourneyStageBlock(blocks.StructBlock):
    """One stage of the journey: what to do, and the products and examples that help with it."""

    title = blocks.CharBlock(max_length=120, help_text=_("Short, starting with a verb, e.g. 'Form the partnership'."))
    summary = blocks.TextBlock(required=False, max_length=300, help_text=_("One sentence for the list of stages."))
    guidance = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, help_text=_("What to do at this stage, and how."))
    toolkits = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="toolkit.ToolkitPage"),
        default=[],
        label=_("Toolkits for this stage"),
    )
    case_studies = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="casestudies.CaseStudyPage"),
        default=[],
        label=_("Case studies for this stage"),
    )
    other_pages = blocks.ListBlock(
        blocks.PageChooserBlock(),
        default=[],
        label=_("Other pages on this site"),
        help_text=_("For example the framework, the indicators or a report."),
    )

    class Meta:
        icon = "list-ol"
        label = _("Stage")
