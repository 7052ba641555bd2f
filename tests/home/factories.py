"""Factories for the home app's page types."""

import factory
import wagtail_factories

from home.models import HomePage, StandardPage


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
