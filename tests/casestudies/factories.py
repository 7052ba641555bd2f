"""Factories for the case studies app's page types."""

import factory
import wagtail_factories
from wagtail.models import Locale

from casestudies.models import CaseStudyIndexPage, CaseStudyPage
from hub.models import IntegratedCareSystem


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
