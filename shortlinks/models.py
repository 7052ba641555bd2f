"""Short links (``/go/<code>``) that never break, and their daily click counts.

A short link stores the *page id* of its target, not a URL, so it follows the page when the page moves or its slug
changes. When the target page is unpublished or deleted (or a target document deleted), the link sends readers to
its fallback page (by default the home page) instead of a 404, and the admin listing flags it.

Click counts are one row per link per day: no IP address, user agent, cookie or referrer is stored.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlparse

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from hub.base_url import absolute_url
from hub.counters import add_one
from hub.validators import validate_web_url

CODE_MAX_LENGTH = 40
CODE_RE = re.compile(r"[a-z0-9-]{2,40}")


def normalise_code(value) -> str:
    """Codes are case-insensitive: stored and looked up in lower case, without surrounding spaces or slashes."""
    return (value or "").strip().strip("/").lower()


def is_valid_code(code: str) -> bool:
    return bool(CODE_RE.fullmatch(code or ""))


def validate_code(value):
    if not is_valid_code(value):
        raise ValidationError(
            _("Use 2 to 40 characters: lower-case letters, numbers and hyphens (for example 'framework')."),
            code="invalid_code",
        )


class ShortCodeField(models.CharField):
    """A CharField that lower-cases and trims before validation, so 'Framework' is saved as 'framework'."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_code(value) if isinstance(value, str) else value


def slug_code(text: str) -> str:
    """A code made from any text: slugified, safe characters only, at most 40 characters."""
    code = re.sub(r"[^a-z0-9-]+", "-", slugify(re.sub(r"[._/\s]+", "-", text or "")).lower()).strip("-")
    code = re.sub(r"-{2,}", "-", code)[:CODE_MAX_LENGTH].strip("-")
    return code if len(code) >= 2 else ""


