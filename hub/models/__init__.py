"""Models of the knowledge-hub core, one module per concern."""

from .base import BasePage
from .framework import DriverLinkedMixin, DriverPage, FrameworkPage
from .site_settings import FooterText, NavigationSettings, OrganisationSettings
from .taxonomy import IntegratedCareSystem, LifeStage, Organisation, Person

__all__ = [
    "BasePage",
    "DriverLinkedMixin",
    "DriverPage",
    "FooterText",
    "FrameworkPage",
    "IntegratedCareSystem",
    "LifeStage",
    "NavigationSettings",
    "Organisation",
    "OrganisationSettings",
    "Person",
]
