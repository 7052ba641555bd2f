from django.apps import AppConfig


def count_cached_search(sender, request, headers, **kwargs):
    """Count a search served from the page cache (its view, which counts searches, did not run).

    Only responses of the search view carry the result count header; every other cached page is ignored.
    """
    from search import stats
    from search.query import clean_query
    from search.views import RESULTS_HEADER

    total = headers.get(RESULTS_HEADER)
    if total is None or not total.isdigit():
        return
    query = clean_query(request.GET.get("q", ""))
    if query:
        stats.record(query, int(total))


class SearchConfig(AppConfig):
    """Site-wide search, document text extraction and search statistics. Reads every app; no app imports it."""

    name = "search"
    verbose_name = "Search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hub.cache import page_cache_hit
        from search import extraction  # noqa: F401  (connects the document signal)

        page_cache_hit.connect(count_cached_search, dispatch_uid="search-count-cached-search")
