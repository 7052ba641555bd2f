from django.apps import AppConfig


class ApiConfig(AppConfig):
    """Wagtail's API v2, read-only, public live pages, images and documents (docs/api.md)."""

    name = "api"
    verbose_name = "Open data API"
