"""The page in each of the six languages: the language switcher's links and the ``hreflang``
alternates of the page's head, and absolute addresses in the page's language.

Every public page lives under a language prefix (``/en/``, ``/fr/``, …; ``tracker/urls.py``),
so "this page in Russian" is the same view with the same arguments, reversed with Russian
active, its query string kept (``?as_of=…`` included). The address without a prefix is the
``x-default``: it redirects by the browser's ``Accept-Language``. No query: the links cost
nothing against the page's query count.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.translation import get_language, get_language_from_path, get_language_info
from django.utils.translation import override as language_override

register = template.Library()


@dataclass(frozen=True)
class PageLanguage:
    """One language's version of the page: ``url`` for links, ``absolute_url`` for the head."""

    code: str
    name: str
    url: str
    absolute_url: str
    current: bool


def _same_page_in(request: HttpRequest, code: str) -> str | None:
    """The path (and query string) of this request's page in language ``code``, or None when
    the page is not one of the language-prefixed pages (the API, the admin) or did not resolve."""
    match = request.resolver_match
    if match is None or get_language_from_path(request.path_info) is None:
        return None
    try:
        with language_override(code):
            path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
    except NoReverseMatch:
        return None
    query = request.META.get("QUERY_STRING", "")
    return f"{path}?{query}" if query else path


@register.simple_tag(takes_context=True)
def page_languages(context: template.Context) -> list[PageLanguage]:
    """The switcher's links, one per language of ``settings.LANGUAGES``: the same page in that
    language. A page without an address of its own (a 404 under a prefix) links to the
    dashboard in each language; a page outside the prefixes (the API root, which follows
    ``Accept-Language``) gets no links (empty list)."""
    request = context.get("request")
    if request is None:
        return []
    prefixed = get_language_from_path(request.path_info) is not None
    if request.resolver_match is not None and not prefixed:
        return []
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        url = _same_page_in(request, code)
        if url is None:
            with language_override(code):
                url = reverse("treaty:home")
        links.append(
            PageLanguage(
                code=code,
                name=get_language_info(code)["name_local"],
                url=url,
                absolute_url=request.build_absolute_uri(url),
                current=code == current,
            )
        )
    return links


@register.simple_tag(takes_context=True)
def alternate_languages(context: template.Context) -> list[PageLanguage]:
    """The ``<link rel="alternate" hreflang>`` set: this page in every language, only for a
    page that resolved under a language prefix (none on the API root or a 404)."""
    request = context.get("request")
    if request is None or _same_page_in(request, settings.LANGUAGE_CODE) is None:
        return []
    return page_languages(context)


@register.simple_tag(takes_context=True)
def default_language_url(context: template.Context) -> str:
    """The ``x-default`` address: this page without its language prefix (absolute, query kept),
    which answers with a redirect to the page in the reader's language."""
    request = context["request"]
    prefix = f"{get_script_prefix()}{get_language_from_path(request.path_info)}/"
    full_path = request.get_full_path()
    neutral = get_script_prefix() + full_path.removeprefix(prefix)
    return request.build_absolute_uri(neutral)


@register.simple_tag(takes_context=True)
def absolute(context: template.Context, url: str) -> str:
    """``url`` (a path such as ``{% url %}`` gives, in the page's language) as an absolute
    address on this site: for links that leave the page, such as an embed's link back."""
    return context["request"].build_absolute_uri(url)
