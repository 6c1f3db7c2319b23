"""The depositary's status table as CSV and XLSX: its layout, and the round trip through the
project's own status-table importer with no change."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import make_action, make_participant
from tests.test_page_support import count_queries, crowd, frozen_today
from treaty.importers.depositary import import_status_table
from treaty.importers.readers import read_rows
from treaty.models import SourceKind, TreatyAction

pytestmark = pytest.mark.django_db

CSV_URL = reverse("exports:depositary", args=["csv"])
XLSX_URL = reverse("exports:depositary", args=["xlsx"])


@pytest.fixture(autouse=True)
def _today():
    with frozen_today():
        yield


@pytest.fixture
def record(treaty, personas, obligations):
    """The personas, a crowd, and every kind of cell: an approval by the EU, an accession,
    a signature known only to two days, a reservation with its notification, a signature read
    in a national treaty database."""
    crowd(treaty, obligations, n=12)
    make_action(treaty, personas.eu, "approval", date(2026, 6, 4))
    joiner = make_participant(name="Mali")
    make_action(treaty, joiner, "accession", date(2026, 9, 9))
    make_action(
        treaty,
        joiner,
        "reservation",
        date(2026, 9, 9),
        text="Mali does not consider itself bound by article 63(2).",
        depositary_notification="C.N.301.2026.TREATIES-XVIII.16",
    )
    unsure = make_participant(name="Ruritania")
    make_action(
        treaty,
        unsure,
        "signature",
        date(2025, 10, 26),
        date_earliest=date(2025, 10, 25),
        source="Press report",
        source_kind=SourceKind.PRESS,
    )
    dutch = make_participant(name="Freedonia")
    make_action(
        treaty,
        dutch,
        "signature",
        date(2025, 11, 19),
        source="Netherlands Treaty Database",
        source_kind=SourceKind.NATIONAL_TREATY_DATABASE,
    )
    return personas


def _csv_rows(client, url=CSV_URL):
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def test_the_csv_has_the_depositary_s_layout(client, record):
    rows = _csv_rows(client)
    assert rows[0][:3] == [
        "Participant",
        "Signature",
        "Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)",
    ]
    by_name = {row[0]: row for row in rows[1:] if row and row[1:3] != ["", ""]}
    assert by_name["Viet Nam"][1:3] == ["25 Oct 2025", "2 Mar 2026"]
    assert "C.N.12.2026.TREATIES-XVIII.16" in by_name["Viet Nam"][3]
    assert by_name["European Union"][1:3] == ["25 Oct 2025", "4 Jun 2026 AA"]
    assert by_name["France"][1:3] == ["25 Oct 2025", ""]
    # Footnote marks after the name, footnotes under the table.
    mali = next(row for row in rows if row[0].startswith("Mali"))
    assert mali[0][4:].replace(",", "").isdigit()  # "Mali3": one footnote, the reservation
    assert mali[2] == "9 Sep 2026 a"
    number = mali[0][4:].split(",")[0]
    note = next(row[0] for row in rows if row[0].startswith(f"{number}/ "))
    assert "Mali: Reservation, 9 September 2026" in note
    assert "article 63(2)" in note
    assert "C.N.301.2026.TREATIES-XVIII.16" in note
    # A signature known to two days is not put in the day column: a footnote says what is known.
    ruritania = next(row for row in rows if row[0].startswith("Ruritania"))
    assert ruritania[1:3] == ["", ""]
    assert any(
        "Ruritania: Signature, 25 or 26 October 2025" in row[0] and "not confirmed" in row[0]
        for row in rows
    )
    # Where each day was read.
    freedonia = next(row for row in rows if row[0] == "Freedonia")
    assert "Netherlands Treaty Database (National treaty database)" in freedonia[3]
    # Drafts and withdrawn actions stay out.
    assert not any("draft" in row[0].lower() for row in rows)


def _reimport(treaty, rows):
    return import_status_table(
        treaty=treaty, rows=rows, source="Round trip of the tracker's own export", apply=False
    )


def test_the_csv_round_trips_through_the_importer_with_no_change(client, treaty, record):
    before = TreatyAction.objects.count()
    response = client.get(CSV_URL)
    data = b"".join(response.streaming_content)
    report = _reimport(treaty, read_rows(io.BytesIO(data), "depositary.csv"))
    assert report.errors == []
    assert (report.added, report.changed) == (0, 0)
    # Every exact day of the table was compared, and agreed: 12 + 6 in the crowd, 2 for Viet
    # Nam, 1 for France, 2 for the EU, 1 for Mali, 1 for Freedonia.
    assert report.unchanged == 25
    assert TreatyAction.objects.count() == before


def test_the_xlsx_round_trips_through_the_importer_with_no_change(client, treaty, record):
    response = client.get(XLSX_URL)
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert [c.value for c in sheet[1]][:2] == ["Participant", "Signature"]
    report = _reimport(treaty, read_rows(io.BytesIO(data), "depositary.xlsx"))
    assert report.errors == []
    assert (report.added, report.changed) == (0, 0)
    assert report.unchanged == 25


def test_a_changed_record_is_what_the_importer_sees_change(client, treaty, record):
    """The round trip is not vacuous: a table edited by one day is one change."""
    rows = _csv_rows(client)
    for row in rows:
        if row[0] == "France":
            row[1] = "26 Oct 2025"
    report = _reimport(treaty, rows)
    assert (report.added, report.changed) == (0, 1)


def test_the_export_as_of_a_past_day_leaves_later_actions_out(client, record):
    rows = _csv_rows(client, CSV_URL + "?as_of=2026-03-01")
    names = [row[0] for row in rows]
    assert "Viet Nam" in names
    viet_nam = next(row for row in rows if row[0] == "Viet Nam")
    assert viet_nam[2] == ""  # ratified on 2 March 2026
    assert not any(name.startswith("Mali") for name in names)


def test_bad_parameters_are_a_400_naming_them(client, record):
    response = client.get(CSV_URL + "?as_of=yesterday&treaty=nope")
    assert response.status_code == 400
    assert set(response.json()) == {"as_of", "treaty"}


def test_a_parameter_given_twice_is_a_400_not_its_last_value(client, record):
    response = client.get(CSV_URL + "?as_of=2025-10-26&as_of=")
    assert response.status_code == 400
    assert response.json() == {"as_of": ["Give as_of once, not 2 times."]}


def test_the_export_is_in_the_openapi_schema_as_csv_or_xlsx(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"]["/api/v1/exports/depositary.{format}"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert parameters["format"]["schema"]["enum"] == ["csv", "xlsx"]
    assert {"treaty", "as_of", "bom"} <= set(parameters)
    assert "application/json" not in operation["responses"]["200"]["content"]


def test_the_export_s_queries_do_not_grow_with_the_data(client, treaty, obligations, personas):
    small, _response = count_queries(client, CSV_URL)
    crowd(treaty, obligations, n=20)
    large, _response = count_queries(client, CSV_URL)
    # 1 the treaty, 2 its published actions with their participants.
    assert (small, large) == (2, 2)
