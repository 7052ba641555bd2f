from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Site-wide search. Reads every app; no app imports it."""

    name = "search"
    verbose_name = "Search"
    default_auto_field = "django.db.models.BigAutoField"
