"""The depositary record's rows: the signatures (and other treaty actions) and the depositary's
counts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from treaty.fixture_rows.participants import EU_ISO3
from treaty.fixture_rows.sources import (
    TREATY_SLUG,
    FixtureDataError,
    published_review,
    read_day,
    source_kind,
    source_url,
)
from treaty.models import ActionKind


def signature_rows(
    convention: Mapping[str, Any],
    signatures: Iterable[Mapping[str, str]],
    compiled_at: str,
    undated: Iterable[Mapping[str, str]] = (),
    participants: Iterable[str] | None = None,
) -> list[dict[str, Any]]:
    """One published treaty action per row of signatures.csv (an exact day) and of
    signatures-undated.csv (a range of days: ``date`` is the latest possible day, the one the
    action counts from, and ``date_earliest`` the earliest; no day is made up).

    The rows are facts read in their sources and checked when the data were compiled, so they
    are verified, at ``compiled_at``, in their first version. ``participants`` (ISO alpha-3
    codes), when given, are the only participants a row may name.
    """
    window = convention["treaty"]["signature"]
    opens, closes = date.fromisoformat(window["opens"]), date.fromisoformat(window["closes"])
    status_page = convention["treaty"]["sources"][0]
    known = set(participants) if participants is not None else None
    rows: dict[tuple[str, str, str], dict[str, Any]] = {}
    signed: dict[str, str] = {}
    dated = [("signatures.csv", line, row, None) for line, row in enumerate(signatures, start=2)]
    ranged = [
        ("signatures-undated.csv", line, row, row["earliest"])
        for line, row in enumerate(undated, start=2)
    ]
    for name, line, row, earliest_text in [*dated, *ranged]:
        where = f"{name} line {line}"
        kind = row["action"]
        if kind not in ActionKind.values:
            raise FixtureDataError(
                f"{where}: unknown action {kind!r} "
                f"(expected one of {', '.join(ActionKind.values)})."
            )
        if known is not None and row["iso3"] not in known:
            raise FixtureDataError(
                f"{where}: {row['participant']!r} has code {row['iso3']!r}, which is neither a "
                f"State of the UN terminology list nor the EU ({EU_ISO3})."
            )
        if earliest_text is None:
            on, earliest = read_day(row["date"], where, "date"), None
        else:
            on = read_day(row["latest"], where, "latest")
            earliest = read_day(earliest_text, where, "earliest")
            if earliest >= on:
                raise FixtureDataError(
                    f"{where}: earliest {earliest} must come before latest {on}; a signature "
                    "known to the day belongs in signatures.csv."
                )
        if kind == ActionKind.SIGNATURE:
            for day in (earliest, on):
                if day is not None and not opens <= day <= closes:
                    raise FixtureDataError(
                        f"{where}: {row['participant']} signed on {day}, outside the "
                        f"signature window {opens} to {closes}."
                    )
            if row["iso3"] in signed:
                raise FixtureDataError(
                    f"{where}: {row['participant']} already signed ({signed[row['iso3']]}): "
                    "one signature per participant."
                )
            signed[row["iso3"]] = where
        if not row["source"].strip():
            raise FixtureDataError(f"{where}: every row needs its source.")
        key = (row["iso3"], kind, on.isoformat())
        if key in rows:
            raise FixtureDataError(f"{where}: {key} appears twice.")
        rows[key] = {
            "model": "treaty.treatyaction",
            "fields": {
                "treaty": [TREATY_SLUG],
                "participant": [row["iso3"]],
                "kind": kind,
                "date": on.isoformat(),
                "date_earliest": earliest.isoformat() if earliest else None,
                "effective_on": None,
                "depositary_notification": "",
                "source": row["source"],
                "source_kind": source_kind(row["source"]).value,
                "source_url": source_url(row["source"], status_page),
                "text": "",
                "relates_to": None,
                **published_review(compiled_at),
            },
        }
    return [rows[key] for key in sorted(rows)]


# --- The depositary's counts


def depositary_count_rows(
    convention: Mapping[str, Any], counts: Iterable[Mapping[str, str]], compiled_at: str
) -> list[dict[str, Any]]:
    """One count per row of depositary-counts.csv: the totals of signatures ("signatories" in
    the depositary's header) and parties stated on a day, with the source that stated them."""
    adopted = date.fromisoformat(convention["treaty"]["adopted_on"])
    status_page = convention["treaty"]["sources"][0]
    rows: dict[str, dict[str, Any]] = {}
    for line, row in enumerate(counts, start=2):
        where = f"depositary-counts.csv line {line}"
        on = read_day(row["as_of"], where, "as_of")
        if on < adopted:
            raise FixtureDataError(f"{where}: {on} is before the treaty's adoption ({adopted}).")
        totals = {}
        for column in ("signatories", "parties"):
            value = row[column].strip()
            if not value.isdigit():
                raise FixtureDataError(f"{where}: {column} {value!r} is not a whole number.")
            totals[column] = int(value)
        if not row["source"].strip():
            raise FixtureDataError(f"{where}: every row needs its source.")
        if on.isoformat() in rows:
            raise FixtureDataError(f"{where}: a count on {on} appears twice.")
        rows[on.isoformat()] = {
            "model": "treaty.depositarycount",
            "fields": {
                "treaty": [TREATY_SLUG],
                "as_of": on.isoformat(),
                "signatures": totals["signatories"],
                "parties": totals["parties"],
                "source": row["source"],
                "source_kind": source_kind(row["source"]).value,
                "source_url": source_url(row["source"], status_page),
                "recorded_by": None,
                "created_at": compiled_at,
                "updated_at": compiled_at,
            },
        }
    return [rows[key] for key in sorted(rows)]
