"""Exports (CSV, JSON, XLSX) and research panels (issue 4, "Exports").

"Today" is pinned to 23 November 2026 at noon UTC (``today`` fixture), so the as-of day, file
names and ``verified_at`` stamps are fixed. The personas (conftest) give the small story: Viet Nam
signed on 25 October 2025, ratified on 2 March 2026 and was assessed on 1 February 2026; France
and the EU signed; Norway did nothing.
"""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
from datetime import UTC, date, datetime

import openpyxl
import pytest
from django.db import connection
from django.http import FileResponse, StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    make_action,
    make_assessment,
    make_obligation,
    make_participant,
    make_treaty,
    make_user,
)
from treaty import services
from treaty.exports import writers
from treaty.models import ObligationProgress, ReviewState

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
STAMP = "2026-11-23T12:00:00Z"  # verified_at of everything published in these tests
TREATY = "un-cybercrime-convention"


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(NOW, tick=False)


# --- Helpers -------------------------------------------------------------------------------


def export(client, resource, fmt="csv", **params):
    return client.get(reverse("exports:export", args=[resource, fmt]), params)


def panel(client, shape, fmt="csv", **params):
    return client.get(reverse("exports:panel", args=[shape, fmt]), params)


def content(response) -> bytes:
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content)


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content(response).decode("utf-8"))))


def read_json(response) -> list[dict]:
    return json.loads(content(response))


def read_xlsx(response) -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(content(response)), read_only=True)
    return list(workbook.active.iter_rows(values_only=True))


def articles(obligation) -> str:
    return ";".join(str(a.number) for a in obligation.articles.order_by("number"))


def queries_to_export(url: str, client) -> int:
    """Queries made to answer ``url`` and write the whole file (streamed rows included)."""
    with CaptureQueriesContext(connection) as captured:
        content(client.get(url))
    return len(captured)


def add_participants_with_records(treaty, obligations, count: int) -> None:
    """``count`` more signatories, each assessed on every obligation on two days (the later
    row current), written straight to the database: the rows, not the rules, are under test."""
    # Codes chosen here: make_participant's alpha-2 codes can meet the personas' (VN, FR…).
    participants = [
        make_participant(iso2=f"Q{letter}", iso3=f"QQ{letter}")
        for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[:count]
    ]
    for participant in participants:
        make_action(treaty, participant, "signature", date(2025, 10, 25))
    insert_assessments(participants, obligations, days=[date(2026, 1, 1)])
    insert_assessments(participants, obligations, days=[date(2026, 5, 1)], is_current=True)


def insert_assessments(participants, obligations, *, days, is_current=False) -> int:
    """Published assessments of every participant on every obligation on each of ``days``, in
    one ``executemany``: 30 times faster than ``bulk_create``, which spends its time building
    model instances. The column list is read from the model, so a new column cannot break it."""
    now = timezone.now()
    template = ObligationProgress(
        participant=participants[0],
        obligation=obligations[0],
        as_of=days[0],
        status="in_progress",
        evidence_title="Law on cybercrime and electronic evidence",
        evidence_citation="Official Gazette No. 12/2025, art. 3",
        assessed_by="Tracker secretariat",
        review_state=ReviewState.VERIFIED,
        verified_at=now,
        created_at=now,
        updated_at=now,
        is_current=is_current,
    )
    fields = [f for f in ObligationProgress._meta.concrete_fields if not f.primary_key]
    base = {f.attname: f.get_db_prep_save(getattr(template, f.attname), connection) for f in fields}
    varying = {"participant_id", "obligation_id", "as_of"}
    rows = [
        tuple(
            {
                "participant_id": participant.pk,
                "obligation_id": obligation.pk,
                "as_of": connection.ops.adapt_datefield_value(day),
            }[f.attname]
            if f.attname in varying
            else base[f.attname]
            for f in fields
        )
        for participant in participants
        for obligation in obligations
        for day in days
    ]
    table = connection.ops.quote_name(ObligationProgress._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)
    return len(rows)


