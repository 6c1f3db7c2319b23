"""The OpenAPI schema: it validates, documents every operation with its filters, errors and
examples, and its readers are served from the site's own static files."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.management import call_command

RESOURCES = [
    "treaties",
    "chapters",
    "articles",
    "obligations",
    "participants",
    "actions",
    "assessments",
    "domestic-steps",
]
# Domestic law (tests/test_laws_api.py): written like assessments.
LAW_RESOURCES = ["laws", "provisions", "mappings"]


@pytest.fixture
def schema(api_client, db):
    response = api_client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_validates_without_a_single_warning(tmp_path, db):
    # Raises (and fails the test) on any warning or any validation error.
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )

    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3.0.3")


def test_the_schema_lists_every_resource_and_its_detail(schema):
    paths = set(schema["paths"])

    assert {f"/api/v1/{r}/" for r in [*RESOURCES, "progress"]} <= paths
    assert {
        "/api/v1/treaties/{slug}/",
        "/api/v1/participants/{iso3}/",
        "/api/v1/chapters/{id}/",
        "/api/v1/articles/{id}/",
        "/api/v1/obligations/{id}/",
        "/api/v1/actions/{id}/",
        "/api/v1/assessments/{id}/",
    } <= paths


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "patch"}:
                yield path, method, operation


def test_every_read_documents_as_of_the_conditional_headers_and_its_errors(schema):
    for path, method, operation in operations(schema):
        # The exports are files, neither paginated nor conditional: tested below.
        if method != "get" or path.startswith("/api/v1/exports/"):
            continue
        names = {p["name"] for p in operation["parameters"]}
        assert {"as_of", "If-None-Match", "If-Modified-Since"} <= names, path
        assert {"200", "304", "400"} <= set(operation["responses"]), path
        if "{" in path:
            assert "404" in operation["responses"], path
        else:
            assert {"limit", "offset"} <= names, path
        assert operation["summary"], path
        assert operation["responses"]["200"]["content"]["application/json"]["examples"], path


def test_reads_are_documented_as_open_to_anonymous_clients_and_writes_as_not(schema):
    for path, method, operation in operations(schema):
        # The token endpoint is where anonymous clients become authenticated ones.
        anonymous = method == "get" or path == "/api/v1/auth/token/"
        assert ({} in operation.get("security", [{}])) is anonymous, (path, method)


def test_every_write_documents_its_body_and_refusals(schema):
    writes = [
        (path, method, op)
        for path, method, op in operations(schema)
        if method != "get" and path != "/api/v1/auth/token/"
    ]

    steps = ["return", "submit", "verify", "withdraw"]  # the review flow, in path order
    assert [(path, method) for path, method, _ in writes] == [
        ("/api/v1/actions/", "post"),
        ("/api/v1/actions/{id}/", "patch"),
        *[(f"/api/v1/actions/{{id}}/{step}/", "post") for step in steps],
        ("/api/v1/assessments/", "post"),
        ("/api/v1/assessments/{id}/", "patch"),
        *[(f"/api/v1/assessments/{{id}}/{step}/", "post") for step in steps],
        ("/api/v1/domestic-steps/", "post"),
        *[
            write
            for resource in sorted(LAW_RESOURCES)
            for write in (
                (f"/api/v1/{resource}/", "post"),
                (f"/api/v1/{resource}/{{id}}/", "patch"),
                *[(f"/api/v1/{resource}/{{id}}/{step}/", "post") for step in steps],
            )
        ],
    ]
    for path, method, operation in writes:
        # A POST to a collection creates (201); a PATCH or a review step acts on one record.
        creates = method == "post" and "{id}" not in path
        expected = {"201"} if creates else {"200", "404", "409"}
        assert expected | {"400", "401", "403"} <= set(operation["responses"]), path
        assert operation["requestBody"]["content"]["application/json"]["examples"], path


def test_the_token_endpoint_is_documented(schema):
    token = schema["paths"]["/api/v1/auth/token/"]["post"]
    assert {"200", "400"} <= set(token["responses"])


@pytest.mark.parametrize(
    ("path", "filters"),
    [
        ("/api/v1/participants/", {"participant", "region", "subregion", "stage", "member_of"}),
        (
            "/api/v1/actions/",
            {"treaty", "participant", "kind", "date_after", "date_before", "review_state"},
        ),
        (
            "/api/v1/assessments/",
            {"obligation", "category", "strength", "status", "current", "review_state"},
        ),
        ("/api/v1/obligations/", {"treaty", "category", "strength", "chapter", "search"}),
    ],
)
def test_filters_are_documented_as_parameters(schema, path, filters):
    names = {p["name"] for p in schema["paths"][path]["get"]["parameters"]}

    assert filters | {"ordering"} <= names


def test_choice_filters_list_their_choices(schema):
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/actions/"]["get"]["parameters"]}

    assert {"signature", "ratification", "denunciation"} <= set(
        parameters["kind"]["schema"]["items"]["enum"]
    )
    assert parameters["kind"]["explode"] is False


@pytest.mark.parametrize(
    ("url", "asset"),
    [
        ("/api/v1/docs/", "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"),
        ("/api/v1/redoc/", "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"),
    ],
)
def test_the_documentation_pages_are_served_from_our_own_static_files(api_client, db, url, asset):
    response = api_client.get(url)

    assert response.status_code == 200
    assert f"/static/{asset}" in response.content.decode()
    assert "cdn" not in response.content.decode().lower()


def test_the_api_root_links_every_resource(api_client, db):
    response = api_client.get("/api/v1/")

    assert response.json() == {
        name: f"http://testserver/api/v1/{name}/"
        for name in [
            *RESOURCES[:-1],
            "progress",
            "domestic-steps",
            *LAW_RESOURCES,
            "indicator-values",
        ]
    }


# Values a careless or hostile API client sends: empty, separators only, negative, fractional,
# huge, long, non-ASCII with a NUL, extreme dates.
ODD_VALUES = [
    "",
    ",,",
    "-1",
    "1.5",
    "99999999999999999999999",
    "x" * 2000,
    "Viêt Nam\x00",
    "100%s%%",
    "0001-01-01",
    "9999-12-31",
]


def test_no_documented_parameter_value_makes_a_server_error(api_client, schema, personas):
    """Every query parameter of every list, one at a time, with each odd value: a 200 or a
    400, never a 5xx (test_api_schemathesis.py explores at random where schemathesis is
    installed)."""
    for path, method, operation in operations(schema):
        if method != "get" or "{" in path:
            continue
        for parameter in operation["parameters"]:
            if parameter["in"] != "query":
                continue
            for value in ODD_VALUES:
                cache.clear()
                response = api_client.get(path, {parameter["name"]: value})
                assert response.status_code in (200, 400), (path, parameter["name"], value)


def test_every_export_is_documented_with_its_formats_filters_and_errors(schema):
    from treaty.exports.views import RESOURCES as EXPORTS

    exports = {path: item["get"] for path, item in schema["paths"].items() if "/exports/" in path}
    assert set(exports) == {
        *(f"/api/v1/exports/{name}.{{format}}" for name in EXPORTS),
        "/api/v1/exports/panel-long.{format}",
        "/api/v1/exports/panel-wide.{format}",
        "/api/v1/exports/datapackage.json",
        "/api/v1/exports/depositary.{format}",
    }
    for path, operation in exports.items():
        assert operation["summary"], path
        # The data package and the depositary's layout are checked by their own tests.
        if path.endswith(("datapackage.json", "depositary.{format}")):
            continue
        names = {p["name"] for p in operation["parameters"]}
        assert {"format", "as_of", "participant", "bom"} <= names, path
        assert not {"limit", "offset"} & names, path
        assert {"200", "400", "429"} <= set(operation["responses"]), path
        assert set(operation["responses"]["200"]["content"]) == {
            "text/csv",
            "application/json",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    participants = {
        p["name"]: p for p in exports["/api/v1/exports/participants.{format}"]["parameters"]
    }
    # The same filters as the API's list, with the codes the data hold.
    assert "enum" in participants["stage"]["schema"].get("items", participants["stage"]["schema"])
    panel = {p["name"] for p in exports["/api/v1/exports/panel-wide.{format}"]["parameters"]}
    assert {"obligation", "category", "strength", "chapter", "stage"} <= panel
    assert "ordering" not in panel
