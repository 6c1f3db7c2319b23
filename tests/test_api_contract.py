"""The API behaves as its schema says (trust issue, item 8): the details schemathesis checks at
length (tests/test_api_schemathesis.py), pinned one by one."""

from __future__ import annotations

import re

import pytest
from rest_framework.authtoken.models import Token

from tests.factories import make_user
from treaty import roles

pytestmark = pytest.mark.usefixtures("api_today")


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete", "options"])
@pytest.mark.parametrize(
    "path", ["/api/v1/nothing/here/", "/api/v1/nothing", "/api/v1/actions/0.5/"]
)
def test_unrouted_api_paths_answer_a_json_404_for_every_method(api_client, db, method, path):
    response = getattr(api_client, method)(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_a_route_without_its_slash_is_redirected_for_reads_and_named_for_writes(api_client, db):
    read = api_client.get("/api/v1/treaties?limit=1")
    write = api_client.post("/api/v1/actions", {}, format="json")

    assert (read.status_code, read["Location"]) == (301, "/api/v1/treaties/?limit=1")
    assert write.status_code == 404
    assert write.json() == {"detail": "Not found. Send it to /api/v1/actions/"}


@pytest.mark.parametrize("parameter", ["as_of", "date_after", "date_before"])
def test_an_empty_date_parameter_is_a_400(api_client, personas, parameter):
    response = api_client.get(f"/api/v1/actions/?{parameter}=")

    assert response.status_code == 400
    assert response.json() == {
        parameter: ["Give the day as YYYY-MM-DD (e.g. 2026-03-01), or leave the parameter out."]
    }


def test_wrong_credentials_are_a_401(api_client, db):
    make_user("analyst")

    response = api_client.post(
        "/api/v1/auth/token/", {"username": "analyst", "password": "guess"}, format="json"
    )

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "Unable to log in with provided credentials."}


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"reason": 0}, {"reason": ["Not a valid string."]}),
        ({"reason": "Twice.", "version": "1"}, {"version": ["A valid integer is required."]}),
        ({"reason": "Twice.", "version": True}, {"version": ["A valid integer is required."]}),
    ],
)
def test_a_json_value_of_the_wrong_type_is_refused_not_converted(
    api_client, personas, body, errors
):
    editor = make_user(groups=(roles.EDITOR,))
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    action = personas.ratifier.actions.get(kind="signature")

    response = api_client.post(f"/api/v1/actions/{action.pk}/withdraw/", body, format="json")

    assert response.status_code == 400
    assert response.json() == errors


@pytest.fixture
def schema(api_client, personas):
    return api_client.get("/api/v1/schema/?format=json").json()


def parameter(schema, path, name):
    operation = schema["paths"][path]["get"]
    return next(p for p in operation["parameters"] if p["name"] == name)


def test_the_schema_lists_the_codes_the_api_accepts(schema):
    participant = parameter(schema, "/api/v1/actions/", "participant")
    member_of = parameter(schema, "/api/v1/actions/", "member_of")
    treaty = parameter(schema, "/api/v1/assessments/", "treaty")

    assert (participant["style"], participant["explode"]) == ("form", False)
    assert {"VNM", "vnm", "VN", "vn", "EUU", "NOR"} <= set(participant["schema"]["items"]["enum"])
    assert "AA" not in participant["schema"]["items"]["enum"]
    assert member_of["schema"]["items"]["enum"] == ["EU", "EUU", "eu", "euu"]
    assert treaty["schema"] == {"type": "string", "enum": ["un-cybercrime-convention"]}


def test_the_schema_allows_the_days_up_to_today_only(schema):
    as_of = parameter(schema, "/api/v1/treaties/", "as_of")["schema"]
    pattern = re.compile(as_of["pattern"])

    assert as_of["format"] == "date"
    assert pattern.search("2026-06-01")  # today (pinned)
    assert pattern.search("2025-12-31")
    assert not pattern.search("2026-06-02")
    assert not pattern.search("2027-01-01")
    assert not pattern.search("")


def test_every_read_documents_the_throttle(schema):
    for path, item in schema["paths"].items():
        if "get" in item:
            assert "429" in item["get"]["responses"], path