PARTICIPANT_HEADER = [
    "iso3",
    "iso2",
    "name",
    "kind",
    "region",
    "subregion",
    "treaty",
    "stage",
    "signed_on",
    "instrument_kind",
    "instrument_on",
    "entry_into_force_on",
    "denunciation_effective_on",
    "mandatory_obligations",
    "mandatory_aligned",
    "mandatory_aligned_share",
    "signed_earliest",
    "m49",
    "counts_towards_threshold",
]
ACTION_HEADER = [
    "treaty",
    "iso3",
    "participant",
    "kind",
    "date",
    "effective_on",
    "depositary_notification",
    "source",
    "source_url",
    "date_earliest",
    "date_precision",
    "source_kind",
]
ASSESSMENT_HEADER = [
    "iso3",
    "participant",
    "treaty",
    "obligation",
    "obligation_title",
    "category",
    "strength",
    "articles",
    "as_of",
    "status",
    "evidence_title",
    "evidence_citation",
    "evidence_url",
    "evidence_adopted_on",
    "notes",
    "assessed_by",
    "verified_at",
]
SOURCE = ["UNTC XVIII-16 status page", "https://treaties.un.org/"]
# The last three action columns for an exact day read in the depositary record.
EXACT = ["", "day", "depositary"]


# --- Participants with their status --------------------------------------------------------


def test_participants_csv_has_one_row_per_participant_with_stage_and_share(client, personas):
    rows = read_csv(export(client, "participants"))

    # Two mandatory obligations (art-7, art-25): Viet Nam is aligned on one, nobody else is
    # assessed: their share is empty, not 0.0 (nothing to measure yet).
    assert rows == [
        PARTICIPANT_HEADER,
        ["EUU", "EU", "European Union", "reio", "", "Western Europe", TREATY, "signatory"]
        + ["2025-10-25", "", "", "", "", "2", "0", "", "", "", "False"],
        ["FRA", "FR", "France", "state", "Europe", "Western Europe", TREATY, "signatory"]
        + ["2025-10-25", "", "", "", "", "2", "0", "", "", "", "False"],
        ["NOR", "NO", "Norway", "state", "Europe", "Western Europe", TREATY, "none"]
        + ["", "", "", "", "", "2", "0", "", "", "", "False"],
        ["VNM", "VN", "Viet Nam", "state", "Europe", "Western Europe", TREATY, "consented"]
        + ["2025-10-25", "ratification", "2026-03-02", "", "", "2", "1", "0.5", "", "", "True"],
    ]


def test_participants_json_is_an_array_of_objects_with_typed_values(client, personas):
    rows = read_json(export(client, "participants", "json", participant="VNM,NOR"))

    assert rows == [
        {
            "iso3": "NOR",
            "iso2": "NO",
            "name": "Norway",
            "kind": "state",
            "region": "Europe",
            "subregion": "Western Europe",
            "treaty": TREATY,
            "stage": "none",
            "signed_on": None,
            "instrument_kind": None,
            "instrument_on": None,
            "entry_into_force_on": None,
            "denunciation_effective_on": None,
            "mandatory_obligations": 2,
            "mandatory_aligned": 0,
            "mandatory_aligned_share": None,  # nothing assessed: null, not 0.0
            "signed_earliest": None,
            "m49": None,
            "counts_towards_threshold": False,
        },
        {
            "iso3": "VNM",
            "iso2": "VN",
            "name": "Viet Nam",
            "kind": "state",
            "region": "Europe",
            "subregion": "Western Europe",
            "treaty": TREATY,
            "stage": "consented",
            "signed_on": "2025-10-25",
            "instrument_kind": "ratification",
            "instrument_on": "2026-03-02",
            "entry_into_force_on": None,
            "denunciation_effective_on": None,
            "mandatory_obligations": 2,
            "mandatory_aligned": 1,
            "mandatory_aligned_share": 0.5,
            "signed_earliest": None,
            "m49": None,
            "counts_towards_threshold": True,
        },
    ]


def test_participants_xlsx_is_one_sheet_with_real_dates(client, personas):
    response = export(client, "participants", "xlsx", participant="VNM")

    assert isinstance(response, FileResponse)
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="hanoi-tracker-participants-2026-11-23.xlsx"'
    )
    assert read_xlsx(response) == [
        tuple(PARTICIPANT_HEADER),
        ("VNM", "VN", "Viet Nam", "state", "Europe", "Western Europe", TREATY, "consented")
        + (datetime(2025, 10, 25), "ratification", datetime(2026, 3, 2), None, None, 2, 1, 0.5)
        + (None, None, True),
    ]


def test_participants_xlsx_leaves_the_share_empty_when_nothing_is_assessed(client, personas):
    rows = read_xlsx(export(client, "participants", "xlsx", participant="FRA"))

    assert rows[1][13:15] == (2, 0)
    # The share cell is empty (a sheet reader drops trailing empty cells), never 0.0.
    assert rows[1][15:16] in [(), (None,)]


