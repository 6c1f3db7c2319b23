"""Scorecards are pure functions over rows already fetched: no database here.

Catalogue used throughout: three domain-law obligations (1 and 2 mandatory, 3 optional) and two
training obligations (4 mandatory, 5 endeavour). Participants 10 and 20.
"""

from __future__ import annotations

import pytest

from treaty.scorecard import (
    NOT_ASSESSED,
    Assessed,
    CategoryScore,
    ObligationRef,
    category_totals,
    scorecards,
)

LAW = "domestic_law"
TRAINING = "training"
CATALOGUE = [
    ObligationRef(1, LAW, "mandatory"),
    ObligationRef(2, LAW, "mandatory"),
    ObligationRef(3, LAW, "optional"),
    ObligationRef(4, TRAINING, "mandatory"),
    ObligationRef(5, TRAINING, "endeavour"),
]


def card(statuses: dict[int, str], participant: int = 10):
    """The scorecard of one participant assessed ``{obligation id: status}``."""
    rows = [Assessed(participant, ob, status) for ob, status in statuses.items()]
    return scorecards(CATALOGUE, rows, [participant], stages={})[participant]


def test_an_obligation_nobody_assessed_is_not_assessed_rather_than_not_started():
    law = card({1: "not_started"}).categories[LAW]

    assert law.by_status == {"not_started": 1, NOT_ASSESSED: 2}
    assert law.total == 3


def test_a_participant_with_no_assessment_has_a_card_with_everything_not_assessed():
    empty = card({})

    assert empty.assessed == 0
    assert {c: s.by_status[NOT_ASSESSED] for c, s in empty.categories.items()} == {
        LAW: 3,
        TRAINING: 2,
    }
    assert empty.mandatory == 3
    # Nothing assessed: no share at all, rather than 0.0.
    assert empty.implementation_assessed == 0
    assert empty.mandatory_aligned_share is None
    assert {c: s.aligned_share for c, s in empty.categories.items()} == {LAW: None, TRAINING: None}


def test_one_assessment_gives_a_share_and_a_category_without_one_stays_empty():
    one = card({1: "not_started"})

    assert one.implementation_assessed == 1
    assert one.mandatory_aligned_share == 0
    assert one.categories[LAW].aligned_share == 0
    assert one.categories[TRAINING].aligned_share is None


def test_the_joining_obligation_alone_is_no_implementation_assessment():
    catalogue = [*CATALOGUE, ObligationRef(9, "joining", "mandatory")]

    party = scorecards(catalogue, [], [10], stages={10: "party"})[10]

    assert party.mandatory_aligned == 1
    assert party.implementation_assessed == 0
    assert party.mandatory_aligned_share is None
    assert party.categories["joining"].aligned_share == 1


def test_assessed_counts_every_status_but_not_assessed():
    assert card({1: "not_started", 2: "not_applicable", 4: "aligned"}).assessed == 3


def test_not_applicable_leaves_the_denominator():
    law = card({1: "aligned", 2: "not_applicable", 3: "in_progress"}).categories[LAW]

    assert law.applicable == 2
    assert law.aligned_share == pytest.approx(1 / 2)


def test_not_assessed_stays_in_the_denominator():
    law = card({1: "aligned"}).categories[LAW]

    assert law.applicable == 3
    assert law.aligned_share == pytest.approx(1 / 3)


def test_a_category_where_nothing_applies_has_no_share_rather_than_zero():
    training = card({4: "not_applicable", 5: "not_applicable"}).categories[TRAINING]

    assert training.applicable == 0
    assert training.aligned_share is None


def test_partial_alignment_is_not_counted_as_aligned():
    law = card({1: "partial", 2: "aligned"}).categories[LAW]

    assert law.aligned == 1
    assert law.by_status["partial"] == 1


def test_mandatory_aligned_share_counts_only_mandatory_obligations():
    # Optional 3 and endeavour 5 are aligned but do not count; of mandatory 1, 2 and 4 one is.
    scores = card({1: "aligned", 2: "in_progress", 3: "aligned", 4: "partial", 5: "aligned"})

    assert (scores.mandatory, scores.mandatory_aligned) == (3, 1)
    assert scores.mandatory_aligned_share == pytest.approx(1 / 3)


