"""Importing assessments from CSV and XLSX: row-level errors, all or nothing, idempotent."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from tests.factories import make_user
from treaty import services
from treaty.importers import ImportRejected
from treaty.importers.assessments import import_assessments
from treaty.importers.readers import read_rows
from treaty.models import ObligationProgress, ReviewState

HEADER = [
    "participant",
    "obligation",
    "status",
    "as_of",
    "assessed_by",
    "evidence_title",
    "evidence_url",
    "evidence_adopted_on",
]


def _rows(*rows):
    return [HEADER, *[list(r) for r in rows]]


def test_a_valid_file_adds_assessments_for_review(personas, treaty):
    rows = _rows(
        ["FRA", "art-7", "Partially aligned", "2026-05-01", "Secretariat", "Code pénal", "", ""],
        ["France", "art-25", "in_progress", "2026-05-01", "Secretariat", "", "", ""],
    )
    report = import_assessments(treaty=treaty, rows=rows, apply=True)
    assert (report.added, report.changed, report.unchanged) == (2, 0, 0)
    france = ObligationProgress.objects.filter(participant=personas.signatory)
    assert sorted(france.values_list("status", "review_state")) == [
        ("in_progress", ReviewState.SUBMITTED),
        ("partial", ReviewState.SUBMITTED),
    ]
    # Submitted is not published: the current status of France is unchanged (none).
    assert not ObligationProgress.objects.current().filter(participant=personas.signatory)


def test_an_imported_assessment_moves_the_current_status_once_someone_else_verifies_it(
    personas, treaty, obligations
):
    # An import never publishes (trust issue, item 1): a reviewer verifies each assessment.
    rows = _rows(["VNM", "art-25", "aligned", "2026-06-01", "Ministry", "Law 24/2025", "", ""])
    import_assessments(treaty=treaty, rows=rows, apply=True)
    imported = ObligationProgress.objects.get(as_of=date(2026, 6, 1))
    assert imported.review_state == ReviewState.SUBMITTED
    services.verify(record=imported, by=make_user("reviewer"))
    current = ObligationProgress.objects.current().get(
        participant=personas.ratifier, obligation=obligations[1]
    )
    assert (current.status, current.as_of) == ("aligned", date(2026, 6, 1))


def test_reimporting_the_same_file_changes_nothing(personas, treaty):
    rows = _rows(["VNM", "art-25", "aligned", "2026-06-01", "Ministry", "Law 24/2025", "", ""])
    import_assessments(treaty=treaty, rows=rows, apply=True)
    again = import_assessments(treaty=treaty, rows=rows, apply=True)
    assert (again.added, again.changed, again.unchanged) == (0, 0, 1)
    changed = _rows(["VNM", "art-25", "partial", "2026-06-01", "Ministry", "Law 24/2025", "", ""])
    third = import_assessments(treaty=treaty, rows=changed, apply=True)
    assert (third.added, third.changed) == (0, 1)


def test_every_bad_row_is_reported_and_nothing_is_written(personas, treaty):
    before = ObligationProgress.objects.count()
    rows = _rows(
        ["VNM", "art-7", "aligned", "2026-06-01", "Ministry", "Law 1", "", ""],  # fine
        ["Atlantis", "art-7", "aligned", "2026-06-01", "Ministry", "Law", "", ""],
        ["VNM", "art-999", "aligned", "2026-06-01", "Ministry", "Law", "", ""],
        ["VNM", "art-7", "done", "2026-06-01", "Ministry", "Law", "", ""],
        ["VNM", "art-25", "aligned", "01/06/2026", "Ministry", "Law", "", ""],
        ["VNM", "art-25", "aligned", "2026-06-01", "", "", "", ""],
        ["VNM", "art-25", "in_progress", "2026-06-01", "Ministry", "", "", "2026-07-01"],
        ["VNM", "art-7", "aligned", "2026-06-01", "Ministry", "Law 1", "", ""],  # duplicate
        ["VNM", "art-25", "in_progress", "2030-01-01", "Ministry", "", "", ""],
    )
    with pytest.raises(ImportRejected) as rejected:
        import_assessments(treaty=treaty, rows=rows, apply=True)
    by_line = {(e.line, e.column) for e in rejected.value.report.errors}
    assert by_line >= {
        (3, "participant"),
        (4, "obligation"),
        (5, "status"),
        (6, "as_of"),
        (7, "assessed_by"),
        (8, "evidence_adopted_on"),
        (9, "as_of"),
        (10, "as_of"),
    }
    assert (2, "participant") not in by_line
    messages = " ".join(str(e) for e in rejected.value.report.errors)
    assert "allowed: not_started, in_progress, partial, aligned, not_applicable" in messages
    assert "write it as YYYY-MM-DD" in messages
    assert "same assessment as line 2" in messages
    assert ObligationProgress.objects.count() == before


def test_a_missing_required_column_is_named(treaty):
    with pytest.raises(ImportRejected, match="missing column"):
        import_assessments(treaty=treaty, rows=[["participant", "status"], ["VNM", "aligned"]])


def test_a_dry_run_writes_nothing(personas, treaty):
    before = ObligationProgress.objects.count()
    rows = _rows(["VNM", "art-25", "aligned", "2026-06-01", "Ministry", "Law 24/2025", "", ""])
    report = import_assessments(treaty=treaty, rows=rows, apply=False)
    assert (report.applied, report.added) == (False, 1)
    assert ObligationProgress.objects.count() == before


def test_xlsx_files_are_read_with_real_dates(personas, treaty):
    workbook = Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(
        ["FRA", "art-7", "aligned", date(2026, 5, 1), "Secretariat", "Code pénal", "", None]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    report = import_assessments(treaty=treaty, rows=read_rows(buffer, "a.xlsx"), apply=True)
    assert report.added == 1


def test_the_command_summarizes_and_refuses_bad_files(personas, treaty, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(
        ",".join(HEADER) + "\nVNM,art-25,aligned,2026-06-01,Ministry,Law 24/2025,,\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("import_assessments", str(good), "--treaty", treaty.slug, "--apply", stdout=out)
    assert out.getvalue().strip() == "Imported: 1 added, 0 changed, 0 unchanged, 0 rejected."
    bad = tmp_path / "bad.csv"
    bad.write_text(",".join(HEADER) + "\nVNM,art-25,maybe,2026-06-01,M,,,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing written"):
        call_command(
            "import_assessments", str(bad), "--treaty", treaty.slug, "--apply", stderr=io.StringIO()
        )
