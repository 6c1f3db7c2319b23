"""The Convention's text: the index of its chapters and articles, with where to read the
authentic text in each language.

Every article is listed, those that carry no obligation too (arts. 1, 65, 68…), so none is
reachable only by typing its address. Three queries (the treaty, its chapters, its articles
with the number of obligations tracked under each), and the footer's check.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from treaty.convention_text import authentic_texts
from treaty.models import Treaty
from treaty.views.asof import with_as_of as parse_as_of
from treaty.views.cache import cached_page
from treaty.views.common import get_or_404, page_context, with_as_of


@cached_page
@parse_as_of
def convention_text(request: HttpRequest, slug: str, *, at: date | None) -> HttpResponse:
    treaty = get_or_404(
        Treaty.objects, _("No treaty has the identifier “%(slug)s”.") % {"slug": slug}, slug=slug
    )
    context = page_context(request, at, treaty=treaty, page_title=_("The Convention's text"))
    chapters = list(treaty.chapters.order_by("number"))
    articles = list(
        treaty.articles.annotate(obligation_count=Count("obligations")).order_by("number")
    )
    by_chapter: dict[int, list[dict[str, object]]] = {c.pk: [] for c in chapters}
    for article in articles:
        by_chapter.setdefault(article.chapter_id, []).append(
            {
                "article": article,
                "url": with_as_of(
                    reverse("treaty:article-detail", args=[treaty.slug, article.number]), at
                ),
            }
        )
    context.update(
        chapters=[
            {"chapter": chapter, "articles": by_chapter.get(chapter.pk, [])} for chapter in chapters
        ],
        chapter_count=len(chapters),
        article_count=len(articles),
        texts=authentic_texts(treaty.slug),
        untc_url=next((url for url in treaty.sources if "treaties.un.org" in url), ""),
    )
    return render(request, "treaty/convention_text.html", context)
