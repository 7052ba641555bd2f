"""The short feedback form on every toolkit: did your ICS use this product, and how?"""

import hashlib
from collections import namedtuple

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub.counters import add_one

HONEYPOT_FIELD = "website"
HOW_USED_MAX_LENGTH = 2000
ORGANISATION_MAX_LENGTH = 200
DAILY_LIMIT_SETTING = "TOOLKIT_FEEDBACK_DAILY_LIMIT"
DEFAULT_DAILY_LIMIT = 5

# What the admin's form submissions listing and export show as columns (Wagtail's FormMixin.get_data_fields).
FieldSpec = namedtuple("FieldSpec", ["clean_name", "label"])


class FeedbackForm(forms.Form):
    """Messages follow the GOV.UK design system: say what to do, not what went wrong."""

    used = forms.ChoiceField(
        label=_("Has your organisation used this product?"),
        choices=[
            ("used", _("Yes, we have used it")),
            ("planning", _("We are planning to use it")),
            ("not-used", _("We looked at it but did not use it")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether your organisation has used this product")},
    )
    how_used = forms.CharField(
        label=_("How did you use it, or what stopped you?"),
        help_text=_(
            "For example what you adapted, who took part, and what would make it better. Up to 2,000 characters."
        ),
        max_length=HOW_USED_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Enter how you used the product, or what stopped you"),
            "max_length": _("How you used it must be 2,000 characters or fewer"),
        },
    )
    organisation = forms.CharField(
        label=_("Your Integrated Care System or organisation (optional)"),
        required=False,
        max_length=ORGANISATION_MAX_LENGTH,
        error_messages={"max_length": _("The organisation's name must be 200 characters or fewer")},
    )
    email = forms.EmailField(
        label=_("Your email address (optional)"),
        help_text=_("Only if you are happy for us to contact you about your feedback."),
        required=False,
        max_length=254,
        error_messages={"invalid": _("Enter an email address in the correct format, like name@example.com")},
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    stored_fields = ("used", "how_used", "organisation", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Long text is checked on the server with a clear message, not cut off silently by the browser.
        self.fields["how_used"].widget.attrs.pop("maxlength", None)
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{name}-hint"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields and name != HONEYPOT_FIELD:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                described_by = [f"{name}-hint"] if self.fields[name].help_text else []
                attrs["aria-describedby"] = " ".join([*described_by, f"{name}-error"])

    @property
    def is_spam(self) -> bool:
        """Only robots fill in the hidden field."""
        return bool((self.data.get(HONEYPOT_FIELD) or "").strip())

    def submission_data(self) -> dict:
        """What is stored: the answers only (no address, no honeypot, no IP)."""
        return {name: self.cleaned_data.get(name, "") for name in self.stored_fields}

    @classmethod
    def field_specs(cls):
        return [FieldSpec(name, str(cls.base_fields[name].label)) for name in cls.stored_fields]

    def visible_fields_in_order(self):
        return [self[name] for name in ("used", "how_used", "organisation", "email")]


def client_address(request) -> str:
    """The reader's address, found as for the admin login lock-out (django-axes), so one proxy setting serves both.

    Behind a proxy, set ``AXES_IPWARE_PROXY_COUNT`` (and ``AXES_IPWARE_META_PRECEDENCE_ORDER``); by default only
    ``REMOTE_ADDR`` is trusted.
    """
    try:
        from axes.helpers import get_client_ip_address
    except ImportError:  # pragma: no cover - django-axes is a project dependency
        return request.META.get("REMOTE_ADDR", "")
    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR", "")


RATE_WINDOW_SECONDS = 60 * 60 * 24
# Cache backends whose add() and incr() are atomic and shared by every server process. With any other cache (the
# in-process default, files, the database cache) the daily counts are kept in the database instead.
ATOMIC_SHARED_CACHES = (
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
    "django_redis.cache.RedisCache",
)


def _address_digest(request) -> str:
    """This address today, hashed with the secret key: the address itself is never stored."""
    address = client_address(request)
    day = timezone.localdate().isoformat()
    return hashlib.sha256(f"{settings.SECRET_KEY}|{day}|{address}".encode()).hexdigest()


def _cache_key(digest: str) -> str:
    return f"toolkit-feedback:{digest}"


def daily_limit() -> int:
    return int(getattr(settings, DAILY_LIMIT_SETTING, DEFAULT_DAILY_LIMIT))


def _counts_in_cache() -> bool:
    return settings.CACHES.get("default", {}).get("BACKEND") in ATOMIC_SHARED_CACHES


def _cache_increment(digest: str) -> int:
    key = _cache_key(digest)
    for _attempt in range(3):
        if cache.add(key, 1, RATE_WINDOW_SECONDS):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr: add again
            continue
    return daily_limit() + 1  # the cache misbehaves: refuse rather than let everything through


def _database_increment(digest: str) -> int:
    from .models import FeedbackRateCount  # models imports this module

    day = timezone.localdate()
    count = add_one(FeedbackRateCount, read_back=True, key=digest, day=day)
    if count == 1:
        FeedbackRateCount.objects.filter(day__lt=day).delete()  # yesterday's counts are no longer needed
    if count is not None:
        return count
    return daily_limit() + 1


def count_submission(request) -> int:
    """Add one to this address's count for today and return the new count, atomically across server processes.

    The decision to accept or refuse is taken from the returned value, so parallel requests cannot all pass a check
    made before any of them counted. Redis (``REDIS_URL``) or memcached keep the count; otherwise the database does.
    """
    digest = _address_digest(request)
    return _cache_increment(digest) if _counts_in_cache() else _database_increment(digest)


def claim_submission(request) -> bool:
    """Count a submission; True when it is within today's limit for the address."""
    return count_submission(request) <= daily_limit()


def is_rate_limited(request) -> bool:
    """Whether the address has used up today's submissions (a read only: for showing the message on a bad form)."""
    digest = _address_digest(request)
    if _counts_in_cache():
        count = cache.get(_cache_key(digest)) or 0
    else:
        from .models import FeedbackRateCount

        count = (
            FeedbackRateCount.objects.filter(key=digest, day=timezone.localdate())
            .values_list("count", flat=True)
            .first()
            or 0
        )
    return count >= daily_limit()
