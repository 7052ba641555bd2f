from django.apps import AppConfig


class EventsConfig(AppConfig):
    """Webinars and events: listings, event pages, calendar files. Own app: its page types, the .ics export and
    the past/upcoming logic belong together and depend only on the core."""

    name = "events"
    verbose_name = "Events and webinars"
    default_auto_field = "django.db.models.BigAutoField"
