"""Build the demonstration site from the facts in the product brief. Safe to run again: it changes nothing twice."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from hub.base_url import site_hostname_and_port, sync_default_site


def demo_modules():
    """Every installed app's ``demo`` module, in the order each declares (``ORDER``).

    Discovering them keeps the core free of imports from the feature apps (see docs/architecture.md).
    """
    modules = []
    for config in apps.get_app_configs():
        name = f"{config.name}.demo"
        if str(config.path).startswith(str(settings.BASE_DIR)) and find_spec(name):
            modules.append(import_module(name))
    return sorted(modules, key=lambda module: getattr(module, "ORDER", 100))


def ensure_ics_groups(stdout):
    """The editors group and media collection of every ICS (after the pages: the groups get rights on the case
    study section, which must exist by then). Idempotent."""
    from wagtail.models import Locale

    from hub.models import IntegratedCareSystem
    from hub.permissions import ensure_ics_editors_group

    for ics in IntegratedCareSystem.objects.filter(locale=Locale.get_default()).order_by("name"):
        group = ensure_ics_editors_group(ics)
        stdout.write(f"Group '{group.name}' is ready (collection '{ics.name}').")


class Command(BaseCommand):
    help = "Load the demonstration content (idempotent: existing pages and settings are left as they are)."

    def handle(self, *args, **options):
        with transaction.atomic():
            modules = demo_modules()
            for module in modules:
                module.load(self.stdout)
            # Then, in the same order, what needs every app's pages (links across sections, translations).
            for module in modules:
                if hasattr(module, "finish"):
                    module.finish(self.stdout)
            ensure_ics_groups(self.stdout)
            if sync_default_site():
                hostname, port = site_hostname_and_port()
                self.stdout.write(f"  the site's address is now {hostname}:{port} (SITE_BASE_URL)")
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
