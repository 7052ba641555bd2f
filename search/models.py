"""Search's own data: the text inside documents, and how often a search found nothing (Wagtail counts the rest)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from hub.querysets import SearchableQuerySet


class DocumentText(index.Indexed, models.Model):
    """The text inside a document (PDF, DOCX, ODT, CSV, TXT), extracted after upload by a background task.

    Kept beside Wagtail's document model rather than in a custom one, so documents stay plain Wagtail documents.
    A row exists from the moment the upload is committed (pending: found by its title only), so a document is
    searchable by its title whatever becomes of its text.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the worker")
        DONE = "done", _("Extracted")
        FAILED = "failed", _("Could not be read")

    document = models.OneToOneField("wagtaildocs.Document", on_delete=models.CASCADE, related_name="extracted_text")
    title = models.CharField(max_length=255, help_text=_("The document's title, copied for the search index."))
    text = models.TextField(blank=True)
    file_hash = models.CharField(max_length=40, blank=True, help_text=_("The file it was extracted from."))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DONE, db_index=True)
    error = models.CharField(
        max_length=255, blank=True, help_text=_('Why the text could not be read, e.g. "timed out after 20 s".')
    )
    extracted_at = models.DateTimeField(auto_now=True)

    objects = SearchableQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("text"),
        index.AutocompleteField("title"),
        index.FilterField("document_id"),
    ]

    class Meta:
        verbose_name = _("document text")
        verbose_name_plural = _("document texts")

    def __str__(self):
        return self.title


class NoResultsDailyHits(models.Model):
    """How often a query found nothing on a day: the one count Wagtail's search terms (``Query``, ``QueryDailyHits``)
    do not keep. Every search, found or not, is counted in Wagtail's ``QueryDailyHits``; this counts the subset that
    found nothing, beside it and in the same shape. No person is recorded."""

    page_cache_noise = True  # written by searches themselves (hub/cache.py)

    query = models.ForeignKey(
        "wagtailsearchpromotions.Query", on_delete=models.CASCADE, related_name="no_results_daily_hits"
    )
    date = models.DateField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["query", "date"], name="unique_no_results_query_per_day")]
        verbose_name = _("searches that found nothing (per day)")
        verbose_name_plural = _("searches that found nothing (per day)")

    def __str__(self):
        return f"{self.query} ({self.hits} found nothing on {self.date})"