def test_participants_stage_is_read_on_the_as_of_day(client, personas):
    rows = read_csv(export(client, "participants", participant="VNM", as_of="2026-01-31"))

    # Before the ratification and before the assessment of 1 February.
    assert rows[1] == ["VNM", "VN", "Viet Nam", "state", "Europe", "Western Europe", TREATY] + [
        "signatory",
        "2025-10-25",
        "",
        "",
        "",
        "",
        "2",
        "0",
        "",  # nothing assessed yet on that day: no share
        "",
        "",
        "False",  # no instrument yet on that day
    ]


def test_participants_filters_are_the_apis(client, personas):
    def codes(**params):
        return [row[0] for row in read_csv(export(client, "participants", **params))[1:]]

    assert codes(stage="signatory") == ["EUU", "FRA"]
    assert codes(stage="none") == ["NOR"]
    assert codes(member_of="EU") == ["FRA"]
    assert codes(kind="reio") == ["EUU"]
    assert codes(region="europe", stage="consented,signatory") == ["FRA", "VNM"]
    assert codes(ordering="-name") == ["VNM", "NOR", "FRA", "EUU"]


def test_participants_of_another_treaty_carry_their_stage_in_it(client, personas):
    protocol = make_treaty(slug="a-protocol", short_title="A protocol")
    make_action(protocol, personas.outsider, "signature", date(2025, 10, 25))

    rows = read_csv(export(client, "participants", treaty="a-protocol", participant="NOR,VNM"))

    # The protocol has no mandatory obligation: no share to compute (an empty cell, not 0).
    assert [(row[0], row[6], row[7], row[13], row[15]) for row in rows[1:]] == [
        ("NOR", "a-protocol", "signatory", "0", ""),
        ("VNM", "a-protocol", "none", "0", ""),
    ]


# --- Treaty actions ------------------------------------------------------------------------


@pytest.fixture
def unpublished(treaty, personas, obligations):
    """A draft and a withdrawn action, a draft and a withdrawn assessment: none is public."""
    make_action(
        treaty,
        personas.outsider,
        "accession",
        date(2026, 4, 1),
        review_state=ReviewState.DRAFT,
        verified_at=None,
    )
    make_action(
        treaty,
        personas.signatory,
        "declaration",
        date(2026, 3, 5),
        withdrawn_at=timezone.now(),
        withdrawn_reason="Recorded under the wrong treaty.",
    )
    make_assessment(personas.outsider, obligations[0], "not_started", publish=False)
    withdrawn = make_assessment(personas.signatory, obligations[0], "not_started")
    services.withdraw_progress(assessment=withdrawn, reason="Wrong participant.")


def test_actions_csv_lists_published_actions_oldest_first(client, personas, unpublished):
    response = export(client, "actions")

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="hanoi-tracker-actions-2026-11-23.csv"'
    )
    assert read_csv(response) == [
        ACTION_HEADER,
        [TREATY, "EUU", "European Union", "signature", "2025-10-25", "", "", *SOURCE, *EXACT],
        [TREATY, "FRA", "France", "signature", "2025-10-25", "", "", *SOURCE, *EXACT],
        [TREATY, "VNM", "Viet Nam", "signature", "2025-10-25", "", "", *SOURCE, *EXACT],
        [TREATY, "VNM", "Viet Nam", "ratification", "2026-03-02", ""]
        + ["C.N.12.2026.TREATIES-XVIII.16", *SOURCE, *EXACT],
    ]


def test_actions_json_is_one_valid_array(client, personas):
    response = export(client, "actions", "json", kind="ratification")

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert read_json(response) == [
        {
            "treaty": TREATY,
            "iso3": "VNM",
            "participant": "Viet Nam",
            "kind": "ratification",
            "date": "2026-03-02",
            "effective_on": None,
            "depositary_notification": "C.N.12.2026.TREATIES-XVIII.16",
            "source": SOURCE[0],
            "source_url": SOURCE[1],
            "date_earliest": None,
            "date_precision": "day",
            "source_kind": "depositary",
        }
    ]


def test_an_empty_json_export_is_an_empty_array(client, personas):
    assert read_json(export(client, "actions", "json", participant="NOR")) == []


def test_actions_xlsx_holds_the_same_rows(client, personas):
    rows = read_xlsx(export(client, "actions", "xlsx", participant="VN"))

    assert rows == [
        tuple(ACTION_HEADER),
        (TREATY, "VNM", "Viet Nam", "signature", datetime(2025, 10, 25), None, None)
        + (*SOURCE, None, "day", "depositary"),
        (TREATY, "VNM", "Viet Nam", "ratification", datetime(2026, 3, 2))
        + (None, "C.N.12.2026.TREATIES-XVIII.16", *SOURCE)
        + (None, "day", "depositary"),
    ]


