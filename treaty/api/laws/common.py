"""What the domestic-law resources share: the published-mapping test (the domain's) and the
rules their documentation repeats (their FilterSets are in ``treaty.filtersets.laws``)."""

from __future__ import annotations

from treaty.models.laws import public_mapping_exists as public_mapping_exists

REVIEWED_RULES = (
    " Written like assessments: a POST records a draft (`publish` is refused), a reviewer "
    "verifies it; `as_of` reads the record as it stood on that day."
)
