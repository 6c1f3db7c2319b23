"""The exports open as they are in pandas, over HTTP, the way analysts read them."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from tests.factories import make_action, make_assessment


@pytest.fixture
def story(transactional_db, personas, treaty, obligations):
    make_action(treaty, personas.signatory, "approval", date(2026, 4, 1))
    make_assessment(personas.signatory, obligations[2], "not_started", as_of=date(2026, 3, 1))
    return personas


def test_pandas_reads_the_participants_export_with_iso_dates(live_server, story):
    frame = pd.read_csv(
        f"{live_server.url}/api/v1/exports/participants.csv",
        parse_dates=["signed_on", "instrument_on"],
        keep_default_na=False,
        na_values=[""],
    )
    assert list(frame["iso3"]) == sorted(frame["iso3"])
    france = frame.set_index("iso3").loc["FRA"]
    assert france["instrument_kind"] == "approval"
    assert france["instrument_on"] == pd.Timestamp("2026-04-01")
    assert france["signed_on"] == pd.Timestamp("2025-10-25")
    assert "NOR" in set(frame["iso3"])  # every participant, with its stage
    assert frame.set_index("iso3").loc["NOR", "stage"] == "none"


def test_pandas_reads_filtered_assessments_as_of_a_date(live_server, story):
    frame = pd.read_csv(
        f"{live_server.url}/api/v1/exports/assessments.csv?participant=VNM,FRA&as_of=2026-03-15",
        parse_dates=["as_of"],
    )
    assert len(frame) == 3
    assert set(frame["status"]) == {"aligned", "in_progress", "not_started"}
    assert frame["as_of"].max() <= pd.Timestamp("2026-03-15")


def test_pandas_reads_the_json_export(live_server, story):
    frame = pd.read_json(f"{live_server.url}/api/v1/exports/actions.json?participant=FRA")
    assert list(frame["kind"]) == ["signature", "approval"]
