from django.apps import AppConfig


class HubConfig(AppConfig):
    """The knowledge-hub core: shared blocks, base page, site settings and (later) framework, reports, taxonomy."""

    name = "hub"
    verbose_name = "Knowledge hub core"
    default_auto_field = "django.db.models.BigAutoField"
