"""python manage.py add_ics_editors_group <ics-slug>: the editors group and media collection for one ICS."""

from django.core.management.base import BaseCommand, CommandError

from hub.models import IntegratedCareSystem
from hub.permissions import ensure_ics_editors_group


class Command(BaseCommand):
    help = (
        "Create the 'ICS editors: <name>' group for an Integrated Care System (edit and submit only that ICS's case "
        "studies), with its own collection of images and documents. Run it after adding a new ICS snippet; safe to "
        "run again. With --all, does every ICS."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", nargs="?", help="The ICS snippet's slug, e.g. south-yorkshire")
        parser.add_argument("--all", action="store_true", help="Every ICS in the default language")

    def handle(self, *args, slug=None, all=False, **options):
        from wagtail.models import Locale

        systems = IntegratedCareSystem.objects.filter(locale=Locale.get_default())
        if not all:
            if not slug:
                raise CommandError("Give an ICS slug, or --all.")
            systems = systems.filter(slug=slug)
            if not systems.exists():
                known = ", ".join(IntegratedCareSystem.objects.values_list("slug", flat=True).distinct())
                raise CommandError(f"No ICS with the slug {slug!r}. Known: {known or 'none'}.")
        for ics in systems:
            group = ensure_ics_editors_group(ics)
            self.stdout.write(f"Group '{group.name}' is ready (collection '{ics.name}').")
