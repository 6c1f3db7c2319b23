"""The assessments resource: dated statuses of participants on obligations, the state on any
day, and editors' writes through the same rules as the admin."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Permission

from tests.factories import (
    make_article,
    make_assessment,
    make_chapter,
    make_obligation,
    make_participant,
    make_user,
)
from tests.laws_factories import make_law, make_provision
from treaty import roles, services
from treaty.models import FocalPoint, Obligation, ObligationProgress

pytestmark = pytest.mark.usefixtures("api_today")


@pytest.fixture
def editor(db):
    return make_user(groups=(roles.EDITOR,))


@pytest.fixture
def focal_point(personas):
    """Viet Nam's focal point: enters Viet Nam's assessments, nobody else's."""
    user = make_user(groups=(roles.FOCAL_POINT,))
    FocalPoint.objects.create(user=user, participant=personas.ratifier)
    return user


def user_with(*codenames):
    user = make_user()
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def history(personas, obligations):
    """Viet Nam's illegal-access law was in progress in January, aligned from February (the
    personas' assessment); France started nothing by April; a draft awaits review."""
    earlier = make_assessment(
        personas.ratifier, obligations[0], "in_progress", as_of=date(2026, 1, 10)
    )
    france = make_assessment(
        personas.signatory, obligations[0], "not_started", as_of=date(2026, 4, 1)
    )
    draft = make_assessment(
        personas.signatory, obligations[2], "in_progress", as_of=date(2026, 5, 1), publish=False
    )
    return {"earlier": earlier, "france": france, "draft": draft}


def payload(assessment, **fields):
    return {
        "id": assessment.pk,
        "url": f"http://testserver/api/v1/assessments/{assessment.pk}/",
        "participant": assessment.participant.iso3,
        "participant_name": assessment.participant.name,
        "treaty": "un-cybercrime-convention",
        "obligation": assessment.obligation.code,
        "as_of": assessment.as_of.isoformat(),
        "status": assessment.status,
        "evidence_title": "",
        "evidence_citation": "",
        "evidence_url": "",
        "evidence_adopted_on": None,
        "evidence_provisions": [],
        "notes": "",
        "assessed_by": "Tracker secretariat",
        "is_current": True,
        "review_state": "verified",
        "version": 1,
        "updated_at": "2026-06-01T12:00:00Z",
        **fields,
    }


def assessment(participant, code, on):
    return ObligationProgress.objects.get(participant=participant, obligation__code=code, as_of=on)


def described(response):
    """Each assessment as (participant, obligation, as_of, status)."""
    assert response.status_code == 200, response.json()
    return [
        (a["participant"], a["obligation"], a["as_of"], a["status"])
        for a in response.json()["results"]
    ]


def test_assessment_list_gives_the_whole_dated_history_pair_by_pair(api_client, personas, history):
    response = api_client.get("/api/v1/assessments/?participant=VNM")

    aligned = assessment(personas.ratifier, "art-7", date(2026, 2, 1))
    preservation = assessment(personas.ratifier, "art-25", date(2026, 2, 1))
    assert response.status_code == 200
    assert response.json() == {
        "next": None,
        "previous": None,
        "results": [
            payload(history["earlier"], is_current=False),
            payload(
                aligned, evidence_title="Cybercrime Act", evidence_url="https://example.org/law"
            ),
            payload(preservation),
        ],
    }


def test_assessment_detail_is_found_by_id(api_client, personas, history):
    response = api_client.get(f"/api/v1/assessments/{history['france'].pk}/")

    assert response.json() == payload(history["france"])


def test_as_of_gives_the_latest_published_assessment_of_each_pair_on_that_day(
    api_client, personas, history
):
    assert described(api_client.get("/api/v1/assessments/?as_of=2026-01-15")) == [
        ("VNM", "art-7", "2026-01-10", "in_progress")
    ]
    assert described(api_client.get("/api/v1/assessments/?as_of=2026-03-01")) == [
        ("VNM", "art-7", "2026-02-01", "aligned"),
        ("VNM", "art-25", "2026-02-01", "in_progress"),
    ]
    assert described(api_client.get("/api/v1/assessments/?as_of=2026-06-01")) == [
        ("VNM", "art-7", "2026-02-01", "aligned"),
        ("VNM", "art-25", "2026-02-01", "in_progress"),
        ("FRA", "art-7", "2026-04-01", "not_started"),
    ]