def test_actions_filters_and_as_of_are_the_apis(client, personas):
    def rows(**params):
        return [(r[1], r[3], r[4]) for r in read_csv(export(client, "actions", **params))[1:]]

    assert rows(as_of="2026-03-01") == [
        ("EUU", "signature", "2025-10-25"),
        ("FRA", "signature", "2025-10-25"),
        ("VNM", "signature", "2025-10-25"),
    ]
    assert rows(participant="vn,FRA", kind="signature") == [
        ("FRA", "signature", "2025-10-25"),
        ("VNM", "signature", "2025-10-25"),
    ]
    assert rows(date_after="2026-01-01") == [("VNM", "ratification", "2026-03-02")]
    assert rows(member_of="EUU") == [("FRA", "signature", "2025-10-25")]
    assert rows(stage="consented") == [
        ("VNM", "signature", "2025-10-25"),
        ("VNM", "ratification", "2026-03-02"),
    ]
    assert rows(treaty="un-cybercrime-convention", ordering="-date")[0] == (
        "VNM",
        "ratification",
        "2026-03-02",
    )


# --- Assessments ---------------------------------------------------------------------------


def test_assessments_csv_lists_published_assessments_with_evidence(
    client, personas, obligations, unpublished
):
    art7, art25 = obligations[:2]

    rows = read_csv(export(client, "assessments"))

    assert rows == [
        ASSESSMENT_HEADER,
        ["VNM", "Viet Nam", TREATY, "art-7", "Illegal access", "domestic_law", "mandatory"]
        + [articles(art7), "2026-02-01", "aligned", "Cybercrime Act", ""]
        + ["https://example.org/law", "", "", "Tracker secretariat", STAMP],
        ["VNM", "Viet Nam", TREATY, "art-25", "Expedited preservation", "domestic_law"]
        + ["mandatory", articles(art25), "2026-02-01", "in_progress", "", "", "", "", ""]
        + ["Tracker secretariat", STAMP],
    ]


def test_assessments_json_carries_nulls_and_iso_timestamps(client, personas, obligations):
    rows = read_json(export(client, "assessments", "json", obligation="art-25"))

    assert rows == [
        {
            "iso3": "VNM",
            "participant": "Viet Nam",
            "treaty": TREATY,
            "obligation": "art-25",
            "obligation_title": "Expedited preservation",
            "category": "domestic_law",
            "strength": "mandatory",
            "articles": articles(obligations[1]),
            "as_of": "2026-02-01",
            "status": "in_progress",
            "evidence_title": "",
            "evidence_citation": "",
            "evidence_url": "",
            "evidence_adopted_on": None,
            "notes": "",
            "assessed_by": "Tracker secretariat",
            "verified_at": STAMP,
        }
    ]


def test_assessments_export_the_history_or_the_record_on_the_as_of_day(
    client, personas, obligations
):
    make_assessment(
        personas.ratifier, obligations[1], "partial", as_of=date(2026, 6, 1), evidence_title="Act"
    )

    def rows(**params):
        return [(r[3], r[8], r[9]) for r in read_csv(export(client, "assessments", **params))[1:]]

    assert rows() == [
        ("art-7", "2026-02-01", "aligned"),
        ("art-25", "2026-02-01", "in_progress"),
        ("art-25", "2026-06-01", "partial"),
    ]
    assert rows(as_of="2026-03-01") == [
        ("art-7", "2026-02-01", "aligned"),
        ("art-25", "2026-02-01", "in_progress"),
    ]
    assert rows(as_of="2026-11-23") == [
        ("art-7", "2026-02-01", "aligned"),
        ("art-25", "2026-06-01", "partial"),
    ]
    assert rows(as_of="2026-01-31") == []
    assert rows(status="partial,aligned", current="true") == [
        ("art-7", "2026-02-01", "aligned"),
        ("art-25", "2026-06-01", "partial"),
    ]
    assert rows(category="awareness") == []


def test_exports_stay_public_for_a_signed_in_editor(client, personas, unpublished):
    client.force_login(make_user(is_staff=True, is_superuser=True))

    actions = read_csv(export(client, "actions"))
    assessments = read_csv(export(client, "assessments"))

    assert [row[3] for row in actions[1:]] == ["signature"] * 3 + ["ratification"]
    assert [row[0] for row in assessments[1:]] == ["VNM", "VNM"]


# --- CSV details ---------------------------------------------------------------------------


def test_csv_is_plain_utf8_without_a_byte_order_mark(client, db):
    make_participant(iso2="CI", iso3="CIV", name="Côte d’Ivoire")

    raw = content(export(client, "participants"))

    assert raw.startswith(b"iso3,iso2,name,")
    assert "Côte d’Ivoire".encode() in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    assert rows[0]["name"] == "Côte d’Ivoire"


