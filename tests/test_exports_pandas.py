"""The exports open as they are in pandas, over HTTP, the way analysts read them."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from tests.factories import make_action, make_assessment
from treaty.exports.writers import csv_cell


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


FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


@pytest.fixture
def formulas(transactional_db, personas, treaty, obligations):
    """Text fields starting like a formula, as a hostile or careless editor might enter them."""
    for number, text in enumerate(FORMULAS, start=1):
        make_action(treaty, personas.outsider, "declaration", date(2026, 1, number), source=text)
    make_assessment(
        personas.outsider, obligations[0], "not_started", as_of=date(2026, 1, 2), notes="=1+1"
    )
    return personas


@pytest.mark.parametrize("export", ["actions.csv", "assessments.csv", "panel-long.csv"])
def test_no_exported_csv_cell_starts_a_formula(live_server, formulas, export):
    """Trust issue, item 5: OWASP's CSV-injection advice, checked on the file as read back."""
    frame = pd.read_csv(
        f"{live_server.url}/api/v1/exports/{export}", dtype=str, keep_default_na=False
    )

    cells = [cell for column in frame.columns for cell in frame[column]]
    assert [cell for cell in cells if cell[:1] in set("=+-@\t\r")] == []
    assert all(not column.startswith(("=", "+", "-", "@")) for column in frame.columns)


def test_formula_like_text_keeps_its_text_behind_the_quote(live_server, formulas):
    frame = pd.read_csv(
        f"{live_server.url}/api/v1/exports/actions.csv?participant=NOR", keep_default_na=False
    )

    assert list(frame["source"]) == ["'" + text for text in FORMULAS]
    assert frame["date"].iloc[0] == "2026-01-01"  # dates are not touched


def test_only_text_is_neutralised_numbers_stay_numbers():
    # Counts and shares are numbers, never prefixed, negative or not; text is, even "-0.5".
    assert csv_cell(-3) == -3
    assert csv_cell(-0.5) == -0.5
    assert csv_cell("-0.5") == "'-0.5"
    assert csv_cell("") == ""
