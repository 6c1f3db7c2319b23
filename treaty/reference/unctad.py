"""UNCTAD's Global Cyberlaw Tracker: its cybercrime column as an outside indicator, and the
national cybercrime laws it links as laws with UNCTAD as their source.

Both files are in ``data/`` (see its README for their source and terms). Rows are keyed by
UN M49 code; a code that matches no participant (a territory) is reported and skipped. Loading
is atomic and idempotent: a row already loaded is left as it is (an editor may have confirmed
or corrected it since), so loading twice changes nothing.

UNCTAD's titles are kept as UNCTAD lists them, with two clean-ups of its web markup: a ``<br>``
becomes a space and HTML entities (``&amp;`` in URLs) are decoded. The language in a trailing
"(in English)" is read into the law's language. Laws are published as "reported by UNCTAD"
(reference data, like the depositary's record) and mapped to no article: mapping is editorial.
"""

from __future__ import annotations

import csv
import html
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from treaty import services
from treaty.models import IndicatorValue, Law, LawStatus, OutsideIndicator, Participant

LEGISLATION_FILE = "unctad-cybercrime-legislation.csv"
LAWS_FILE = "unctad-cybercrime-laws.csv"

# As data/README.md states them: the publication, its date and its terms of reuse.
SOURCE = "UNCTAD Global Cyberlaw Tracker"
PUBLISHER = "UNCTAD"
PUBLISHED_ON = date(2026, 3, 5)
SOURCE_URL = "https://github.com/unctad-infovis/2026-cyberlaw_tracker"
TERMS = (
    "UNCTAD allows reuse of the Global Cyberlaw Tracker with acknowledgement: "
    '"UNCTAD Global Cyberlaw Tracker", with its date. An outside indicator of domestic law in '
    "general, not an assessment of alignment with any article of the Convention."
)
INDICATOR_CODE = "unctad-cybercrime-legislation"
INDICATOR_NAME = "Cybercrime legislation"

_LANGUAGE = re.compile(r"\((?:in|In|IN) ([^)]*)\)\s*$")
_URL = URLValidator(schemes=["http", "https"])


@dataclass
class UnctadSummary:
    """What a load did: rows read, records added, rows skipped (with why)."""

    values: int = 0
    values_added: int = 0
    values_changed: int = 0
    laws_added: int = 0
    laws_kept: int = 0
    duplicate_rows: int = 0
    skipped: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        # What is loaded, not what this run added: a second load prints the same line.
        return (
            f"{SOURCE} ({PUBLISHED_ON.isoformat()}): {self.values} indicator values, "
            f"{self.laws_added + self.laws_kept} laws ({self.duplicate_rows} listed twice); "
            f"{len(self.skipped)} rows skipped (M49 code of no participant)."
        )


def clean_text(text: str) -> str:
    """UNCTAD's web markup out: ``<br>`` to a space, entities decoded, spaces collapsed."""
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def clean_url(url: str) -> str:
    """The URL decoded (``&amp;``), or empty when it is not a web address."""
    url = html.unescape(url.strip())
    try:
        _URL(url)
    except ValidationError:
        return ""
    return url


def language_of(title: str) -> str:
    """The language UNCTAD notes at the end of a title: "… (in English)" -> "English"."""
    found = _LANGUAGE.search(title)
    if not found:
        return ""
    words = found.group(1).strip()[:60]
    return words[:1].upper() + words[1:]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load(data_dir: Path) -> UnctadSummary:
    """Loads both files in one transaction: all or nothing."""
    summary = UnctadSummary()
    by_m49 = {p.m49: p for p in Participant.objects.exclude(m49=None)}

    def participant(row: dict[str, str], file: str, line: int) -> Participant | None:
        found = by_m49.get(int(row["m49"]))
        if found is None:
            summary.skipped.append(f"{file}, line {line}: M49 {row['m49']} ({row['country']})")
        return found

    with transaction.atomic():
        indicator = OutsideIndicator.objects.filter(
            code=INDICATOR_CODE, published_on=PUBLISHED_ON
        ).first()
        if indicator is None:
            indicator = OutsideIndicator.objects.create(
                code=INDICATOR_CODE,
                published_on=PUBLISHED_ON,
                name=INDICATOR_NAME,
                publisher=PUBLISHER,
                source=SOURCE,
                source_url=SOURCE_URL,
                terms=TERMS,
            )
        stored = {v.participant_id: v for v in IndicatorValue.objects.filter(indicator=indicator)}
        for line, row in enumerate(_rows(data_dir / LEGISLATION_FILE), start=2):
            who = participant(row, LEGISLATION_FILE, line)
            if who is None:
                continue
            value = row["cybercrime_legislation"].strip()
            summary.values += 1
            existing = stored.get(who.pk)
            if existing is None:
                stored[who.pk] = IndicatorValue.objects.create(
                    indicator=indicator, participant=who, value=value
                )
                summary.values_added += 1
            elif existing.value != value:
                existing.value = value
                existing.save()
                summary.values_changed += 1

        known = set(
            Law.objects.active().filter(source=SOURCE).values_list("participant_id", "title")
        )
        this_load: set[tuple[int, str]] = set()
        for line, row in enumerate(_rows(data_dir / LAWS_FILE), start=2):
            who = participant(row, LAWS_FILE, line)
            if who is None:
                continue
            title = clean_text(row["title"])
            if (who.pk, title) in this_load:
                summary.duplicate_rows += 1  # UNCTAD lists it twice (Uganda's 2011 Act)
                continue
            this_load.add((who.pk, title))
            if (who.pk, title) in known:
                summary.laws_kept += 1  # loaded before: left as an editor may have made it
                continue
            services.record_law(
                participant=who,
                title=title[:500],
                source=SOURCE,
                source_url=SOURCE_URL,
                source_date=PUBLISHED_ON,
                status=LawStatus.REPORTED,
                official_url=clean_url(row["url"]),
                language=language_of(title),
                publish=True,
            )
            summary.laws_added += 1
    return summary