def test_bom_1_adds_a_byte_order_mark_for_excel(client, personas):
    raw = content(export(client, "participants", bom="1"))

    assert raw.startswith(b"\xef\xbb\xbfiso3,iso2,name,")


def test_the_file_name_carries_the_as_of_day(client, personas):
    response = export(client, "assessments", "json", as_of="2026-01-01")

    assert response["Content-Disposition"] == (
        'attachment; filename="hanoi-tracker-assessments-2026-01-01.json"'
    )


# --- Errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url_args", "params", "parameter"),
    [
        (("participants", "csv"), {"as_of": "2026-13-01"}, "as_of"),
        (("participants", "csv"), {"as_of": "01/02/2026"}, "as_of"),
        (("participants", "json"), {"stage": "ratified"}, "stage"),
        (("participants", "xlsx"), {"treaty": "no-such-treaty"}, "treaty"),
        (("actions", "csv"), {"participant": "ZZZ"}, "participant"),
        (("actions", "csv"), {"kind": "coup"}, "kind"),
        (("actions", "json"), {"date_after": "yesterday"}, "date_after"),
        (("assessments", "csv"), {"status": "done"}, "status"),
        (("assessments", "csv"), {"obligation": "art-999"}, "obligation"),
        (("assessments", "csv"), {"bom": "maybe"}, "bom"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(client, personas, url_args, params, parameter):
    response = client.get(reverse("exports:export", args=url_args), params)

    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == [parameter]
    assert errors[parameter]
    assert all(isinstance(message, str) for message in errors[parameter])


def test_a_bad_panel_parameter_is_a_400_naming_each(client, personas):
    response = panel(client, "wide", participant="ZZZ", obligation="art-999", category="x")

    assert response.status_code == 400
    assert sorted(response.json()) == ["category", "obligation", "participant"]


def test_an_unknown_resource_or_format_is_not_found(client, db):
    # (CommonMiddleware first tries the address with a slash, which is no export either.)
    for path in ["treaties.csv", "actions.parquet", "panel-tall.csv"]:
        assert client.get(f"/api/v1/exports/{path}", follow=True).status_code == 404


def test_exports_refuse_writes(client, personas):
    response = client.post(reverse("exports:export", args=["actions", "csv"]))

    assert response.status_code == 405


def test_excel_limit_is_the_sheet_size():
    assert writers.EXCEL_MAX_DATA_ROWS + 1 == 1_048_576


def test_xlsx_refuses_more_rows_than_excel_holds_before_writing(client, personas, monkeypatch):
    # Excel's real limit is 1,048,575 data rows (writers.EXCEL_MAX_DATA_ROWS); a limit of 3
    # shows the rule on the 4 actions.
    monkeypatch.setattr(writers, "EXCEL_MAX_DATA_ROWS", 3)

    response = export(client, "actions", "xlsx")

    assert response.status_code == 400
    assert response.json() == {
        "detail": "An Excel sheet holds at most 4 rows including the header, so 3 data rows; "
        "this export has 4 rows. Narrow it with filters or download CSV, which has no row limit."
    }
    assert len(read_xlsx(export(client, "actions", "xlsx", participant="VNM"))) == 3


def test_xlsx_of_a_panel_of_unknown_length_stops_at_the_limit(client, personas, monkeypatch):
    monkeypatch.setattr(writers, "EXCEL_MAX_DATA_ROWS", 5)  # the long panel has 6 rows

    response = panel(client, "long", "xlsx")

    assert response.status_code == 400
    assert "more rows than that" in response.json()["detail"]


# --- Queries and memory --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # 1. default treaty; 2. participants; 3. actions for the engine; 4. the treaty's
        # obligations; 5. their current assessments.
        ("/api/v1/exports/participants.csv", 5),
        # 1. the participant codes given exist; 2. the actions.
        ("/api/v1/exports/actions.json?participant=VNM,FRA,EUU", 2),
        # 1. the participants; 2. the obligations; 3. their articles; 4. the assessments.
        ("/api/v1/exports/assessments.csv", 4),
        # 1. the treaty named; 2. the COUNT (to refuse more than Excel holds); 3. the actions.
        ("/api/v1/exports/actions.xlsx?treaty=un-cybercrime-convention", 3),
        # 1. default treaty; 2. participants; 3. obligations; 4. actions; 5. assessments.
        ("/api/v1/exports/panel-long.csv", 5),
        ("/api/v1/exports/panel-wide.csv?as_of=2026-06-01", 5),
    ],
)
def test_an_export_makes_the_same_queries_for_few_rows_and_many(
    client, treaty, personas, obligations, url, queries
):
    assert queries_to_export(url, client) == queries

    add_participants_with_records(treaty, obligations, 20)

    assert queries_to_export(url, client) == queries


