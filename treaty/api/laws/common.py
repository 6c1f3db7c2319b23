"""What the domestic-law resources share: the published-mapping test (the domain's), the help of the
review-state filter and the rules their documentation repeats."""

from __future__ import annotations

from treaty.models.laws import public_mapping_exists as public_mapping_exists

REVIEW_STATE_HELP = "For editors: review states, separated by commas (the public sees verified)."


REVIEWED_RULES = (
    " Written like assessments: a POST records a draft (`publish` is refused), a reviewer "
    "verifies it; `as_of` reads the record as it stood on that day."
)
