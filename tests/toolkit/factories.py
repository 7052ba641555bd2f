"""Factories for the toolkit app's page types and downloads."""

import datetime

import factory
import wagtail_factories

from toolkit.models import JourneyPage, Licence, ResourceType, ToolkitDownload, ToolkitIndexPage, ToolkitPage


class ToolkitIndexPageFactory(wagtail_factories.PageFactory):
    title = "Toolkits"
    slug = "toolkit"

    class Meta:
        model = ToolkitIndexPage


class ToolkitPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Toolkit {n:03d}")
    slug = factory.Sequence(lambda n: f"toolkit-{n}")
    summary = "What the product is for."
    what_it_is = "<p>A tool for Integrated Care Boards.</p>"
    resource_type = ResourceType.GUIDE
    licence = Licence.OGL_3
    published_date = datetime.date(2025, 9, 1)

    class Meta:
        model = ToolkitPage


class JourneyPageFactory(wagtail_factories.PageFactory):
    title = "Start your own journey"
    slug = "start-your-own-journey"
    intro = "For an Integrated Care System that wants to do what the partner areas did."
    stages = []

    class Meta:
        model = JourneyPage


def add_download(toolkit, document, **fields):
    download = ToolkitDownload(page=toolkit, document=document, **fields)
    download.save()
    return download
