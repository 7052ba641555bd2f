"""Models of the knowledge-hub core, one module per concern."""

from .base import BasePage
from .data_pages import IndicatorIndexPage
from .framework import DriverLinkedMixin, DriverPage, FrameworkPage
from .indicators import Area, Indicator, IndicatorValue
from .reports import ReportChapterPage, ReportIndexPage, ReportPage, ReportPageTag
from .site_settings import FooterText, NavigationSettings, OrganisationSettings
from .taxonomy import IntegratedCareSystem, LifeStage, Organisation, Person

__all__ = [
    "Area",
    "BasePage",
    "DriverLinkedMixin",
    "DriverPage",
    "FooterText",
    "FrameworkPage",
    "Indicator",
    "IndicatorIndexPage",
    "IndicatorValue",
    "IntegratedCareSystem",
    "LifeStage",
    "NavigationSettings",
    "Organisation",
    "OrganisationSettings",
    "Person",
    "ReportChapterPage",
    "ReportIndexPage",
    "ReportPage",
    "ReportPageTag",
]
