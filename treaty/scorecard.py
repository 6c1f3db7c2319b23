"""Implementation scorecards: pure functions over obligations and current assessments already
fetched (two queries for any number of participants).

A pair with no published assessment counts as *not assessed*, which is not the same as *not
started*: nobody has looked yet. Obligations assessed *not applicable* leave the denominator.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

NOT_ASSESSED = "not_assessed"
STATUSES = ("not_started", "in_progress", "partial", "aligned", "not_applicable", NOT_ASSESSED)


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
    def aligned_share(self) -> float | None:
        """Aligned obligations over applicable ones; None when nothing applies."""
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
        return self.mandatory_aligned / self.mandatory if self.mandatory else None

    @property
    def assessed(self) -> int:
        return sum(c.total - c.by_status[NOT_ASSESSED] for c in self.categories.values())


def scorecards(
    obligations: Iterable[ObligationRef],
    assessments: Iterable[Assessed],
    participant_ids: Iterable[int],
) -> dict[int, Scorecard]:
    """Every participant's scorecard by category, in one pass over the rows."""
    obligations = list(obligations)
    status_of: dict[tuple[int, int], str] = {
        (a.participant_id, a.obligation_id): a.status for a in assessments
    }
    result: dict[int, Scorecard] = {}
    for pid in participant_ids:
        categories: dict[str, CategoryScore] = {}
        for ob in obligations:
            score = categories.setdefault(ob.category, CategoryScore(ob.category))
            status = status_of.get((pid, ob.id), NOT_ASSESSED)
            score.total += 1
            score.by_status[status] += 1
            if ob.strength == "mandatory" and status != "not_applicable":
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