def _peak_while_reading(response) -> tuple[int, int]:
    """Peak memory allocated while the response body is read chunk by chunk (and dropped),
    and the number of bytes read."""
    assert isinstance(response, StreamingHttpResponse)
    tracemalloc.start()
    try:
        produced = sum(len(chunk) for chunk in response.streaming_content)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, produced


def synthetic_rows(count: int):
    for n in range(count):
        yield (f"X{n % 676:03d}", "Republic of Somewhere", "art-7", date(2026, 1, 1), "aligned")


@pytest.mark.parametrize("writer", [writers.csv_chunks, writers.json_chunks])
def test_the_writers_hold_one_chunk_whatever_the_row_count(writer):
    def peak_and_size(count: int) -> tuple[int, int]:
        table = writers.Table(
            ("iso3", "name", "obligation", "as_of", "status"), synthetic_rows(count)
        )
        tracemalloc.start()
        try:
            produced = sum(len(chunk) for chunk in writer(table))
            return tracemalloc.get_traced_memory()[1], produced
        finally:
            tracemalloc.stop()

    small_peak, _ = peak_and_size(10_000)
    peak, produced = peak_and_size(45_000)

    assert peak < small_peak * 1.25, f"{small_peak:,} B for 10,000 rows, {peak:,} B for 45,000"
    assert peak < produced / 3, f"peak {peak:,} B for a body of {produced:,} B"


def test_a_large_export_streams_from_the_database_in_flat_memory(client, db):
    """Issue 4: "streaming export memory stays flat on a large dataset (measure, don't guess)".
    Memory holds one chunk of rows from the database and one chunk of output (5,000 rows each,
    about 6 MB here), so it does not grow with the row count: 24,000 rows then 120,000."""
    treaty = make_treaty()
    obligations = [make_obligation(treaty) for _ in range(30)]
    participants = [make_participant() for _ in range(20)]
    first_days = [date.fromordinal(date(2025, 1, 1).toordinal() + n) for n in range(200)]
    insert_assessments(participants, obligations, days=first_days[:40])
    small_peak, small_size = _peak_while_reading(export(client, "assessments"))

    insert_assessments(participants, obligations, days=first_days[40:])
    peak, produced = _peak_while_reading(export(client, "assessments"))

    assert produced > 4.5 * small_size  # 120,000 rows against 24,000
    assert peak < small_peak * 1.25, f"{small_peak:,} B for 24,000 rows, {peak:,} B for 120,000"
    assert peak < produced / 3, f"peak {peak:,} B for a body of {produced:,} B"


# --- Research panels -----------------------------------------------------------------------


@pytest.fixture
def story(db):
    """A treaty that needs two instruments, adopted on 24 December 2024. Viet Nam signs on
    25 October 2025 and ratifies on 2 March 2026; Mali accedes on 15 January 2026. The second
    instrument (Viet Nam's) reaches the threshold: in force for both 90 days later, on 31 May
    2026. France only signs; Norway does nothing. Viet Nam's art. 7 goes from in progress
    (10 January) to aligned (1 April), and is confirmed aligned on 1 June (no change)."""
    treaty = make_treaty(slug="story", short_title="Story Convention", instruments_required=2)
    art7 = make_obligation(treaty, code="art-7", title="Illegal access", position=7)
    make_obligation(
        treaty,
        code="art-53",
        title="Public awareness",
        category="awareness",
        strength="endeavour",
        position=53,
    )
    viet_nam = make_participant(iso2="VN", iso3="VNM", name="Viet Nam", region="Asia")
    mali = make_participant(iso2="ML", iso3="MLI", name="Mali", region="Africa")
    france = make_participant(iso2="FR", iso3="FRA", name="France")
    make_participant(iso2="NO", iso3="NOR", name="Norway")
    make_action(treaty, viet_nam, "signature", date(2025, 10, 25))
    make_action(treaty, viet_nam, "ratification", date(2026, 3, 2))
    make_action(treaty, mali, "accession", date(2026, 1, 15))
    make_action(treaty, france, "signature", date(2025, 10, 25))
    make_assessment(viet_nam, art7, "in_progress", as_of=date(2026, 1, 10))
    make_assessment(viet_nam, art7, "aligned", as_of=date(2026, 4, 1))
    make_assessment(viet_nam, art7, "aligned", as_of=date(2026, 6, 1))
    return treaty


