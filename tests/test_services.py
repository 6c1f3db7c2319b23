"""The write path: services validate, save, publish, withdraw (keeping the row) and keep each
pair's current assessment in step with its history. "Now" is pinned to 1 June 2026, noon UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from tests.factories import make_action, make_obligation, make_participant, make_treaty, make_user
from treaty import services
from treaty.models import Obligation, ObligationProgress, Participant, TreatyAction

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def _frozen_now(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def treaty(db):
    return make_treaty()


@pytest.fixture
def state(db):
    return make_participant(name="Republic of Testland")


@pytest.fixture
def obligation(treaty):
    return make_obligation(treaty)


@pytest.fixture
def editor(db):
    return make_user("editor")


def record_signature(treaty, state, **kwargs: Any) -> TreatyAction:
    return services.record_treaty_action(
        treaty=treaty,
        participant=state,
        kind="signature",
        date=date(2025, 10, 25),
        source="UNTC XVIII-16 status page",
        **kwargs,
    )


def assess(
    participant: Participant, obligation: Obligation, on: date, status: str = "in_progress", **kw
) -> ObligationProgress:
    kw.setdefault("assessed_by", "Tracker secretariat")
    return services.record_progress(
        participant=participant, obligation=obligation, as_of=on, status=status, **kw
    )


def current_of(participant: Participant, obligation: Obligation) -> ObligationProgress | None:
    return (
        ObligationProgress.objects.current()
        .filter(participant=participant, obligation=obligation)
        .first()
    )


def flags() -> dict[date, bool]:
    """as_of → is_current for every row (one pair per test), read from the database."""
    return dict(ObligationProgress.objects.order_by("as_of").values_list("as_of", "is_current"))


# --- record_treaty_action ---------------------------------------------------------------------


def test_record_treaty_action_saves_a_draft_by_default(treaty, state, editor):
    action = record_signature(treaty, state, by=editor)

    action.refresh_from_db()
    assert action.review_state == "draft"
    assert action.verified_at is None
    assert action.verified_by is None
    assert action.created_by == editor
    assert not TreatyAction.objects.published().exists()
    assert list(TreatyAction.objects.active()) == [action]


def test_record_treaty_action_with_publish_verifies_it_at_once(treaty, state, editor):
    action = record_signature(treaty, state, by=editor, publish=True)

    action.refresh_from_db()
    assert action.review_state == "verified"
    assert action.verified_at == NOW
    assert action.verified_by == editor
    assert list(TreatyAction.objects.published()) == [action]


def test_record_treaty_action_records_an_anonymous_author_as_nobody(treaty, state):
    action = record_signature(treaty, state, by=AnonymousUser(), publish=True)

    action.refresh_from_db()
    assert action.created_by is None
    assert action.verified_by is None
    assert action.verified_at == NOW


def test_record_treaty_action_saves_the_other_fields_given(treaty, state):
    action = services.record_treaty_action(
        treaty=treaty,
        participant=state,
        kind="declaration",
        date=date(2026, 3, 2),
        source="Depositary notification",
        source_url="https://treaties.un.org/doc/CN.12.2026",
        depositary_notification="C.N.12.2026.TREATIES-XVIII.16",
        text="Art. 40(8): the central authority is the Ministry of Justice.",
    )

    stored = TreatyAction.objects.get(pk=action.pk)
    assert stored.depositary_notification == "C.N.12.2026.TREATIES-XVIII.16"
    assert stored.text.startswith("Art. 40(8)")
    assert stored.history.count() == 1


def test_record_treaty_action_validates_before_saving(treaty, state):
    with pytest.raises(ValidationError) as caught:
        services.record_treaty_action(
            treaty=treaty,
            participant=state,
            kind="ratification",
            date=date(2025, 11, 3),
            source="UNTC",
            publish=True,
        )

    assert "a non-signatory joins by accession" in caught.value.message_dict["kind"][0]
    assert not TreatyAction.objects.exists()
    assert not TreatyAction.history.exists()


# --- withdraw_treaty_action -----------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   "])
def test_withdrawing_an_action_needs_a_reason(treaty, state, reason):
    action = record_signature(treaty, state, publish=True)

    with pytest.raises(ValidationError) as caught:
        services.withdraw_treaty_action(action=action, reason=reason)

    assert caught.value.message_dict == {"withdrawn_reason": ["Say why the record is withdrawn."]}
    stored = TreatyAction.objects.get(pk=action.pk)
    assert (stored.withdrawn_at, stored.withdrawn_reason, stored.version) == (None, "", 1)


def test_withdrawing_an_action_keeps_the_row_and_its_history(treaty, state, editor):
    action = record_signature(treaty, state, publish=True)

    services.withdraw_treaty_action(action=action, reason="  Entered twice.  ", by=editor)

    stored = TreatyAction.objects.get(pk=action.pk)
    assert stored.withdrawn_at == NOW
    assert stored.withdrawn_reason == "Entered twice."
    assert stored.version == 2
    assert stored.withdrawn_at is not None
    assert stored.history.count() == 2
    assert not TreatyAction.objects.active().exists()
    assert not TreatyAction.objects.published().exists()


def test_a_withdrawn_signature_no_longer_counts_towards_the_signatories(treaty, state):
    action = record_signature(treaty, state, publish=True)
    assert treaty.status_on(TODAY).signatures == 1

    services.withdraw_treaty_action(action=action, reason="Recorded for the wrong State.")

    assert treaty.status_on(TODAY).signatures == 0


# --- record_progress and the current flag -----------------------------------------------------


def test_record_progress_saves_a_draft_by_default_that_is_not_current(state, obligation, editor):
    assessment = assess(state, obligation, date(2026, 2, 1), by=editor)

    assert assessment.review_state == "draft"
    assert assessment.is_current is False
    assert assessment.created_by == editor
    assert current_of(state, obligation) is None


def test_a_published_assessment_becomes_current(state, obligation, editor):
    assessment = assess(state, obligation, date(2026, 2, 1), publish=True, by=editor)

    assert assessment.is_current is True
    assert assessment.verified_at == NOW
    assert assessment.verified_by == editor
    assert current_of(state, obligation) == assessment


def test_a_later_published_assessment_takes_the_current_flag_and_keeps_the_history(
    state, obligation
):
    earlier = assess(state, obligation, date(2026, 2, 1), publish=True)

    later = assess(
        state, obligation, date(2026, 4, 1), "partial", publish=True, evidence_url="https://x.org"
    )

    assert current_of(state, obligation) == later
    assert flags() == {earlier.as_of: False, later.as_of: True}


def test_a_draft_does_not_change_the_current_status(state, obligation):
    published = assess(state, obligation, date(2026, 2, 1), publish=True)

    draft = assess(state, obligation, date(2026, 4, 1), "not_started")

    assert draft.is_current is False
    assert current_of(state, obligation) == published
    assert flags() == {date(2026, 2, 1): True, date(2026, 4, 1): False}


def test_a_published_assessment_of_an_earlier_day_does_not_take_the_flag(state, obligation):
    later = assess(state, obligation, date(2026, 4, 1), publish=True)

    backfilled = assess(state, obligation, date(2026, 2, 1), "not_started", publish=True)

    assert backfilled.is_current is False
    assert current_of(state, obligation) == later


def test_an_assessment_moves_the_flag_of_its_own_pair_only(treaty, state, obligation):
    other_obligation = make_obligation(treaty)
    other_state = make_participant()
    kept = [
        assess(state, other_obligation, date(2026, 2, 1), publish=True),
        assess(other_state, obligation, date(2026, 2, 1), publish=True),
    ]

    assess(state, obligation, date(2026, 3, 1), publish=True)

    assert set(ObligationProgress.objects.current()) == {
        *kept,
        current_of(state, obligation),
    }
    assert ObligationProgress.objects.current().count() == 3


# --- withdraw_progress -----------------------------------------------------------------------


def test_withdrawing_the_current_assessment_falls_back_to_the_previous_published_one(
    state, obligation
):
    previous = assess(state, obligation, date(2026, 1, 5), publish=True)
    assess(state, obligation, date(2026, 2, 1), "not_started")  # a draft: never current
    latest = assess(state, obligation, date(2026, 3, 1), publish=True)

    withdrawn = services.withdraw_progress(assessment=latest, reason="Wrong obligation.")

    assert withdrawn.is_current is False
    assert withdrawn.withdrawn_reason == "Wrong obligation."
    assert current_of(state, obligation) == previous
    assert ObligationProgress.objects.count() == 3


def test_withdrawing_the_only_assessment_leaves_the_pair_not_assessed(state, obligation):
    only = assess(state, obligation, date(2026, 2, 1), publish=True)

    services.withdraw_progress(assessment=only, reason="Assessed the wrong State.")

    assert current_of(state, obligation) is None
    assert ObligationProgress.objects.get().withdrawn_at == NOW


def test_withdrawing_an_earlier_assessment_keeps_the_current_one(state, obligation):
    earlier = assess(state, obligation, date(2026, 1, 5), publish=True)
    latest = assess(state, obligation, date(2026, 3, 1), publish=True)

    services.withdraw_progress(assessment=earlier, reason="Duplicate.")

    assert current_of(state, obligation) == latest


def test_withdrawing_an_assessment_needs_a_reason(state, obligation):
    assessment = assess(state, obligation, date(2026, 2, 1), publish=True)

    with pytest.raises(ValidationError) as caught:
        services.withdraw_progress(assessment=assessment, reason=" ")

    assert "Say why" in caught.value.message_dict["withdrawn_reason"][0]
    assert current_of(state, obligation) == assessment
    assert ObligationProgress.objects.get().withdrawn_at is None


# --- verify ------------------------------------------------------------------------------------


def test_verify_publishes_a_draft_assessment_and_makes_it_current(state, obligation, editor):
    published = assess(state, obligation, date(2026, 1, 5), publish=True)
    draft = assess(state, obligation, date(2026, 3, 1), "not_started")
    services.submit(record=draft)

    services.verify(record=draft, by=editor)

    stored = ObligationProgress.objects.get(pk=draft.pk)
    assert (stored.review_state, stored.verified_at, stored.verified_by) == (
        "verified",
        NOW,
        editor,
    )
    assert stored.version == 3  # created, submitted, verified
    assert draft.is_current is True
    assert current_of(state, obligation) == draft
    assert ObligationProgress.objects.get(pk=published.pk).is_current is False


def test_verifying_a_draft_of_an_earlier_day_leaves_the_flag_on_the_later_one(state, obligation):
    draft = assess(state, obligation, date(2026, 1, 5), "not_started")
    later = assess(state, obligation, date(2026, 3, 1), publish=True)
    services.submit(record=draft)

    services.verify(record=draft)

    assert draft.is_published
    assert current_of(state, obligation) == later


def test_verify_publishes_a_draft_action(treaty, state, editor):
    draft = record_signature(treaty, state)
    services.submit(record=draft)

    services.verify(record=draft, by=editor)

    assert list(TreatyAction.objects.published()) == [draft]
    assert TreatyAction.objects.get().verified_by == editor


def test_verify_checks_the_rules_again_and_publishes_nothing_they_refuse(treaty, state):
    signature = make_action(treaty, state, "signature", date(2025, 10, 25))
    draft = services.record_treaty_action(
        treaty=treaty, participant=state, kind="ratification", date=date(2025, 11, 3), source="UNTC"
    )
    services.submit(record=draft)
    services.withdraw_treaty_action(action=signature, reason="Recorded for the wrong State.")

    with pytest.raises(ValidationError) as caught:
        services.verify(record=draft)

    assert "has no signature on or before" in caught.value.message_dict["kind"][0]
    assert TreatyAction.objects.get(pk=draft.pk).review_state == "submitted"


# --- rebuild_current_progress ---------------------------------------------------------------


@pytest.fixture
def history(treaty, state, obligation):
    """Two pairs: (state, obligation) with two published rows, a later draft and a later
    withdrawn row; (other, obligation) with one published row."""
    other = make_participant()
    rows = {
        "first": assess(state, obligation, date(2026, 1, 5), publish=True),
        "latest": assess(state, obligation, date(2026, 3, 1), publish=True),
        "draft": assess(state, obligation, date(2026, 4, 1)),
        "withdrawn": assess(state, obligation, date(2026, 5, 1), publish=True),
        "other": assess(other, obligation, date(2026, 2, 1), publish=True),
    }
    services.withdraw_progress(assessment=rows["withdrawn"], reason="Entered twice.")
    return rows


def current_pks() -> set[int]:
    return set(ObligationProgress.objects.current().values_list("pk", flat=True))


def test_rebuild_current_progress_restores_flags_cleared_by_hand(history):
    ObligationProgress.objects.update(is_current=False)

    count = services.rebuild_current_progress()

    assert count == 2
    assert current_pks() == {history["latest"].pk, history["other"].pk}


def test_rebuild_current_progress_moves_a_flag_set_on_the_wrong_row(history):
    ObligationProgress.objects.filter(pk=history["latest"].pk).update(is_current=False)
    ObligationProgress.objects.filter(pk=history["draft"].pk).update(is_current=True)

    assert services.rebuild_current_progress() == 2

    assert current_pks() == {history["latest"].pk, history["other"].pk}


def test_rebuild_current_progress_ignores_a_withdrawn_row_of_the_same_day(state, obligation):
    withdrawn = assess(state, obligation, date(2026, 3, 1), publish=True)
    services.withdraw_progress(assessment=withdrawn, reason="Superseded the same day.")
    redone = assess(state, obligation, date(2026, 3, 1), "not_started", publish=True)
    ObligationProgress.objects.update(is_current=False)

    assert services.rebuild_current_progress() == 1

    assert current_pks() == {redone.pk}


def test_rebuild_current_progress_with_nothing_published_flags_nothing(state, obligation):
    assess(state, obligation, date(2026, 3, 1))

    assert services.rebuild_current_progress() == 0

    assert current_pks() == set()


# --- as_of and at ---------------------------------------------------------------------------


def as_of_pks(on: date) -> set[int]:
    return set(ObligationProgress.objects.latest_on(on).values_list("pk", flat=True))


def test_as_of_gives_the_latest_published_row_of_each_pair_on_or_before_the_day(history):
    assert as_of_pks(date(2026, 2, 28)) == {history["first"].pk, history["other"].pk}
    assert as_of_pks(date(2026, 3, 1)) == {history["latest"].pk, history["other"].pk}


def test_as_of_ignores_drafts_and_withdrawn_rows(history):
    assert as_of_pks(date(2026, 5, 31)) == {history["latest"].pk, history["other"].pk}


def test_as_of_a_day_before_any_assessment_has_no_row(history):
    assert as_of_pks(date(2026, 1, 4)) == set()
    assert as_of_pks(date(2026, 1, 5)) == {history["first"].pk}


def test_at_no_date_or_today_or_later_is_the_current_status(history):
    current = current_pks()
    assert current == {history["latest"].pk, history["other"].pk}

    for at in (None, TODAY, date(2026, 12, 31)):
        assert set(ObligationProgress.objects.at(at).values_list("pk", flat=True)) == current


def test_at_a_past_day_is_the_status_as_of_that_day(history):
    past = ObligationProgress.objects.at(date(2026, 2, 1))

    assert set(past.values_list("pk", flat=True)) == {history["first"].pk, history["other"].pk}


def test_a_published_assessment_is_not_verified_twice(state, obligation):
    earlier = assess(state, obligation, date(2026, 1, 5), publish=True)  # current in memory
    later = assess(state, obligation, date(2026, 3, 1), publish=True)

    with pytest.raises(services.ReviewError, match="Only a submitted record can be verified"):
        services.verify(record=earlier)

    assert current_of(state, obligation) == later
    assert ObligationProgress.objects.get(pk=earlier.pk).version == 1


def test_the_rebuild_command_restores_broken_current_flags(personas):
    from django.core.management import call_command

    from treaty.models import ObligationProgress

    ObligationProgress.objects.update(is_current=False)
    assert call_command("rebuild_current_progress") == "2 current assessments."
    assert ObligationProgress.objects.current().count() == 2
