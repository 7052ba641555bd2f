"""Make sure an admin user exists, so a newcomer can log in after `make run`."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


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
            default=os.environ.get("ADMIN_URL", "http://127.0.0.1:8000/admin/"),
            help="The admin address to print (make run passes its host and port).",
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
                self.stdout.write(f"  Log in at {admin_url} as {username} / {password}")
                self.stdout.write("  (printed once: keep it, or reset it with `python manage.py changepassword`)")
            else:
                self.stdout.write(f"  Log in at {admin_url} as {username} with ADMIN_PASSWORD.")
            return
        if password:
            user.set_password(password)
            user.save(update_fields=["password"])
            self.stdout.write(f"Admin user '{username}': password set from ADMIN_PASSWORD.")
        else:
            self.stdout.write(
                f"Admin user '{username}' exists: log in at {admin_url} with the password printed "
                "when it was created (or run `make run ADMIN_PASSWORD=...` to set a new one)."
            )
