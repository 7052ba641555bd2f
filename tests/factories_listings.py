"""Factories for case studies, toolkits and the journey page, and helpers for documents and taxonomy."""

import datetime

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.models import Locale

from casestudies.models import CaseStudyIndexPage, CaseStudyPage
from hub.models import IntegratedCareSystem
from toolkit.models import JourneyPage, Licence, ResourceType, ToolkitDownload, ToolkitIndexPage, ToolkitPage


class CaseStudyIndexPageFactory(wagtail_factories.PageFactory):
    title = "Case studies"
    slug = "case-studies"

    class Meta:
        model = CaseStudyIndexPage


def default_ics():
    return IntegratedCareSystem.objects.get_or_create(
        slug="default-ics", locale=Locale.get_default(), defaults={"name": "Default ICS"}
    )[0]


class CaseStudyPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Case study {n:03d}")
    ics = factory.LazyFunction(default_ics)
    slug = factory.Sequence(lambda n: f"case-study-{n}")
    summary = "What the intervention did."
    problem = "<p>The problem it addressed.</p>"
    approach = "<p>What was done.</p>"

    class Meta:
        model = CaseStudyPage


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


def make_ics(name="Birmingham and Solihull", slug=None, locale=None):
    return IntegratedCareSystem.objects.create(
        name=name, slug=slug or name.lower().replace(" ", "-"), locale=locale or Locale.get_default()
    )


def make_document(title="Guide", filename="guide.pdf", content=b"%PDF-1.4 demo"):
    document = Document(title=title)
    document.file.save(filename, ContentFile(content), save=False)
    document.file_size = len(content)
    document.save()
    return document


def add_download(toolkit, document, **fields):
    download = ToolkitDownload(page=toolkit, document=document, **fields)
    download.save()
    return download


def relate(page, **relations):
    """Set many-to-many fields (drivers=[...], tags=[...]) on a live page and save it."""
    for name, values in relations.items():
        getattr(page, name).set(values)
    page.save()
    return page