def test_a_mandatory_obligation_not_applicable_leaves_the_mandatory_denominator():
    scores = card({1: "aligned", 2: "not_applicable", 4: "aligned"})

    assert (scores.mandatory, scores.mandatory_aligned) == (2, 2)
    assert scores.mandatory_aligned_share == 1
    assert scores.categories[LAW].mandatory == 1


def test_mandatory_aligned_share_is_none_when_no_mandatory_obligation_applies():
    scores = card({1: "not_applicable", 2: "not_applicable", 4: "not_applicable"})

    assert scores.mandatory == 0
    assert scores.mandatory_aligned_share is None


def test_each_participant_gets_its_own_assessments_only():
    rows = [Assessed(10, 1, "aligned"), Assessed(20, 1, "not_started"), Assessed(30, 1, "aligned")]

    cards = scorecards(CATALOGUE, rows, [10, 20], stages={})

    assert set(cards) == {10, 20}
    assert cards[10].categories[LAW].by_status["aligned"] == 1
    assert cards[20].categories[LAW].by_status == {"not_started": 1, NOT_ASSESSED: 2}


def test_scorecards_accept_one_pass_iterators():
    cards = scorecards(
        iter(CATALOGUE), iter([Assessed(10, 4, "aligned")]), iter([10, 20]), stages={}
    )

    assert cards[10].categories[TRAINING].aligned == 1
    assert cards[20].categories[TRAINING].aligned == 0


def test_category_totals_sum_every_participants_scores():
    cards = scorecards(
        CATALOGUE,
        [
            Assessed(10, 1, "aligned"),
            Assessed(10, 2, "not_applicable"),
            Assessed(20, 1, "aligned"),
            Assessed(20, 4, "aligned"),
        ],
        [10, 20],
        stages={},
    )

    totals = category_totals(cards.values())

    assert set(totals) == {LAW, TRAINING}
    law, training = totals[LAW], totals[TRAINING]
    assert (law.category, law.total, law.applicable) == (LAW, 6, 5)
    assert law.by_status == {"aligned": 2, "not_applicable": 1, NOT_ASSESSED: 3}
    assert (law.mandatory, law.mandatory_aligned) == (3, 2)
    assert law.aligned_share == pytest.approx(2 / 5)
    assert (training.category, training.total, training.aligned) == (TRAINING, 4, 1)
    assert (training.mandatory, training.mandatory_aligned) == (2, 1)


def test_category_totals_leave_the_participants_cards_unchanged():
    cards = scorecards(CATALOGUE, [Assessed(10, 1, "aligned")], [10, 20], stages={})

    category_totals(cards.values())
    category_totals(cards.values())

    assert cards[10].categories[LAW].total == 3
    assert cards[10].categories[LAW].by_status["aligned"] == 1


def test_category_totals_of_no_cards_are_empty():
    assert category_totals([]) == {}


def test_a_category_score_starts_empty():
    score = CategoryScore(LAW)

    assert (score.total, score.applicable, score.aligned, score.aligned_share) == (0, 0, 0, None)


# --- The joining obligation follows the depositary record (art. 64) -----------------------------

JOINING = [ObligationRef(9, "joining", "optional"), *CATALOGUE]


@pytest.mark.parametrize(
    ("stage", "status"),
    [
        ("none", "not_started"),
        ("signatory", "in_progress"),
        ("consented", "aligned"),
        ("party", "aligned"),
        ("denounced", "denounced"),
    ],
)
def test_the_joining_obligation_takes_its_status_from_the_stage_never_from_an_assessment(
    stage, status
):
    # An assessment of the joining obligation (which the model refuses) would change nothing.
    rows = [Assessed(10, 9, "not_applicable")]

    joining = scorecards(JOINING, rows, [10], stages={10: stage})[10].categories["joining"]

    assert joining.by_status == {status: 1}


def test_a_participant_without_a_stage_has_not_started_joining_rather_than_not_assessed():
    joining = scorecards(JOINING, [], [10, 20], stages={10: "signatory"})[20].categories["joining"]

    assert joining.by_status == {"not_started": 1}
