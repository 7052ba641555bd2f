"""Models of the knowledge-hub core, one module per concern."""

from .base import BasePage
from .framework import DriverPage, FrameworkPage
from .indicators import Indicator
from .reports import ReportChapterPage, ReportIndexPage, ReportPage, ReportPageTag
from .site_settings import NavigationSettings, OrganisationSettings
from .taxonomy import IntegratedCareSystem, LifeStage, Organisation, Person

__all__ = [
    "BasePage",
    "DriverPage",
    "FrameworkPage",
    "Indicator",
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
