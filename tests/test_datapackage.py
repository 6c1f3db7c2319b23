"""The Frictionless data package (/api/v1/exports/datapackage.json): it describes every export,
validates as a descriptor, and the exports themselves validate against the schemas it gives."""

from __future__ import annotations

import copy
import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from frictionless import FrictionlessException, Package

from tests.factories import make_article, make_participant
from tests.laws_factories import make_indicator_value, make_law, make_mapping, make_provision
from treaty.exports import datapackage, views

pytestmark = pytest.mark.django_db

URL = "/api/v1/exports/datapackage.json"


@pytest.fixture
def record(treaty, personas, obligations):
    """Every export has rows: actions, steps and assessments (personas), laws with a mapped
    provision, an outside indicator value with an M49 code."""
    personas.ratifier.m49 = 704
    personas.ratifier.save()
    law = make_law(
        personas.ratifier,
        source="UNCTAD Global Cyberlaw Tracker",
        source_date=date(2026, 3, 5),
        adopted_on=date(2015, 11, 19),
    )
    make_mapping(make_provision(law), make_article(treaty, number=7))
    make_mapping(make_provision(law), obligations[1], relation="implements_in_part")
    make_indicator_value(personas.ratifier)
    return personas


def served(client) -> dict:
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_the_package_describes_every_export_with_its_licence_and_sources(client, record):
    package = served(client)

    names = [resource["name"] for resource in package["resources"]]
    assert names == [*views.RESOURCES, "panel-long", "panel-wide"]
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    for resource in package["resources"]:
        assert resource["path"].startswith("http://testserver/api/v1/exports/"), resource["path"]
        assert resource["path"].endswith(".csv")
        assert resource["schema"]["fields"], resource["name"]
        assert resource["licenses"], resource["name"]
        assert resource["sources"], resource["name"]
    # UNCTAD's rows carry its terms.
    indicators = next(r for r in package["resources"] if r["name"] == "indicator-values")
    assert any("UNCTAD" in source["title"] for source in indicators["sources"])


def test_the_descriptor_is_a_valid_data_package(client, record):
    package = served(client)

    assert problems(package) == []
    # A broken descriptor is caught: the check is not vacuous.
    broken = copy.deepcopy(package)
    broken["resources"][0]["schema"]["fields"][0]["type"] = "words"
    assert problems(broken)


def problems(descriptor: dict) -> list[str]:
    try:
        return [error.message for error in Package.metadata_validate(descriptor)]
    except FrictionlessException as exc:
        return [str(exc)]


def test_every_export_validates_against_its_schema_in_the_package(client, record, tmp_path):
    package = served(client)

    local = copy.deepcopy(package)
    for resource in local["resources"]:
        response = client.get(resource["path"].removeprefix("http://testserver"))
        assert response.status_code == 200, resource["name"]
        name = f"{resource['name']}.csv"
        (tmp_path / name).write_bytes(b"".join(response.streaming_content))
        resource["path"] = name
    (tmp_path / "datapackage.json").write_text(json.dumps(local), encoding="utf-8")

    report = Package(str(tmp_path / "datapackage.json")).validate()

    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "note"])
    rows = {task.name: task.stats["rows"] for task in report.tasks}
    assert rows["participants"] == 4
    assert rows["actions"] == 4
    assert rows["assessments"] == 2
    assert rows["laws"] == 1
    assert rows["mappings"] == 2
    assert rows["indicator-values"] == 1


def test_the_package_types_columns_from_the_column_dictionary(client, record):
    package = served(client)
    fields = {
        (resource["name"], field["name"]): field
        for resource in package["resources"]
        for field in resource["schema"]["fields"]
    }

    assert fields[("participants", "m49")]["type"] == "integer"
    assert fields[("participants", "counts_towards_threshold")]["type"] == "boolean"
    assert fields[("participants", "stage")]["constraints"]["enum"] == [
        "none",
        "signatory",
        "consented",
        "party",
        "denounced",
    ]
    assert fields[("assessments", "verified_at")]["type"] == "datetime"
    assert fields[("mappings", "law_id")]["type"] == "integer"
    assert fields[("mappings", "law_title")]["type"] == "string"
    # The wide panel's columns depend on the data: a stage per year, a status per obligation.
    assert fields[("panel-wide", "stage_2026")]["type"] == "string"
    assert "not_assessed" in fields[("panel-wide", "art-7")]["constraints"]["enum"]


def test_an_undocumented_column_is_an_error_not_a_guess():
    with pytest.raises(datapackage.Undocumented, match="colour"):
        datapackage.schema_field("participants", "colour")
    with pytest.raises(datapackage.Undocumented, match="no section"):
        datapackage.schema_field("depositary-table", "Participant")


def test_every_export_route_is_in_the_package():
    # A new export route (exports/urls.py) must be described: add it to RESOURCES or to
    # datapackage.EXTRA_EXPORTS, and its columns to docs/exports.md.
    from treaty.exports import urls

    described = (
        {"export", "panel", "datapackage"}
        | {extra.name for extra in datapackage.EXTRA_EXPORTS}
        | set(datapackage.NOT_TABULAR)
    )
    routes = {pattern.name for pattern in urls.urlpatterns}
    assert routes <= described


def test_the_package_costs_the_same_queries_whatever_the_record(client, record):
    settings_free = CaptureQueriesContext(connection)
    with settings_free:
        served(client)
    small = len(settings_free)
    for _ in range(20):
        make_participant()
    with CaptureQueriesContext(connection) as large:
        served(client)
    assert len(large) == small


def test_the_package_is_linked_from_the_api_front_door(client, record):
    assert reverse("exports:datapackage") == URL
