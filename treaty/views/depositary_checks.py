"""The depositary's counts beside this record's: for each count the depositary (or another
source) stated, what this record has on the same day, from the engine, and the difference said
plainly. Used by the dashboard and the depositary table."""

from __future__ import annotations

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from treaty.models import DepositaryCount, SourceKind
from treaty.status import Action, EntryIntoForceRule, treaty_status

# Who stated a count, as the comparison sentence names it.
COUNTED_BY: dict[str, object] = {
    SourceKind.DEPOSITARY: gettext_lazy("UNTC"),
    SourceKind.NATIONAL_TREATY_DATABASE: gettext_lazy("A national treaty database"),
    SourceKind.GOVERNMENT: gettext_lazy("A government"),
    SourceKind.PRESS: gettext_lazy("The press"),
}


def _signature_gap(theirs: int, ours: int) -> str:
    n = {"n": number_format(abs(theirs - ours))}
    if ours < theirs:
        return (
            ngettext(
                "this record has %(n)s signature fewer than that count",
                "this record has %(n)s signatures fewer than that count",
                theirs - ours,
            )
            % n
        )
    if ours > theirs:
        return (
            ngettext(
                "this record has %(n)s signature more than that count",
                "this record has %(n)s signatures more than that count",
                ours - theirs,
            )
            % n
        )
    return ""


def _party_gap(theirs: int, ours: int) -> str:
    n = {"n": number_format(abs(theirs - ours))}
    if ours < theirs:
        return (
            ngettext(
                "this record has %(n)s party fewer than that count",
                "this record has %(n)s parties fewer than that count",
                theirs - ours,
            )
            % n
        )
    if ours > theirs:
        return (
            ngettext(
                "this record has %(n)s party more than that count",
                "this record has %(n)s parties more than that count",
                ours - theirs,
            )
            % n
        )
    return ""


def depositary_checks(
    rule: EntryIntoForceRule, rows: list[Action], counts: list[DepositaryCount]
) -> list[dict[str, object]]:
    """Each count the depositary stated (latest first) beside what this record has on the same
    day, from the engine run on that day: a difference is said plainly, never smoothed over.
    ``rows`` must hold the record up to the latest count's day at least."""
    checks = []
    for count in counts:
        record = treaty_status(rule, rows, count.as_of)
        values = {
            "who": COUNTED_BY.get(count.source_kind, count.get_source_kind_display()),
            "date": date_format(count.as_of),
            "signatures": number_format(count.signatures),
            "parties": number_format(count.parties),
            "record_signatures": number_format(record.signatures),
            "record_parties": number_format(record.parties),
        }
        differences = [
            text
            for text in (
                _signature_gap(count.signatures, record.signatures),
                _party_gap(count.parties, record.parties),
            )
            if text
        ]
        checks.append(
            {
                "count": count,
                "record": record,
                "agrees": not differences,
                "sentence": _(
                    "%(who)s counted %(signatures)s signatures and %(parties)s parties on "
                    "%(date)s; this record has %(record_signatures)s and %(record_parties)s by "
                    "that date."
                )
                % values,
                "difference": "; ".join(differences),
            }
        )
    return checks
