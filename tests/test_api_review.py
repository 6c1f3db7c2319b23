"""The review flow in the API: submit, verify, return and withdraw a treaty action or an
assessment, under the same rules as the admin's review actions (issue 5).

Verifying one's own entry is answered with a 403 (the person may not, whatever the state); a
state that does not allow the step is a 400 with the review flow's own message.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import API_TODAY as TODAY
from tests.factories import make_action, make_assessment, make_participant, make_user
from treaty import roles
from treaty.models import FocalPoint, ObligationProgress, ReviewState, TreatyAction

STEPS = ["submit", "verify", "return", "withdraw"]
# The smallest body each step accepts.
BODIES = {
    "submit": {},
    "verify": {},
    "return": {"comment": "Give the depositary notification."},
    "withdraw": {"reason": "Entered twice."},
}


pytestmark = pytest.mark.usefixtures("api_today")


@pytest.fixture
def author(db):
    """The editor who entered the records under review (never the one who verifies them)."""
    return make_user("author", groups=(roles.EDITOR,))


@pytest.fixture
def reviewer(db):
    return make_user("reviewer", groups=(roles.REVIEWER,))


@pytest.fixture
def focal_point(personas):
    """Norway's focal point: moves Norway's records through review, nobody else's."""
    user = make_user("focal-no", groups=(roles.FOCAL_POINT,))
    FocalPoint.objects.create(user=user, participant=personas.outsider)
    return user


def action_in(state, participant, treaty, author, kind="signature"):
    """A signature (by default) of ``participant``, entered by ``author``, in ``state``."""
    return make_action(
        treaty,
        participant,
        kind,
        date(2026, 1, 10),
        review_state=state,
        verified_at=TODAY if state == ReviewState.VERIFIED else None,
        created_by=author,
    )


@pytest.fixture
def draft(personas, treaty, author):
    return action_in(ReviewState.DRAFT, personas.outsider, treaty, author)


@pytest.fixture
def submitted(personas, treaty, author):
    return action_in(ReviewState.SUBMITTED, personas.outsider, treaty, author)


def step(client, record, name, **body):
    resource = "actions" if isinstance(record, TreatyAction) else "assessments"
    return client.post(
        f"/api/v1/{resource}/{record.pk}/{name}/", {**BODIES[name], **body}, format="json"
    )


def stored(record):
    record.refresh_from_db()
    return record


# --- Who may


@pytest.mark.parametrize("name", STEPS)
def test_anonymous_clients_are_asked_to_authenticate(api_client, submitted, name):
    response = step(api_client, submitted, name)

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Token"
    assert stored(submitted).version == 1


@pytest.mark.parametrize("name", STEPS)
def test_a_user_without_a_role_is_refused_every_step(api_client, submitted, name):
    api_client.force_login(make_user())

    response = step(api_client, submitted, name)

    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have permission to perform this action."}
    assert stored(submitted).version == 1


def test_a_focal_point_submits_its_own_participants_draft(api_client, draft, focal_point):
    api_client.force_login(focal_point)

    response = step(api_client, draft, "submit")

    assert response.status_code == 200
    assert response.json()["review_state"] == "submitted"
    assert response.json()["version"] == 2
    assert response.json()["url"] == f"http://testserver/api/v1/actions/{draft.pk}/"
    assert stored(draft).review_state == ReviewState.SUBMITTED


def test_a_focal_point_is_refused_another_participants_record(
    api_client, personas, treaty, author, focal_point
):
    # Another participant's draft is not theirs to read either (trust issue, item 12): for
    # them it does not exist.
    frances = action_in(ReviewState.DRAFT, personas.signatory, treaty, author, "declaration")
    api_client.force_login(focal_point)

    submitted = step(api_client, frances, "submit")
    withdrawn = step(api_client, frances, "withdraw")

    for response in (submitted, withdrawn):
        assert response.status_code == 404
    assert stored(frances).version == 1


@pytest.mark.parametrize("name", ["verify", "return"])
def test_only_someone_with_the_verify_permission_verifies_or_returns(
    api_client, submitted, focal_point, name
):
    api_client.force_login(focal_point)

    response = step(api_client, submitted, name)

    assert response.status_code == 403
    assert stored(submitted).review_state == ReviewState.SUBMITTED


