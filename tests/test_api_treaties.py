"""The treaties resource: the record's structure plus the engine's status on the as-of day, and
the conditional requests every resource answers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from rest_framework.throttling import AnonRateThrottle

from tests.factories import make_action, make_participant, make_treaty, make_user
from treaty import roles
from treaty.models import ReviewState

pytestmark = pytest.mark.usefixtures("api_today")


@pytest.fixture
def editor(db):
    return make_user("editor", groups=(roles.EDITOR,))


def treaty_payload(**status):
    return {
        "slug": "un-cybercrime-convention",
        "url": "http://testserver/api/v1/treaties/un-cybercrime-convention/",
        "title": "Convention number 1",
        "short_title": "UN Convention against Cybercrime",
        "also_known_as": "",
        "depositary_reference": "XVIII-1",
        "parent": None,
        "adopted_on": "2024-12-24",
        "adopted_at": "",
        "adopted_by": "",
        "opening_notification": "",
        "depositary": "",
        "signature_opens_on": "2025-10-25",
        "signature_closes_on": "2026-12-31",
        "signature_places": "",
        "instruments_required": 40,
        "days_after_threshold": 90,
        "days_after_later_instrument": 30,
        "reio_instrument_counts": False,
        "sources": [],
        "status": {
            "as_of": "2026-06-01",
            "signatures": 3,
            "signed_not_bound": 2,
            "instruments": 1,
            "counting_instruments": 1,
            "instruments_required": 40,
            "instruments_needed": 39,
            "threshold_on": None,
            "threshold_participant": None,
            "entry_into_force_on": None,
            "in_force": False,
            "parties": 0,
            **status,
        },
    }


@pytest.fixture
def treaty(treaty):
    # Pin the fields the factory numbers, so the payloads below are literal.
    treaty.title = "Convention number 1"
    treaty.depositary_reference = "XVIII-1"
    treaty.save()
    return treaty


def test_treaty_list_gives_each_treaty_with_its_status_today(api_client, personas):
    response = api_client.get("/api/v1/treaties/")

    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [treaty_payload()],
    }


def test_treaty_detail_is_found_by_its_slug(api_client, personas):
    response = api_client.get("/api/v1/treaties/un-cybercrime-convention/")

    assert response.status_code == 200
    assert response.json() == treaty_payload()


def test_unknown_treaty_slug_is_not_found(api_client, personas):
    response = api_client.get("/api/v1/treaties/no-such-treaty/")

    assert response.status_code == 404
    assert response.json() == {"detail": "No Treaty matches the given query."}


def test_treaty_status_as_of_a_past_day_counts_only_what_was_recorded_by_then(api_client, personas):
    response = api_client.get("/api/v1/treaties/un-cybercrime-convention/?as_of=2026-01-01")

    assert response.json()["status"] == {
        "as_of": "2026-01-01",
        "signatures": 3,
        "signed_not_bound": 3,
        "instruments": 0,
        "counting_instruments": 0,
        "instruments_required": 40,
        "instruments_needed": 40,
        "threshold_on": None,
        "threshold_participant": None,
        "entry_into_force_on": None,
        "in_force": False,
        "parties": 0,
    }


def test_the_fortieth_instrument_sets_entry_into_force_ninety_days_later(
    api_client, personas, treaty
):
    for _ in range(39):
        make_action(treaty, make_participant(), "accession", date(2026, 1, 10))

    before = api_client.get("/api/v1/treaties/un-cybercrime-convention/?as_of=2026-05-30")
    today = api_client.get("/api/v1/treaties/un-cybercrime-convention/")

    # Viet Nam's ratification of 2 March 2026 is the 40th: in force 90 days later, 31 May.
    assert before.json()["status"] == {
        "as_of": "2026-05-30",
        "signatures": 3,
        "signed_not_bound": 2,
        "instruments": 40,
        "counting_instruments": 40,
        "instruments_required": 40,
        "instruments_needed": 0,
        "threshold_on": "2026-03-02",
        "threshold_participant": "VNM",
        "entry_into_force_on": "2026-05-31",
        "in_force": False,
        "parties": 0,
    }
    assert today.json()["status"] == {
        **before.json()["status"],
        "as_of": "2026-06-01",
        "in_force": True,
        "parties": 40,
    }


def test_drafts_count_for_editors_but_not_for_the_public(api_client, personas, treaty, editor):
    make_action(
        treaty,
        personas.signatory,
        "ratification",
        date(2026, 4, 1),
        review_state=ReviewState.DRAFT,
        verified_at=None,
    )

    public = api_client.get("/api/v1/treaties/un-cybercrime-convention/")
    api_client.force_login(editor)
    editors = api_client.get("/api/v1/treaties/un-cybercrime-convention/")

    assert public.json()["status"]["instruments"] == 1
    assert editors.json()["status"]["instruments"] == 2


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        (
            "as_of=2026-13-01",
            {
                "as_of": [
                    "“2026-13-01” is not a date. Give the day as YYYY-MM-DD, for example "
                    "?as_of=2026-03-01."
                ]
            },
        ),
        (
            "as_of=01/06/2026",
            {
                "as_of": [
                    "“01/06/2026” is not a date. Give the day as YYYY-MM-DD, for example "
                    "?as_of=2026-03-01."
                ]
            },
        ),
        (
            "as_of=2026-06-02",
            {
                "as_of": [
                    "2 June 2026 is in the future: the tracker shows what has been recorded, "
                    "up to today (1 June 2026)."
                ]
            },
        ),
        (
            "ordering=popularity",
            {
                "ordering": [
                    "“popularity” is not a valid choice. Valid choices: adopted_on, -adopted_on, "
                    "slug, -slug, title, -title."
                ]
            },
        ),
        ("limit=0", {"limit": ["Enter a whole number from 1 to 1000."]}),
        ("limit=1001", {"limit": ["Enter a whole number from 1 to 1000."]}),
        ("limit=ten", {"limit": ["Enter a whole number from 1 to 1000."]}),
        ("offset=-1", {"offset": ["Enter a whole number from 0 to 2147483647."]}),
        # Found by schemathesis: the last of repeated values was read and the rest ignored.
        ("limit=false&limit=false&limit=", {"limit": ["Give limit once, not 3 times."]}),
        ("offset=1&offset=2", {"offset": ["Give offset once, not 2 times."]}),
        ("search=a&search=b", {"search": ["Give search once, not 2 times."]}),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(api_client, personas, query, errors):
    response = api_client.get(f"/api/v1/treaties/?{query}")

    assert response.status_code == 400
    assert response.json() == errors


def test_treaties_can_be_searched_and_ordered(api_client, personas):
    make_treaty(
        slug="a-protocol",
        short_title="Protocol on something",
        adopted_on=date(2026, 1, 1),
        signature_opens_on=date(2026, 1, 1),
    )

    found = api_client.get("/api/v1/treaties/?search=protocol")
    newest_first = api_client.get("/api/v1/treaties/?ordering=-adopted_on")

    assert [t["slug"] for t in found.json()["results"]] == ["a-protocol"]
    assert [t["slug"] for t in newest_first.json()["results"]] == [
        "a-protocol",
        "un-cybercrime-convention",
    ]


def test_treaty_list_makes_the_same_queries_for_one_treaty_and_for_twenty(
    api_client, personas, django_assert_num_queries
):
    # 1 conditional-request aggregate, 2 count, 3 page of treaties, 4 actions of the page's
    # treaties (the engine runs on them once per treaty, in Python).
    with django_assert_num_queries(4):
        assert len(api_client.get("/api/v1/treaties/").json()["results"]) == 1

    for n in range(19):
        other = make_treaty(slug=f"protocol-{n}")
        make_action(other, personas.ratifier, "signature", date(2025, 11, 1))
    with django_assert_num_queries(4):
        assert len(api_client.get("/api/v1/treaties/").json()["results"]) == 20


# --- Conditional requests (the same machinery serves every resource) ---


def test_an_unchanged_list_answers_304_to_its_etag(api_client, personas):
    first = api_client.get("/api/v1/treaties/")

    again = api_client.get("/api/v1/treaties/", HTTP_IF_NONE_MATCH=first.headers["ETag"])

    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Last-Modified"] == "Mon, 01 Jun 2026 12:00:00 GMT"


def test_a_304_costs_one_query(api_client, personas, django_assert_num_queries):
    etag = api_client.get("/api/v1/treaties/").headers["ETag"]

    with django_assert_num_queries(1):  # the conditional-request aggregate, nothing else
        assert api_client.get("/api/v1/treaties/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_an_unchanged_detail_answers_304_to_if_modified_since(api_client, personas):
    first = api_client.get("/api/v1/treaties/un-cybercrime-convention/")

    again = api_client.get(
        "/api/v1/treaties/un-cybercrime-convention/",
        HTTP_IF_MODIFIED_SINCE=first.headers["Last-Modified"],
    )

    assert again.status_code == 304


def test_a_new_action_changes_the_etag_and_last_modified(
    api_client, personas, treaty, time_machine
):
    first = api_client.get("/api/v1/treaties/")
    time_machine.shift(timedelta(minutes=5))
    make_action(treaty, personas.outsider, "accession", date(2026, 5, 1))

    again = api_client.get("/api/v1/treaties/", HTTP_IF_NONE_MATCH=first.headers["ETag"])

    assert again.status_code == 200
    assert again.headers["ETag"] != first.headers["ETag"]
    assert again.headers["Last-Modified"] == "Mon, 01 Jun 2026 12:05:00 GMT"
    assert again.json()["results"][0]["status"]["instruments"] == 2


def test_the_etag_depends_on_the_query_and_on_who_asks(api_client, personas, editor):
    public = api_client.get("/api/v1/treaties/").headers["ETag"]
    dated = api_client.get("/api/v1/treaties/?as_of=2026-01-01").headers["ETag"]
    api_client.force_login(editor)
    editors = api_client.get("/api/v1/treaties/")

    assert len({public, dated, editors.headers["ETag"]}) == 3
    assert editors.headers["Cache-Control"] == "no-cache, private"


def test_the_etag_changes_at_midnight_because_today_is_the_default_day(
    api_client, personas, time_machine
):
    first = api_client.get("/api/v1/treaties/")
    time_machine.shift(timedelta(days=1))

    again = api_client.get("/api/v1/treaties/", HTTP_IF_NONE_MATCH=first.headers["ETag"])

    assert again.status_code == 200
    assert again.headers["Last-Modified"] == "Tue, 02 Jun 2026 00:00:00 GMT"


def test_a_bad_parameter_is_a_400_even_with_a_precondition_that_would_match(api_client, personas):
    response = api_client.get(
        "/api/v1/treaties/?limit=none", HTTP_IF_MODIFIED_SINCE="Fri, 01 Jan 2100 00:00:00 GMT"
    )

    assert response.status_code == 400
    assert response.json() == {"limit": ["Enter a whole number from 1 to 1000."]}


def test_a_head_request_gets_the_validators_without_a_body(api_client, personas):
    response = api_client.head("/api/v1/treaties/")

    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["ETag"] == api_client.get("/api/v1/treaties/").headers["ETag"]


def test_every_api_path_answers_in_json_even_when_nothing_is_there(api_client, personas):
    unknown_path = api_client.get("/api/v1/nothing/here/")
    malformed_id = api_client.get("/api/v1/actions/abc/")

    assert unknown_path.status_code == 404
    assert unknown_path.json() == {"detail": "Not found."}
    assert malformed_id.status_code == 404
    assert malformed_id.json() == {"detail": "Not found."}


def test_anonymous_clients_are_throttled_and_editors_are_not(
    api_client, personas, editor, monkeypatch
):
    monkeypatch.setattr(AnonRateThrottle, "rate", "2/minute", raising=False)

    answers = [api_client.get("/api/v1/treaties/").status_code for _ in range(3)]
    api_client.force_login(editor)

    assert answers == [200, 200, 429]
    assert api_client.get("/api/v1/treaties/").status_code == 200


@pytest.mark.parametrize(
    ("name", "args", "path"),
    [
        ("api:api-root", [], "/api/v1/"),
        ("api:treaty-list", [], "/api/v1/treaties/"),
        (
            "api:treaty-detail",
            ["un-cybercrime-convention"],
            "/api/v1/treaties/un-cybercrime-convention/",
        ),
        ("api:chapter-list", [], "/api/v1/chapters/"),
        ("api:article-list", [], "/api/v1/articles/"),
        ("api:article-detail", [7], "/api/v1/articles/7/"),
        ("api:obligation-list", [], "/api/v1/obligations/"),
        ("api:obligation-detail", [3], "/api/v1/obligations/3/"),
        ("api:participant-list", [], "/api/v1/participants/"),
        ("api:participant-detail", ["VNM"], "/api/v1/participants/VNM/"),
        ("api:action-list", [], "/api/v1/actions/"),
        ("api:action-detail", [1], "/api/v1/actions/1/"),
        ("api:assessment-list", [], "/api/v1/assessments/"),
        ("api:assessment-detail", [1], "/api/v1/assessments/1/"),
        ("api:progress-list", [], "/api/v1/progress/"),
        ("api:schema", [], "/api/v1/schema/"),
        ("api:swagger-ui", [], "/api/v1/docs/"),
        ("api:redoc", [], "/api/v1/redoc/"),
    ],
)
def test_the_url_names_the_pages_link_to(name, args, path):
    assert reverse(name, args=args) == path
