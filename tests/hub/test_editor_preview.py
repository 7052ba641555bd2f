"""Preview in the admin: the page preview (side panel, Checks panel) may be framed by the admin itself, while the
same page served to the public still refuses every frame."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from tests.home.factories import StandardPageFactory
from tests.site.test_security import csp_directives

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return get_user_model().objects.create_superuser("boss", "boss@example.org", "a-long-password-0123")


def test_admin_preview_of_a_page_may_be_framed_by_the_admin_only(client, home, superuser):
    page = StandardPageFactory(parent=home, title="Preview me", slug="preview-me")
    client.force_login(superuser)
    preview_url = f"/admin/pages/{page.pk}/edit/preview/"
    data = nested_form_data(
        {
            "title": "Preview me, edited",
            "slug": "preview-me",
            "body": streamfield([("text", rich_text("<p>Draft text.</p>"))]),
        }
    )
    posted = client.post(preview_url, data)
    assert posted.json()["is_valid"] is True

    response = client.get(preview_url + "?mode=&in_preview_panel=true")

    assert response.status_code == 200
    assert "Preview me, edited" in response.content.decode()
    assert csp_directives(response)["frame-ancestors"] == ["'self'"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    # Still the strict public policy otherwise: nothing inline.
    assert csp_directives(response)["script-src"] == ["'self'"]


def test_the_public_page_still_refuses_to_be_framed(client, home, superuser):
    StandardPageFactory(parent=home, title="Public", slug="public")
    for logged_in in (False, True):
        if logged_in:
            client.force_login(superuser)  # with the userbar
        response = client.get("/public/")
        assert response.status_code == 200
        assert csp_directives(response)["frame-ancestors"] == ["'none'"]
        assert response["X-Frame-Options"] == "DENY"