def test_an_editor_verifies_actions_but_not_assessments(
    api_client, personas, obligations, submitted
):
    assessment = make_assessment(personas.outsider, obligations[0], publish=False)
    api_client.force_login(make_user(groups=(roles.EDITOR,)))

    action = step(api_client, submitted, "verify")
    refused = step(api_client, assessment, "verify")

    assert action.status_code == 200
    assert action.json()["review_state"] == "verified"
    assert refused.status_code == 403
    assert stored(assessment).review_state == ReviewState.DRAFT


def test_a_reviewer_never_verifies_their_own_entry(api_client, personas, treaty, reviewer):
    own = action_in(ReviewState.SUBMITTED, personas.outsider, treaty, reviewer)
    api_client.force_login(reviewer)

    response = step(api_client, own, "verify")

    assert response.status_code == 403
    assert response.json() == {
        "detail": "You entered this record: another reviewer must verify it."
    }
    assert stored(own).review_state == ReviewState.SUBMITTED
    api_client.force_login(make_user(groups=(roles.REVIEWER,)))
    assert step(api_client, own, "verify").status_code == 200


def test_a_focal_point_does_not_withdraw_a_published_record(
    api_client, personas, treaty, author, focal_point
):
    published = action_in(ReviewState.VERIFIED, personas.outsider, treaty, author)
    api_client.force_login(focal_point)

    response = step(api_client, published, "withdraw")

    assert response.status_code == 403
    assert response.json() == {
        "detail": "This record is published: only someone who may publish corrects it. Add a "
        "new record instead, or ask a reviewer."
    }
    assert stored(published).withdrawn_at is None


# --- What the state allows


def test_verify_publishes_the_record_with_who_verified_it(api_client, submitted, reviewer):
    api_client.force_login(reviewer)

    response = step(api_client, submitted, "verify")

    assert response.status_code == 200
    assert response.json()["review_state"] == "verified"
    record = stored(submitted)
    assert (record.verified_by, record.verified_at) == (reviewer, TODAY)
    api_client.logout()
    assert api_client.get(f"/api/v1/actions/{submitted.pk}/").status_code == 200


def test_a_step_the_state_does_not_allow_is_a_400_with_the_review_flows_message(
    api_client, treaty, author, submitted, reviewer
):
    draft = action_in(ReviewState.DRAFT, make_participant(), treaty, author)
    api_client.force_login(reviewer)

    resubmitted = step(api_client, submitted, "submit")
    returned_draft = step(api_client, draft, "return")

    assert resubmitted.status_code == 400
    assert resubmitted.json() == {
        "non_field_errors": [
            "Only a draft or a returned record can be submitted; this one is submitted for review."
        ]
    }
    assert returned_draft.status_code == 400
    assert returned_draft.json() == {
        "non_field_errors": ["Only a submitted record can be returned."]
    }
    assert (stored(submitted).version, stored(draft).version) == (1, 1)


@pytest.mark.parametrize(
    ("name", "body", "errors"),
    [
        ("return", {}, {"comment": ["This field is required."]}),
        ("return", {"comment": "   "}, {"comment": ["This field may not be blank."]}),
        ("withdraw", {}, {"reason": ["This field is required."]}),
        ("withdraw", {"reason": ""}, {"reason": ["This field may not be blank."]}),
    ],
)
def test_a_return_needs_a_comment_and_a_withdrawal_a_reason(
    api_client, submitted, reviewer, name, body, errors
):
    api_client.force_login(reviewer)
    resource = f"/api/v1/actions/{submitted.pk}/{name}/"

    response = api_client.post(resource, body, format="json")

    assert response.status_code == 400
    assert response.json() == errors
    assert stored(submitted).version == 1


def test_a_returned_record_carries_the_comment_back_to_its_author(api_client, submitted, reviewer):
    api_client.force_login(reviewer)

    response = step(api_client, submitted, "return", comment="  Give the notification.  ")

    assert response.status_code == 200
    assert response.json()["review_state"] == "returned"
    assert stored(submitted).review_comment == "Give the notification."


def test_a_withdrawn_record_stays_with_its_reason_but_is_no_longer_served(
    api_client, draft, author
):
    api_client.force_login(author)

    response = step(api_client, draft, "withdraw", reason="Entered for the wrong State.")

    assert response.status_code == 200
    record = stored(draft)
    assert (record.withdrawn_at, record.withdrawn_reason) == (TODAY, "Entered for the wrong State.")
    assert record.history.count() == 2
    assert api_client.get(f"/api/v1/actions/{draft.pk}/").status_code == 404
    assert step(api_client, draft, "withdraw").status_code == 404


# --- No lost updates


