"""The treaty domain: what the depositary records and what participants implement."""

from treaty.models.actions import ActionKind, DatePrecision, SourceKind, TreatyAction
from treaty.models.depositary import DepositaryCount
from treaty.models.domestic import DomesticStep, DomesticStepKind
from treaty.models.editorial import FocalPoint
from treaty.models.groups import Group
from treaty.models.laws import (
    IndicatorValue,
    Law,
    LawKind,
    LawStatus,
    MappingRelation,
    OutsideIndicator,
    Provision,
    ProvisionMapping,
)
from treaty.models.participants import Participant, ParticipantName, normalize_name
from treaty.models.progress import ObligationProgress, ProgressStatus
from treaty.models.review import ReviewState
from treaty.models.treaties import (
    Article,
    Chapter,
    Obligation,
    ObligationCategory,
    ObligationStrength,
    Treaty,
)

__all__ = [
    "ActionKind",
    "Article",
    "Chapter",
    "DatePrecision",
    "DepositaryCount",
    "DomesticStep",
    "DomesticStepKind",
    "FocalPoint",
    "Group",
    "IndicatorValue",
    "Law",
    "LawKind",
    "LawStatus",
    "MappingRelation",
    "Obligation",
    "OutsideIndicator",
    "ObligationCategory",
    "ObligationProgress",
    "ObligationStrength",
    "Participant",
    "ParticipantName",
    "ProgressStatus",
    "Provision",
    "ProvisionMapping",
    "ReviewState",
    "SourceKind",
    "Treaty",
    "TreatyAction",
    "normalize_name",
]