def unique_code(base: str, exclude_pk=None) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is free (in one query)."""
    base = base or "link"
    taken = set(
        ShortLink.objects.filter(Q(code=base) | Q(code__startswith=f"{base[: CODE_MAX_LENGTH - 4]}"))
        .exclude(pk=exclude_pk)
        .values_list("code", flat=True)
    )
    if base not in taken:
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[: CODE_MAX_LENGTH - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        number += 1


class ShortLink(models.Model):
    class TargetType(models.TextChoices):
        PAGE = "page", _("Page")
        DOCUMENT = "document", _("Document")
        URL = "url", _("Web address")

    code = ShortCodeField(
        max_length=CODE_MAX_LENGTH,
        unique=True,
        blank=True,
        validators=[validate_code],
        help_text=_(
            "The part after /go/, e.g. 'framework' for /go/framework. Lower-case letters, numbers and hyphens; "
            "capitals are made lower-case. Leave empty for a suggestion made from the target."
        ),
    )
    target_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Best for pages on this site: the link follows the page if it moves or is renamed."),
    )
    target_document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("or a document"),
    )
    target_url = models.URLField(
        blank=True,
        max_length=500,
        validators=[validate_web_url],
        verbose_name=_("or a web address"),
        help_text=_("Another website, starting with https://."),
    )
    target_type = models.CharField(max_length=10, choices=TargetType.choices, editable=False, default="page")
    fallback_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Where readers go if the target page is unpublished or deleted, instead of an error page. "
            "Empty: the home page."
        ),
    )
    notes = models.TextField(
        blank=True, help_text=_("For editors: where the link is used, e.g. 'Slide 3 of the launch webinar'.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("short link")
        verbose_name_plural = _("short links")

    def __str__(self):
        return f"/go/{self.code}"

    def save(self, *args, **kwargs):
        self.code = normalise_code(self.code)
        if not self.code:
            self.code = unique_code(self.suggested_code(), exclude_pk=self.pk)
        if self.target_page_id or self.target_document_id or self.target_url:
            self.target_type = self._target_type()
        super().save(*args, **kwargs)

    # Validation and the code suggestion.
    def clean(self):
        super().clean()
        errors = {}
        targets = [bool(self.target_page_id), bool(self.target_document_id), bool(self.target_url)]
        if sum(targets) != 1:
            message = _("Choose one target: a page, a document or a web address.")
            errors["target_page" if sum(targets) == 0 else "__all__"] = message
        else:
            self.target_type = self._target_type()
        self.code = normalise_code(self.code)
        if not self.code and not errors:
            self.code = unique_code(self.suggested_code(), exclude_pk=self.pk)
        elif self.code and ShortLink.objects.filter(code=self.code).exclude(pk=self.pk).exists():
            errors["code"] = _("/go/%(code)s is already used by another short link. Try '%(suggestion)s'.") % {
                "code": self.code,
                "suggestion": unique_code(self.code, exclude_pk=self.pk),
            }
        if errors:
            raise ValidationError(errors)

    def _target_type(self) -> str:
        if self.target_document_id:
            return self.TargetType.DOCUMENT
        if self.target_url:
            return self.TargetType.URL
        return self.TargetType.PAGE

    def suggested_code(self) -> str:
        """A code from the target: the page's slug, the document's title or the web address's last part."""
        if self.target_page_id:
            page = self.target_page
            code = slug_code(page.slug if page.depth > 2 else "home")
        elif self.target_document_id:
            code = slug_code(self.target_document.title)
        elif self.target_url:
            parsed = urlparse(self.target_url)
            last = unquote(next((part for part in reversed(parsed.path.split("/")) if part), ""))
            code = slug_code(last.rsplit(".", 1)[0]) or slug_code((parsed.hostname or "").removeprefix("www."))
        else:
            code = ""
        return code or "link"

    # Where the link goes.
    @property
    def is_broken(self) -> bool:
        """True when a page or document target is gone or the page is not live: readers get the fallback."""
        if self.target_type == self.TargetType.PAGE:
            return self.target_page is None or not self.target_page.live
        if self.target_type == self.TargetType.DOCUMENT:
            return self.target_document is None
        return not self.target_url

    @classmethod
    def broken_q(cls) -> Q:
        return (
            Q(target_type=cls.TargetType.PAGE, target_page__isnull=True)
            | Q(target_type=cls.TargetType.PAGE, target_page__live=False)
            | Q(target_type=cls.TargetType.DOCUMENT, target_document__isnull=True)
            | Q(target_type=cls.TargetType.URL, target_url="")
        )

    def target_label(self) -> str:
        if self.target_type == self.TargetType.PAGE:
            return self.target_page.title if self.target_page else str(_("(deleted page)"))
        if self.target_type == self.TargetType.DOCUMENT:
            return self.target_document.title if self.target_document else str(_("(deleted document)"))
        return self.target_url

    def fallback(self) -> Page | None:
        if self.fallback_page is not None and self.fallback_page.live:
            return self.fallback_page
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        return site.root_page if site else None

    def destination(self, request=None) -> tuple[str, bool]:
        """The URL to send a reader to, and whether it is the fallback."""
        if not self.is_broken:
            if self.target_type == self.TargetType.PAGE:
                url = self.target_page.get_url(request)
                if url:
                    return url, False
            elif self.target_type == self.TargetType.DOCUMENT:
                return self.target_document.url, False
            else:
                return self.target_url, False
        fallback = self.fallback()
        return (fallback.get_url(request) if fallback else None) or "/", True

    def short_url(self) -> str:
        """The full short URL, e.g. https://example.org/go/framework (what the QR code holds), from SITE_BASE_URL."""
        return absolute_url(f"/go/{self.code}")

    def record_click(self, day=None) -> None:
        """Add one click to today's count: one UPDATE, or one INSERT on the day's first click."""
        add_one(ShortLinkClick, link=self, date=day or timezone.localdate())


class ShortLinkClick(models.Model):
    """How many times a short link was followed on one day. Nothing about who followed it."""

    page_cache_noise = True  # counted on every click; shown on no public page (hub/cache.py)

    link = models.ForeignKey(ShortLink, on_delete=models.CASCADE, related_name="clicks")
    date = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("daily click count")
        constraints = [models.UniqueConstraint(fields=["link", "date"], name="shortlinks_one_count_per_link_per_day")]

    def __str__(self):
        return f"{self.link}: {self.count} on {self.date}"
