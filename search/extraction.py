"""Text extraction from uploaded documents: a background task after each upload or file change.

The task runs in the worker (``manage.py db_worker --backend background``), never in the upload request, and each
file is parsed in a child process (search/extract_child.py) with limits from the settings: wall-clock time, memory,
CPU time, unpacked size of a DOCX or ODT, and the text kept (DOCUMENT_EXTRACTION_*; docs/search.md). A file that
cannot be read, or that hits a limit, records why on its DocumentText (with the file's hash, so it is not tried
again until the file changes) and is still found by its title; the document itself is never affected.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django_tasks import task
from wagtail.documents import get_document_model

from search import extract_child

logger = logging.getLogger(__name__)
CHILD = Path(extract_child.__file__).resolve()
BACKEND = "background"  # the TASKS alias of the database backend that the worker runs (hub/settings/base.py)
DEFAULTS = {
    "DOCUMENT_EXTRACTION_TIMEOUT": 20,
    "DOCUMENT_EXTRACTION_MEMORY_MB": 512,
    "DOCUMENT_EXTRACTION_CPU_SECONDS": 20,
    "DOCUMENT_EXTRACTION_MAX_CHARS": 200_000,
    "DOCUMENT_EXTRACTION_MAX_UNPACKED_MB": 100,
    "DOCUMENT_EXTRACTION_MAX_FILES": 2000,
}


def limit(name: str) -> int:
    return int(getattr(settings, name, DEFAULTS[name]))


def _failure(returncode: int, stderr: str) -> str:
    """The error recorded for a child that did not write its text: short, and the same for the same cause."""
    if returncode == extract_child.EXIT_MEMORY:
        return f"memory limit ({limit('DOCUMENT_EXTRACTION_MEMORY_MB')} MB) reached"
    if returncode == extract_child.EXIT_UNPACKED:
        return f"file too large when unpacked (over {limit('DOCUMENT_EXTRACTION_MAX_UNPACKED_MB')} MB)"
    if returncode == extract_child.EXIT_MEMBERS:
        return f"too many files inside (over {limit('DOCUMENT_EXTRACTION_MAX_FILES')})"
    if returncode == -signal.SIGXCPU:
        return f"CPU time limit ({limit('DOCUMENT_EXTRACTION_CPU_SECONDS')} s) reached"
    if returncode == -signal.SIGKILL:  # the CPU limit's hard signal, or the kernel out of memory
        return "stopped by the system (CPU time or memory limit)"
    if returncode == extract_child.EXIT_ERROR and stderr:
        return stderr
    if returncode < 0:
        return f"extraction stopped by signal {-returncode}"
    return f"extraction failed (exit code {returncode})"


def extract_file(path: str, file_format: str) -> tuple[str, str]:
    """(text, error) for a file on disk, parsed in a child process within the configured limits."""
    max_chars = limit("DOCUMENT_EXTRACTION_MAX_CHARS")
    timeout = limit("DOCUMENT_EXTRACTION_TIMEOUT")
    command = [
        sys.executable,
        "-I",
        str(CHILD),
        file_format,
        path,
        f"--max-chars={max_chars}",
        f"--memory-mb={limit('DOCUMENT_EXTRACTION_MEMORY_MB')}",
        f"--cpu-seconds={limit('DOCUMENT_EXTRACTION_CPU_SECONDS')}",
        f"--max-unpacked-bytes={limit('DOCUMENT_EXTRACTION_MAX_UNPACKED_MB') * 1024 * 1024}",
        f"--max-members={limit('DOCUMENT_EXTRACTION_MAX_FILES')}",
    ]
    # Output goes to files, not pipes: waiting can never deadlock, and the child's own file-size limit bounds them.
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        # No environment: the child needs none, and a hostile file gets no secrets (DATABASE_URL...) near it.
        process = subprocess.Popen(  # our own interpreter and module, no shell
            command, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr, env={"LANG": "C.UTF-8"}
        )
        try:
            returncode = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            return "", f"timed out after {timeout} s"
        stdout.seek(0)
        data = stdout.read(max_chars * 4)  # at most the cap, whatever the child wrote
        stderr.seek(0)
        message = stderr.read(1000).decode("utf-8", errors="replace").strip()
    if returncode != 0:
        return "", _failure(returncode, message)[:255]
    return data.decode("utf-8", errors="ignore")[:max_chars], ""


def extract_text(document) -> tuple[str, str]:
    """(text, error) for a document; unknown types give no text and no error."""
    file_format = os.path.splitext(document.file.name)[1].lstrip(".").lower()
    if file_format not in extract_child.EXTRACTORS:
        return "", ""
    try:
        with tempfile.NamedTemporaryFile(suffix=f".{file_format}") as copy:
            # A local copy: storage may be S3, and the child gets a plain path and nothing else.
            with document.open_file() as handle:
                shutil.copyfileobj(handle, copy, 1024 * 1024)
            copy.flush()
            text, error = extract_file(copy.name, file_format)
    except Exception as problem:  # a missing file or a storage error must never break anything
        text, error = "", f"{type(problem).__name__}: {problem}"[:255]
    if error:
        logger.warning("Could not extract text from document %s: %s", document.pk, error)
    return text, error


@task(backend=BACKEND)
def extract_document_text(document_id: int) -> None:
    from search.models import DocumentText

    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:
        return
    text, error = extract_text(document)
    DocumentText.objects.update_or_create(
        document=document,
        defaults={
            "title": document.title[:255],
            "text": text,
            # The hash is kept on failure too: the same file is not tried again (manage.py extract_document_text
            # --retry-failed does, after the limits are raised).
            "file_hash": document.file_hash or "",
            "error": error,
            "status": DocumentText.Status.FAILED if error else DocumentText.Status.DONE,
        },
    )


def queue(document) -> None:
    """Mark the document's text as pending (found by its title meanwhile) and queue its extraction."""
    from search.models import DocumentText

    DocumentText.objects.update_or_create(
        document=document,
        defaults={
            "title": document.title[:255],
            "text": "",
            "file_hash": document.file_hash or "",
            "error": "",
            "status": DocumentText.Status.PENDING,
        },
    )
    extract_document_text.enqueue(document.pk)


@receiver(post_save, sender=get_document_model())
def queue_extraction(sender, instance, **kwargs):
    """After a document is saved with a new file, queue its extraction; a new title alone is copied at once."""
    from search.models import DocumentText

    current = DocumentText.objects.filter(document_id=instance.pk).values_list("file_hash", "title").first()
    if current == (instance.file_hash or "", instance.title[:255]):
        return
    if current is not None and instance.file_hash and current[0] == instance.file_hash:
        text = DocumentText.objects.get(document_id=instance.pk)
        text.title = instance.title[:255]
        text.save(update_fields=["title"])  # a save, not update(), so the search index follows
        return
    transaction.on_commit(lambda: queue(instance))
