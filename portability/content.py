"""Export every piece of content to a folder (JSON + files) and rebuild it in an empty database.

What is exported: the whole page tree (live pages in every language, and also drafts, revisions, view restrictions,
workflows and translation sources, so editors find their work as they left it), snippets, settings, documents and
images (records and original files), short links and their click counts, redirects, tags, indicator data, groups and
users (passwords are **not** exported: each user sets a new one with "Forgot password" or ``changepassword``).

What is left out, because it is rebuilt or belongs to one machine: content types and permissions (matched by natural
key), image renditions (made again on first view), the search index and the reference index (rebuilt after the
import), sessions, login attempts, queued tasks, rate-limit counters, admin editing sessions and the oEmbed cache.

The folder: ``manifest.json`` (format, date, base address, counts and files with their SHA-256), ``content.json``
(Django's serialisation with natural foreign keys) and ``media/`` (the original files, at their storage names).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import serializers
from django.core.exceptions import ImproperlyConfigured
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import transaction
from django.utils import timezone

FORMAT = "chec-content-export/1"

EXCLUDED = {
    "admin.LogEntry",
    "auth.Permission",
    "contenttypes.ContentType",
    "sessions.Session",
    "django_tasks_database.DBTaskResult",
    "toolkit.FeedbackRateCount",
    "wagtailadmin.Admin",
    "wagtailadmin.EditingSession",
    "wagtailadmin.FormState",
    "wagtailcore.ReferenceIndex",
    "wagtailcore.UploadedFile",
    "wagtailembeds.Embed",
    "wagtailimages.Rendition",
}
EXCLUDED_APPS = {"axes", "wagtailsearch"}


class Serializer(JSONSerializer):
    """Django's JSON with ids, except references to content types and permissions, which are written by natural key
    (their ids differ between databases). A reference without a database constraint (a log entry of a deleted page)
    is written as the raw id instead of being looked up, so the history of deleted pages is kept."""

    def _by_natural_key(self, field) -> bool:
        from django.contrib.auth.models import Permission
        from django.contrib.contenttypes.models import ContentType

        return field.remote_field.model in (ContentType, Permission)

    def handle_fk_field(self, obj, field):
        if not getattr(field, "db_constraint", True):
            self._current[field.name] = field.value_from_object(obj)
            return
        self.use_natural_foreign_keys = self._by_natural_key(field)
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self.use_natural_foreign_keys = self._by_natural_key(field)
        super().handle_m2m_field(obj, field)


class ContentError(Exception):
    """A refusal with a message for the person running the command."""


def exported_models() -> list:
    models = []
    for model in apps.get_models():
        label = model._meta.label
        if label in EXCLUDED or model._meta.app_label in EXCLUDED_APPS or model._meta.proxy:
            continue
        if not model._meta.managed:
            continue
        models.append(model)
    return models


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _file_fields():
    """(model, field name) of every stored original: documents and images."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    return [(get_document_model(), "file"), (get_image_model(), "file")]


def export_content(folder: Path, stdout=None) -> dict:
    """Write the content of this database to ``folder`` (created; must be empty). Returns the manifest."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise ContentError(f"{folder} is not empty: choose a new folder for the export.")
    (folder / "media").mkdir(parents=True, exist_ok=True)
    objects = []
    counts: Counter = Counter()
    for model in exported_models():
        for instance in model._base_manager.order_by("pk").iterator():
            if model._meta.label == "auth.User":
                instance.password = make_password(None)  # unusable: no password hashes leave the site
            objects.append(instance)
            counts[model._meta.label] += 1
    data = Serializer().serialize(objects, indent=1, use_natural_foreign_keys=True, use_natural_primary_keys=False)
    (folder / "content.json").write_text(data, encoding="utf-8")

    files = []
    for model, field_name in _file_fields():
        for name in model.objects.order_by("pk").values_list(field_name, flat=True):
            if not name:
                continue
            target = folder / "media" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with default_storage.open(name, "rb") as source, target.open("wb") as out:
                    for chunk in iter(lambda: source.read(1 << 20), b""):
                        out.write(chunk)
            except FileNotFoundError:
                files.append({"name": name, "missing": True})
                if stdout:
                    stdout.write(f"  missing file (recorded in the manifest): {name}")
                continue
            files.append({"name": name, "sha256": _sha256(target), "size": target.stat().st_size})
    manifest = {
        "format": FORMAT,
        "exported_at": timezone.now().isoformat(),
        "site_base_url": settings.SITE_BASE_URL,
        "counts": dict(sorted(counts.items())),
        "files": files,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def _tables_to_empty() -> list:
    """Every exported model's table and the many-to-many tables between them."""
    exported = set(exported_models())
    tables = list(exported)
    for model in apps.get_models(include_auto_created=True):
        if model._meta.auto_created and any(
            field.related_model in exported for field in model._meta.fields if field.is_relation
        ):
            tables.append(model)
    return tables


