"""This project's checks in Wagtail's redirect import (Settings > Redirects > Import, and ``manage.py
import_redirects``), which reads CSV, TSV and XLSX files and creates one redirect per row.

Wagtail's import has no hook, so ``ShortLinksConfig.ready()`` puts the two forms below in place of its own in
``wagtail.contrib.redirects.views`` (tests/shortlinks/test_redirects.py fails if a Wagtail upgrade moves them):

- ``RedirectImportFileForm`` refuses, with a message, a file that is too large, not UTF-8 text, unreadable, or whose
  rows do not all have the first row's columns (Wagtail would answer a short row with a server error).
- ``RedirectImportRowForm`` checks each row: old URLs are paths or http(s) addresses, never the home page, a
  published page or a ``/go/`` short link (Wagtail serves those, so the redirect would never be used); new URLs are
  paths on this site or http(s) addresses, never a loop; a new URL that is a published page points the redirect at
  the page, so it follows the page when it moves.
"""

from __future__ import annotations

from urllib.parse import urlparse

from django import forms
from django.core.validators import URLValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.redirects.base_formats import Dataset
from wagtail.contrib.redirects.forms import ImportForm, RedirectForm
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.redirects.utils import get_format_cls_by_extension
from wagtail.models import Page, Site

from .models import ShortLink, normalise_code

MAX_ADMIN_BYTES = 1024 * 1024
MAX_ADMIN_ROWS = 1_000  # each row is checked and saved within the request: 13 queries a row
MAX_CHAIN = 20


def read_dataset(data: bytes, input_format, max_rows: int | None = None) -> Dataset:
    """Wagtail's dataset of the file (first row: column names), or a ValidationError saying what is wrong."""
    if not input_format.is_binary():
        if b"\x00" in data:
            raise forms.ValidationError(_("This is not a text file: save the spreadsheet as CSV UTF-8 and try again."))
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                _("The file is not in UTF-8 (problem at byte %(position)d): save it as CSV UTF-8 and try again.")
                % {"position": error.start}
            ) from error
    try:
        dataset = input_format.create_dataset(data)
    except Exception as error:  # csv, zip and openpyxl errors alike: not this format
        raise forms.ValidationError(
            _("The file could not be read as %(format)s (%(error)s).")
            % {"format": type(input_format).__name__, "error": type(error).__name__}
        ) from error
    if len(dataset.headers) < 2:
        raise forms.ValidationError(
            _("The first row must name at least two columns: the old URL and the new URL (e.g. old_url,new_url).")
        )
    if max_rows is not None and len(dataset) > max_rows:
        raise forms.ValidationError(
            _("The file has more than %(max)d rows: split it, or import it with manage.py import_redirects.")
            % {"max": max_rows}
        )
    for number, row in enumerate(dataset, start=2):
        if len(row) != len(dataset.headers):
            raise forms.ValidationError(
                _("Row %(number)d has %(cells)d cells, the first row %(columns)d: every row needs all the columns.")
                % {"number": number, "cells": len(row), "columns": len(dataset.headers)}
            )
    return dataset


class RedirectImportFileForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_ADMIN_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s: split it, or import it with manage.py import_redirects.")
                % {"limit": filesizeformat(MAX_ADMIN_BYTES)}
            )
        format_class = get_format_cls_by_extension(upload.name.rpartition(".")[2])
        if format_class is not None:  # otherwise Wagtail's view names the formats it reads
            read_dataset(upload.read(), format_class(), MAX_ADMIN_ROWS)
            upload.seek(0)
        return upload


def _scheme(url: str) -> str:
    return urlparse(url).scheme.lower() if ":" in url.split("/", 1)[0] else ""


def _is_path(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//") and not any(c.isspace() or ord(c) < 32 for c in url)


class RedirectImportRowForm(RedirectForm):
    """One row of an import (``old_path``, ``redirect_link``, ``is_permanent``, ``site``) with the project's checks."""

    redirect_link = forms.CharField(max_length=255)  # a path on this site is allowed too, not only a full URL

    def _site(self) -> Site | None:
        return self.cleaned_data.get("site") or Site.objects.filter(is_default_site=True).first()

    def _local_path(self, url: str) -> str | None:
        """The normalised path of ``url`` if it is on this site, else None."""
        if _is_path(url):
            return Redirect.normalise_path(url)
        hostnames = {hostname.lower() for hostname in Site.objects.values_list("hostname", flat=True)}
        if (urlparse(url).hostname or "").lower() in hostnames:
            return Redirect.normalise_path(url)
        return None

    def _live_page_at(self, path: str) -> Page | None:
        """The published page at ``path`` on the site (default language), if any."""
        site = self._site()
        if site is None or "?" in path or ";" in path:
            return None
        url_path = site.root_page.url_path + path.strip("/") + ("/" if path.strip("/") else "")
        return Page.objects.live().filter(url_path=url_path).first()

    def _loop(self, old_path: str, path: str) -> list[str] | None:
        """The chain of existing redirects from ``path`` back to ``old_path``, if there is one."""
        redirects = Redirect.get_for_site(self.cleaned_data.get("site")).filter(redirect_page=None)
        chain = [old_path, path]
        for _step in range(MAX_CHAIN):
            if path == old_path:
                return chain
            link = redirects.filter(old_path=path).values_list("redirect_link", flat=True).first()
            if not link or (path := self._local_path(link)) is None:
                return None
            chain.append(path)
        return chain

    def clean_old_path(self):
        old = self.cleaned_data["old_path"].strip()
        scheme = _scheme(old)
        if scheme and scheme not in {"http", "https"}:
            raise forms.ValidationError(_("Only http and https addresses are allowed."))
        if not scheme and not _is_path(old):
            raise forms.ValidationError(_("The old URL is not a path starting with / or a web address."))
        path = Redirect.normalise_path(old)
        if path == "/":
            raise forms.ValidationError(_("The home page cannot be redirected."))
        return path

    def clean_redirect_link(self):
        new = self.cleaned_data["redirect_link"].strip()
        if _scheme(new) and _scheme(new) not in {"http", "https"}:
            raise forms.ValidationError(_("Only http and https addresses are allowed."))
        if not _is_path(new):
            URLValidator(schemes=["http", "https"], message=_("The new URL is not a path or a full web address."))(new)
        return new

    def clean(self):
        super().clean()  # Wagtail's: refuses an old path that already redirects (returns nothing)
        cleaned_data = self.cleaned_data
        old_path, new = cleaned_data.get("old_path"), cleaned_data.get("redirect_link")
        if not old_path or not new:
            return cleaned_data
        if self._live_page_at(old_path):
            raise forms.ValidationError(_("A published page has this URL, so the redirect would never be used."))
        if old_path.startswith("/go/") and ShortLink.objects.filter(code=normalise_code(old_path[4:])).exists():
            raise forms.ValidationError(_("A short link has this URL, so the redirect would never be used."))
        new_path = self._local_path(new)
        if new_path is None:
            return cleaned_data
        if new_path == old_path:
            raise forms.ValidationError(_("The old and new URLs are the same."))
        if page := self._live_page_at(new_path):
            cleaned_data["redirect_page"], cleaned_data["redirect_link"] = page, ""
        elif chain := self._loop(old_path, new_path):
            raise forms.ValidationError(_("The redirect would make a loop: %(chain)s.") % {"chain": " → ".join(chain)})
        return cleaned_data

    def _get_validation_exclusions(self):
        """The model's URLField refuses paths, which ``clean_redirect_link`` has checked instead."""
        return super()._get_validation_exclusions() | {"redirect_link"}
