from django.apps import AppConfig, apps


class ApiConfig(AppConfig):
    """Wagtail's API v2, read-only: live public pages, images and documents (docs/api.md)."""

    name = "api"
    verbose_name = "Open data API"

    def ready(self):
        from .fields import FIELDS

        for label, fields in FIELDS.items():
            try:
                model = apps.get_model(label)
            except LookupError:  # a page type that moved or is not installed
                continue
            model.api_fields = fields
