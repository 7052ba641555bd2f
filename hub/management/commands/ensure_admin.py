"""Make sure an admin user exists, so a newcomer can log in after `make run`."""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


def site_base_url() -> str:
    """The public base address: the SITE_BASE_URL setting, else the environment variable, else the local server."""
    url = getattr(settings, "SITE_BASE_URL", None) or os.environ.get("SITE_BASE_URL") or "http://127.0.0.1:8000"
    return url.rstrip("/")


class Command(BaseCommand):
    help = (
        "Create the superuser 'admin' if it does not exist. The password comes from ADMIN_PASSWORD, or is "
        "generated and printed once. With ADMIN_PASSWORD set, an existing admin's password is reset to it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("ADMIN_USERNAME", "admin"))
        parser.add_argument("--email", default=os.environ.get("ADMIN_EMAIL", "admin@example.org"))
        parser.add_argument(
            "--admin-url",
            default=os.environ.get("ADMIN_URL") or f"{site_base_url()}/admin/",
            help="The admin address to print (default: SITE_BASE_URL + /admin/; make run sets SITE_BASE_URL).",
        )

    def handle(self, *args, username, email, admin_url, **options):
        User = get_user_model()
        password = os.environ.get("ADMIN_PASSWORD", "").strip()
        user = User.objects.filter(username=username).first()
        if user is None:
            generated = not password
            password = password or secrets.token_urlsafe(12)
            User.objects.create_superuser(username=username, email=email, password=password)
            self.stdout.write(self.style.SUCCESS(f"Created the admin user '{username}'."))
            if generated:
                # The login comes last, so it is the line a newcomer sees (`make run` prints it after the server
                # has started).
                self.stdout.write("  The password is printed once: keep it, or set your own with ADMIN_PASSWORD.")
                self.stdout.write(f"  Log in at {admin_url} as {username} / {password}")
            else:
                self.stdout.write(f"  Log in at {admin_url} as {username} with ADMIN_PASSWORD.")
            return
        if password:
            user.set_password(password)
            user.save(update_fields=["password"])
            self.stdout.write(f"  Log in at {admin_url} as {username} with ADMIN_PASSWORD (just set).")
        else:
            self.stdout.write(
                f"  Log in at {admin_url} as {username} with the password printed the first time "
                "(forgotten? `make run ADMIN_PASSWORD=...` sets a new one)."
            )