def _ensure_permissions(records: list[dict]) -> None:
    """Permissions the export refers to (by codename, app and model) that this database lacks, e.g. ones a data
    migration of another version created: made, so groups keep every right they had."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    wanted = set()
    for record in records:
        for name in ("permission", "permissions"):
            value = record.get("fields", {}).get(name)
            keys = [value] if value and isinstance(value[0], str) else (value or [])
            wanted.update(tuple(key) for key in keys if isinstance(key, list) and len(key) == 3)
    for codename, app_label, model in sorted(wanted):
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        Permission.objects.get_or_create(
            codename=codename, content_type=content_type, defaults={"name": codename.replace("_", " ").capitalize()}
        )


def _reset_sequences(models) -> None:
    """Move each table's id sequence past the ids just imported, as ``loaddata`` does (on PostgreSQL the rows came
    with their own ids, so the next page an editor adds would otherwise be given an id that is taken)."""
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def existing_content() -> dict[str, int]:
    """What this database already holds beyond what ``migrate`` creates (its root and welcome pages, default site,
    locale, collection, groups and workflow)."""
    from django.contrib.auth import get_user_model
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page

    found = {
        "pages": Page.objects.filter(depth__gt=1)
        .exclude(content_type__app_label="wagtailcore", content_type__model="page")
        .count(),
        "documents": get_document_model().objects.count(),
        "images": get_image_model().objects.count(),
        "users": get_user_model().objects.count(),
    }
    for label in ("shortlinks.ShortLink", "wagtailredirects.Redirect"):
        try:
            found[label.split(".")[1].lower() + "s"] = apps.get_model(label).objects.count()
        except LookupError:
            continue
    return {name: count for name, count in found.items() if count}


def import_content(folder: Path, stdout=None) -> dict:
    """Rebuild the exported content in this (empty) database, files included, in one transaction."""
    folder = Path(folder)
    manifest_path = folder / "manifest.json"
    if not manifest_path.exists():
        raise ContentError(f"{folder} holds no manifest.json: it is not a folder made by export_content.")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise ContentError(f"{folder} was written in format {manifest.get('format')!r}, not {FORMAT!r}.")
    found = existing_content()
    if found:
        listed = ", ".join(f"{count} {name}" for name, count in found.items())
        raise ContentError(
            f"This database is not empty ({listed}). import_content only fills a new database: create one "
            "(manage.py migrate with another DATABASE_URL) and import there. Nothing was changed."
        )
    for entry in manifest["files"]:
        if entry.get("missing"):
            continue
        path = folder / "media" / entry["name"]
        if not path.is_file() or _sha256(path) != entry["sha256"]:
            raise ContentError(f"{path} is missing or differs from the manifest: the export is incomplete.")

    with transaction.atomic():
        # Only what migrate creates is here (checked above): the tables the export fills are emptied first, so the
        # tree, the site, groups and workflows are exactly the exported ones. Foreign keys are checked at commit.
        for model in _tables_to_empty():
            model._base_manager.all()._raw_delete(model._base_manager.db)
        raw = (folder / "content.json").read_text(encoding="utf-8")
        _ensure_permissions(json.loads(raw))
        objects = list(serializers.deserialize("json", raw, handle_forward_references=True))
        for item in objects:
            item.save()
        for item in objects:
            if item.deferred_fields:
                item.save_deferred_fields()
        _reset_sequences({item.object.__class__ for item in objects})
        for entry in manifest["files"]:
            if entry.get("missing"):
                continue
            if default_storage.exists(entry["name"]):
                default_storage.delete(entry["name"])
            with (folder / "media" / entry["name"]).open("rb") as handle:
                saved = default_storage.save(entry["name"], File(handle))
            if saved != entry["name"]:
                raise ImproperlyConfigured(f"Storage renamed {entry['name']} to {saved}: cannot restore it.")
    call_command("update_index", verbosity=0)
    call_command("rebuild_references_index", verbosity=0)
    return manifest
