"""``/api/v2/pages/``, ``/api/v2/images/``, ``/api/v2/documents/`` (Wagtail's API v2; docs/api.md)."""

from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter

from .views import PublicDocumentsAPIViewSet, PublicImagesAPIViewSet, PublicPagesAPIViewSet

router = WagtailAPIRouter("wagtailapi")
router.register_endpoint("pages", PublicPagesAPIViewSet)
router.register_endpoint("images", PublicImagesAPIViewSet)
router.register_endpoint("documents", PublicDocumentsAPIViewSet)

urlpatterns = [path("", router.urls)]
