"""The treaty actions resource: the depositary record, filtered and dated, and written by
editors through the same rules as the admin."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from rest_framework.authtoken.models import Token

from tests.factories import API_TODAY as TODAY
from tests.factories import make_action, make_participant, make_user
from treaty import roles
from treaty.models import FocalPoint, ReviewState, TreatyAction

pytestmark = pytest.mark.usefixtures("api_today")


def user_with(*codenames):
    user = make_user()
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def editor(db):
    """The Editor role: writes for any participant, publishes depositary actions at once."""
    return make_user(groups=(roles.EDITOR,))


@pytest.fixture
def focal_point(personas):
    """France's focal point: proposes France's actions (drafts), nobody else's."""
    user = make_user(groups=(roles.FOCAL_POINT,))
    FocalPoint.objects.create(user=user, participant=personas.signatory)
    return user


@pytest.fixture
def draft(treaty, personas):
    """France's ratification, entered but not yet reviewed."""
    return make_action(
        treaty,
        personas.signatory,
        "ratification",
        date(2026, 4, 1),
        review_state=ReviewState.DRAFT,
        verified_at=None,
    )


def action_payload(action, **fields):
    return {
        "id": action.pk,
        "url": f"http://testserver/api/v1/actions/{action.pk}/",
        "treaty": "un-cybercrime-convention",
        "participant": action.participant.iso3,
        "participant_name": action.participant.name,
        "kind": action.kind,
        "date": action.date.isoformat(),
        "date_earliest": None,
        "date_precision": "day",
        "effective_on": None,
        "depositary_notification": "",
        "depositary_notification_url": "",
        "source": "UNTC XVIII-16 status page",
        "source_kind": "depositary",
        "source_url": "https://treaties.un.org/",
        "text": "",
        "relates_to": None,
        "review_state": "verified",
        "version": 1,
        "updated_at": "2026-06-01T12:00:00Z",
        **fields,
    }


def action_of(participant, kind):
    return TreatyAction.objects.get(participant=participant, kind=kind)


def described(response):
    """Each action as (participant, kind, date): enough to check a filter."""
    assert response.status_code == 200, response.json()
    return [(a["participant"], a["kind"], a["date"]) for a in response.json()["results"]]


def test_action_list_gives_the_depositary_record_in_date_order(api_client, personas):
    response = api_client.get("/api/v1/actions/?participant=VNM")

    signature = action_of(personas.ratifier, "signature")
    ratification = action_of(personas.ratifier, "ratification")
    assert response.status_code == 200
    assert response.json() == {
        "next": None,
        "previous": None,
        "results": [
            action_payload(signature),
            action_payload(
                ratification,
                depositary_notification="C.N.12.2026.TREATIES-XVIII.16",
                depositary_notification_url=(
                    "https://treaties.un.org/doc/Publication/CN/2026/CN.12.2026-Eng.pdf"
                ),
            ),
        ],
    }


def test_action_detail_is_found_by_id(api_client, personas):
    signature = action_of(personas.signatory, "signature")

    response = api_client.get(f"/api/v1/actions/{signature.pk}/")

    assert response.status_code == 200
    assert response.json() == action_payload(signature)


def test_unknown_action_is_not_found(api_client, personas):
    assert api_client.get("/api/v1/actions/999999/").status_code == 404
    assert api_client.get("/api/v1/actions/99999999999999999999999/").status_code == 404


def test_actions_filter_by_participant_kind_and_dates(api_client, personas):
    assert described(api_client.get("/api/v1/actions/?kind=ratification,accession")) == [
        ("VNM", "ratification", "2026-03-02")
    ]
    assert described(api_client.get("/api/v1/actions/?date_after=2026-01-01")) == [
        ("VNM", "ratification", "2026-03-02")
    ]
    assert described(
        api_client.get("/api/v1/actions/?date_before=2025-12-31&participant=fr,EU")
    ) == [
        ("EUU", "signature", "2025-10-25"),
        ("FRA", "signature", "2025-10-25"),
    ]


def test_actions_filter_by_region_stage_and_organization(api_client, personas):
    personas.ratifier.region = "Asia"
    personas.ratifier.save()

    assert described(api_client.get("/api/v1/actions/?region=ASIA&kind=signature")) == [
        ("VNM", "signature", "2025-10-25")
    ]
    assert described(api_client.get("/api/v1/actions/?stage=consented")) == [
        ("VNM", "signature", "2025-10-25"),
        ("VNM", "ratification", "2026-03-02"),
    ]
    assert described(api_client.get("/api/v1/actions/?member_of=EUU")) == [
        ("FRA", "signature", "2025-10-25")
    ]