def test_current_true_keeps_the_latest_of_each_pair_and_false_the_history(
    api_client, personas, history
):
    assert described(api_client.get("/api/v1/assessments/?current=true&participant=VNM")) == [
        ("VNM", "art-7", "2026-02-01", "aligned"),
        ("VNM", "art-25", "2026-02-01", "in_progress"),
    ]
    assert described(api_client.get("/api/v1/assessments/?current=false")) == [
        ("VNM", "art-7", "2026-01-10", "in_progress")
    ]


def test_assessments_filter_by_obligation_category_strength_and_status(
    api_client, personas, history
):
    assert described(api_client.get("/api/v1/assessments/?obligation=ART-25")) == [
        ("VNM", "art-25", "2026-02-01", "in_progress")
    ]
    assert described(api_client.get("/api/v1/assessments/?status=aligned,not_started")) == [
        ("VNM", "art-7", "2026-02-01", "aligned"),
        ("FRA", "art-7", "2026-04-01", "not_started"),
    ]
    assert described(api_client.get("/api/v1/assessments/?category=awareness")) == []
    assert described(api_client.get("/api/v1/assessments/?strength=mandatory&participant=FR")) == [
        ("FRA", "art-7", "2026-04-01", "not_started")
    ]


def test_assessments_filter_by_chapter_and_date_range(api_client, personas, history, treaty):
    criminalization = make_chapter(treaty, number=2, numeral="II", title="Criminalization")
    Obligation.objects.get(code="art-7").articles.add(
        make_article(treaty, criminalization, number=7)
    )

    assert described(api_client.get("/api/v1/assessments/?chapter=2&date_after=2026-02-01")) == [
        ("VNM", "art-7", "2026-02-01", "aligned"),
        ("FRA", "art-7", "2026-04-01", "not_started"),
    ]
    assert described(api_client.get("/api/v1/assessments/?date_before=2026-01-31")) == [
        ("VNM", "art-7", "2026-01-10", "in_progress")
    ]


def test_eu_member_states_on_every_mandatory_obligation_as_of_a_day(api_client, personas, history):
    """The analyst's question of issue 4, by the API: EU members, mandatory obligations, a day."""
    response = api_client.get(
        "/api/v1/assessments/?member_of=EUU&strength=mandatory&as_of=2026-05-01"
    )

    assert described(response) == [("FRA", "art-7", "2026-04-01", "not_started")]


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ("obligation=art-99", {"obligation": ["Unknown obligation code: art-99."]}),
        (
            "status=done",
            {
                "status": [
                    "“done” is not a valid choice. Valid choices: not_started, in_progress, "
                    "partial, aligned, not_applicable."
                ]
            },
        ),
        (
            "category=crime",
            {
                "category": [
                    "“crime” is not a valid choice. Valid choices: joining, domestic_law, "
                    "public_private, training, awareness, international_cooperation, "
                    "implementation_review."
                ]
            },
        ),
        (
            "strength=shall",
            {
                "strength": [
                    "“shall” is not a valid choice. Valid choices: mandatory, optional, endeavour."
                ]
            },
        ),
        ("chapter=two", {"chapter": ["Enter a whole number."]}),
        ("date_after=2026-02-30", {"date_after": ["Enter a date as YYYY-MM-DD, e.g. 2026-01-01."]}),
        (
            "as_of=2026-02-30",
            {
                "as_of": [
                    "“2026-02-30” is not a date. Give the day as YYYY-MM-DD, for example "
                    "?as_of=2026-03-01."
                ]
            },
        ),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_the_parameter(api_client, personas, query, errors):
    response = api_client.get(f"/api/v1/assessments/?{query}")

    assert response.status_code == 400
    assert response.json() == errors


def test_drafts_are_hidden_from_the_public_and_shown_to_editors(
    api_client, personas, history, editor
):
    draft = history["draft"]

    assert api_client.get(f"/api/v1/assessments/{draft.pk}/").status_code == 404
    api_client.force_login(editor)
    listed = api_client.get("/api/v1/assessments/?review_state=draft")

    assert listed.json()["results"] == [
        payload(draft, is_current=False, review_state="draft", updated_at="2026-06-01T12:00:00Z")
    ]


