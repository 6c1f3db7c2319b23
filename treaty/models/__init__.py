"""The treaty domain: what the depositary records and what participants implement."""

from treaty.models.actions import ActionKind, TreatyAction
from treaty.models.domestic import DomesticStep, DomesticStepKind
from treaty.models.editorial import FocalPoint
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
    "DomesticStep",
    "DomesticStepKind",
    "FocalPoint",
    "Obligation",
    "ObligationCategory",
    "ObligationProgress",
    "ObligationStrength",
    "Participant",
    "ParticipantName",
    "ProgressStatus",
    "ReviewState",
    "Treaty",
    "TreatyAction",
    "normalize_name",
]
