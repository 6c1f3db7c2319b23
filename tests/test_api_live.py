"""Every write route of the API through a real HTTP server (the development server's WSGI
layer, as under ``make run``), not only the test client: a header the server refuses is a 500
to the client even though the row was saved (trust issue, item 4).

A retried create (a client that lost the first answer) gets a 409 pointing at the record it
already made, never a second record.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import date

import pytest
from rest_framework.authtoken.models import Token

from tests.factories import make_user
from treaty import roles
from treaty.models import ObligationProgress, ReviewState, TreatyAction

pytestmark = pytest.mark.usefixtures("api_today")

ACTION = {
    "treaty": "un-cybercrime-convention",
    "participant": "NOR",
    "kind": "signature",
    "date": "2026-01-10",
    "source": "UNTC XVIII-16 status page",
}
ASSESSMENT = {
    "treaty": "un-cybercrime-convention",
    "participant": "NOR",
    "obligation": "art-7",
    "as_of": "2026-05-01",
    "status": "in_progress",
    "assessed_by": "Tracker secretariat",
}


class Http:
    """A client speaking HTTP to the live server with one user's token."""

    def __init__(self, base: str, user) -> None:
        self.base = base
        self.token = Token.objects.create(user=user).key

    def send(self, method: str, path: str, body: dict | None = None):
        request = urllib.request.Request(
            self.base + path,
            data=json.dumps(body or {}).encode(),
            method=method,
            headers={
                "Authorization": f"Token {self.token}",
                "Content-Type": "application/json",
                "Accept": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                return response.status, dict(response.headers), json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), json.loads(error.read() or b"null")


@pytest.fixture
def author(live_server, personas):
    return Http(live_server.url, make_user("author", groups=(roles.EDITOR,)))


@pytest.fixture
def reviewer(live_server, personas):
    return Http(live_server.url, make_user("reviewer", groups=(roles.REVIEWER, roles.EDITOR)))


@pytest.mark.parametrize(
    ("resource", "body", "model", "edit"),
    [
        ("actions", ACTION, TreatyAction, {"source": "UNTC status page, corrected"}),
        ("assessments", ASSESSMENT, ObligationProgress, {"notes": "Draft bill tabled."}),
    ],
)
def test_every_write_route_answers_through_a_real_server(
    live_server, author, reviewer, resource, body, model, edit
):
    status, headers, created = author.send("POST", f"/api/v1/{resource}/", body)
    assert status == 201, created
    record_id = created["id"]
    assert headers["Location"] == f"{live_server.url}/api/v1/{resource}/{record_id}/"

    path = f"/api/v1/{resource}/{record_id}/"
    status, _, edited = author.send("PATCH", path, {"version": created["version"], **edit})
    assert status == 200, edited
    status, _, submitted = author.send("POST", path + "submit/")
    assert (status, submitted["review_state"]) == (200, "submitted")
    status, _, returned = reviewer.send("POST", path + "return/", {"comment": "Add the source."})
    assert (status, returned["review_state"]) == (200, "returned")
    author.send("POST", path + "submit/")
    status, _, verified = reviewer.send("POST", path + "verify/")
    assert (status, verified["review_state"]) == (200, "verified")
    status, _, withdrawn = reviewer.send("POST", path + "withdraw/", {"reason": "Entered twice."})
    assert status == 200, withdrawn
    assert model.objects.get(pk=record_id).withdrawn_at is not None


@pytest.mark.parametrize(
    ("resource", "body", "model"),
    [
        ("actions", {**ACTION, "publish": True}, TreatyAction),
        ("assessments", ASSESSMENT, ObligationProgress),
    ],
)
def test_a_retried_create_points_at_the_record_already_made(
    live_server, author, resource, body, model
):
    first_status, _, first = author.send("POST", f"/api/v1/{resource}/", body)
    status, headers, answer = author.send("POST", f"/api/v1/{resource}/", body)

    assert first_status == 201
    assert status == 409
    url = f"{live_server.url}/api/v1/{resource}/{first['id']}/"
    assert headers["Location"] == url
    assert answer == {"detail": f"This record already exists: {url}. Read or correct it there."}
    assert model.objects.filter(participant__iso3="NOR").active().count() == 1


def test_a_retried_declaration_is_not_recorded_twice(live_server, author, personas, treaty):
    declaration = {**ACTION, "kind": "declaration", "text": "Under article 22, ..."}
    author.send("POST", "/api/v1/actions/", ACTION)

    first_status, _, first = author.send("POST", "/api/v1/actions/", declaration)
    status, headers, _ = author.send("POST", "/api/v1/actions/", declaration)
    other_status, _, _ = author.send(
        "POST", "/api/v1/actions/", {**declaration, "text": "Under article 23, ..."}
    )

    assert (first_status, status, other_status) == (201, 409, 201)
    assert headers["Location"].endswith(f"/api/v1/actions/{first['id']}/")
    assert TreatyAction.objects.filter(kind="declaration").count() == 2


def test_a_withdrawn_record_does_not_block_entering_it_again(live_server, author, personas):
    status, _, first = author.send("POST", "/api/v1/actions/", ACTION)
    author.send("POST", f"/api/v1/actions/{first['id']}/withdraw/", {"reason": "Wrong date."})

    status, _, again = author.send("POST", "/api/v1/actions/", ACTION)

    assert status == 201
    assert again["review_state"] == ReviewState.DRAFT
    assert TreatyAction.objects.get(pk=again["id"]).date == date(2026, 1, 10)


def test_the_token_endpoint_answers_through_a_real_server(live_server, db):
    make_user("analyst")
    request = urllib.request.Request(
        live_server.url + "/api/v1/auth/token/",
        data=json.dumps({"username": "analyst", "password": "secret-pass-123"}).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        assert response.status == 200
        assert set(json.loads(response.read())) == {"token"}