def test_a_focal_point_reads_the_drafts_of_its_own_participants_only(
    api_client, personas, history, focal_point
):
    # Trust issue, item 12: France's draft is not Viet Nam's focal point's to read.
    draft = history["draft"]
    api_client.force_login(focal_point)

    assert api_client.get(f"/api/v1/assessments/{draft.pk}/").status_code == 404
    assert api_client.get("/api/v1/assessments/?review_state=draft").json()["results"] == []
    FocalPoint.objects.create(user=focal_point, participant=draft.participant)
    listed = api_client.get("/api/v1/assessments/?review_state=draft")
    assert [row["id"] for row in listed.json()["results"]] == [draft.pk]


def test_as_of_shows_published_assessments_even_to_editors(api_client, personas, history):
    api_client.force_login(user_with("view_obligationprogress"))

    response = api_client.get("/api/v1/assessments/?as_of=2026-05-15&participant=FRA")

    assert described(response) == [("FRA", "art-7", "2026-04-01", "not_started")]


# --- Writes ---

ALIGNED = {
    "treaty": "un-cybercrime-convention",
    "obligation": "art-25",
    "participant": "vnm",
    "as_of": "2026-05-01",
    "status": "aligned",
    "assessed_by": "Tracker secretariat",
    "evidence_title": "Law on Cybersecurity",
    "evidence_url": "https://example.org/law",
}


def test_anonymous_writes_are_refused(api_client, personas):
    response = api_client.post("/api/v1/assessments/", ALIGNED, format="json")

    assert response.status_code == 401
    assert ObligationProgress.objects.count() == 2


def test_a_focal_point_adds_an_assessment_as_a_draft(api_client, personas, focal_point):
    api_client.force_login(focal_point)

    response = api_client.post("/api/v1/assessments/", ALIGNED, format="json")

    created = assessment(personas.ratifier, "art-25", date(2026, 5, 1))
    assert response.status_code == 201
    assert response.json() == payload(
        created,
        evidence_title="Law on Cybersecurity",
        evidence_url="https://example.org/law",
        is_current=False,
        review_state="draft",
    )
    assert created.created_by == focal_point


def test_a_focal_point_writes_for_its_own_participant_only(api_client, personas, focal_point):
    api_client.force_login(focal_point)

    response = api_client.post("/api/v1/assessments/", {**ALIGNED, "participant": "FRA"})

    assert response.status_code == 403
    assert response.json() == {
        "detail": "You may write the data of your own participants only, and France is not "
        "one of them."
    }


def test_an_aligned_status_without_evidence_is_refused_with_the_models_message(
    api_client, personas, editor
):
    api_client.force_login(editor)

    response = api_client.post(
        "/api/v1/assessments/",
        {**ALIGNED, "evidence_title": "", "evidence_url": ""},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "evidence_title": [
            "An aligned or partially aligned status needs evidence: name the law or measure."
        ]
    }


def test_an_unknown_obligation_or_a_future_day_is_refused(api_client, personas, editor):
    api_client.force_login(editor)

    unknown = api_client.post("/api/v1/assessments/", {**ALIGNED, "obligation": "art-99"})
    future = api_client.post("/api/v1/assessments/", {**ALIGNED, "as_of": "2026-07-01"})

    assert unknown.status_code == 400
    assert unknown.json() == {
        "obligation": ["UN Convention against Cybercrime has no obligation with the code 'art-99'."]
    }
    assert future.json() == {
        "as_of": ["An assessment describes a day that has come: 1 July 2026 is in the future."]
    }


def test_assessments_always_go_through_review(api_client, personas, editor):
    api_client.force_login(editor)

    response = api_client.post("/api/v1/assessments/", {**ALIGNED, "publish": True}, format="json")

    assert response.status_code == 403
    assert not ObligationProgress.objects.filter(as_of=date(2026, 5, 1))


def test_a_draft_assessment_is_corrected_by_its_focal_point(api_client, personas, focal_point):
    api_client.force_login(focal_point)
    created = api_client.post("/api/v1/assessments/", ALIGNED, format="json").json()

    response = api_client.patch(
        created["url"],
        {"version": 1, "status": "partial", "notes": "Sections 3-5 only."},
        format="json",
    )

    assert response.status_code == 200
    assert response.json() == {
        **created,
        "status": "partial",
        "notes": "Sections 3-5 only.",
        "version": 2,
    }


