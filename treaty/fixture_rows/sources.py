"""What every fixture file shares: the treaty's key, the error the build raises, and the kind and
address of a row's source."""

from __future__ import annotations

import re
from datetime import date

from treaty.models import ReviewState, SourceKind

TREATY_SLUG = "un-cybercrime-convention"


# The kind of each row's source, from the start of its text (the first rule that matches wins;
# any other source is the press). Read off the rows of data/: the UN Treaty Collection's own
# pages are the depositary record, the Netherlands Treaty Database a national treaty database,
# and the UK Foreign Office's and Global Affairs Canada's releases government statements; the
# rest are press reports (including UNODC's list as the press reported it). See data/README.md.
SOURCE_KIND_RULES: tuple[tuple[str, SourceKind], ...] = (
    ("UNTC", SourceKind.DEPOSITARY),
    ("UN Treaty Collection", SourceKind.DEPOSITARY),
    ("C.N.", SourceKind.DEPOSITARY),
    ("Netherlands Treaty Database", SourceKind.NATIONAL_TREATY_DATABASE),
    ("UK Foreign Office", SourceKind.GOVERNMENT),
    ("Global Affairs Canada", SourceKind.GOVERNMENT),
)

_URL_IN_PARENTHESES = re.compile(r"\((https?://[^\s()]+)\)")


class FixtureDataError(ValueError):
    """The data or the taxonomy do not say what the fixtures need; the message says
    what to fix."""


def source_kind(source: str) -> SourceKind:
    """The kind of a source, by ``SOURCE_KIND_RULES``: the press unless a rule says otherwise."""
    text = source.strip()
    return next(
        (kind for start, kind in SOURCE_KIND_RULES if text.startswith(start)), SourceKind.PRESS
    )


def source_url(source: str, status_page: str) -> str:
    """Where to read a row's source: the UNTC status page for rows read there, the address the
    source text gives in parentheses, or nothing."""
    if source.strip().startswith(("UNTC", "UN Treaty Collection")):
        return status_page
    match = _URL_IN_PARENTHESES.search(source)
    return match.group(1) if match else ""


def read_day(value: str, where: str, column: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise FixtureDataError(
            f"{where}: {column} {value!r} is not a day written YYYY-MM-DD."
        ) from exc


def published_review(compiled_at: str) -> dict[str, object]:
    """The review fields of a row the reference data publish: verified when the data were
    compiled, by nobody in particular, never withdrawn, first version."""
    return {
        "review_state": ReviewState.VERIFIED.value,
        "verified_by": None,
        "verified_at": compiled_at,
        "review_comment": "",
        "created_by": None,
        "created_at": compiled_at,
        "updated_at": compiled_at,
        "withdrawn_at": None,
        "withdrawn_reason": "",
        "version": 1,
    }
