"""{% formcache %}: an empty form kept with a placeholder for each reader's CSRF token, never one reader's token."""

import re

from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.middleware.csrf import CSRF_TOKEN_LENGTH, _unmask_cipher_token
from django.template import RequestContext, Template
from django.test import RequestFactory

FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def render(template: str):
    request = RequestFactory().get("/toolkit/")
    html = Template("{% load hub_tags %}" + template).render(RequestContext(request, {}))
    return html, request


def secret(token: str) -> str:
    return _unmask_cipher_token(token) if len(token) == CSRF_TOKEN_LENGTH else token


FORM = '<form method="post">{% csrf_token %}<button>Send</button></form>'


def test_each_reader_gets_their_own_token_in_the_kept_form():
    form = '{% formcache 60 "test-form" %}' + FORM + "{% endformcache %}"
    first_html, first = render(form)
    kept = cache.get(make_template_fragment_key("form:test-form", []))
    assert kept and "chec-csrf-token" in kept and first.META["CSRF_COOKIE"] not in kept
    second_html, second = render(form)
    assert "chec-csrf-token" not in second_html
    assert secret(FIELD.search(first_html)[1]) == first.META["CSRF_COOKIE"]
    assert secret(FIELD.search(second_html)[1]) == second.META["CSRF_COOKIE"] != first.META["CSRF_COOKIE"]


def test_a_token_outside_a_form_field_is_never_kept_for_other_readers():
    fragment = '{% formcache 60 "test-leak" %}<p data-token="{{ csrf_token }}"></p>{% csrf_token %}{% endformcache %}'
    _first_html, first = render(fragment)
    second_html, second = render(fragment)
    leaked = re.search(r'data-token="([^"]+)"', second_html)[1]
    assert secret(leaked) == second.META["CSRF_COOKIE"] != first.META["CSRF_COOKIE"]
