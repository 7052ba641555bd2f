"""Text extraction from uploaded documents, run as a background task after each upload or file change.

Libraries: pypdf (PDF), python-docx (DOCX), odfpy (ODT); CSV and plain text are decoded directly. Text is capped
so one huge file cannot bloat the search index; a file that cannot be read records the error and indexes its title.
"""

from __future__ import annotations

import csv
import io
import logging
import os

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django_tasks import task
from wagtail.documents import get_document_model

logger = logging.getLogger(__name__)
MAX_TEXT = 200_000
MAX_PDF_PAGES = 300


def _pdf(handle) -> str:
    from pypdf import PdfReader

    reader = PdfReader(handle)
    return "\n".join((page.extract_text() or "") for page in reader.pages[:MAX_PDF_PAGES])


def _docx(handle) -> str:
    from docx import Document

    document = Document(handle)
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _odt(handle) -> str:
    from odf import teletype, text
    from odf.opendocument import load

    document = load(handle)
    return "\n".join(teletype.extractText(element) for element in document.getElementsByType(text.P))


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _csv(handle) -> str:
    text = _decode(handle.read(MAX_TEXT * 2))
    return "\n".join(" ".join(row) for row in csv.reader(io.StringIO(text)))


def _txt(handle) -> str:
    return _decode(handle.read(MAX_TEXT * 2))


EXTRACTORS = {"pdf": _pdf, "docx": _docx, "odt": _odt, "csv": _csv, "txt": _txt}


def extract_text(document) -> tuple[str, str]:
    """(text, error) for a document; unknown types give no text and no error."""
    extension = os.path.splitext(document.file.name)[1].lstrip(".").lower()
    extractor = EXTRACTORS.get(extension)
    if extractor is None:
        return "", ""
    try:
        with document.open_file() as handle:
            data = io.BytesIO(handle.read())
        return " ".join(extractor(data).split())[:MAX_TEXT], ""
    except Exception as error:  # a corrupt or unusual file must never break the upload
        logger.warning("Could not extract text from document %s: %s", document.pk, error)
        return "", f"{type(error).__name__}: {error}"[:255]


@task()
def extract_document_text(document_id: int) -> None:
    from search.models import DocumentText

    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:
        return
    text, error = extract_text(document)
    DocumentText.objects.update_or_create(
        document=document,
        defaults={"title": document.title[:255], "text": text, "file_hash": document.file_hash or "", "error": error},
    )


@receiver(post_save, sender=get_document_model())
def queue_extraction(sender, instance, **kwargs):
    """After a document is saved with a new file (or a new title), extract its text in the background."""
    from search.models import DocumentText

    current = DocumentText.objects.filter(document_id=instance.pk).values_list("file_hash", "title").first()
    if current == (instance.file_hash or "", instance.title[:255]):
        return
    transaction.on_commit(lambda: extract_document_text.enqueue(instance.pk))
