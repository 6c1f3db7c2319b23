"""Matching the names found in records (depositary tables, spreadsheets, search boxes) to
participants.

Depositary tables use the name of the day: "Turkey" before 2022, "Swaziland" before 2018,
"Czech Republic", "Côte d'Ivoire" with or without its accent, names with footnote markers
("Denmark4") or in brackets for a participant that has withdrawn ("[Trinidad and Tobago]").
A name is matched, in order, by its code, by an exact known name (every language, the formal name
and every recorded other name, compared in ``normalize_name`` form), and last by the name pattern
of the OCHA taxonomy — and only when exactly one participant matches.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from treaty.models import Participant, normalize_name
from treaty.models.translated import translated_columns

# The participant's names in every language (django-modeltranslation's columns), formal ones too.
NAME_COLUMNS = [
    column
    for field in ("name", "formal_name")
    for column in translated_columns(field)[1:]  # name_en, name_fr… (not the bare field)
]

_BRACKETED = re.compile(r"^\[(?P<name>.*)\]$")


@dataclass(frozen=True, slots=True)
class NameMatch:
    participant: Participant | None
    withdrawn: bool = False  # the name was in brackets: the participant has withdrawn
    ambiguous: tuple[str, ...] = ()  # iso3 codes of several candidates


def clean_record_name(raw: str) -> tuple[str, bool]:
    """The name without footnote markers, brackets or stray spaces, and whether it was in
    brackets."""
    text = re.sub(r"\s+", " ", raw.replace("\u00a0", " ")).strip()
    text = re.sub(r"(?<=[^\d\s])\s?\d+(?:\s?,\s?\d+)*$", "", text).strip()  # "China6,7"
    bracketed = _BRACKETED.match(text)
    if bracketed:
        text = bracketed.group("name").strip()
        text = re.sub(r"(?<=[^\d\s])\s?\d+(?:\s?,\s?\d+)*$", "", text).strip()
    return text, bool(bracketed)


class ParticipantMatcher:
    """Built once from every participant (with ``other_names`` prefetched), then used for any
    number of names without further queries."""

    def __init__(self, participants: Iterable[Participant]):
        self._by_code: dict[str, Participant] = {}
        self._by_name: dict[str, set[Participant]] = {}
        self._patterns: list[tuple[re.Pattern[str], Participant]] = []
        for participant in participants:
            self._by_code[participant.iso3.upper()] = participant
            self._by_code[participant.iso2.upper()] = participant
            names = [
                # Every language's column, whatever the active language (``name`` alone reads
                # the active one's).
                *(getattr(participant, column, "") for column in NAME_COLUMNS),
                *(other.name for other in participant.other_names.all()),
            ]
            for name in names:
                if name:
                    key = normalize_name(name)
                    self._by_name.setdefault(key, set()).add(participant)
                    if key.startswith("the "):
                        self._by_name.setdefault(key[4:], set()).add(participant)
            if participant.name_pattern:
                # A broken pattern only loses the last-resort match.
                with contextlib.suppress(re.error):
                    self._patterns.append((re.compile(participant.name_pattern, re.I), participant))

    @classmethod
    def from_database(cls) -> ParticipantMatcher:
        return cls(Participant.objects.prefetch_related("other_names"))

    def match(self, raw: str) -> NameMatch:
        name, withdrawn = clean_record_name(raw)
        if not name:
            return NameMatch(None, withdrawn)
        if len(name) in (2, 3) and name.isupper() and name in self._by_code:
            return NameMatch(self._by_code[name], withdrawn)
        key = normalize_name(name)
        exact = self._by_name.get(key) or self._by_name.get(key.removeprefix("the "))
        if exact and len(exact) == 1:
            return NameMatch(next(iter(exact)), withdrawn)
        candidates = exact or {p for pattern, p in self._patterns if pattern.search(key)}
        if len(candidates) == 1:
            return NameMatch(next(iter(candidates)), withdrawn)
        return NameMatch(None, withdrawn, ambiguous=tuple(sorted(p.iso3 for p in candidates)))
