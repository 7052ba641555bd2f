from django.apps import AppConfig


class ShortLinksConfig(AppConfig):
    """Short links (/go/<code>) with QR codes and click counts, and redirect imports: the links that must never
    break. Own app: a self-contained feature with no page types, used by every section."""

    name = "shortlinks"
    verbose_name = "Short links and redirects"
    default_auto_field = "django.db.models.BigAutoField"
