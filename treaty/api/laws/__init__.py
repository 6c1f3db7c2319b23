"""Domestic law in the API, one module per resource: ``laws``, ``provisions``, ``mappings``
(provision → article or obligation) and ``indicator-values`` (outside indicators, with their
attribution).

Reads: the public sees published records (a mapping only when its provision and its law are
published too); editors also see drafts. Every list takes ``as_of`` and runs a fixed number of
queries. Writes go through the services under the rules of ``treaty.permissions``, exactly as
assessments: POST records a draft, PATCH corrects with the ``version`` read, and the review
steps (``submit/``, ``verify/``, ``return/``, ``withdraw/``) are the same routes.
"""

from treaty.api.laws.common import public_mapping_exists
from treaty.api.laws.indicators import IndicatorValueFilter, IndicatorValueViewSet
from treaty.api.laws.laws import LawFilter, LawViewSet
from treaty.api.laws.mappings import MappingFilter, MappingViewSet
from treaty.api.laws.provisions import ProvisionFilter, ProvisionViewSet

__all__ = [
    "IndicatorValueFilter",
    "IndicatorValueViewSet",
    "LawFilter",
    "LawViewSet",
    "MappingFilter",
    "MappingViewSet",
    "ProvisionFilter",
    "ProvisionViewSet",
    "public_mapping_exists",
]
