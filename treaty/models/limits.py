"""How long free text may be, and the named constraints that hold it on every database.

A ``TextField`` has no length limit in SQLite or PostgreSQL: without one, a 5 MB note is
accepted, and a limit checked only by forms would let a bulk load put on one database what the
other refuses. So each text field has a maximum, checked three times with one message: by the
model's validator (``full_clean()``: admin, API, imports), by the API's serializers (from the
same number), and by a named ``CheckConstraint`` ``<model>_<field>_max_length`` on
``LENGTH(field)``, which SQLite and PostgreSQL both count in characters. A backup therefore
restores on either.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

from treaty.models.translated import translated_columns

# The limits, in characters. Generous for real use, far below what would strain a page.
TITLE_MAX = 1_000  # a treaty's full title (the Convention's: 255)
PLACES_MAX = 1_000  # where a treaty is open for signature
ARTICLE_TEXT_MAX = 50_000  # the text of one article
DESCRIPTION_MAX = 2_000  # an obligation in one or two plain sentences
DECLARATION_MAX = 20_000  # the text of a declaration, reservation or notification
NOTES_MAX = 5_000  # an assessment's notes
COMMENT_MAX = 2_000  # a reviewer's comment, a withdrawal's reason
TREATY_TEXT_LIMITS = {"title": TITLE_MAX, "signature_places": PLACES_MAX}

# The review fields every reviewed model carries (treaty.models.review).
REVIEW_TEXT_LIMITS = {"review_comment": COMMENT_MAX, "withdrawn_reason": COMMENT_MAX}


def bounded_text(limit: int, **kwargs: Any) -> models.TextField:
    """A ``TextField`` of at most ``limit`` characters: the model validates it, forms and the
    API read ``max_length``. Add its ``text_limits`` constraint to the model's Meta."""
    return models.TextField(max_length=limit, validators=[MaxLengthValidator(limit)], **kwargs)


def text_limits(
    prefix: str, limits: dict[str, int], translated: tuple[str, ...] = ()
) -> list[models.CheckConstraint]:
    """The named constraints ``<prefix>_<field>_max_length`` for ``limits`` (field → limit).
    A ``translated`` field (treaty/translation.py) has one column per language: its one
    constraint holds every one of them."""

    def condition(field: str) -> Any:
        columns = translated_columns(field) if field in translated else [field]
        checks = [LessThanOrEqual(Length(column), limits[field]) for column in columns]
        return checks[0] if len(checks) == 1 else Q(*checks)

    return [
        models.CheckConstraint(
            condition=condition(field),
            name=f"{prefix}_{field}_max_length",
            violation_error_message=f"{field} holds at most {limit:,} characters: shorten it.",
        )
        for field, limit in limits.items()
    ]
