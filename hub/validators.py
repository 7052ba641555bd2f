"""Validators shared by the apps."""

from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _


def validate_web_url(value):
    """External addresses: http and https only (never javascript:, data:, ftp: and the like)."""
    if urlparse(value or "").scheme.lower() not in {"http", "https"}:
        raise ValidationError(_("Enter a web address starting with https:// or http://."), code="unsafe_scheme")
    URLValidator(schemes=["http", "https"])(value)
