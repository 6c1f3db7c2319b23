"""Management commands that `make run` relies on."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from treaty.models import DepositaryCount, Participant, TreatyAction


@pytest.mark.django_db
def test_loading_the_reference_data_twice_changes_nothing_and_starts_the_history():
    first = call_command("load_reference_data")
    assert first == (
        "Reference data: 1 treaty, 198 participants, 74 published treaty actions, "
        "2 depositary counts.\n"
        "UNCTAD Global Cyberlaw Tracker (2026-03-05): 195 indicator values, 214 laws (1 listed "
        "twice); 0 rows skipped (M49 code of no participant).\n"
        "This project's own sourced laws (data/laws.csv): 1."
    )
    counts = (
        TreatyAction.objects.count(),
        TreatyAction.history.count(),
        Participant.history.count(),
        DepositaryCount.objects.count(),
        DepositaryCount.history.count(),
    )
    assert counts == (74, 74, 198, 2, 2)

    assert call_command("load_reference_data") == first
    assert (
        TreatyAction.objects.count(),
        TreatyAction.history.count(),
        Participant.history.count(),
        DepositaryCount.objects.count(),
        DepositaryCount.history.count(),
    ) == counts
