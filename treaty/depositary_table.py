"""The depositary's status table, built from the record: one row per participant that signed or
deposited an instrument, and the footnotes under it.

The layout is the UN Treaty Collection's (``Participant | Signature | Ratification,
Acceptance (A), Approval (AA), Accession (a), Succession (d)``): the instrument's date carries
the depositary's suffix, declarations, reservations and the other actions are footnotes marked
on the participant's name. The page (``treaty.views.depositary``) and the exports
(``treaty.exports.depositary``) both read it from here, and the status-table importer
(``treaty.importers.depositary``) reads the exports back unchanged.

One query: the published actions of the treaty up to the day, with their participants.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from treaty.models import ActionKind, Participant, SourceKind, Treaty, TreatyAction
from treaty.models.actions import CONSENT_KINDS

# The depositary's suffix of each instrument in its consent column (the importer's
# CONSENT_SUFFIXES, turned round): none for a ratification.
CONSENT_SUFFIX = {
    ActionKind.RATIFICATION: "",
    ActionKind.ACCEPTANCE: "A",
    ActionKind.APPROVAL: "AA",
    ActionKind.ACCESSION: "a",
    ActionKind.FORMAL_CONFIRMATION: "c",
    ActionKind.SUCCESSION: "d",
    ActionKind.DEFINITIVE_SIGNATURE: "s",
}
assert set(CONSENT_SUFFIX) == set(CONSENT_KINDS)

SIGNATURE_HEADER = "Signature"
CONSENT_HEADER = "Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)"
HEADER = ("Participant", SIGNATURE_HEADER, CONSENT_HEADER)

# English month abbreviations as the depositary writes them ("9 Dec 2025"), whatever the
# server's locale.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def depositary_day(on: date) -> str:
    """``date(2025, 12, 9)`` → ``"9 Dec 2025"``, the depositary's way of writing a day."""
    return f"{on.day} {MONTHS[on.month - 1]} {on.year}"


@dataclass(slots=True)
class Footnote:
    """An action shown under the table: a declaration, a reservation, an objection, a
    withdrawal, a notification, a denunciation, or a signature or instrument known only to a
    range of days (which the depositary's columns cannot hold)."""

    number: int
    action: TreatyAction

    @property
    def participant(self) -> Participant:
        return self.action.participant

    @property
    def ranged(self) -> bool:
        """A signature or instrument whose exact day is not confirmed: out of the columns."""
        return self.action.date_earliest is not None and (
            self.action.kind == ActionKind.SIGNATURE or self.action.kind in CONSENT_KINDS
        )


@dataclass(slots=True)
class Row:
    participant: Participant
    signature: TreatyAction | None = None
    consent: TreatyAction | None = None
    footnotes: list[int] = field(default_factory=list)

    @property
    def consent_suffix(self) -> str:
        return CONSENT_SUFFIX[ActionKind(self.consent.kind)] if self.consent else ""


@dataclass(slots=True)
class DepositaryTable:
    treaty: Treaty
    day: date
    rows: list[Row]
    footnotes: list[Footnote]


def build_table(treaty: Treaty, day: date) -> DepositaryTable:
    """The table of ``treaty`` as recorded on ``day``, rows in the participants' English name
    order (the depositary's), footnotes numbered in that order, then by date."""
    actions = list(
        treaty.actions.published().as_of(day).select_related("participant").order_by("date", "pk")
    )
    rows: dict[int, Row] = {}
    others: dict[int, list[TreatyAction]] = {}
    for action in actions:
        participant = action.participant
        if action.kind == ActionKind.SIGNATURE:
            rows.setdefault(participant.pk, Row(participant)).signature = action
        elif action.kind in CONSENT_KINDS:
            # The latest instrument stands (a participant that denounced and rejoined).
            rows.setdefault(participant.pk, Row(participant)).consent = action
        else:
            others.setdefault(participant.pk, []).append(action)
    ordered = sorted(rows.values(), key=lambda row: row.participant.name.casefold())
    footnotes: list[Footnote] = []

    def note(row: Row | None, action: TreatyAction) -> None:
        footnotes.append(Footnote(len(footnotes) + 1, action))
        if row is not None:
            row.footnotes.append(len(footnotes))

    for row in ordered:
        for action in (row.signature, row.consent):
            if action is not None and action.date_earliest is not None:
                note(row, action)
        for action in others.pop(row.participant.pk, []):
            note(row, action)
    # Actions by participants with neither signature nor instrument (an objection, say):
    # listed too, under their participant's name.
    for _pk, actions_of in sorted(
        others.items(), key=lambda item: item[1][0].participant.name.casefold()
    ):
        for action in actions_of:
            note(None, action)
    return DepositaryTable(treaty=treaty, day=day, rows=ordered, footnotes=footnotes)


def from_depositary(action: TreatyAction) -> bool:
    """Whether the action was read in the depositary's own record (its status page or a C.N.)."""
    return action.source_kind == SourceKind.DEPOSITARY
