"""Implementation scorecards: pure functions over obligations and current assessments already
fetched (two queries for any number of participants).

A pair with no published assessment counts as *not assessed*, which is not the same as *not
started*: nobody has looked yet. Obligations assessed *not applicable* leave the denominator.

The joining obligation (art. 64, category "joining") is never assessed by hand: its status is
read from the participant's stage in the depositary record (``joining_status``), so it is not
*an implementation assessment*: a participant (or a category) with no published assessment has
no share at all (None), never 0.0; pages say so rather than drawing zeros.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from treaty.status import Stage

NOT_ASSESSED = "not_assessed"
# The joining obligation of a participant that denounced the treaty.
DENOUNCED = "denounced"
STATUSES = (
    "not_started",
    "in_progress",
    "partial",
    "aligned",
    "not_applicable",
    DENOUNCED,
    NOT_ASSESSED,
)
# Obligations of this category follow the depositary record: joining is a treaty action.
FOLLOWS_RECORD = "joining"
# No action: not started; signed: in progress; an instrument deposited (in force or not):
# done; denounced: shown as such.
JOINING_STATUS = {
    Stage.NONE: "not_started",
    Stage.SIGNATORY: "in_progress",
    Stage.CONSENTED: "aligned",
    Stage.PARTY: "aligned",
    Stage.DENOUNCED: DENOUNCED,
}


def follows_record(category: str) -> bool:
    """Whether an obligation's status comes from the engine, never from an assessment."""
    return category == FOLLOWS_RECORD


def joining_status(stage: Stage | str) -> str:
    """The joining obligation's status for a participant at ``stage``."""
    return JOINING_STATUS[Stage(stage)]


def obligation_status(category: str, assessed: str | None, stage: Stage | str) -> str:
    """A participant's status on one obligation: from its stage for the joining obligation,
    else its published assessment's status, or *not assessed* when there is none."""
    if follows_record(category):
        return joining_status(stage)
    return assessed or NOT_ASSESSED


@dataclass(frozen=True, slots=True)
class ObligationRef:
    id: int
    category: str
    strength: str


@dataclass(frozen=True, slots=True)
class Assessed:
    participant_id: int
    obligation_id: int
    status: str


@dataclass(slots=True)
class CategoryScore:
    """One category's obligations for one participant, counted by status."""

    category: str
    total: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    mandatory: int = 0
    mandatory_aligned: int = 0

    @property
    def applicable(self) -> int:
        return self.total - self.by_status["not_applicable"]

    @property
    def aligned(self) -> int:
        return self.by_status["aligned"]

    @property
    def assessed(self) -> int:
        """Obligations with a published implementation assessment (the joining obligation,
        read from the depositary record, is never one)."""
        if follows_record(self.category):
            return 0
        return self.total - self.by_status[NOT_ASSESSED]

    @property
    def has_assessment(self) -> bool:
        """Whether any figure of this category rests on a published assessment (or, for the
        joining category, on the depositary record)."""
        return follows_record(self.category) or self.assessed > 0

    @property
    def aligned_share(self) -> float | None:
        """Aligned obligations over applicable ones; None when nothing applies or nothing is
        assessed."""
        if not self.has_assessment:
            return None
        return self.aligned / self.applicable if self.applicable else None


@dataclass(slots=True)
class Scorecard:
    participant_id: int
    categories: dict[str, CategoryScore]

    @property
    def mandatory(self) -> int:
        return sum(c.mandatory for c in self.categories.values())

    @property
    def mandatory_aligned(self) -> int:
        return sum(c.mandatory_aligned for c in self.categories.values())

    @property
    def mandatory_aligned_share(self) -> float | None:
        """Aligned mandatory obligations over applicable ones; None when nothing applies or
        no implementation assessment is published (the joining obligation alone is no
        measure of implementation)."""
        if not self.implementation_assessed:
            return None
        return self.mandatory_aligned / self.mandatory if self.mandatory else None

    @property
    def assessed(self) -> int:
        """Obligations with a known status, the joining obligation (from the record) included."""
        return sum(c.total - c.by_status[NOT_ASSESSED] for c in self.categories.values())

    @property
    def implementation_assessed(self) -> int:
        """Obligations with a published implementation assessment (joining excluded)."""
        return sum(c.assessed for c in self.categories.values())


def scorecards(
    obligations: Iterable[ObligationRef],
    assessments: Iterable[Assessed],
    participant_ids: Iterable[int],
    *,
    stages: Mapping[int, Stage | str],
) -> dict[int, Scorecard]:
    """Every participant's scorecard by category, in one pass over the rows. ``stages`` (by
    participant id; a participant missing took no action) gives the joining obligation's
    status."""
    # What each obligation contributes, read once rather than per pair (a list of 200
    # participants is 12,672 pairs): its id, category, whether mandatory and whether it follows
    # the record. The statuses are ``obligation_status``'s, with the joining status computed once
    # per participant.
    refs = [
        (ob.id, ob.category, ob.strength == "mandatory", follows_record(ob.category))
        for ob in obligations
    ]
    any_record = any(record for *_rest, record in refs)
    status_of: dict[tuple[int, int], str] = {
        (a.participant_id, a.obligation_id): a.status for a in assessments
    }
    result: dict[int, Scorecard] = {}
    for pid in participant_ids:
        joining = joining_status(stages.get(pid, Stage.NONE)) if any_record else NOT_ASSESSED
        categories: dict[str, CategoryScore] = {}
        for ob_id, category, mandatory, record in refs:
            score = categories.get(category)
            if score is None:
                score = categories[category] = CategoryScore(category)
            status = joining if record else (status_of.get((pid, ob_id)) or NOT_ASSESSED)
            score.total += 1
            score.by_status[status] += 1
            if mandatory and status != "not_applicable":
                score.mandatory += 1
                score.mandatory_aligned += status == "aligned"
        result[pid] = Scorecard(pid, categories)
    return result


def category_totals(cards: Iterable[Scorecard]) -> dict[str, CategoryScore]:
    """Scores summed over participants: the dashboard's progress by category."""
    totals: dict[str, CategoryScore] = defaultdict(lambda: CategoryScore(""))
    for card in cards:
        for category, score in card.categories.items():
            total = totals[category]
            total.category = category
            total.total += score.total
            total.by_status.update(score.by_status)
            total.mandatory += score.mandatory
            total.mandatory_aligned += score.mandatory_aligned
    return dict(totals)
