"""URLs of the search app, served inside the language prefix (see hub/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("search/", views.search_view, name="search"),
    path("tags/", views.tag_index, name="tag_index"),
    path("tags/<str:slug>/", views.tag_page, name="tag_page"),
]
