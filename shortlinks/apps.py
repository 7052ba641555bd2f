from django.apps import AppConfig


class ShortLinksConfig(AppConfig):
    """Short links (/go/<code>) with QR codes and click counts, and the checks of redirect imports: the links that
    must never break. Own app: a self-contained feature with no page types, used by every section."""

    name = "shortlinks"
    verbose_name = "Short links and redirects"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """Wagtail's redirect import uses this project's forms (shortlinks/redirect_import.py): it has no hook."""
        from wagtail.contrib.redirects import views

        from .redirect_import import RedirectImportFileForm, RedirectImportRowForm

        views.ImportForm = RedirectImportFileForm
        views.RedirectForm = RedirectImportRowForm
