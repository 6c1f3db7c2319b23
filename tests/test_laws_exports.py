"""Domestic law exports: laws, mappings and outside indicator values as CSV, JSON and XLSX,
with UNCTAD's attribution in a column and in the XLSX file's properties."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pandas as pd
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_article, make_participant
from tests.laws_factories import make_indicator_value, make_law, make_mapping, make_provision

pytestmark = pytest.mark.django_db


def download(client, name: str, **params) -> bytes:
    response = client.get(f"/api/v1/exports/{name}", params)
    assert response.status_code == 200, response.content[:300]
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_laws_export_loads_in_pandas_with_215_laws_and_their_attribution(client):
    call_command("load_reference_data")
    frame = pd.read_csv(io.BytesIO(download(client, "laws.csv")), keep_default_na=False)
    # UNCTAD's 215 rows, one of them listed twice (Uganda's Computer Misuse Act, 2011), and
    # this project's own sourced law (Azerbaijan's law approving the Convention).
    assert len(frame) == 215
    assert (frame["attribution"] == "UNCTAD Global Cyberlaw Tracker, 2026-03-05").sum() == 214
    azerbaijan = frame[frame["source"] == "Trend (press report)"].iloc[0]
    assert azerbaijan["iso3"] == "AZE"
    assert azerbaijan["source_url"] == "https://www.trend.az/azerbaijan/politics/4156490.html"
    albania = frame.set_index("iso3").loc["ALB"]
    assert albania["title"] == "Law No. 02/2017 - On cybersecurity (in English)"
    assert albania["status"] == "reported"
    assert albania["attribution"] == "UNCTAD Global Cyberlaw Tracker, 2026-03-05"
    assert not albania["mapped"]
    assert (frame["official_url"] == "").sum() == 16 + 1  # the official text not yet read

    indicators = pd.read_json(io.BytesIO(download(client, "indicator-values.json")))
    assert len(indicators) == 195
    caf = indicators.set_index("iso3").loc["CAF"]
    assert (caf["value"], caf["published_on"]) == ("No Legislation", "2026-03-05")


def test_the_xlsx_files_name_their_sources_in_their_properties(client, treaty):
    participant = make_participant()
    make_law(participant, source="UNCTAD Global Cyberlaw Tracker", source_date=date(2026, 3, 5))
    make_indicator_value(participant)
    for name in ("laws.xlsx", "indicator-values.xlsx"):
        workbook = openpyxl.load_workbook(io.BytesIO(download(client, name)))
        assert workbook.properties.description == (
            "Sources: UNCTAD Global Cyberlaw Tracker, 2026-03-05"
        ), name
        header = [cell.value for cell in workbook.active[1]]
        assert header[-1] == "attribution"


def test_the_mappings_export_has_published_mappings_only_and_takes_the_api_filters(client, treaty):
    art7 = make_article(treaty, number=7)
    law = make_law(make_participant(iso3="QAL", iso2="QL"), title="Penal Code")
    make_mapping(make_provision(law, reference="art. 3"), art7, note="Same elements.")
    make_mapping(make_provision(law, reference="art. 4"), art7, publish=False)
    frame = pd.read_csv(io.BytesIO(download(client, "mappings.csv", article="7")))
    assert list(frame["reference"]) == ["art. 3"]
    assert frame.iloc[0]["relation"] == "implements"
    assert frame.iloc[0]["iso3"] == "QAL"
    response = client.get("/api/v1/exports/mappings.csv", {"relation": "loves"})
    assert response.status_code == 400
    assert "relation" in response.json()


def test_each_export_makes_the_same_queries_for_one_row_and_for_many(client, treaty):
    art7 = make_article(treaty, number=7)

    def add(n: int) -> None:
        for _ in range(n):
            participant = make_participant()
            make_mapping(make_provision(make_law(participant)), art7)
            make_indicator_value(participant)

    def count(name: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            download(client, name)
        return len(queries)

    names = ["laws.csv", "mappings.json", "indicator-values.csv", "laws.xlsx"]
    add(1)
    one = [count(name) for name in names]
    add(20)
    assert [count(name) for name in names] == one
