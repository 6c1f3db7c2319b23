"""What the domestic-law resources share: the published-mapping test, the help of the
review-state filter and the rules their documentation repeats."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from treaty.models import ProvisionMapping


def public_mapping_exists(provision_path: str) -> Exists:
    """Whether the row has a public mapping (``provision_path`` leads from a mapping to the
    row: "provision" for a provision, "provision__law" for a law)."""
    return Exists(
        ProvisionMapping.objects.public().filter(**{provision_path: OuterRef("pk")}).order_by()
    )


REVIEW_STATE_HELP = "For editors: review states, separated by commas (the public sees verified)."


REVIEWED_RULES = (
    " Written like assessments: a POST records a draft (`publish` is refused), a reviewer "
    "verifies it; `as_of` reads the record as it stood on that day."
)
