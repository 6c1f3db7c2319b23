"""The domestic steps' rows, from domestic-steps.csv."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from treaty.fixture_rows.sources import TREATY_SLUG, FixtureDataError, published_review, source_url
from treaty.models import DomesticStepKind


def domestic_step_rows(
    convention: Mapping[str, Any], steps: Iterable[Mapping[str, str]], compiled_at: str
) -> list[dict[str, Any]]:
    """One published domestic step per row of domestic-steps.csv (participant, iso3, step,
    date, source; optional date_earliest for a step known only within a range).

    Like the signatures, the rows were checked against their sources when the data were
    compiled: verified at ``compiled_at``, in their first version.
    """
    adopted = date.fromisoformat(convention["treaty"]["adopted_on"])
    rows: dict[tuple[str, str, str], dict[str, Any]] = {}
    for line, row in enumerate(steps, start=2):
        where = f"domestic-steps.csv line {line}"
        step = row.get("step", "")
        if step not in DomesticStepKind.values:
            raise FixtureDataError(
                f"{where}: unknown step {step!r} (expected one of "
                f"{', '.join(DomesticStepKind.values)})."
            )
        try:
            on = date.fromisoformat(row.get("date", ""))
            earliest = (
                date.fromisoformat(row["date_earliest"]) if row.get("date_earliest") else None
            )
        except ValueError as exc:
            raise FixtureDataError(f"{where}: a date is not YYYY-MM-DD ({exc}).") from exc
        if on < adopted:
            raise FixtureDataError(
                f"{where}: {row['participant']}'s step on {on} comes before the Convention's "
                f"adoption ({adopted})."
            )
        if earliest is not None and earliest >= on:
            raise FixtureDataError(
                f"{where}: date_earliest {earliest} must come before date {on} (the latest "
                "possible day); for an exact day leave it empty."
            )
        if not row.get("source", "").strip():
            raise FixtureDataError(f"{where}: every row needs its source.")
        if not re.fullmatch(r"[A-Z]{3}", row.get("iso3", "")):
            raise FixtureDataError(f"{where}: iso3 {row.get('iso3')!r} is not an alpha-3 code.")
        key = (row["iso3"], step, on.isoformat())
        if key in rows:
            raise FixtureDataError(f"{where}: {key} appears twice.")
        rows[key] = {
            "model": "treaty.domesticstep",
            "fields": {
                "treaty": [TREATY_SLUG],
                "participant": [row["iso3"]],
                "step": step,
                "date": on.isoformat(),
                "date_earliest": earliest.isoformat() if earliest else None,
                "source": row["source"],
                "source_url": source_url(row["source"], ""),
                "note": "",
                **published_review(compiled_at),
            },
        }
    return [rows[key] for key in sorted(rows)]
