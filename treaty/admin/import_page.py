"""What the admin's import pages share: a column guide and a sample file per kind of import, the
file kept between attempts, and the dry run's report put in the order a person reads it.

The import rules themselves are the importers' (``treaty.importers``); nothing here writes.
"""

from __future__ import annotations

import csv
import io
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from treaty.importers import ImportRejected, ImportReport, RowError
from treaty.importers.assessments import OPTIONAL as ASSESSMENT_OPTIONAL
from treaty.importers.assessments import REQUIRED as ASSESSMENT_REQUIRED
from treaty.importers.depositary import CONSENT_SUFFIXES
from treaty.importers.laws import LAW_OPTIONAL, LAW_REQUIRED
from treaty.importers.readers import read_rows
from treaty.models import (
    ActionKind,
    Law,
    LawKind,
    LawStatus,
    MappingRelation,
    ObligationProgress,
    ProgressStatus,
    ProvisionMapping,
    Treaty,
    TreatyAction,
)
from treaty.models.actions import CONSENT_KINDS

# How many records a sample file copies from the record: enough to show the layout.
SAMPLE_PARTICIPANTS = 5
_KEPT_KEY = "tracker-import-kept"
CONSENT_HEADER = "Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)"


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    required: bool
    meaning: str | Promise
    # The allowed values, from the models' choices (data, not prose: never translated).
    allowed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Guide:
    """How a file of one kind is laid out, and where its sample comes from."""

    columns: tuple[Column, ...]
    sample_name: str
    sample: Callable[[Treaty | None], list[list[str]]]
    note: str | Promise = ""


def _day(on: Any) -> str:
    return on.isoformat() if on else ""


# --- Samples: copied from the published record, so a sample uploaded as it is changes nothing.


def _depositary_day(action: TreatyAction) -> str:
    suffix = "" if action.kind == ActionKind.SIGNATURE else None
    if suffix is None:
        suffix = next((s for s, kind in CONSENT_SUFFIXES.items() if kind == action.kind), "")
    text = f"{action.date.day} {action.date:%b %Y}"
    return f"{text} {suffix}".strip()


def status_table_sample(treaty: Treaty | None) -> list[list[str]]:
    rows = [["Participant", "Signature", CONSENT_HEADER]]
    if treaty is None:
        return rows
    actions = (
        TreatyAction.objects.published()
        .filter(treaty=treaty, kind__in=[ActionKind.SIGNATURE, *CONSENT_KINDS])
        .exclude(date_earliest__isnull=False)  # the table gives exact days only
        .select_related("participant")
        .order_by("participant__name", "date")
    )
    by_participant: dict[Any, list[str]] = {}
    for action in actions[: SAMPLE_PARTICIPANTS * 4]:
        row = by_participant.setdefault(action.participant, ["", ""])
        row[0 if action.kind == ActionKind.SIGNATURE else 1] = _depositary_day(action)
    for participant, (signed, consented) in list(by_participant.items())[:SAMPLE_PARTICIPANTS]:
        rows.append([participant.name, signed, consented])
    return rows


def assessments_sample(treaty: Treaty | None) -> list[list[str]]:
    header = [*ASSESSMENT_REQUIRED, *ASSESSMENT_OPTIONAL]
    rows = [header]
    if treaty is None:
        return rows
    found = (
        ObligationProgress.objects.published()
        .filter(is_current=True, obligation__treaty=treaty)
        .select_related("participant", "obligation")
        .order_by("participant__name", "obligation__position")[:SAMPLE_PARTICIPANTS]
    )
    for a in found:
        values = {
            "participant": a.participant.iso3,
            "obligation": a.obligation.code,
            "status": a.status,
            "as_of": _day(a.as_of),
            "evidence_adopted_on": _day(a.evidence_adopted_on),
        }
        rows.append([values.get(name, getattr(a, name, "")) or "" for name in header])
    return rows


LAW_SAMPLE_COLUMNS = (*LAW_REQUIRED, *LAW_OPTIONAL)


def laws_sample(treaty: Treaty | None) -> list[list[str]]:
    rows = [list(LAW_SAMPLE_COLUMNS)]
    laws = Law.objects.published().select_related("participant").order_by("participant__name")
    for law in laws[:SAMPLE_PARTICIPANTS]:
        cells = []
        for name in LAW_SAMPLE_COLUMNS:
            value = law.participant.iso3 if name == "participant" else getattr(law, name)
            cells.append(_day(value) if hasattr(value, "isoformat") else str(value or ""))
        rows.append(cells)
    return rows


MAPPING_SAMPLE_COLUMNS = (
    "participant",
    "law",
    "provision",
    "relation",
    "article",
    "obligation",
    "note",
    "provision_summary",
    "provision_url",
)


