"""Included at ``go/`` outside the language prefix (hub/urls.py): one address per link, whatever the language."""

from django.urls import re_path

from . import views

app_name = "go"

urlpatterns = [
    # Any single path segment, with or without a trailing slash: the view says which codes are valid.
    re_path(r"^(?P<code>[^/]+)/?$", views.follow, name="follow"),
]
