"""Importing depositary status tables (UNTC layout): suffixes, names, dry run, all or nothing."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from tests.factories import make_action, make_participant, make_treaty
from treaty.importers import ImportRejected
from treaty.importers.depositary import (
    CONSENT_SUFFIXES,
    import_status_table,
    parse_date_cell,
)
from treaty.importers.readers import read_rows
from treaty.models import ActionKind, Participant, TreatyAction

HEADER = [
    "Participant",
    "Signature",
    "Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)",
]
SOURCE = "UNTC XVIII-16 status page, 1 Nov 2026"


@pytest.fixture
def world(db):
    """The real participants (reference data, with their historical names and patterns)."""
    call_command("loaddata", "participants", verbosity=0)
    return {p.iso3: p for p in Participant.objects.all()}


@pytest.fixture
def convention(db):
    return make_treaty(slug="un-cybercrime-convention", instruments_required=3)


def _import(treaty, rows, **kwargs):
    return import_status_table(treaty=treaty, rows=[HEADER, *rows], source=SOURCE, **kwargs)


@pytest.mark.parametrize(
    ("cell", "kind", "on"),
    [
        ("9 Dec 2025", ActionKind.RATIFICATION, date(2025, 12, 9)),
        ("12 Nov 2025 A", ActionKind.ACCEPTANCE, date(2025, 11, 12)),
        ("12 Nov 2025 AA", ActionKind.APPROVAL, date(2025, 11, 12)),
        (" 6 Aug 2026 a", ActionKind.ACCESSION, date(2026, 8, 6)),
        ("6 Aug 2026 c", ActionKind.FORMAL_CONFIRMATION, date(2026, 8, 6)),
        ("1 Jun 2026 d", ActionKind.SUCCESSION, date(2026, 6, 1)),
        ("1 Jun 2026 s", ActionKind.DEFINITIVE_SIGNATURE, date(2026, 6, 1)),
        ("1 June 2026\u00a0a", ActionKind.ACCESSION, date(2026, 6, 1)),
        ("2026-06-01 a", ActionKind.ACCESSION, date(2026, 6, 1)),
        ("30 Sept 2026 AA 3", ActionKind.APPROVAL, date(2026, 9, 30)),
        ("12 Nov 2008AA", ActionKind.APPROVAL, date(2008, 11, 12)),
    ],
)
def test_every_untc_suffix_names_its_instrument(cell, kind, on):
    parsed = parse_date_cell(cell, CONSENT_SUFFIXES)
    assert (parsed.kind, parsed.on) == (kind, on)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("31 Feb 2026", "not a calendar date"),
        ("9 Dec 2025 x", "unknown suffix 'x'"),
        ("9 Dec 2025 p", "unknown suffix 'p'"),
        ("yesterday", "is not a date"),
        ("12/11/2025", "is not a date"),
    ],
)
def test_a_malformed_date_cell_says_what_is_allowed(cell, message):
    with pytest.raises(ValueError, match=message):
        parse_date_cell(cell, CONSENT_SUFFIXES)


def test_historical_and_decorated_names_match_today_s_participants(world, convention):
    rows = [
        ["Turkey", "25 Oct 2025", ""],
        ["Swaziland", "25 Oct 2025", ""],
        ["Czech Republic3", "25 Oct 2025", ""],
        ["Cote d'Ivoire", "25 Oct 2025", ""],
        ["Côte d’Ivoire", "", "2 Mar 2026"],  # second spelling of the same State: a duplicate
    ]
    with pytest.raises(ImportRejected) as rejected:
        _import(convention, rows, apply=True)
    errors = rejected.value.report.errors
    assert [(e.line, e.column) for e in errors] == [(6, "Participant")]
    assert "appears twice (also on line 5)" in errors[0].message
    assert TreatyAction.objects.count() == 0

    report = _import(convention, rows[:4], apply=True)
    assert report.added == 4
    signed = set(TreatyAction.objects.values_list("participant__iso3", flat=True))
    assert signed == {"TUR", "SWZ", "CZE", "CIV"}


def test_an_reio_row_is_imported_and_not_counted(world, convention):
    rows = [
        ["Algeria", "25 Oct 2025", "2 Mar 2026"],
        ["European Union", "25 Oct 2025", "3 Mar 2026 AA"],
        ["Mali", "", "4 Mar 2026 a"],
        ["Viet Nam", "25 Oct 2025", "5 Mar 2026"],
    ]
    _import(convention, rows, apply=True)
    status = convention.status_on(date(2026, 11, 1))
    assert status.instruments == 4
    assert status.counting_instruments == 3
    # The third counting instrument (Viet Nam, 5 March) is the threshold; + 90 days.
    assert status.threshold_participant == "VNM"
    assert status.entry_into_force_on == date(2026, 6, 3)
    assert status.of("EUU").entry_into_force_on == date(2026, 6, 3)


def test_unmatched_names_stop_the_import_with_every_name_and_line(world, convention):
    rows = [
        ["Algeria", "25 Oct 2025", ""],
        ["Atlantis", "25 Oct 2025", ""],
        ["", "25 Oct 2025", ""],
        ["Ruritania 4", "", "2 Mar 2026 a"],
    ]
    with pytest.raises(ImportRejected) as rejected:
        _import(convention, rows, apply=True)
    messages = [str(e) for e in rejected.value.report.errors]
    assert messages == [
        "line 4, column 'Participant': a date without a participant name.",
        "line 3, column 'Participant': unknown participant 'Atlantis' (add it as another "
        "name of the participant, or use its ISO code).",
        "line 5, column 'Participant': unknown participant 'Ruritania 4' (add it as another "
        "name of the participant, or use its ISO code).",
    ]
    assert not TreatyAction.objects.exists()


def test_a_dry_run_reports_and_writes_nothing(world, convention):
    rows = [["Algeria", "25 Oct 2025", "2 Mar 2026"], ["Mali", "", "4 Mar 2026 a"]]
    report = _import(convention, rows, apply=False)
    assert (report.applied, report.added, report.changed, report.unchanged) == (False, 3, 0, 0)
    assert report.lines == [
        "line 2: add Algeria signature 2025-10-25",
        "line 2: add Algeria ratification 2026-03-02",
        "line 3: add Mali accession 2026-03-04",
    ]
    assert not TreatyAction.objects.exists()


def test_reimporting_the_same_table_changes_nothing_and_a_new_date_changes_one(world, convention):
    rows = [["Algeria", "25 Oct 2025", "2 Mar 2026"], ["Mali", "", "4 Mar 2026 a"]]
    _import(convention, rows, apply=True)
    again = _import(convention, rows, apply=True)
    assert (again.added, again.changed, again.unchanged) == (0, 0, 3)

    corrected = _import(convention, [["Mali", "", "5 Mar 2026 a"]], apply=True)
    assert (corrected.added, corrected.changed) == (0, 1)
    mali = TreatyAction.objects.get(participant__iso3="MLI")
    assert mali.date == date(2026, 3, 5)
    assert mali.history.count() == 2  # the old date stays in the history
    assert "Algeria: recorded here, absent from the table (left as is)." in corrected.notes


def test_the_depositarys_table_narrows_a_signature_known_to_two_days(world, convention):
    britain = make_action(
        convention,
        world["GBR"],
        "signature",
        date(2025, 10, 26),
        date_earliest=date(2025, 10, 25),
        source="UK Foreign Office statement of 27 Oct 2025",
        source_kind="government",
    )

    report = _import(
        convention,
        [["United Kingdom of Great Britain and Northern Ireland", "26 Oct 2025", ""]],
        apply=True,
    )

    assert (report.added, report.changed, report.unchanged) == (0, 1, 0)
    britain.refresh_from_db()
    assert (britain.date_earliest, britain.date) == (None, date(2025, 10, 26))
    assert (britain.source, britain.source_kind) == (SOURCE, "depositary")
    assert "(was signature of 2025-10-25 to 2025-10-26)" in report.lines[0]
    assert [h.date_earliest for h in britain.history.order_by("history_date")] == [
        date(2025, 10, 25),
        None,
    ]


def test_a_row_breaking_a_rule_rejects_the_whole_table(world, convention):
    rows = [
        ["Algeria", "25 Oct 2025", "2 Mar 2026"],
        ["Mali", "", "4 Mar 2026"],  # ratification without signature
        ["Chile", "2 Jan 2027", ""],  # after the signature window (and in the future)
    ]
    with pytest.raises(ImportRejected) as rejected:
        _import(convention, rows, apply=True)
    errors = rejected.value.report.errors
    assert {(e.line, e.column) for e in errors} == {(3, "Consent"), (4, "Signature")}
    assert any("a non-signatory joins by accession" in e.message for e in errors)
    assert not TreatyAction.objects.exists()


def test_a_bracketed_name_is_a_participant_that_withdrew(world, convention):
    report = _import(convention, [["[Algeria]5", "25 Oct 2025", ""]], apply=True)
    assert report.added == 1
    assert report.notes == [
        "line 2: Algeria is in brackets (withdrawn): record its denunciation from the "
        "depositary notification."
    ]


def test_the_import_goes_through_the_same_rules_as_recorded_actions(db, convention):
    state = make_participant(name="Atlantis", iso3="XAT", iso2="XT")
    make_action(convention, state, "signature", date(2025, 10, 25))
    make_action(convention, state, "declaration", date(2026, 1, 5))
    make_action(convention, state, "accession", date(2026, 1, 6), withdrawn_at=None)
    # The table says ratification on another day: that changes the recorded instrument...
    report = _import(convention, [["XAT", "25 Oct 2025", "7 Jan 2026"]], apply=True)
    assert (report.changed, report.unchanged) == (1, 1)
    # ...but a ratification before the signature is refused like any other.
    with pytest.raises(ImportRejected, match="no signature on or before"):
        _import(convention, [["XAT", "", "1 Oct 2025"]], apply=True)


def test_a_table_without_a_participant_header_is_refused(db, convention):
    with pytest.raises(ImportRejected, match="no header row with a 'Participant' column"):
        import_status_table(
            treaty=convention, rows=[["Name", "Date"], ["Mali", "1 Jan 2026"]], source=SOURCE
        )


def test_xlsx_tables_with_real_date_cells_are_read(world, convention):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Status as at: 01-11-2026"])
    sheet.append(HEADER)
    sheet.append(["Algeria", date(2025, 10, 25), "2 Mar 2026"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    rows = read_rows(buffer, "status.xlsx")
    report = import_status_table(treaty=convention, rows=rows, source=SOURCE, apply=True)
    assert report.added == 2


@pytest.mark.parametrize(
    ("payload", "filename", "message"),
    [
        (b"", "t.csv", "The file is empty"),
        (b"PK\x03\x04garbage", "t.xlsx", "Not a readable XLSX workbook"),
        (b"a\x00b", "t.csv", "binary"),
        (b"x", "t.pdf", "upload a .csv"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(payload, filename, message):
    with pytest.raises(ImportRejected, match=message):
        read_rows(io.BytesIO(payload), filename)


def test_the_command_dry_runs_then_applies_with_a_summary(world, convention, tmp_path):
    table = tmp_path / "status.tsv"
    table.write_text(
        "\t".join(HEADER) + "\nTürkiye\t25 Oct 2025\t\nMali\t\t4 Mar 2026 a\n", encoding="utf-8"
    )
    args = [str(table), "--treaty", convention.slug, "--source", SOURCE]
    out = io.StringIO()
    call_command("import_status_table", *args, stdout=out)
    assert out.getvalue().strip() == (
        "Dry run (nothing written): 2 added, 0 changed, 0 unchanged, 0 rejected."
    )
    assert not TreatyAction.objects.exists()
    out = io.StringIO()
    call_command("import_status_table", *args, "--apply", stdout=out)
    assert out.getvalue().strip() == "Imported: 2 added, 0 changed, 0 unchanged, 0 rejected."
    assert TreatyAction.objects.published().count() == 2


def test_the_command_lists_every_problem_and_fails(world, convention, tmp_path):
    table = tmp_path / "status.csv"
    table.write_text(
        ",".join(f'"{h}"' for h in HEADER) + "\nAtlantis,25 Oct 2025,\nMali,,4 Mar 2026 q\n",
        encoding="utf-8",
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"Nothing written: 2 problem\(s\) in 2 row\(s\)"):
        call_command(
            "import_status_table",
            str(table),
            "--treaty",
            convention.slug,
            "--source",
            SOURCE,
            "--apply",
            stderr=err,
        )
    assert "line 3, column 'Ratification" in err.getvalue()
    assert "line 2, column 'Participant': unknown participant 'Atlantis'" in err.getvalue()


def test_notes_under_the_table_are_skipped_and_reported(world, convention):
    rows = [
        ["Algeria", "25 Oct 2025", ""],
        ["", "", ""],
        ["1/ With a declaration made upon signature.", "", ""],
        ["Notes:", "", ""],
    ]
    report = _import(convention, rows, apply=True)
    assert report.added == 1
    assert report.notes == ["line(s) 4, 5 hold no date: read as notes, skipped."]


@pytest.mark.parametrize(
    "name",
    [
        "Bolivia (Plurinational State of)",
        "Netherlands (Kingdom of the)7",
        "Sao Tome and Principe",
        "The former Yugoslav Republic of Macedonia",
        "Cape Verde",
        "United Kingdom of Great Britain and Northern Ireland 2, 3",
        "Venezuela (Bolivarian Republic of)",
        "Micronesia (Federated States of)",
        "Democratic Republic of the Congo",
        "Congo",
        "Niger",
        "Guinea",
        "Dominica",
        "Sudan",
    ],
)
def test_depositary_spellings_match_exactly_one_participant(world, name):
    from treaty.names import ParticipantMatcher

    found = ParticipantMatcher.from_database().match(name)
    assert found.participant is not None, found.ambiguous
    assert found.participant.name.split(" (")[0].casefold() in name.casefold() or name in {
        "Sao Tome and Principe",
        "The former Yugoslav Republic of Macedonia",
        "Cape Verde",
    }
