"""``fixtures/groups.json`` from ``data/groups.csv``: the groups the breakdowns count by.

One row of the CSV per member: the group's code and name, the member's ISO alpha-3 code, the
source that lists the members and the day it was read there. The European Union's group is its
member States as the participants' fixture already lists them (with that list's own source), so
its membership is written down once. Called from the fixture builder with one line."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

GROUPS_FILE = "groups.csv"
COLUMNS = ["group", "name", "iso3", "source", "source_url", "checked_on"]
# The order the pages show the groups in; a group missing from the data is simply not shown.
ORDER = ("eu", "au", "asean", "coe", "oas", "ldc", "lldc", "sids")
EU_NAME = "European Union (member States)"
EU_SOURCE = "Publications Office of the European Union, “eu-country” code list"


def _error(message: str) -> Exception:
    from treaty.fixture_builder import FixtureDataError  # the builder's own error, at call time

    return FixtureDataError(message)


def group_rows(
    path: Path,
    participants: Iterable[Mapping[str, Any]],
    *,
    eu_members: Iterable[str],
    eu_source_url: str,
) -> list[dict[str, Any]]:
    """The fixture rows (model ``treaty.group``, members by natural key), in page order."""
    known = {row["fields"]["iso3"] for row in participants if row["model"] == "treaty.participant"}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != COLUMNS:
            raise _error(f"{path.name} must have the columns {', '.join(COLUMNS)}.")
        lines = list(enumerate(reader, start=2))
    groups: dict[str, dict[str, Any]] = {
        "eu": {
            "code": "eu",
            "name": EU_NAME,
            "source": EU_SOURCE,
            "source_url": eu_source_url,
            "checked_on": None,
            "members": set(eu_members),
        }
    }
    for line, row in lines:
        where = f"{path.name}, line {line}"
        code = row["group"].strip()
        if code not in ORDER or code == "eu":
            raise _error(f"{where}: unknown group “{code}” (known: {', '.join(ORDER[1:])}).")
        if row["iso3"] not in known:
            raise _error(f"{where}: “{row['iso3']}” is not a participant's ISO alpha-3 code.")
        try:
            checked_on = date.fromisoformat(row["checked_on"]).isoformat()
        except ValueError:
            raise _error(f"{where}: checked_on must be a day (YYYY-MM-DD).") from None
        if not row["source"].strip() or not row["source_url"].startswith("https://"):
            raise _error(f"{where}: every member needs its source and an https source_url.")
        fields = {
            "code": code,
            "name": row["name"].strip(),
            "source": row["source"].strip(),
            "source_url": row["source_url"].strip(),
            "checked_on": checked_on,
        }
        group = groups.setdefault(code, {**fields, "members": set()})
        if {k: group[k] for k in fields} != fields:
            raise _error(f"{where}: the group “{code}” must have one name, source and day.")
        if row["iso3"] in group["members"]:
            raise _error(f"{where}: “{row['iso3']}” is listed twice in “{code}”.")
        group["members"].add(row["iso3"])
    return [
        {
            "model": "treaty.group",
            "fields": {
                **{k: v for k, v in groups[code].items() if k != "members"},
                "position": ORDER.index(code),
                "members": [[iso3] for iso3 in sorted(groups[code]["members"])],
            },
        }
        for code in ORDER
        if code in groups
    ]