def mappings_sample(treaty: Treaty | None) -> list[list[str]]:
    rows = [list(MAPPING_SAMPLE_COLUMNS)]
    if treaty is None:
        return rows
    mappings = (
        ProvisionMapping.objects.published()
        .filter(Q(article__treaty=treaty) | Q(obligation__treaty=treaty))
        .select_related("provision__law__participant", "article", "obligation")
        .order_by("provision__law__participant__name", "pk")
    )
    for m in mappings[:SAMPLE_PARTICIPANTS]:
        law = m.provision.law
        rows.append(
            [
                law.participant.iso3,
                law.title,
                m.provision.reference,
                m.relation,
                str(m.article.number) if m.article else "",
                m.obligation.code if m.obligation else "",
                m.note,
                m.provision.summary,
                m.provision.url,
            ]
        )
    return rows


GUIDES: dict[str, Guide] = {
    "status-table": Guide(
        columns=(
            Column(
                "Participant",
                True,
                _(
                    "The name as the depositary prints it (footnote numbers and brackets are "
                    "read), another name recorded for the participant, or its ISO code."
                ),
            ),
            Column(
                "Signature",
                False,
                _(
                    "The day of signature, e.g. 25 Oct 2025 or 2025-10-25; followed by s for a "
                    "definitive signature, d for a succession to a signature."
                ),
            ),
            Column(
                CONSENT_HEADER,
                False,
                _(
                    "The day the instrument was deposited, followed by its kind: nothing for a "
                    "ratification, A acceptance, AA approval, a accession, c formal "
                    "confirmation, d succession, s definitive signature."
                ),
            ),
        ),
        sample_name="status-table-sample.tsv",
        sample=status_table_sample,
        note=_(
            "The depositary's own table, copied from its status page: lines above the header "
            "and lines without a date (footnotes) are skipped. Tab-separated, CSV or XLSX."
        ),
    ),
    "assessments": Guide(
        columns=(
            Column("participant", True, _("ISO code or any recorded name.")),
            Column("obligation", True, _("The obligation's code, e.g. art-7.")),
            Column("status", True, _("One of:"), tuple(ProgressStatus.values)),
            Column("as_of", True, _("The day the assessment describes, YYYY-MM-DD.")),
            Column("assessed_by", True, _("Who assessed it (an institution, not a person).")),
            Column("evidence_title", False, _("The title of the law or document relied on.")),
            Column("evidence_citation", False, _("Where in it (article, section).")),
            Column("evidence_url", False, _("A public address of the evidence.")),
            Column("evidence_adopted_on", False, _("When the evidence was adopted, YYYY-MM-DD.")),
            Column("notes", False, _("Anything a reviewer should know.")),
        ),
        sample_name="assessments-sample.csv",
        sample=assessments_sample,
        note=_(
            "One row per assessment; header names in any case and order. A row for a "
            "participant, obligation and day already recorded updates that assessment."
        ),
    ),
    "laws": Guide(
        columns=(
            Column("participant", True, _("ISO code or any recorded name.")),
            Column("title", True, _("The law's title in its language.")),
            Column("source", True, _("Where the record comes from.")),
            Column("title_en", False, _("The title in English.")),
            Column("kind", False, _("One of:"), tuple(LawKind.values)),
            Column("status", False, _("One of:"), tuple(LawStatus.values)),
            Column(
                "adopted_on, in_force_on, amended_on, repealed_on, source_date",
                False,
                _("Days, YYYY-MM-DD."),
            ),
            Column(
                "official_url, identifier, language, source_url, notes",
                False,
                _("As recorded on a law's page."),
            ),
        ),
        sample_name="laws-sample.csv",
        sample=laws_sample,
        note=_(
            "The project's layout. UNCTAD's Global Cyberlaw Tracker layout (m49, country, "
            "title, url) is read as well."
        ),
    ),
    "mappings": Guide(
        columns=(
            Column("participant", True, _("ISO code or any recorded name.")),
            Column("law", True, _("The law's title as recorded for the participant, or its id.")),
            Column("provision", True, _("The provision's reference, e.g. Art. 5.")),
            Column("relation", True, _("One of:"), tuple(MappingRelation.values)),
            Column("article", False, _("An article number; or give an obligation.")),
            Column("obligation", False, _("An obligation code; or give an article.")),
            Column(
                "note, provision_summary, provision_url",
                False,
                _("A note on the mapping; the provision's summary and address when it is new."),
            ),
        ),
        sample_name="mappings-sample.csv",
        sample=mappings_sample,
        note=_("A provision not yet recorded is added to its law."),
    ),
}


def guide_rows(kind: str) -> list[tuple[str, bool, str]]:
    """The column guide of ``kind``: (column, required, meaning with the allowed values)."""
    return [
        (c.name, c.required, " ".join([str(c.meaning), ", ".join(c.allowed)]).strip())
        for c in GUIDES[kind].columns
    ]


