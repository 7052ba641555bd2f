from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    """The data working group's indicators: definitions, imported values, statistics, charts and the /data/ pages."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "indicators"
    verbose_name = _("Indicators")

    def ready(self):
        from hub.sitemap import register_section

        from .sitemaps import IndicatorSitemap

        register_section("indicators", IndicatorSitemap)
