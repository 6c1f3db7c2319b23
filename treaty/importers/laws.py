"""Importing national laws and their mappings to the Convention from a table (CSV, TSV, XLSX).

Laws, in either of two layouts (header names case-insensitive, order free):

- UNCTAD's Global Cyberlaw Tracker: ``m49, country, title, url`` — the participant by its M49
  code, the source UNCTAD's (with its date), status "reported by UNCTAD";
- the project's own: ``participant, title, source`` (required) and ``title_en, kind, status,
  adopted_on, in_force_on, amended_on, repealed_on, official_url, identifier, language,
  source_url, source_date, notes``.

Mappings: ``participant, law, provision, relation`` and ``article`` or ``obligation`` (one of
them), optionally ``note`` and ``provision_summary``, ``provision_url``. ``law`` is the law's
title (as recorded for that participant) or its id; a provision not yet recorded is added.

A row whose record exists (same participant, title and source for a law; same provision and
article or obligation for a mapping) updates it when something differs and leaves it alone
otherwise, so importing the same file twice changes nothing. New records are submitted for
review, or published by someone who may verify them. All rows or none; every problem is listed
by line and column.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from treaty import services
from treaty.importers.report import ImportRejected, ImportReport, RowError
from treaty.models import (
    Law,
    LawKind,
    LawStatus,
    MappingRelation,
    Participant,
    Provision,
    ProvisionMapping,
    Treaty,
)
from treaty.names import ParticipantMatcher
from treaty.reference import unctad

UNCTAD_COLUMNS = ("m49", "title", "url")
LAW_REQUIRED = ("participant", "title", "source")
LAW_OPTIONAL = (
    "title_en",
    "kind",
    "status",
    "adopted_on",
    "in_force_on",
    "amended_on",
    "repealed_on",
    "official_url",
    "identifier",
    "language",
    "source_url",
    "source_date",
    "notes",
)
LAW_DATES = ("adopted_on", "in_force_on", "amended_on", "repealed_on", "source_date")
MAPPING_REQUIRED = ("participant", "law", "provision", "relation")
MAPPING_OPTIONAL = ("article", "obligation", "note", "provision_summary", "provision_url")


def _words(choices: Any) -> dict[str, str]:
    """Stored values and labels, any case, to the stored value ("In force" -> "in_force")."""
    found = {value: value for value, _ in choices}
    found.update({str(label).casefold(): value for value, label in choices})
    found.update({value.replace("_", " "): value for value, _ in choices})
    return found


KINDS, STATUSES, RELATIONS = (
    _words(LawKind.choices),
    _words(LawStatus.choices),
    _words(MappingRelation.choices),
)


class _Rows:
    """The header and the non-empty data rows of a table, with cells by column name."""

    def __init__(self, rows: list[list[str]], report: ImportReport) -> None:
        if not rows:
            report.errors.append(RowError(1, "", "the file has no header row."))
            raise ImportRejected(report)
        self.header = [c.strip().casefold().replace(" ", "_") for c in rows[0]]
        self.data = [(n, r) for n, r in enumerate(rows[1:], start=2) if any(c.strip() for c in r)]

    def require(self, columns: tuple[str, ...], report: ImportReport) -> None:
        missing = [c for c in columns if c not in self.header]
        if missing:
            report.errors.append(
                RowError(
                    1, ", ".join(missing), f"missing column(s); required: {', '.join(columns)}."
                )
            )
            raise ImportRejected(report)

    def cells(self, row: list[str], names: tuple[str, ...]) -> dict[str, str]:
        index = {name: self.header.index(name) for name in names if name in self.header}
        return {name: (row[i].strip() if i < len(row) else "") for name, i in index.items()}


def _date(cells: dict[str, str], column: str, line: int, errors: list[RowError]) -> date | None:
    raw = cells.get(column, "")
    if not raw:
        return None
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        errors.append(RowError(line, column, f"{raw!r} is not a date: write it as YYYY-MM-DD."))
        return None


def _model_errors(exc: ValidationError, line: int, columns: dict[str, str]) -> list[RowError]:
    """A model's errors placed in the file: the column a field came from."""
    if not hasattr(exc, "error_dict"):
        return [RowError(line, "", message) for message in exc.messages]
    return [
        RowError(line, "" if field == "__all__" else columns.get(field, field), message)
        for field, messages in exc.message_dict.items()
        for message in messages
    ]


