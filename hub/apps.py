from django.apps import AppConfig


class HubConfig(AppConfig):
    """The knowledge-hub core: shared blocks, base page, site settings and (later) framework, reports, taxonomy."""

    name = "hub"
    verbose_name = "Knowledge hub core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Here, not on import, so every process empties the caches on a write: web workers, management commands
        # (publish_scheduled, shell) and cron jobs alike.
        from hub import cache
        from hub.csv_safety import protect_wagtail_exports
        from hub.models.base import warm_routable_resolvers

        cache.connect_signals()
        protect_wagtail_exports()
        # Before any request: threaded workers must not all build the same resolver at once on a cold start.
        warm_routable_resolvers()
