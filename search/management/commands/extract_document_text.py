"""python manage.py extract_document_text [--all]: extract the searchable text of documents now.

Uploads are extracted in the background as they are saved; this catches up documents that have no text yet or
whose file changed since (after restoring a database, say), or every document with ``--all``.
"""

from django.core.management.base import BaseCommand
from django.db.models import F, OuterRef, Q, Subquery
from wagtail.documents import get_document_model

from search.extraction import extract_document_text
from search.models import DocumentText


class Command(BaseCommand):
    help = "Extract the text of documents that have none yet or whose file changed (all of them with --all)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Extract every document again.")

    def handle(self, *args, **options):
        documents = get_document_model().objects.order_by("pk")
        if not options["all"]:
            stored_hash = DocumentText.objects.filter(document=OuterRef("pk")).values("file_hash")[:1]
            documents = documents.annotate(stored_hash=Subquery(stored_hash)).filter(
                Q(stored_hash__isnull=True) | ~Q(stored_hash=F("file_hash"))
            )
        done = failed = 0
        for document_id in documents.values_list("pk", flat=True).iterator():
            extract_document_text.call(document_id)
            if DocumentText.objects.filter(document_id=document_id).exclude(error="").exists():
                failed += 1
            done += 1
        self.stdout.write(f"Extracted the text of {done} document(s); {failed} could not be read (see the log).")