LONG_HEADER = ["iso3", "participant", "date", "variable", "value", "previous_value"]


def test_long_panel_has_a_row_per_change_of_stage_or_status(client, story):
    response = panel(client, "long", treaty="story")

    assert response["Content-Disposition"] == (
        'attachment; filename="hanoi-tracker-panel-long-story-2026-11-23.csv"'
    )
    assert read_csv(response) == [
        LONG_HEADER,
        ["FRA", "France", "2025-10-25", "stage", "signatory", "none"],
        ["MLI", "Mali", "2026-01-15", "stage", "consented", "none"],
        ["MLI", "Mali", "2026-05-31", "stage", "party", "consented"],
        ["VNM", "Viet Nam", "2025-10-25", "stage", "signatory", "none"],
        ["VNM", "Viet Nam", "2026-01-10", "art-7", "in_progress", "not_assessed"],
        ["VNM", "Viet Nam", "2026-03-02", "stage", "consented", "signatory"],
        ["VNM", "Viet Nam", "2026-04-01", "art-7", "aligned", "in_progress"],
        ["VNM", "Viet Nam", "2026-05-31", "stage", "party", "consented"],
    ]


def test_long_panel_stops_at_the_as_of_day_and_follows_the_filters(client, story):
    rows = read_csv(panel(client, "long", treaty="story", as_of="2026-03-31", region="Asia"))

    assert rows == [
        LONG_HEADER,
        ["VNM", "Viet Nam", "2025-10-25", "stage", "signatory", "none"],
        ["VNM", "Viet Nam", "2026-01-10", "art-7", "in_progress", "not_assessed"],
        ["VNM", "Viet Nam", "2026-03-02", "stage", "consented", "signatory"],
    ]


def test_long_panel_as_json_keeps_the_same_rows(client, story):
    rows = read_json(panel(client, "long", "json", treaty="story", participant="MLI"))

    assert rows == [
        {
            "iso3": "MLI",
            "participant": "Mali",
            "date": "2026-01-15",
            "variable": "stage",
            "value": "consented",
            "previous_value": "none",
        },
        {
            "iso3": "MLI",
            "participant": "Mali",
            "date": "2026-05-31",
            "variable": "stage",
            "value": "party",
            "previous_value": "consented",
        },
    ]


WIDE_HEADER = ["iso3", "iso2", "participant", "region", "subregion"]


def test_wide_panel_has_year_end_stages_and_current_statuses(client, story):
    rows = read_csv(panel(client, "wide", treaty="story"))

    # 2026 has not ended: its column is the stage today (23 November 2026).
    assert rows == [
        WIDE_HEADER + ["stage_2024", "stage_2025", "stage_2026", "art-7", "art-53"],
        ["FRA", "FR", "France", "Europe", "Western Europe"]
        + ["none", "signatory", "signatory", "not_assessed", "not_assessed"],
        ["MLI", "ML", "Mali", "Africa", "Western Europe"]
        + ["none", "none", "party", "not_assessed", "not_assessed"],
        ["NOR", "NO", "Norway", "Europe", "Western Europe"]
        + ["none", "none", "none", "not_assessed", "not_assessed"],
        ["VNM", "VN", "Viet Nam", "Asia", "Western Europe"]
        + ["none", "signatory", "party", "aligned", "not_assessed"],
    ]


def test_wide_panel_as_of_a_day_reads_stages_and_statuses_then(client, story):
    rows = read_csv(
        panel(client, "wide", treaty="story", as_of="2026-03-15", category="domestic_law")
    )

    assert rows[0] == WIDE_HEADER + ["stage_2024", "stage_2025", "stage_2026", "art-7"]
    assert [row[:1] + row[5:] for row in rows[1:]] == [
        ["FRA", "none", "signatory", "signatory", "not_assessed"],
        ["MLI", "none", "none", "consented", "not_assessed"],
        ["NOR", "none", "none", "none", "not_assessed"],
        ["VNM", "none", "signatory", "consented", "in_progress"],
    ]


def test_wide_panel_as_xlsx_and_for_chosen_participants(client, story):
    rows = read_xlsx(panel(client, "wide", "xlsx", treaty="story", stage="party"))

    assert rows == [
        tuple(WIDE_HEADER + ["stage_2024", "stage_2025", "stage_2026", "art-7", "art-53"]),
        ("MLI", "ML", "Mali", "Africa", "Western Europe")
        + ("none", "none", "party", "not_assessed", "not_assessed"),
        ("VNM", "VN", "Viet Nam", "Asia", "Western Europe")
        + ("none", "signatory", "party", "aligned", "not_assessed"),
    ]


