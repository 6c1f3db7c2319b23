"""Tags of the Convention's text on an article's page: the authentic texts and the articles
before and after it (``treaty.convention_text``)."""

from __future__ import annotations

from django import template

from treaty.convention_text import AuthenticText, Neighbours, authentic_texts, neighbours
from treaty.models import Article, Treaty

register = template.Library()


@register.simple_tag
def texts_of(treaty: Treaty) -> tuple[AuthenticText, ...]:
    """The treaty's authentic texts (read from the data, no query)."""
    return authentic_texts(treaty.slug)


@register.simple_tag
def untc_page(treaty: Treaty) -> str:
    """The depositary's status page among the treaty's sources, or ""."""
    return next((url for url in treaty.sources if "treaties.un.org" in url), "")


@register.simple_tag
def article_neighbours(article: Article) -> Neighbours:
    """The articles before and after ``article``: one query."""
    return neighbours(article)
