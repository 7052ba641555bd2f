"""Factories and helpers for the core's page types and shared content (the framework, ICSs, documents, tags).

Each feature app's own factories live beside its tests: ``tests/<app>/factories.py``."""

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.models import Locale

from hub.models import DriverPage, FrameworkPage, IntegratedCareSystem


class FrameworkPageFactory(wagtail_factories.PageFactory):
    title = "The Child Health Equity Framework"
    slug = "framework"
    intro = "The drivers of health inequalities for babies, children and young people."

    class Meta:
        model = FrameworkPage


class DriverPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Driver {n}")
    slug = factory.Sequence(lambda n: f"driver-{n}")
    short_name = factory.Sequence(lambda n: f"Short {n}")
    summary = "A plain-English summary of the driver."
    why_it_matters = "<p>Why the driver matters.</p>"

    class Meta:
        model = DriverPage


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


def relate(page, **relations):
    """Set many-to-many fields (drivers=[...], tags=[...]) on a live page and save it."""
    for name, values in relations.items():
        getattr(page, name).set(values)
    page.save()
    return page
