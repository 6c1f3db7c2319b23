"""Roles, the review flow, and no lost updates (issue 5)."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection

from tests.factories import make_action, make_participant, make_user
from treaty import permissions, services
from treaty.models import FocalPoint, ObligationProgress, ReviewState, TreatyAction
from treaty.roles import ADMINISTRATOR, EDITOR, FOCAL_POINT, REVIEWER


@pytest.fixture
def people(personas):
    """One user per role, plus a focal point for Viet Nam only and a user with no role."""
    editor = make_user("editor", groups=(EDITOR,))
    reviewer = make_user("reviewer", groups=(REVIEWER,))
    second_reviewer = make_user("reviewer2", groups=(REVIEWER,))
    focal = make_user("focal-vn", groups=(FOCAL_POINT,))
    FocalPoint.objects.create(user=focal, participant=personas.ratifier)
    nobody = make_user("nobody")
    return {
        "editor": editor,
        "reviewer": reviewer,
        "reviewer2": second_reviewer,
        "focal": focal,
        "nobody": nobody,
    }


@pytest.mark.django_db
def test_the_migration_creates_every_role_with_its_permissions():
    groups = {g.name: g for g in Group.objects.prefetch_related("permissions")}
    assert set(groups) >= {ADMINISTRATOR, EDITOR, FOCAL_POINT, REVIEWER}
    perms = {name: {p.codename for p in g.permissions.all()} for name, g in groups.items()}
    assert "verify_obligationprogress" in perms[REVIEWER]
    assert "verify_obligationprogress" not in perms[EDITOR]
    assert "verify_treatyaction" in perms[EDITOR]
    assert "edit_any_participant" not in perms[FOCAL_POINT]
    assert "delete_treatyaction" not in perms[EDITOR] | perms[REVIEWER] | perms[FOCAL_POINT]


@pytest.mark.django_db
def test_setup_roles_restores_a_tampered_group():
    Group.objects.get(name=FOCAL_POINT).permissions.clear()
    assert call_command("setup_roles") == (
        "Roles set: Administrator, Editor, Focal point, Reviewer."
    )
    assert Group.objects.get(name=FOCAL_POINT).permissions.filter(codename="add_obligationprogress")


def test_a_focal_point_may_edit_only_their_participants(people, personas):
    focal = people["focal"]
    assert list(permissions.editable_participants(focal)) == [personas.ratifier]
    assert permissions.can_edit_participant(focal, personas.ratifier)
    assert not permissions.can_edit_participant(focal, personas.signatory)
    assert permissions.can_edit_participant(people["editor"], personas.signatory)
    assert not permissions.editable_participants(people["nobody"]).exists()


def test_editors_publish_depositary_actions_at_once_but_never_assessments(people):
    editor, focal = people["editor"], people["focal"]
    assert permissions.can_publish_directly(editor, TreatyAction)
    assert not permissions.can_publish_directly(editor, ObligationProgress)
    assert not permissions.can_publish_directly(focal, TreatyAction)


def test_a_submitted_assessment_is_published_by_another_reviewer(people, personas, obligations):
    focal, reviewer = people["focal"], people["reviewer"]
    draft = services.record_progress(
        participant=personas.ratifier,
        obligation=obligations[2],
        as_of=date(2026, 5, 1),
        status="in_progress",
        assessed_by="Focal point, Ministry of Public Security",
        by=focal,
    )
    assert draft.review_state == ReviewState.DRAFT
    services.submit(record=draft, by=focal)
    assert not ObligationProgress.objects.published().filter(pk=draft.pk).exists()
    assert permissions.can_verify(reviewer, draft)
    services.verify(record=draft, by=reviewer)
    draft.refresh_from_db()
    assert (draft.review_state, draft.verified_by, draft.is_current) == (
        ReviewState.VERIFIED,
        reviewer,
        True,
    )


def test_a_reviewer_cannot_verify_their_own_entry(people, personas, obligations):
    reviewer = people["reviewer"]
    own = services.record_progress(
        participant=personas.ratifier,
        obligation=obligations[2],
        as_of=date(2026, 5, 1),
        status="in_progress",
        assessed_by="Reviewer",
        by=reviewer,
    )
    services.submit(record=own, by=reviewer)
    assert not permissions.can_verify(reviewer, own)
    with pytest.raises(services.ReviewError, match="another reviewer must verify it"):
        services.verify(record=own, by=reviewer)
    assert permissions.can_verify(people["reviewer2"], own)


def test_a_returned_entry_carries_the_comment_and_goes_back_to_review(people, personas):
    action = services.record_treaty_action(
        treaty=personas.ratifier.actions.first().treaty,
        participant=personas.signatory,
        kind="declaration",
        date=date(2026, 1, 10),
        source="Note verbale of 10 January 2026",
        by=people["editor"],
    )
    services.submit(record=action, by=people["editor"])
    with pytest.raises(services.ReviewError, match="comment is required"):
        services.return_for_correction(record=action, comment=" ", by=people["reviewer"])
    services.return_for_correction(
        record=action, comment="Add the C.N. reference.", by=people["reviewer"]
    )
    action.refresh_from_db()
    assert (action.review_state, action.review_comment) == (
        ReviewState.RETURNED,
        "Add the C.N. reference.",
    )
    services.submit(record=action, by=people["editor"])
    with pytest.raises(services.ReviewError, match="Only a draft or a returned record"):
        services.submit(record=action, by=people["editor"])


def test_a_stale_edit_is_refused_and_the_first_one_kept(people, personas, treaty):
    action = make_action(treaty, personas.outsider, "signature", date(2025, 10, 25))
    first = TreatyAction.objects.get(pk=action.pk)
    second = TreatyAction.objects.get(pk=action.pk)
    first.source = "UNTC status page, corrected"
    services.save_edited(record=first, expected_version=1, by=people["editor"])
    second.source = "An older copy"
    with pytest.raises(services.StaleRecord, match="reload it"):
        services.save_edited(record=second, expected_version=1, by=people["editor"])
    action.refresh_from_db()
    assert (action.source, action.version) == ("UNTC status page, corrected", 2)


@pytest.mark.django_db(transaction=True)
def test_two_editors_saving_at_the_same_moment_never_both_win():
    """Two threads, two connections, the same version: exactly one save lands."""
    from tests.factories import make_treaty

    treaty = make_treaty()
    state = make_participant()
    action = make_action(treaty, state, "signature", date(2025, 10, 25))
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def edit(text: str) -> None:
        try:
            record = TreatyAction.objects.get(pk=action.pk)
            record.source = text
            barrier.wait(timeout=10)
            services.save_edited(record=record, expected_version=1)
            outcomes.append("saved")
        except services.StaleRecord:
            outcomes.append("stale")
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(f"edit {n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["saved", "stale"]
    action.refresh_from_db()
    assert action.version == 2
    assert action.source in {"edit 1", "edit 2"}
