from django.apps import AppConfig


class ToolkitConfig(AppConfig):
    """Legacy products (toolkits) that other ICSs download and adopt. Page types arrive with issue 4."""

    name = "toolkit"
    verbose_name = "Toolkits"
    default_auto_field = "django.db.models.BigAutoField"
