"""Factories for the project's page types (wagtail-factories)."""

import datetime

import factory
import wagtail_factories

from home.models import HomePage, StandardPage
from hub.models import DriverPage, FrameworkPage
from reports.models import ReportChapterPage, ReportIndexPage, ReportPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Test home"
    slug = factory.Sequence(lambda n: f"home-{n}")
    intro = "An introduction for the test home page."

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    slug = factory.Sequence(lambda n: f"standard-{n}")
    summary = "A summary of the standard page."
    body = [("text", "<p>Standard page body text.</p>")]

    class Meta:
        model = StandardPage


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


class ReportIndexPageFactory(wagtail_factories.PageFactory):
    title = "Reports"
    slug = "reports"

    class Meta:
        model = ReportIndexPage


class ReportPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Report {n}")
    slug = factory.Sequence(lambda n: f"report-{n}")
    summary = "What the report is about."
    publication_date = datetime.date(2025, 11, 26)

    class Meta:
        model = ReportPage


class ReportChapterPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Chapter {n}")
    slug = factory.Sequence(lambda n: f"chapter-{n}")
    body = [("text", "<p>Chapter text.</p>")]

    class Meta:
        model = ReportChapterPage
