"""Site-wide views: error pages and the health check."""

from django.db import connection
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def page_not_found(request, exception=None):
    """The 404 page in the site's design, with search and a way home."""
    return render(request, "404.html", {"request_path": request.path}, status=404)


def server_error(request):
    """A 500 page that needs no database: the template is static HTML."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render())


def health(request):
    """For load balancers and uptime checks: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