def sample_response(kind: str, treaty: Treaty | None) -> HttpResponse:
    """The sample file of ``kind`` as a download."""
    guide = GUIDES[kind]
    tab = guide.sample_name.endswith(".tsv")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t" if tab else ",", lineterminator="\n")
    writer.writerows(guide.sample(treaty))
    content_type = "text/tab-separated-values" if tab else "text/csv"
    response = HttpResponse(buffer.getvalue(), content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{guide.sample_name}"'
    return response


# --- The file kept between attempts


@dataclass(frozen=True, slots=True)
class KeptFile:
    """A file read at an earlier attempt and kept on the server (in the session), so a failed
    dry run can be run again, after fixing the form or the record, without choosing it again."""

    token: str
    name: str
    rows: list[list[str]]


def keep_file(request: HttpRequest, kind: str, name: str, rows: list[list[str]]) -> KeptFile:
    kept = KeptFile(secrets.token_urlsafe(16), name, rows)
    request.session[f"{_KEPT_KEY}-{kind}"] = {"token": kept.token, "name": name, "rows": rows}
    return kept


def kept_file(request: HttpRequest, kind: str, token: str | None = None) -> KeptFile | None:
    """The file kept for ``kind``; with ``token``, only if it is that one (a page opened before
    another file was chosen does not silently check the newer one)."""
    stored = request.session.get(f"{_KEPT_KEY}-{kind}")
    if not stored or (token is not None and stored.get("token") != token):
        return None
    return KeptFile(stored["token"], stored["name"], stored["rows"])


def forget_file(request: HttpRequest, kind: str) -> None:
    request.session.pop(f"{_KEPT_KEY}-{kind}", None)


def chosen_file(request: HttpRequest, kind: str) -> tuple[KeptFile | None, ImportReport | None]:
    """The file of this attempt: one just chosen (read, then kept for the next attempt), else
    the one kept from the last attempt that the form names. A file that cannot be read is not
    kept: its report says why."""
    upload = request.FILES.get("file")
    if upload is None:
        return kept_file(request, kind, request.POST.get("kept") or ""), None
    name = upload.name or ""
    try:
        rows = read_rows(upload, name)
    except ImportRejected as rejected:
        forget_file(request, kind)
        return None, rejected.report
    return keep_file(request, kind, name, rows), None


def import_page_context(
    kind: str, request: HttpRequest, report: ImportReport | None
) -> dict[str, Any]:
    """What the import page shows besides its form: the guide, the sample and the report."""
    guide = GUIDES[kind]
    return {
        "guide": guide_rows(kind),
        "guide_note": guide.note,
        "sample_url": f"{request.path}?sample=1",
        "sample_name": guide.sample_name,
        "view": present(report) if report is not None else None,
    }


# --- The report, in reading order


_LINE = re.compile(r"^line (\d+)\b")
_SUBJECT = re.compile(r"^(?P<subject>[^:]{1,120}): (?P<rest>.+)$")


@dataclass(slots=True)
class NoteGroup:
    """Notes that make one remark about several rows or participants, shown as one line."""

    notes: list[str] = field(default_factory=list)

    @property
    def first(self) -> str:
        return self.notes[0]


@dataclass(slots=True)
class ReportView:
    report: ImportReport
    errors: list[RowError]
    changes: list[str]
    notes: list[str]
    grouped_notes: list[NoteGroup]


def _line_of(text: str) -> int:
    found = _LINE.match(text)
    return int(found.group(1)) if found else 0


# A remark made of this many rows or more is summarised as one line.
GROUP_NOTES_FROM = 3


def present(report: ImportReport) -> ReportView:
    """Errors by line then column (file-level ones first), the changes by line, and a remark
    repeated about many rows summarised as one line: the few real changes stay in sight."""
    errors = sorted(report.errors, key=lambda e: (e.line, e.column))
    changes = sorted(report.lines, key=_line_of)
    by_remark: dict[str, NoteGroup] = {}
    for note in sorted(report.notes, key=_line_of):
        # "line 12: the same law as line 3, skipped." and "France: recorded here, absent…":
        # the remark is what follows the subject, numbers set aside.
        found = _SUBJECT.match(note)
        remark = re.sub(r"\d+", "#", found.group("rest") if found else note)
        by_remark.setdefault(remark, NoteGroup()).notes.append(note)
    notes: list[str] = []
    grouped: list[NoteGroup] = []
    for group in by_remark.values():
        if len(group.notes) >= GROUP_NOTES_FROM:
            grouped.append(group)
        else:
            notes.extend(group.notes)
    return ReportView(report, errors, changes, sorted(notes, key=_line_of), grouped)