def test_panels_default_to_the_configured_treaty(client, treaty, personas):
    rows = read_csv(panel(client, "wide"))

    assert rows[0] == WIDE_HEADER + [
        "stage_2024",
        "stage_2025",
        "stage_2026",
        "art-7",
        "art-25",
        "art-53-awareness",
    ]
    assert rows[-1] == ["VNM", "VN", "Viet Nam", "Europe", "Western Europe"] + [
        "none",
        "signatory",
        "consented",
        "aligned",
        "in_progress",
        "not_assessed",
    ]


def test_panels_leave_out_unpublished_records(client, treaty, personas, unpublished):
    rows = read_csv(panel(client, "long"))

    # No row for Norway's draft assessment, none for France's withdrawn one.
    assert [row[0] for row in rows[1:]] == ["EUU", "FRA", "VNM", "VNM", "VNM", "VNM"]


def test_an_analyst_gets_eu_members_criminalization_statuses_on_a_past_day(
    client, treaty, personas, obligations
):
    """Issue 4, "Done when": every EU member's status on every criminalization obligation as
    of 1 January 2026 (docs/exports.md, "Recipes")."""
    art7 = obligations[0]
    make_assessment(personas.signatory, art7, "aligned", as_of=date(2025, 12, 1))
    make_assessment(personas.signatory, art7, "in_progress", as_of=date(2026, 2, 1))
    chapter = art7.articles.get().chapter.number
    params = {"member_of": "EU", "chapter": str(chapter), "as_of": "2026-01-01"}

    wide = read_csv(panel(client, "wide", **params))
    assessments = read_csv(export(client, "assessments", **params))

    assert wide == [
        WIDE_HEADER + ["stage_2024", "stage_2025", "stage_2026", "art-7"],
        ["FRA", "FR", "France", "Europe", "Western Europe"]
        + ["none", "signatory", "signatory", "aligned"],
    ]
    assert [(row[0], row[3], row[8], row[9]) for row in assessments[1:]] == [
        ("FRA", "art-7", "2025-12-01", "aligned")
    ]


def test_xlsx_keeps_text_as_text(client, treaty, personas):
    make_action(
        treaty,
        personas.outsider,
        "accession",
        date(2026, 5, 1),
        source='=HYPERLINK("https://example.org")',
        depositary_notification="C.N.1\x0b.2026",
    )

    raw = content(export(client, "actions", "xlsx", participant="NOR"))

    sheet = openpyxl.load_workbook(io.BytesIO(raw)).active
    notification, source = sheet["G2"], sheet["H2"]
    assert notification.value == "C.N.1.2026"  # the control character XML cannot hold is gone
    assert (source.value, source.data_type) == ('=HYPERLINK("https://example.org")', "s")


# --- Throttle (trust issue, item 6) -------------------------------------------------------


@pytest.fixture
def export_rate(settings):
    def set_rate(rate):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {
                **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
                "exports": rate,
            },
        }

    return set_rate


def test_650_anonymous_exports_in_a_row_get_429s_at_the_default_rate(client, personas):
    answers = [client.get("/api/v1/exports/actions.csv").status_code for _ in range(650)]

    assert answers.count(200) == 120
    assert answers[-1] == 429


@pytest.mark.parametrize(
    "path",
    ["/api/v1/exports/actions.csv", "/api/v1/exports/panel-wide.json"],
)
def test_exports_are_throttled_with_their_own_rate_and_retry_after(
    client, personas, export_rate, path
):
    export_rate("2/minute")

    answers = [client.get(path) for _ in range(3)]

    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[2]["Content-Type"] == "application/json"
    assert 0 < int(answers[2]["Retry-After"]) <= 60
    assert answers[2].json() == {
        "detail": f"Too many exports from your address: try again in "
        f"{answers[2]['Retry-After']} seconds."
    }
    # The API's own reads are counted apart.
    assert client.get("/api/v1/treaties/").status_code == 200


def test_the_export_throttle_counts_each_address_apart(client, personas, export_rate):
    export_rate("1/minute")

    first = client.get("/api/v1/exports/actions.csv", REMOTE_ADDR="192.0.2.1")
    second = client.get("/api/v1/exports/actions.csv", REMOTE_ADDR="192.0.2.2")
    again = client.get("/api/v1/exports/actions.csv", REMOTE_ADDR="192.0.2.1")

    assert (first.status_code, second.status_code, again.status_code) == (200, 200, 429)
