"""The methodology page: how obligations are classified, where the data come from, how records
are reviewed, how uncertain dates are shown, the data licence and how to cite.

Every figure on it is read from the record or the code, never typed: the number of obligations
of each strength and category (one query), the entry-into-force rule of the treaty (its row),
the review states (``ReviewState``), the wording of a range of days (``treaty.days``) and where
the translated titles and names come from (``treaty.content_translations``).
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from treaty.content_translations import source_counts
from treaty.days import day_text
from treaty.models import ObligationCategory, ObligationStrength, ReviewState, Treaty
from treaty.views.cache import cached_page
from treaty.views.common import page_context

# Two ranges of days as the data hold them (data/signatures-undated.csv): six Hanoi signatures
# on 25 or 26 October 2025, Canada's some day in July 2026.
RANGE_EXAMPLES = [
    (date(2025, 10, 25), date(2025, 10, 26)),
    (date(2026, 7, 1), date(2026, 7, 31)),
]
DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


@cached_page
def methodology(request: HttpRequest) -> HttpResponse:
    """Two queries: the treaty and its obligations' categories and strengths."""
    treaty = Treaty.objects.filter(slug=settings.TRACKER_DEFAULT_TREATY).first()
    pairs = list(treaty.obligations.values_list("category", "strength")) if treaty else []
    by_strength = Counter(strength for _category, strength in pairs)
    by_category = Counter(category for category, _strength in pairs)
    context = page_context(
        request,
        None,
        treaty=treaty,
        page_title=_("Methodology"),
        obligation_count=len(pairs),
        strengths=[
            (value, label, by_strength[value]) for value, label in ObligationStrength.choices
        ],
        categories=[
            (value, label, by_category[value]) for value, label in ObligationCategory.choices
        ],
        review_states=ReviewState.choices,
        range_examples=[day_text(on, earliest) for earliest, on in RANGE_EXAMPLES],
        licence_url=DATA_LICENCE_URL,
        translation_sources=[
            (get_language_info(count.language)["name_local"], count.language, count)
            for count in source_counts()
        ],
    )
    return render(request, "treaty/methodology.html", context)
