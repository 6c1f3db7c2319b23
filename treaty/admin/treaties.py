"""Admin for the treaty and its structure: chapters, articles, obligations."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from treaty.admin.defaults import DefaultTreatyMixin
from treaty.admin.history import HistoryAdmin
from treaty.models import Article, Chapter, Obligation, Treaty

# The translated fields (treaty/translation.py) are edited through django-modeltranslation's
# TranslationAdmin: each shows as one input per language ("title [en]", "title [fr]"…), side by
# side where the field was (its tabbed variant loads jQuery UI from a CDN, which the site's
# Content-Security-Policy refuses).


class NoDeleteMixin:
    """The structure is referenced with PROTECT from every record: deleting fails anyway, so the
    admin does not offer it."""

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Treaty)
class TreatyAdmin(NoDeleteMixin, TranslationAdmin, HistoryAdmin):
    list_display = [
        "short_title",
        "depositary_reference",
        "adopted_on",
        "signature_opens_on",
        "signature_closes_on",
        "instruments_required",
        "parent",
    ]
    list_filter = [("parent", admin.EmptyFieldListFilter)]
    list_select_related = ("parent",)
    search_fields = ["slug", "short_title", "title", "also_known_as", "depositary_reference"]
    autocomplete_fields = ["parent"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "slug",
                    "short_title",
                    "title",
                    "also_known_as",
                    "depositary_reference",
                    "parent",
                ]
            },
        ),
        (_("Adoption"), {"fields": ["adopted_on", "adopted_at", "adopted_by", "depositary"]}),
        (
            _("Signature"),
            {
                "fields": [
                    "opening_notification",
                    "signature_opens_on",
                    "signature_closes_on",
                    "signature_places",
                ]
            },
        ),
        (
            _("Entry into force"),
            {
                "fields": [
                    "instruments_required",
                    "days_after_threshold",
                    "days_after_later_instrument",
                    "reio_instrument_counts",
                ]
            },
        ),
        (_("Sources"), {"fields": ["sources"]}),
    ]


@admin.register(Chapter)
class ChapterAdmin(NoDeleteMixin, DefaultTreatyMixin, TranslationAdmin):
    list_display = ["__str__", "number", "treaty"]
    list_filter = ["treaty"]
    list_select_related = ("treaty",)
    search_fields = ["title", "numeral", "treaty__short_title"]
    autocomplete_fields = ["treaty"]


@admin.register(Article)
class ArticleAdmin(NoDeleteMixin, DefaultTreatyMixin, TranslationAdmin):
    list_display = ["number", "title", "chapter", "treaty"]
    list_display_links = ["number", "title"]
    list_filter = ["treaty", "chapter"]
    list_select_related = ("treaty", "chapter")
    search_fields = ["title", "=number", "text"]
    autocomplete_fields = ["treaty", "chapter"]


@admin.register(Obligation)
class ObligationAdmin(NoDeleteMixin, TranslationAdmin, HistoryAdmin):
    list_display = ["code", "title", "category", "strength", "article_numbers", "treaty"]
    list_display_links = ["code", "title"]
    list_filter = ["treaty", "category", "strength"]
    list_select_related = ("treaty",)
    search_fields = ["code", "title", "description"]
    autocomplete_fields = ["treaty", "articles"]

    def get_queryset(self, request: HttpRequest) -> Any:
        # One query for the articles of the whole page, not one per row.
        return super().get_queryset(request).prefetch_related("articles")

    @admin.display(description=_("articles"))
    def article_numbers(self, obj: Obligation) -> str:
        return ", ".join(str(article.number) for article in obj.articles.all())
