"""Models of the knowledge-hub core, one module per concern."""

from .base import BasePage
from .site_settings import NavigationSettings, OrganisationSettings

__all__ = ["BasePage", "NavigationSettings", "OrganisationSettings"]
