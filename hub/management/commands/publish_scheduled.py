"""``manage.py publish_scheduled``: Wagtail's command, saying what it published and unpublished and how long it took.

Wagtail's own command is silent unless run with ``--dryrun``; cron mail and logs should say what went live. The
work is Wagtail's (``wagtail.management.commands.publish_scheduled``); this app is listed before Wagtail in
``INSTALLED_APPS``, so this command is the one ``manage.py`` runs. The page and menu caches are emptied by the
publish/unpublish signal receivers, which ``HubConfig.ready()`` connects in every process, cron's included.
"""

from __future__ import annotations

import time

from django.utils import timezone
from wagtail.management.commands.publish_scheduled import Command as WagtailCommand
from wagtail.models import ModelLogEntry, PageLogEntry

ACTIONS = {"wagtail.publish.scheduled": "Published", "wagtail.unpublish.scheduled": "Unpublished"}


class Command(WagtailCommand):
    help = (
        "Publish pages and snippets whose go-live time has come and unpublish those whose expiry time has passed; "
        "prints each one and the time taken. Run it from cron every few minutes."
    )

    def handle(self, *args, **options):
        if options.get("dryrun"):
            return super().handle(*args, **options)
        started, clock = timezone.now(), time.monotonic()
        super().handle(*args, **options)
        entries = []
        for model in (PageLogEntry, ModelLogEntry):
            entries += list(
                model.objects.filter(action__in=ACTIONS, timestamp__gte=started).order_by("timestamp", "pk")
            )
        entries.sort(key=lambda entry: entry.timestamp)
        for entry in entries:
            where = ""
            if isinstance(entry, PageLogEntry) and entry.page_id:
                url = entry.page.get_url() if entry.page and entry.page.live else ""
                where = f" (page {entry.page_id}{', ' + url if url else ''})"
            self.stdout.write(f"{ACTIONS[entry.action]}: {entry.label}{where}")
        published = sum(entry.action == "wagtail.publish.scheduled" for entry in entries)
        unpublished = len(entries) - published
        self.stdout.write(
            f"publish_scheduled: {published} published, {unpublished} unpublished in {time.monotonic() - clock:.2f} s."
        )
