"""One write path (issue 13): the version check, the review state an edit keeps, an assessment's
current flag and "never verify your own entry" live in ``services`` and ``permissions``, which
the admin, the API and the importers call."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction

from tests.factories import make_assessment, make_user
from treaty import permissions, services
from treaty.models import ObligationProgress, ReviewState
from treaty.roles import EDITOR, REVIEWER

pytestmark = pytest.mark.django_db


def test_check_version_refuses_a_record_saved_since_it_was_opened(personas, obligations):
    assessment = make_assessment(personas.signatory, obligations[0], "in_progress")
    opened = assessment.version
    ObligationProgress.objects.filter(pk=assessment.pk).update(version=opened + 1)

    with pytest.raises(services.StaleRecord) as refused, transaction.atomic():
        services.check_version(record=assessment, expected_version=opened)

    assert (refused.value.expected, refused.value.stored) == (opened, opened + 1)
    with transaction.atomic():
        services.check_version(record=assessment, expected_version=opened + 1)


def test_an_edit_keeps_the_stored_review_state_whatever_the_instance_carries(personas, obligations):
    draft = make_assessment(personas.signatory, obligations[0], "in_progress", publish=False)
    # An old version (a revert from the history) or a tampered form: published in memory.
    draft.review_state = ReviewState.VERIFIED
    draft.notes = "Checked against the gazette."

    saved = services.save_edited(record=draft, expected_version=draft.version, by=None)

    saved.refresh_from_db()
    assert saved.review_state == ReviewState.DRAFT
    assert saved.notes == "Checked against the gazette."


def test_moving_an_assessment_to_another_obligation_gives_the_pair_it_left_its_current_one(
    personas, obligations
):
    earlier = make_assessment(
        personas.signatory, obligations[0], "in_progress", as_of=date(2026, 1, 1)
    )
    moved = make_assessment(personas.signatory, obligations[0], "not_started")
    assert not ObligationProgress.objects.get(pk=earlier.pk).is_current

    moved.obligation = obligations[1]
    services.save_edited(record=moved, expected_version=moved.version, by=make_user())

    # The moved assessment's content changed: back to review, so not current anywhere; the
    # pair it left falls back to its earlier assessment.
    current = ObligationProgress.objects.current().filter(participant=personas.signatory)
    assert {(a.obligation_id, a.pk) for a in current} == {(obligations[0].pk, earlier.pk)}


def test_nobody_verifies_their_own_entry_and_the_service_gives_the_permissions_reason(
    personas, obligations
):
    reviewer = make_user(groups=(REVIEWER,))
    entered = services.record_progress(
        participant=personas.signatory,
        obligation=obligations[0],
        as_of=date(2026, 1, 15),
        status="in_progress",
        assessed_by="Secretariat",
        by=reviewer,
    )
    services.submit(record=entered, by=reviewer)

    assert not permissions.can_verify(reviewer, entered)
    with pytest.raises(services.ReviewError) as refused:
        services.verify(record=entered, by=reviewer)
    assert refused.value.messages == [permissions.own_entry(reviewer, entered)]
    assert permissions.can_verify(make_user(groups=(REVIEWER,)), entered)


def test_a_published_record_is_changed_only_by_someone_who_may_publish_it(personas, obligations):
    published = make_assessment(personas.signatory, obligations[0], "in_progress")
    draft = make_assessment(personas.signatory, obligations[1], "in_progress", publish=False)
    editor, reviewer = make_user(groups=(EDITOR,)), make_user(groups=(REVIEWER,))

    assert not permissions.may_change_in_state(editor, published)
    assert permissions.may_change_in_state(editor, draft)
    assert permissions.may_change_in_state(reviewer, published)
    assert permissions.changeable_records(editor, [published, draft]) == [draft]


def test_withdraw_record_withdraws_every_kind_of_record(personas, obligations, treaty):
    assessment = make_assessment(personas.ratifier, obligations[0], "aligned")
    action = treaty.actions.get(participant=personas.signatory)

    services.withdraw_record(record=assessment, reason="Entered twice.")
    services.withdraw_record(record=action, reason="Wrong State.")

    assert not ObligationProgress.objects.current().filter(pk=assessment.pk).exists()
    assert treaty.status_on(date(2026, 11, 1)).stage_of("FRA").value == "none"
