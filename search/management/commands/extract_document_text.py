"""python manage.py extract_document_text [--retry-failed] [--all]: extract the searchable text of documents now.

Uploads are extracted by the background worker as they are saved; this catches up documents that have no text yet,
whose file changed since (after restoring a database, say) or that are still waiting for the worker. A file that
failed (a limit, a broken file) is not tried again unless ``--retry-failed`` is given (after raising the limits,
say); ``--all`` extracts every document again. Each file is still read in a child process within the limits.
"""

from django.core.management.base import BaseCommand
from django.db.models import F, OuterRef, Q, Subquery
from wagtail.documents import get_document_model

from search.extraction import extract_document_text
from search.models import DocumentText


class Command(BaseCommand):
    help = (
        "Extract the text of documents that have none yet, whose file changed or that wait for the worker "
        "(also those that failed with --retry-failed; all of them with --all)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Extract every document again.")
        parser.add_argument(
            "--retry-failed", action="store_true", help="Also try again the documents whose extraction failed."
        )

    def handle(self, *args, **options):
        documents = get_document_model().objects.order_by("pk")
        if not options["all"]:
            stored = DocumentText.objects.filter(document=OuterRef("pk"))
            statuses = [DocumentText.Status.PENDING]
            if options["retry_failed"]:
                statuses.append(DocumentText.Status.FAILED)
            documents = documents.annotate(
                stored_hash=Subquery(stored.values("file_hash")[:1]),
                stored_status=Subquery(stored.values("status")[:1]),
            ).filter(Q(stored_hash__isnull=True) | ~Q(stored_hash=F("file_hash")) | Q(stored_status__in=statuses))
        done = failed = 0
        for document_id in documents.values_list("pk", flat=True).iterator():
            extract_document_text.call(document_id)
            result = DocumentText.objects.filter(document_id=document_id).values_list("title", "error").first()
            if result and result[1]:
                failed += 1
                self.stdout.write(f"  {result[0]}: {result[1]}")
            done += 1
        self.stdout.write(f"Extracted the text of {done} document(s); {failed} could not be read (see the log).")
