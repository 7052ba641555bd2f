from django.apps import AppConfig


class PortabilityConfig(AppConfig):
    """What outlives the site: the base address check, sitemap sections, export/import and the static archive."""

    name = "portability"
    verbose_name = "Portability and archive"

    def ready(self):
        from hub.sitemap import register_section

        from .sitemaps import TagSitemap

        register_section("tags", TagSitemap)
