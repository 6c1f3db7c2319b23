"""Translated content: which model fields have one column per UN language.

django-modeltranslation adds ``title_en``, ``title_fr``, ``title_es``, ``title_ar``, ``title_ru``
and ``title_zh_hans`` next to ``title``; reading ``obj.title`` gives the active language's text,
or the English one where it has none (``MODELTRANSLATION_FALLBACK_LANGUAGES``). The texts come
from ``data/translations/<lang>.csv`` through the fixtures (``treaty/fixture_rows/translations.py``).

The audit history of these models is registered here, after their translated fields: a
``HistoricalRecords`` declared in the model class builds its historical model as soon as the class
exists, before these columns are added, and would then record none of them.
"""

from __future__ import annotations

from typing import Any

import simple_history
from django.db.models import Model
from django.db.models.signals import pre_save
from modeltranslation.translator import TranslationOptions, translator

from treaty.models import Article, Chapter, Group, Obligation, Participant, Treaty


class Translated(TranslationOptions):
    # An empty text is no translation (a blank admin input, a column filled before this
    # library): English shows instead, as for null.
    fallback_undefined = ""


class TreatyTranslation(Translated):
    fields = ("title", "short_title")


class ChapterTranslation(Translated):
    fields = ("title",)


class ArticleTranslation(Translated):
    fields = ("title",)


class ObligationTranslation(Translated):
    fields = ("title", "description")


class ParticipantTranslation(Translated):
    fields = ("name", "formal_name")


translator.register(Treaty, TreatyTranslation)
translator.register(Chapter, ChapterTranslation)
translator.register(Article, ArticleTranslation)
translator.register(Obligation, ObligationTranslation)
translator.register(Participant, ParticipantTranslation)


class GroupTranslation(Translated):
    fields = ("name",)


# A group has no audit history: it is reference data, rebuilt from data/groups.csv.
translator.register(Group, GroupTranslation)


def keep_english_in_the_original_column(
    sender: type[Model], instance: Model, **kwargs: Any
) -> None:
    """The untranslated column (``title``, ``name``) always holds the English text, whatever
    language the writer worked in: the length constraints, the admin's searches and orderings
    across relations (``participant__name``) and raw SQL read it."""
    for field in translator.get_options_for_model(sender).all_fields:
        english = getattr(instance, f"{field}_en", None)
        if english not in (None, ""):
            instance.__dict__[field] = english


for _model in (Treaty, Chapter, Article, Obligation, Participant, Group):
    pre_save.connect(
        keep_english_in_the_original_column, sender=_model, dispatch_uid=f"mt-en-{_model.__name__}"
    )

# The history of the translated models, with every language's column (see above).
simple_history.register(Treaty)
simple_history.register(Chapter)
simple_history.register(Article)
simple_history.register(Obligation, m2m_fields=["articles"])
simple_history.register(Participant, excluded_fields=["name_pattern"], m2m_fields=["members"])
