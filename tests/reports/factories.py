"""Factories for the reports app's page types."""

import datetime

import factory
import wagtail_factories

from reports.models import ReportChapterPage, ReportIndexPage, ReportPage


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
