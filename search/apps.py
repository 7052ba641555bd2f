from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Site-wide search, document text extraction and search statistics. Reads every app; no app imports it."""

    name = "search"
    verbose_name = "Search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from search import extraction  # noqa: F401  (connects the document signal)
