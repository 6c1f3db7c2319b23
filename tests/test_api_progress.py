"""The progress resource: each participant's obligations counted by category and status, and
the share of mandatory obligations aligned, from ``treaty.scorecard`` over fetched rows."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import make_action, make_assessment, make_participant, make_treaty

pytestmark = pytest.mark.usefixtures("api_today")


def counts(**non_zero):
    return {
        "not_started": 0,
        "in_progress": 0,
        "partial": 0,
        "aligned": 0,
        "not_applicable": 0,
        "denounced": 0,
        "not_assessed": 0,
        **non_zero,
    }


VIET_NAM = {
    "participant": "VNM",
    "name": "Viet Nam",
    "treaty": "un-cybercrime-convention",
    "as_of": "2026-06-01",
    "obligations": 3,
    "assessed": 2,
    "by_status": counts(aligned=1, in_progress=1, not_assessed=1),
    "mandatory": 2,
    "mandatory_aligned": 1,
    "mandatory_aligned_share": 0.5,
    "categories": [
        {
            "category": "domestic_law",
            "obligations": 2,
            "by_status": counts(aligned=1, in_progress=1),
            "mandatory": 2,
            "mandatory_aligned": 1,
            "aligned_share": 0.5,
        },
        {
            "category": "awareness",
            "obligations": 1,
            "by_status": counts(not_assessed=1),
            "mandatory": 0,
            "mandatory_aligned": 0,
            "aligned_share": None,  # nothing assessed in the category: null, not 0.0
        },
    ],
}


def test_progress_counts_each_participants_obligations_by_category_and_status(api_client, personas):
    response = api_client.get("/api/v1/progress/?participant=VNM")

    assert response.status_code == 200
    assert response.json() == {"count": 1, "next": None, "previous": None, "results": [VIET_NAM]}


def test_a_participant_nobody_assessed_has_every_obligation_not_assessed(api_client, personas):
    response = api_client.get("/api/v1/progress/?participant=NOR")

    assert response.json()["results"] == [
        {
            **VIET_NAM,
            "participant": "NOR",
            "name": "Norway",
            "assessed": 0,
            "by_status": counts(not_assessed=3),
            "mandatory_aligned": 0,
            "mandatory_aligned_share": None,  # nothing assessed: null, not 0.0
            "categories": [
                {
                    "category": "domestic_law",
                    "obligations": 2,
                    "by_status": counts(not_assessed=2),
                    "mandatory": 2,
                    "mandatory_aligned": 0,
                    "aligned_share": None,
                },
                VIET_NAM["categories"][1],
            ],
        }
    ]


def test_progress_as_of_a_past_day_counts_the_assessments_standing_then(
    api_client, personas, obligations
):
    make_assessment(personas.ratifier, obligations[0], "partial", as_of=date(2026, 1, 10))

    response = api_client.get("/api/v1/progress/?participant=VNM&as_of=2026-01-15")

    row = response.json()["results"][0]
    assert row["as_of"] == "2026-01-15"
    assert row["by_status"] == counts(partial=1, not_assessed=2)
    assert row["mandatory_aligned_share"] == 0.0


def test_not_applicable_obligations_leave_the_mandatory_share(api_client, personas, obligations):
    make_assessment(personas.ratifier, obligations[1], "not_applicable", as_of=date(2026, 5, 1))

    row = api_client.get("/api/v1/progress/?participant=VNM").json()["results"][0]

    assert (row["mandatory"], row["mandatory_aligned"], row["mandatory_aligned_share"]) == (
        1,
        1,
        1.0,
    )


def test_drafts_do_not_count_in_progress(api_client, personas, obligations):
    make_assessment(
        personas.ratifier, obligations[1], "not_started", as_of=date(2026, 5, 1), publish=False
    )

    row = api_client.get("/api/v1/progress/?participant=VNM").json()["results"][0]

    assert row["by_status"] == VIET_NAM["by_status"]


def test_progress_filters_by_participant_stage_and_region(api_client, personas):
    def participants(query):
        response = api_client.get(f"/api/v1/progress/?{query}")
        assert response.status_code == 200, response.json()
        return [row["participant"] for row in response.json()["results"]]

    assert participants("stage=consented") == ["VNM"]
    assert participants("stage=signatory&kind=state") == ["FRA"]
    assert participants("member_of=EU") == ["FRA"]
    assert participants("subregion=western europe&ordering=-name") == [
        "VNM",
        "NOR",
        "FRA",
        "EUU",
    ]


def test_progress_in_another_treaty_counts_that_treatys_obligations(api_client, personas):
    make_treaty(slug="a-protocol")

    row = api_client.get("/api/v1/progress/?participant=VNM&treaty=a-protocol").json()["results"][0]

    assert row == {
        **VIET_NAM,
        "treaty": "a-protocol",
        "obligations": 0,
        "assessed": 0,
        "by_status": counts(),
        "mandatory": 0,
        "mandatory_aligned": 0,
        "mandatory_aligned_share": None,
        "categories": [],
    }


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        (
            "treaty=unknown",
            {
                "treaty": [
                    "“unknown” is not a valid choice. Valid choices: un-cybercrime-convention."
                ]
            },
        ),
        (
            "participant=1",
            {
                "participant": [
                    "Not a valid participant code: 1. ISO 3166 alpha-2 or alpha-3 codes, any case, "
                    "separated by commas (e.g. 'VN,fra,EUU'); the European Union is EU / EUU."
                ]
            },
        ),
        (
            "as_of=tomorrow",
            {
                "as_of": [
                    "“tomorrow” is not a date. Give the day as YYYY-MM-DD, for example "
                    "?as_of=2026-03-01."
                ]
            },
        ),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_the_parameter(api_client, personas, query, errors):
    response = api_client.get(f"/api/v1/progress/?{query}")

    assert response.status_code == 400
    assert response.json() == errors


def add_assessed_participants(treaty, obligations, count):
    for _ in range(count):
        participant = make_participant()
        make_action(treaty, participant, "signature", date(2025, 10, 26))
        for obligation in obligations[:2]:
            make_assessment(participant, obligation, "in_progress", as_of=date(2026, 3, 1))


def test_progress_makes_the_same_queries_for_one_participant_and_for_twenty(
    api_client, treaty, obligations, django_assert_num_queries
):
    add_assessed_participants(treaty, obligations, 1)
    # 1 conditional-request aggregate, 2 count, 3 page of participants, 4 the default treaty,
    # 5 its obligations, 6 the page's current assessments, 7 the engine's rows (the joining
    # obligation follows the stage); the counting is pure Python.
    with django_assert_num_queries(7):
        assert len(api_client.get("/api/v1/progress/").json()["results"]) == 1

    add_assessed_participants(treaty, obligations, 19)
    with django_assert_num_queries(7):
        assert len(api_client.get("/api/v1/progress/").json()["results"]) == 20


def test_an_unchanged_progress_list_answers_304(api_client, personas):
    etag = api_client.get("/api/v1/progress/").headers["ETag"]

    assert api_client.get("/api/v1/progress/", HTTP_IF_NONE_MATCH=etag).status_code == 304