def test_a_step_on_an_old_version_is_refused_with_409(api_client, submitted, reviewer):
    api_client.force_login(reviewer)
    TreatyAction.objects.filter(pk=submitted.pk).update(version=2)  # someone saved meanwhile

    stale = step(api_client, submitted, "verify", version=1)
    current = step(api_client, submitted, "verify", version=2)

    assert stale.status_code == 409
    assert stale.json() == {
        "version": [
            "This record was changed by someone else since you opened it (version 1, now "
            "newer): reload it, then make your change again."
        ]
    }
    assert current.status_code == 200
    assert current.json()["version"] == 3


def test_without_a_version_the_step_applies_to_what_is_stored(api_client, submitted, reviewer):
    # The record was read (and its text corrected) after this client last saw it: the step
    # must keep that correction, not write back an older copy.
    TreatyAction.objects.filter(pk=submitted.pk).update(text="Corrected.", version=2)
    api_client.force_login(reviewer)

    response = step(api_client, submitted, "verify")

    assert response.status_code == 200
    assert response.json()["text"] == "Corrected."
    assert stored(submitted).text == "Corrected."


# --- The whole flow


def test_a_focal_points_assessment_is_returned_corrected_and_published(
    api_client, personas, obligations, focal_point, reviewer
):
    """Entered as a draft, submitted, returned with a comment, corrected, submitted again,
    verified: only then does the public see it, as the current status."""
    api_client.force_login(focal_point)
    created = api_client.post(
        "/api/v1/assessments/",
        {
            "treaty": "un-cybercrime-convention",
            "obligation": "art-7",
            "participant": "NOR",
            "as_of": "2026-05-01",
            "status": "in_progress",
            "assessed_by": "Ministry of Justice",
        },
        format="json",
    ).json()
    record = ObligationProgress.objects.get(pk=created["id"])
    assert step(api_client, record, "submit", version=1).json()["review_state"] == "submitted"

    api_client.force_login(reviewer)
    returned = step(api_client, record, "return", version=2, comment="Cite the bill.")
    assert returned.json()["review_state"] == "returned"

    api_client.force_login(focal_point)
    corrected = api_client.patch(
        f"/api/v1/assessments/{record.pk}/",
        {"version": 3, "notes": "Bill 12/2026, first reading."},
        format="json",
    )
    assert corrected.status_code == 200
    assert step(api_client, record, "submit", version=4).status_code == 200
    api_client.logout()
    assert api_client.get(f"/api/v1/assessments/{record.pk}/").status_code == 404

    api_client.force_login(reviewer)
    verified = step(api_client, record, "verify", version=5)
    api_client.logout()

    assert verified.status_code == 200
    public = api_client.get(f"/api/v1/assessments/{record.pk}/").json()
    assert (public["review_state"], public["is_current"], public["version"]) == (
        "verified",
        True,
        6,
    )
    assert public["notes"] == "Bill 12/2026, first reading."


def test_withdrawing_the_current_assessment_brings_back_the_previous_one(
    api_client, personas, obligations, reviewer
):
    aligned = ObligationProgress.objects.current().get(
        participant=personas.ratifier, obligation=obligations[0]
    )
    earlier = make_assessment(
        personas.ratifier, obligations[0], "in_progress", as_of=date(2026, 1, 10)
    )
    api_client.force_login(reviewer)

    response = step(api_client, aligned, "withdraw", reason="Wrong law cited.")

    assert response.status_code == 200
    assert stored(earlier).is_current
    assert not stored(aligned).is_current


# --- Documentation


@pytest.fixture
def schema(api_client, db):
    return api_client.get("/api/v1/schema/?format=json").json()


@pytest.mark.parametrize("resource", ["actions", "assessments"])
@pytest.mark.parametrize("name", STEPS)
def test_each_step_is_documented_with_its_body_and_every_answer(schema, resource, name):
    operation = schema["paths"][f"/api/v1/{resource}/{{id}}/{name}/"]["post"]

    assert set(operation["responses"]) == {"200", "400", "401", "403", "404", "409"}
    assert operation["summary"]
    body = operation["requestBody"]["content"]["application/json"]
    assert body["examples"]
    component = schema["components"]["schemas"][body["schema"]["$ref"].rsplit("/", 1)[1]]
    assert "version" in component["properties"]
    required = {"return": ["comment"], "withdraw": ["reason"]}.get(name, [])
    assert component.get("required", []) == required
    record = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert record.endswith("Action" if resource == "actions" else "Assessment")
