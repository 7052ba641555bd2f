"""The public side of short links: ``/go/<code>`` redirects (302) to the link's current target."""

import difflib

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from .models import ShortLink, is_valid_code, normalise_code


def not_found(request, code: str):
    """The site's 404 page, saying which short link was not found and offering search."""
    code = code[:60]
    context = {"request_path": request.path, "short_code": code, "search_query": code.replace("-", " ")}
    if is_valid_code(code):
        codes = ShortLink.objects.values_list("code", flat=True)
        context["similar_codes"] = difflib.get_close_matches(code, list(codes), n=3, cutoff=0.75)
    return render(request, "404.html", context, status=404)


def follow(request, code):
    """Redirect to the target, or to the fallback page when the target page is unpublished or deleted.

    302, never 301, so the target can change later and browsers ask again; not cached, so every visit counts.
    Codes are case-insensitive; anything but letters, numbers and hyphens is a 404 without looking anything up.
    """
    code = normalise_code(code)
    if not is_valid_code(code):
        return not_found(request, code)
    link = ShortLink.objects.select_related("target_page", "target_document", "fallback_page").filter(code=code).first()
    if link is None:
        return not_found(request, code)
    url, _is_fallback = link.destination(request)
    if request.method == "GET":
        link.record_click()
    response = HttpResponseRedirect(url)
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response
