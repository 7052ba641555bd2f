from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The site's root page and its general-purpose pages (about, accessibility, privacy, cookies, contact)."""

    name = "home"
    verbose_name = "Home and standard pages"
    default_auto_field = "django.db.models.BigAutoField"