def test_a_correction_keeps_the_models_rules(api_client, personas, history, editor):
    api_client.force_login(editor)
    draft = history["draft"]

    response = api_client.patch(
        f"/api/v1/assessments/{draft.pk}/",
        {"version": draft.version, "status": "aligned"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "evidence_title": [
            "An aligned or partially aligned status needs evidence: name the law or measure."
        ]
    }


# --- Speed and caching ---


def add_assessments(obligation, count):
    for _ in range(count):
        make_assessment(make_participant(), obligation, "in_progress", as_of=date(2026, 3, 1))


@pytest.mark.parametrize("query", ["", "?as_of=2026-04-01", "?current=true&status=in_progress"])
def test_assessment_list_makes_the_same_queries_for_one_row_and_for_twenty(
    api_client, treaty, django_assert_num_queries, query
):
    obligation = make_obligation(treaty)
    add_assessments(obligation, 1)
    # 1 conditional-request aggregate, 2 the page's ids in index order (the as-of state is a
    # correlated subquery in it), one beyond the page instead of counting the table, 3 those
    # assessments with participant, obligation and treaty joined, 4 the provisions they cite.
    with django_assert_num_queries(4):
        assert len(api_client.get(f"/api/v1/assessments/{query}").json()["results"]) == 1

    add_assessments(obligation, 19)
    with django_assert_num_queries(4):
        assert len(api_client.get(f"/api/v1/assessments/{query}").json()["results"]) == 20


def test_an_unchanged_assessment_list_answers_304(api_client, personas):
    etag = api_client.get("/api/v1/assessments/").headers["ETag"]

    assert api_client.get("/api/v1/assessments/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_assessments_can_be_ordered_by_participant_name_and_newest_first(
    api_client, personas, history
):
    response = api_client.get("/api/v1/assessments/?ordering=participant,obligation,-date")

    assert described(response) == [
        ("FRA", "art-7", "2026-04-01", "not_started"),
        ("VNM", "art-7", "2026-02-01", "aligned"),
        ("VNM", "art-7", "2026-01-10", "in_progress"),
        ("VNM", "art-25", "2026-02-01", "in_progress"),
    ]


# --- Cited provisions ---


def test_an_assessment_lists_the_provisions_it_cites_linked_to_where_they_can_be_read(
    api_client, personas, obligations
):
    aligned = assessment(personas.ratifier, "art-7", date(2026, 2, 1))
    act = make_law(personas.ratifier, title="Law on Cybersecurity", official_url="https://a.vn/")
    own_url = make_provision(act, reference="art. 3", url="https://a.vn/#art3")
    law_url = make_provision(act, reference="art. 9")
    draft = make_provision(act, reference="art. 12", publish=False)
    services.cite_provisions(assessment=aligned, provisions=[own_url, law_url, draft])

    listed = api_client.get("/api/v1/assessments/?participant=VNM&obligation=art-7").json()
    detail = api_client.get(f"/api/v1/assessments/{aligned.pk}/").json()

    cited = [
        {
            "id": own_url.pk,
            "law": act.pk,
            "law_title": "Law on Cybersecurity",
            "reference": "art. 3",
            "url": "https://a.vn/#art3",
        },
        {
            "id": law_url.pk,
            "law": act.pk,
            "law_title": "Law on Cybersecurity",
            "reference": "art. 9",
            "url": "https://a.vn/",  # no URL of its own: its law's official text
        },
    ]
    assert [a["evidence_provisions"] for a in listed["results"]] == [cited]
    assert detail["evidence_provisions"] == cited
    # The free-text evidence stays readable beside them.
    assert detail["evidence_title"] == "Cybercrime Act"


def test_cited_provisions_cost_one_query_whatever_their_number(
    api_client, treaty, django_assert_num_queries
):
    obligation = make_obligation(treaty)
    for _ in range(5):
        participant = make_participant()
        cited = make_assessment(participant, obligation, "in_progress", as_of=date(2026, 3, 1))
        law = make_law(participant)
        services.cite_provisions(
            assessment=cited, provisions=[make_provision(law), make_provision(law)]
        )

    with django_assert_num_queries(4):
        results = api_client.get("/api/v1/assessments/").json()["results"]

    assert [len(a["evidence_provisions"]) for a in results] == [2] * 5
