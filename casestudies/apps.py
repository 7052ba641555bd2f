from django.apps import AppConfig


class CaseStudiesConfig(AppConfig):
    """Intervention case studies from the partner ICSs. Page types arrive with issue 4."""

    name = "casestudies"
    verbose_name = "Case studies"
    default_auto_field = "django.db.models.BigAutoField"