def test_as_of_keeps_the_actions_dated_on_or_before_that_day(api_client, personas):
    assert described(api_client.get("/api/v1/actions/?as_of=2026-03-01&participant=VNM")) == [
        ("VNM", "signature", "2025-10-25")
    ]
    assert described(api_client.get("/api/v1/actions/?as_of=2026-03-02&participant=VNM")) == [
        ("VNM", "signature", "2025-10-25"),
        ("VNM", "ratification", "2026-03-02"),
    ]


def test_actions_can_be_ordered_newest_first_and_searched(api_client, personas):
    assert described(api_client.get("/api/v1/actions/?ordering=-date,participant"))[:2] == [
        ("VNM", "ratification", "2026-03-02"),
        ("EUU", "signature", "2025-10-25"),
    ]
    assert described(api_client.get("/api/v1/actions/?search=C.N.12.2026")) == [
        ("VNM", "ratification", "2026-03-02")
    ]


def test_pages_link_to_the_next_without_counting_the_table(api_client, personas):
    first = api_client.get("/api/v1/actions/?limit=3")
    last = api_client.get("/api/v1/actions/?limit=3&offset=3")

    assert "count" not in first.json()
    assert first.json()["next"] == "http://testserver/api/v1/actions/?limit=3&offset=3"
    assert first.json()["previous"] is None
    assert len(last.json()["results"]) == 1
    assert last.json()["next"] is None
    assert last.json()["previous"] == "http://testserver/api/v1/actions/?limit=3"


KIND_ERROR = (
    "“%s” is not a valid choice. Valid choices: signature, ratification, acceptance, approval, "
    "accession, succession, formal_confirmation, definitive_signature, declaration, "
    "reservation, objection, reservation_withdrawal, notification, denunciation."
)
ORDERING_ERROR = (
    "“size” is not a valid choice. Valid choices: date, -date, participant, -participant, kind, "
    "-kind, updated_at, -updated_at."
)


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        (
            "kind=ratification,signing",
            {"kind": [KIND_ERROR % "signing"]},
        ),
        ("date_after=2026-1-1x", {"date_after": ["Enter a date as YYYY-MM-DD, e.g. 2026-01-01."]}),
        ("date_before=1/3/2026", {"date_before": ["Enter a date as YYYY-MM-DD, e.g. 2026-01-01."]}),
        ("participant=ZZ", {"participant": ["Unknown participant code: ZZ."]}),
        (
            "review_state=approved",
            {
                "review_state": [
                    "“approved” is not a valid choice. Valid choices: draft, submitted, verified, "
                    "returned."
                ]
            },
        ),
        (
            "ordering=size",
            {"ordering": [ORDERING_ERROR]},
        ),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_the_parameter(api_client, personas, query, errors):
    response = api_client.get(f"/api/v1/actions/?{query}")

    assert response.status_code == 400
    assert response.json() == errors


# --- Drafts ---


def test_drafts_are_hidden_from_the_public(api_client, personas, draft):
    assert ("FRA", "ratification", "2026-04-01") not in described(
        api_client.get("/api/v1/actions/")
    )
    assert api_client.get(f"/api/v1/actions/{draft.pk}/").status_code == 404


def test_editors_see_drafts_flagged_with_their_review_state(api_client, personas, draft, editor):
    api_client.force_login(editor)

    listed = api_client.get("/api/v1/actions/?review_state=draft")
    detail = api_client.get(f"/api/v1/actions/{draft.pk}/")

    assert listed.json()["results"] == [action_payload(draft, review_state="draft")]
    assert detail.json() == action_payload(draft, review_state="draft")


def test_withdrawn_actions_count_for_nobody(api_client, personas, treaty, editor):
    withdrawn = make_action(
        treaty,
        personas.outsider,
        "accession",
        date(2026, 5, 1),
        withdrawn_at=TODAY,
        withdrawn_reason="Entered for the wrong State.",
    )
    api_client.force_login(editor)

    assert api_client.get(f"/api/v1/actions/{withdrawn.pk}/").status_code == 404


# --- Writes ---

RATIFICATION = {
    "treaty": "un-cybercrime-convention",
    "participant": "FRA",
    "kind": "ratification",
    "date": "2026-05-04",
    "source": "UNTC XVIII-16 status page",
    "source_url": "https://treaties.un.org/",
}


def test_anonymous_writes_are_refused_with_401(api_client, personas):
    response = api_client.post("/api/v1/actions/", RATIFICATION, format="json")

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "Authentication credentials were not provided."}
    assert not TreatyAction.objects.filter(participant=personas.signatory, kind="ratification")


def test_writes_need_the_permission_to_add_actions(api_client, personas):
    api_client.force_login(make_user())

    response = api_client.post("/api/v1/actions/", RATIFICATION, format="json")

    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have permission to perform this action."}