def _to_review(record: Any, *, publish: bool, by: Any) -> None:
    """A new record goes to review (submitted), unless it was published as it was recorded
    (``publish``: by someone who may verify, checked by the caller)."""
    if not publish:
        services.submit(record=record, by=by)


def _scope_error(participant: Participant, allowed: set[int] | None, line: int) -> RowError | None:
    if allowed is not None and participant.pk not in allowed:
        return RowError(
            line, "participant", f"{participant} is not one of the participants you may edit."
        )
    return None


def import_laws(
    *,
    rows: list[list[str]],
    by: Any = None,
    publish: bool = False,
    apply: bool = False,
    expected: dict[str, list[int | None]] | None = None,
    allowed_participants: set[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Checks (and with ``apply`` writes) the laws in ``rows``, in UNCTAD's layout or the
    project's own. Raises ImportRejected, having written nothing, when any row has a problem.
    ``expected`` is the ``seen`` of the dry run: a law changed since is refused, not
    overwritten."""
    report = ImportReport()
    table = _Rows(rows, report)
    is_unctad = all(c in table.header for c in UNCTAD_COLUMNS) and "source" not in table.header
    if is_unctad:
        report.notes.append(
            f"UNCTAD's layout: source {unctad.SOURCE} ({unctad.PUBLISHED_ON.isoformat()}), "
            "status reported by UNCTAD."
        )
    else:
        table.require(LAW_REQUIRED, report)
    matcher = ParticipantMatcher.from_database()
    by_m49 = {p.m49: p for p in Participant.objects.exclude(m49=None)}
    existing = {(law.participant_id, law.title, law.source): law for law in Law.objects.active()}
    seen: dict[tuple[int, str, str], int] = {}

    with transaction.atomic():
        for index, (line, row) in enumerate(table.data, start=1):
            errors: list[RowError] = []
            if is_unctad:
                cells = table.cells(row, ("m49", "country", "title", "url"))
                m49 = cells["m49"]
                participant = by_m49.get(int(m49)) if m49.isdigit() else None
                if participant is None:
                    errors.append(
                        RowError(line, "m49", f"no participant has the M49 code {cells['m49']!r}.")
                    )
                title = unctad.clean_text(cells["title"])
                values: dict[str, Any] = {
                    "source": unctad.SOURCE,
                    "source_url": unctad.SOURCE_URL,
                    "source_date": unctad.PUBLISHED_ON,
                    "status": LawStatus.REPORTED,
                    "official_url": unctad.clean_url(cells["url"]),
                    "language": unctad.language_of(title),
                }
                columns = {"official_url": "url"}
            else:
                cells = table.cells(row, (*LAW_REQUIRED, *LAW_OPTIONAL))
                participant = None
                if cells["participant"]:
                    participant = matcher.match(cells["participant"]).participant
                    if participant is None:
                        errors.append(
                            RowError(
                                line,
                                "participant",
                                f"unknown participant {cells['participant']!r}: use an ISO code.",
                            )
                        )
                title = cells["title"]
                values = {
                    name: cells[name]
                    for name in LAW_OPTIONAL
                    if name in cells and name not in LAW_DATES
                }
                values["source"] = cells["source"]
                for name in LAW_DATES:
                    if name in cells:
                        values[name] = _date(cells, name, line, errors)
                for name, words, allowed in (
                    ("kind", KINDS, LawKind.values),
                    ("status", STATUSES, LawStatus.values),
                ):
                    raw = values.get(name, "")
                    if raw:
                        values[name] = words.get(raw.casefold())
                        if values[name] is None:
                            errors.append(
                                RowError(
                                    line,
                                    name,
                                    f"{raw!r} is not allowed; use one of: "
                                    + ", ".join(allowed)
                                    + ".",
                                )
                            )
                if not values.get("status"):
                    values.pop("status", None)
                columns = {}
            if not title:
                errors.append(RowError(line, "title", "empty; this column is required."))
            if participant is not None and (
                scope := _scope_error(participant, allowed_participants, line)
            ):
                errors.append(scope)
            if errors or participant is None:
                report.errors.extend(errors)
                continue
            key = (participant.pk, title, values["source"])
            if key in seen:
                if is_unctad:
                    report.notes.append(f"line {line}: the same law as line {seen[key]}, skipped.")
                    continue
                report.errors.append(
                    RowError(line, "title", f"the same law as line {seen[key]}: keep one.")
                )
                continue
            seen[key] = line
            current = existing.get(key)
            if not report.check_seen(
                str(line), current, expected, line=line, column="title", what="This law"
            ):
                continue
            _write_law(report, line, participant, title, values, current, by, publish, columns)
            if progress:
                progress(index, len(table.data))
        _close(report, apply)
    return report


def _write_law(report, line, participant, title, values, current, by, publish, columns):
    try:
        if current is None:
            law = services.record_law(
                participant=participant, title=title, by=by, publish=publish, **values
            )
            _to_review(law, publish=publish, by=by)
            report.added += 1
            report.lines.append(f"line {line}: add {participant.iso3} {title}")
            return
        changed = {f: v for f, v in values.items() if getattr(current, f) != v}
        if not changed:
            report.unchanged += 1
            return
        for field, value in changed.items():
            setattr(current, field, value)
        services.save_edited(record=current, expected_version=current.version, by=by)
        report.changed += 1
        report.lines.append(f"line {line}: change {participant.iso3} {title}: {', '.join(changed)}")
    except ValidationError as exc:
        report.errors.extend(_model_errors(exc, line, columns))


def import_mappings(
    *,
    treaty: Treaty,
    rows: list[list[str]],
    by: Any = None,
    publish: bool = False,
    apply: bool = False,
    expected: dict[str, list[int | None]] | None = None,
    allowed_participants: set[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Checks (and with ``apply`` writes) provision mappings: (participant, law, provision,
    article or obligation, relation). Raises ImportRejected, having written nothing, when any
    row has a problem; ``expected`` as for ``import_laws``."""
    report = ImportReport()
    table = _Rows(rows, report)
    table.require(MAPPING_REQUIRED, report)
    if "article" not in table.header and "obligation" not in table.header:
        report.errors.append(RowError(1, "article", "add an article or an obligation column."))
        raise ImportRejected(report)
    matcher = ParticipantMatcher.from_database()
    articles = {a.number: a for a in treaty.articles.all()}
    obligations = {o.code: o for o in treaty.obligations.all()}
    laws: dict[int, list[Law]] = {}
    for each in Law.objects.active():
        laws.setdefault(each.participant_id, []).append(each)
    provisions = {(p.law_id, p.reference.casefold()): p for p in Provision.objects.active()}
    mappings = {
        (m.provision_id, m.article_id, m.obligation_id): m
        for m in ProvisionMapping.objects.active()
    }
    seen: dict[tuple[int, int | None, int | None], int] = {}

    with transaction.atomic():
        for index, (line, row) in enumerate(table.data, start=1):
            cells = table.cells(row, (*MAPPING_REQUIRED, *MAPPING_OPTIONAL))
            errors = [
                RowError(line, name, "empty; this column is required.")
                for name in MAPPING_REQUIRED
                if not cells[name]
            ]
            participant = law = article = obligation = None
            if cells["participant"]:
                participant = matcher.match(cells["participant"]).participant
                if participant is None:
                    errors.append(
                        RowError(
                            line,
                            "participant",
                            f"unknown participant {cells['participant']!r}: use an ISO code.",
                        )
                    )
                elif scope := _scope_error(participant, allowed_participants, line):
                    errors.append(scope)
                    participant = None
            if participant is not None and cells["law"]:
                law = _find_law(laws.get(participant.pk, []), cells["law"])
                if law is None:
                    errors.append(
                        RowError(
                            line,
                            "law",
                            f"{participant} has no law {cells['law']!r}: give its title as "
                            "recorded, or its id; import the law first.",
                        )
                    )
            number, code = cells.get("article", ""), cells.get("obligation", "")
            if bool(number) == bool(code):
                errors.append(
                    RowError(line, "article", "give an article number or an obligation code.")
                )
            elif number:
                article = articles.get(int(number)) if number.isdigit() else None
                if article is None:
                    errors.append(RowError(line, "article", f"{treaty} has no article {number!r}."))
            else:
                obligation = obligations.get(code)
                if obligation is None:
                    errors.append(
                        RowError(line, "obligation", f"{treaty} has no obligation {code!r}.")
                    )
            relation = RELATIONS.get(cells["relation"].casefold()) if cells["relation"] else None
            if cells["relation"] and relation is None:
                errors.append(
                    RowError(
                        line,
                        "relation",
                        f"{cells['relation']!r} is not a relation; allowed: "
                        + ", ".join(MappingRelation.values)
                        + ".",
                    )
                )
            if errors or law is None or relation is None:
                report.errors.extend(errors)
                continue
            try:
                provision = provisions.get((law.pk, cells["provision"].casefold()))
                if provision is None:
                    provision = services.record_provision(
                        law=law,
                        reference=cells["provision"],
                        summary=cells.get("provision_summary", ""),
                        url=cells.get("provision_url", ""),
                        by=by,
                        publish=publish,
                    )
                    _to_review(provision, publish=publish, by=by)
                    provisions[(law.pk, cells["provision"].casefold())] = provision
                key = (provision.pk, getattr(article, "pk", None), getattr(obligation, "pk", None))
                if key in seen:
                    report.errors.append(
                        RowError(line, "provision", f"the same mapping as line {seen[key]}.")
                    )
                    continue
                seen[key] = line
                current = mappings.get(key)
                if not report.check_seen(
                    str(line), current, expected, line=line, column="provision", what="This mapping"
                ):
                    continue
                target = article or obligation
                if current is None:
                    mapping = services.map_provision(
                        provision=provision,
                        article=article,
                        obligation=obligation,
                        relation=relation,
                        note=cells.get("note", ""),
                        by=by,
                        publish=publish,
                    )
                    _to_review(mapping, publish=publish, by=by)
                    report.added += 1
                    report.lines.append(
                        f"line {line}: map {participant.iso3} {law} {provision.reference} "  # type: ignore[union-attr]
                        f"→ {target} ({relation})"
                    )
                elif (current.relation, current.note) == (relation, cells.get("note", "")):
                    report.unchanged += 1
                else:
                    current.relation, current.note = relation, cells.get("note", "")
                    services.save_edited(record=current, expected_version=current.version, by=by)
                    report.changed += 1
                    report.lines.append(f"line {line}: change the mapping to {target}")
            except ValidationError as exc:
                report.errors.extend(
                    _model_errors(exc, line, {"reference": "provision", "url": "provision_url"})
                )
            if progress:
                progress(index, len(table.data))
        _close(report, apply)
    return report


def _find_law(laws: list[Law], text: str) -> Law | None:
    """A participant's law by its id, or by its title (case and spaces ignored)."""
    if text.isdigit():
        return next((law for law in laws if law.pk == int(text)), None)
    key = " ".join(text.split()).casefold()
    matches = [law for law in laws if " ".join(law.title.split()).casefold() == key]
    return matches[0] if len(matches) == 1 else None


def _close(report: ImportReport, apply: bool) -> None:
    """All or nothing: any problem undoes every row; a dry run checks everything for real,
    then undoes it."""
    if report.errors:
        transaction.set_rollback(True)
        raise ImportRejected(report)
    report.applied = apply
    if not apply:
        transaction.set_rollback(True)
