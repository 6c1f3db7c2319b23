"""generate_scale_data: synthetic benchmark data, marked as such, kept apart from real data."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Max, Q

from tests.factories import make_assessment, make_obligation, make_participant, make_treaty
from treaty.management.commands.generate_scale_data import MARK
from treaty.models import ObligationProgress, TreatyAction

# The command adds a synthetic protocol with five obligations of its own.
PROTOCOL_OBLIGATIONS = 5


@pytest.fixture
def reference(db):
    """A convention with two obligations and four participants (the command takes three)."""
    treaty = make_treaty(slug="un-cybercrime-convention")
    obligations = [make_obligation(treaty), make_obligation(treaty)]
    participants = sorted(
        (make_participant() for _ in range(4)), key=lambda participant: participant.iso3
    )
    return treaty, obligations, participants


def generate(**options: object) -> str:
    return call_command("generate_scale_data", stdout=StringIO(), stderr=StringIO(), **options)


def test_scale_data_writes_marked_assessments_for_every_pair(reference):
    _treaty, obligations, participants = reference

    summary = generate(participants=3, assessments=2)

    pairs = 3 * (len(obligations) + PROTOCOL_OBLIGATIONS)
    assert f"3 participants, {pairs * 2:,} assessments" in summary
    rows = ObligationProgress.objects.all()
    assert rows.count() == pairs * 2
    assert set(rows.values_list("assessed_by", flat=True)) == {MARK}
    assert set(rows.values_list("participant", flat=True)) == {p.pk for p in participants[:3]}
    assert set(TreatyAction.objects.values_list("source", flat=True)) == {MARK}


def test_scale_data_flags_the_latest_assessment_of_each_pair_current(reference):
    generate(participants=3, assessments=2)

    per_pair = ObligationProgress.objects.values("participant", "obligation").annotate(
        current=Count("pk", filter=Q(is_current=True)), latest=Max("as_of")
    )
    assert {row["current"] for row in per_pair} == {1}
    current = ObligationProgress.objects.current()
    assert current.count() == len(per_pair)
    latest = {(row["participant"], row["obligation"]): row["latest"] for row in per_pair}
    for participant, obligation, as_of in current.values_list("participant", "obligation", "as_of"):
        assert as_of == latest[participant, obligation]
    # Rows written by the cursor read back as the ORM would have written them.
    for row in ObligationProgress.objects.all()[:5]:
        row.full_clean()


def test_scale_data_refuses_a_database_with_real_assessments(reference):
    _treaty, obligations, participants = reference
    make_assessment(participants[0], obligations[0])

    with pytest.raises(CommandError, match="scratch database"):
        generate(participants=3, assessments=2)

    assert not ObligationProgress.objects.filter(assessed_by=MARK).exists()
    assert not TreatyAction.objects.filter(source=MARK).exists()