def test_an_editor_records_a_valid_action_as_a_draft(api_client, personas, editor):
    api_client.force_login(editor)

    response = api_client.post("/api/v1/actions/", RATIFICATION, format="json")

    action = TreatyAction.objects.get(participant=personas.signatory, kind="ratification")
    assert response.status_code == 201
    assert response.headers["Location"] == f"http://testserver/api/v1/actions/{action.pk}/"
    assert response.json() == action_payload(action, review_state="draft")
    assert action.created_by == editor
    assert api_client.get(f"/api/v1/actions/{action.pk}/").status_code == 200
    api_client.logout()
    assert api_client.get(f"/api/v1/actions/{action.pk}/").status_code == 404


def test_a_second_signature_is_refused_with_the_models_message(api_client, personas, editor):
    api_client.force_login(editor)

    response = api_client.post(
        "/api/v1/actions/",
        {
            "treaty": "un-cybercrime-convention",
            "participant": "VNM",
            "kind": "signature",
            "date": "2026-05-04",
            "source": "UNTC XVIII-16 status page",
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "kind": ["Viet Nam already signed on 25 October 2025: one signature per treaty."]
    }


def test_the_model_rules_apply_to_api_writes(api_client, personas, editor):
    api_client.force_login(editor)

    future = api_client.post(
        "/api/v1/actions/", {**RATIFICATION, "date": "2026-06-02"}, format="json"
    )
    ratification_without_signature = api_client.post(
        "/api/v1/actions/",
        {**RATIFICATION, "participant": "NOR", "kind": "ratification"},
        format="json",
    )

    assert future.status_code == 400
    assert future.json() == {
        "date": ["The date 2 June 2026 is in the future: record an action once it has happened."]
    }
    assert ratification_without_signature.json() == {
        "kind": [
            "Norway has no signature on or before 4 May 2026: ratification, acceptance or "
            "approval follows a signature; a non-signatory joins by accession."
        ]
    }


def test_malformed_input_is_refused_before_the_model_sees_it(api_client, personas, editor):
    api_client.force_login(editor)

    response = api_client.post(
        "/api/v1/actions/",
        {"treaty": "nope", "participant": "XYZ", "kind": "signing", "date": "soon"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "treaty": ["Object with slug=nope does not exist."],
        "participant": ["Object with iso3=XYZ does not exist."],
        "kind": ['"signing" is not a valid choice.'],
        "date": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."],
        "source": ["This field is required."],
    }


def test_a_published_action_is_visible_to_everyone_and_counts(api_client, personas, editor):
    api_client.force_login(editor)
    created = api_client.post("/api/v1/actions/", {**RATIFICATION, "publish": True}, format="json")
    api_client.logout()

    detail = api_client.get(created.headers["Location"])
    treaty = api_client.get("/api/v1/treaties/un-cybercrime-convention/")

    assert created.status_code == 201
    assert detail.json()["review_state"] == "verified"
    assert treaty.json()["status"]["instruments"] == 2


def test_a_focal_point_proposes_actions_for_its_own_participant_only(
    api_client, personas, focal_point
):
    api_client.force_login(focal_point)

    own = api_client.post("/api/v1/actions/", RATIFICATION, format="json")
    other = api_client.post(
        "/api/v1/actions/", {**RATIFICATION, "participant": "NOR", "kind": "accession"}
    )

    assert own.status_code == 201
    assert own.json()["review_state"] == "draft"
    assert other.status_code == 403
    assert other.json() == {
        "detail": "You may write the data of your own participants only, and Norway is not "
        "one of them."
    }


def test_only_an_editor_publishes_an_action_as_it_is_entered(api_client, personas, focal_point):
    api_client.force_login(focal_point)

    response = api_client.post("/api/v1/actions/", {**RATIFICATION, "publish": True}, format="json")

    assert response.status_code == 403
    assert response.json() == {
        "detail": "You may not publish this record as you enter it: send publish=false to "
        "record a draft, which a reviewer then verifies."
    }
    assert not TreatyAction.objects.filter(participant=personas.signatory, kind="ratification")


# --- Corrections (PATCH) ---


def test_an_editor_corrects_a_draft_naming_the_version_edited(api_client, draft, editor):
    api_client.force_login(editor)

    response = api_client.patch(
        f"/api/v1/actions/{draft.pk}/", {"version": 1, "date": "2026-04-02"}, format="json"
    )

    assert response.status_code == 200
    assert response.json() == action_payload(
        draft, date="2026-04-02", review_state="draft", version=2
    )


def test_a_correction_made_on_an_old_version_is_refused_with_409(api_client, draft, editor):
    api_client.force_login(editor)
    api_client.patch(f"/api/v1/actions/{draft.pk}/", {"version": 1, "text": "first"}, format="json")

    late = api_client.patch(
        f"/api/v1/actions/{draft.pk}/", {"version": 1, "text": "second"}, format="json"
    )

    assert late.status_code == 409
    assert late.json() == {
        "version": [
            "This record was changed by someone else since you opened it (version 1, now "
            "newer): reload it, then make your change again."
        ]
    }
    draft.refresh_from_db()
    assert draft.text == "first"


def test_a_correction_needs_the_version_and_keeps_the_model_rules(api_client, draft, editor):
    api_client.force_login(editor)

    unversioned = api_client.patch(f"/api/v1/actions/{draft.pk}/", {"date": "2026-04-02"})
    future = api_client.patch(f"/api/v1/actions/{draft.pk}/", {"version": 1, "date": "2026-07-01"})

    assert unversioned.status_code == 400
    assert unversioned.json() == {
        "version": ["Send the version you edited (the record's `version`)."]
    }
    assert future.status_code == 400
    assert future.json() == {
        "date": ["The date 1 July 2026 is in the future: record an action once it has happened."]
    }


def test_a_published_action_is_corrected_only_by_someone_who_may_publish(
    api_client, personas, focal_point
):
    signature = action_of(personas.signatory, "signature")
    api_client.force_login(focal_point)

    response = api_client.patch(
        f"/api/v1/actions/{signature.pk}/", {"version": 1, "text": "x"}, format="json"
    )

    assert response.status_code == 403
    assert response.json() == {
        "detail": "This record is published: only someone who may publish corrects it. Add a "
        "new record instead, or ask a reviewer."
    }


def test_an_api_client_authenticates_with_a_token(api_client, personas, editor):
    token = Token.objects.create(user=editor)

    response = api_client.post(
        "/api/v1/actions/", RATIFICATION, format="json", HTTP_AUTHORIZATION=f"Token {token.key}"
    )

    assert response.status_code == 201
    assert response.json()["review_state"] == "draft"


def test_anonymous_corrections_are_refused(api_client, draft):
    response = api_client.patch(f"/api/v1/actions/{draft.pk}/", {"version": 1, "text": "x"})

    assert response.status_code == 401


# --- Speed and caching ---


def add_actions(treaty, count):
    for _ in range(count):
        make_action(treaty, make_participant(), "signature", date(2025, 10, 26))


def test_action_list_makes_the_same_queries_for_one_action_and_for_twenty(
    api_client, treaty, django_assert_num_queries
):
    add_actions(treaty, 1)
    # 1 conditional-request aggregate, 2 the page's ids (one beyond the page, to know whether
    # there is a next one — no count), 3 those actions with their treaty and participant.
    with django_assert_num_queries(3):
        assert len(api_client.get("/api/v1/actions/").json()["results"]) == 1

    add_actions(treaty, 19)
    with django_assert_num_queries(3):
        assert len(api_client.get("/api/v1/actions/").json()["results"]) == 20


def test_filters_that_check_codes_add_one_query_each_whatever_the_rows(
    api_client, treaty, django_assert_num_queries
):
    add_actions(treaty, 2)
    codes = ",".join(TreatyAction.objects.values_list("participant__iso2", flat=True))
    query = f"/api/v1/actions/?participant={codes}&region=europe&kind=signature"
    # 1 the participant codes checked, 2 the regions checked, 3 aggregate, 4 ids, 5 rows.
    with django_assert_num_queries(5):
        assert len(api_client.get(query).json()["results"]) == 2

    add_actions(treaty, 19)
    with django_assert_num_queries(5):
        assert len(api_client.get(query).json()["results"]) == 2


def test_editor_action_list_makes_the_same_queries_for_one_action_and_for_twenty(
    api_client, treaty, django_assert_num_queries
):
    api_client.force_login(user_with("view_treatyaction"))
    add_actions(treaty, 1)
    # 1 session, 2 user, 3-4 the user's and its groups' permissions (does it see drafts?),
    # 5 conditional-request aggregate, 6 the page's ids, 7 those actions.
    with django_assert_num_queries(7):
        assert len(api_client.get("/api/v1/actions/").json()["results"]) == 1

    add_actions(treaty, 19)
    with django_assert_num_queries(7):
        assert len(api_client.get("/api/v1/actions/").json()["results"]) == 20


def test_an_unchanged_action_list_answers_304(api_client, personas):
    etag = api_client.get("/api/v1/actions/?kind=signature").headers["ETag"]

    again = api_client.get("/api/v1/actions/?kind=signature", HTTP_IF_NONE_MATCH=etag)

    assert again.status_code == 304
