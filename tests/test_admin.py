"""The Django admin: every page renders, changelists make a fixed number of queries, writes keep
the domain's rules, nothing is deleted, and a staff user without permissions sees nothing."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib import admin
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from tests.factories import (
    make_action,
    make_article,
    make_assessment,
    make_chapter,
    make_domestic_step,
    make_obligation,
    make_participant,
    make_treaty,
    make_user,
)
from treaty import services
from treaty.models import (
    Article,
    Chapter,
    DepositaryCount,
    DomesticStep,
    FocalPoint,
    Law,
    Obligation,
    ObligationProgress,
    OutsideIndicator,
    Participant,
    ParticipantName,
    Provision,
    ProvisionMapping,
    ReviewState,
    Treaty,
    TreatyAction,
)
from treaty.roles import EDITOR, FOCAL_POINT, REVIEWER

_count_days = itertools.count()


def add_count(treaty: Treaty) -> DepositaryCount:
    """A count of the depositary, each on its own day (one per treaty and day)."""
    return DepositaryCount.objects.create(
        treaty=treaty,
        as_of=date(2025, 10, 26) + timedelta(days=next(_count_days)),
        signatures=3,
        parties=0,
        source="UNTC XVIII-16 status page header",
    )


MODELS = [
    Treaty,
    Chapter,
    Article,
    Obligation,
    Participant,
    ParticipantName,
    TreatyAction,
    ObligationProgress,
    FocalPoint,
    DomesticStep,
    DepositaryCount,
]
# Their admin is tested in tests/test_laws_admin.py.
DOMESTIC_LAW_MODELS = [Law, Provision, ProvisionMapping, OutsideIndicator]
WITH_HISTORY = [
    Treaty,
    Obligation,
    Participant,
    TreatyAction,
    ObligationProgress,
    DomesticStep,
    DepositaryCount,
]


def url(model: type, view: str, *args: Any) -> str:
    return reverse(f"admin:treaty_{model._meta.model_name}_{view}", args=args)


def count_queries(client: Any, path: str) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries), response


def form_data(client: Any, path: str) -> dict[str, Any]:
    """What the change form would post back untouched."""
    form = client.get(path).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        data[name] = "" if value is None else value
    return data


def post_action(
    client: Any, model: type, action: str, records: list[Any], *, follow: bool = False
) -> Any:
    """Runs an admin action from the changelist, as its form does."""
    data = {"action": action, "index": 0, "_selected_action": [r.pk for r in records]}
    return client.post(url(model, "changelist"), data, follow=follow)


def confirm_action(client: Any, model: type, action: str, records: list[Any], text: str) -> Any:
    """Answers an action's intermediate page."""
    data = {
        "action": action,
        "post": "yes",
        "text": text,
        "_selected_action": [r.pk for r in records],
    }
    return client.post(url(model, "changelist"), data)


def _client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff(db):
    def make(*roles: str, username: str | None = None) -> Any:
        return make_user(username, groups=roles, is_staff=True)

    return make


# --- Every page renders


def test_every_treaty_model_has_an_admin():
    registered = {m for m in admin.site._registry if m._meta.app_label == "treaty"}
    assert registered == set(MODELS) | set(DOMESTIC_LAW_MODELS)
    # History and revert are visible for the models that keep a history.
    for model in WITH_HISTORY:
        assert isinstance(admin.site._registry[model], SimpleHistoryAdmin)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_the_changelist_add_and_change_pages_render_for_a_superuser(admin_client, personas, model):
    FocalPoint.objects.create(user=make_user(), participant=personas.ratifier)
    ParticipantName.objects.create(participant=personas.signatory, name="French Republic")
    add_count(personas.ratifier.actions.first().treaty)
    obj = model._default_manager.first()
    for path in (url(model, "changelist"), url(model, "add"), url(model, "change", obj.pk)):
        assert admin_client.get(path).status_code == 200, path


@pytest.mark.parametrize("model", WITH_HISTORY, ids=lambda m: m.__name__)
def test_the_history_page_renders_for_a_superuser(admin_client, personas, model):
    add_count(personas.ratifier.actions.first().treaty)
    obj = model._default_manager.first()
    response = admin_client.get(url(model, "history", obj.pk))
    assert response.status_code == 200


def test_the_admin_is_titled_with_the_tracker_name(admin_client, db):
    response = admin_client.get(reverse("admin:index"))
    assert response.context["site_header"] == "Hanoi Convention tracker"
    assert response.context["site_title"] == "Hanoi Convention tracker"


# --- A fixed number of queries per changelist, whatever the number of rows


# One more row of each model; participants get a signature so the stage column has work to do.
ON = date(2026, 2, 1)
ADD_ROW: dict[type, Callable[[Treaty], object]] = {
    Treaty: lambda treaty: make_treaty(),
    Chapter: lambda treaty: make_chapter(treaty),
    Article: lambda treaty: make_article(treaty),
    Obligation: lambda treaty: make_obligation(treaty),
    Participant: lambda treaty: make_action(treaty, make_participant(), "signature", ON),
    TreatyAction: lambda treaty: make_action(treaty, make_participant(), "signature", ON),
    ObligationProgress: lambda treaty: make_assessment(
        make_participant(), make_obligation(treaty), as_of=ON
    ),
    ParticipantName: lambda treaty: ParticipantName.objects.create(
        participant=make_participant(), name="Other name"
    ),
    DepositaryCount: add_count,
    FocalPoint: lambda treaty: FocalPoint.objects.create(
        user=make_user(), participant=make_participant()
    ),
    DomesticStep: lambda treaty: make_domestic_step(treaty, make_participant()),
}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_each_changelist_runs_the_same_number_of_queries_with_one_row_and_with_twenty(
    admin_client, treaty, model
):
    # Queries (superuser, no filter): session, user, then per changelist the filtered count and
    # the total count, one per related-field list filter (treaties) and date hierarchy, the page
    # itself with its joins; the participant list adds the default treaty and its actions (the
    # stage column), the obligation list one prefetch of the articles. None per row.
    def add(n: int) -> None:
        for _ in range(n):
            ADD_ROW[model](treaty)

    path = url(model, "changelist")
    admin_client.get(path)  # warm the per-process caches (content types)
    existing = model._default_manager.count()
    add(1)
    one, response = count_queries(admin_client, path)
    assert len(response.context["cl"].result_list) == existing + 1
    add(19)
    twenty, response = count_queries(admin_client, path)
    assert len(response.context["cl"].result_list) == existing + 20
    assert one == twenty


def test_the_participant_page_runs_the_same_number_of_queries_with_one_record_and_with_twenty(
    admin_client, personas, obligations, treaty
):
    participant = make_participant()
    path = url(Participant, "change", participant.pk)

    def add(n: int, start: int) -> None:
        for i in range(start, start + n):
            on = date(2026, 1, 1) + timedelta(days=i)
            make_action(treaty, participant, "declaration", on, text=f"Declaration {i}")
            make_assessment(participant, obligations[0], as_of=on)
            ParticipantName.objects.create(participant=participant, name=f"Other name {i}")

    admin_client.get(path)
    add(1, 0)
    one, response = count_queries(admin_client, path)
    add(19, 1)
    twenty, response = count_queries(admin_client, path)
    assert one == twenty
    shown = [
        len(inline.formset.initial_forms) for inline in response.context["inline_admin_formsets"]
    ]
    assert shown == [20, 20, 20]  # other names, treaty actions, assessments


# --- The participant list: stage in the default treaty, computed once


def test_the_participant_list_shows_each_participants_stage_in_the_default_treaty(
    admin_client, personas
):
    response = admin_client.get(url(Participant, "changelist"))
    stages = {p.iso3: p.treaty_stage for p in response.context["cl"].result_list}
    # The treaty is not in force (40 instruments needed): Viet Nam's ratification makes it
    # "consented", not yet a party; the EU signed; Norway did nothing.
    assert stages == {"VNM": "consented", "FRA": "signatory", "EUU": "signatory", "NOR": "none"}
    html = response.content.decode()
    assert "Stage in UN Convention against Cybercrime on" in html
    assert '<td class="field-stage">consented</td>' in html
    assert '<td class="field-stage">party</td>' not in html


def test_the_participant_list_counts_draft_actions_but_not_withdrawn_ones(
    admin_client, personas, treaty
):
    make_action(
        treaty,
        personas.signatory,
        "ratification",
        date(2026, 4, 1),
        review_state=ReviewState.DRAFT,
        verified_at=None,
    )
    make_action(
        treaty,
        personas.outsider,
        "accession",
        date(2026, 4, 2),
        withdrawn_at=timezone.now(),
        withdrawn_reason="entered in error",
    )
    response = admin_client.get(url(Participant, "changelist"))
    stages = {p.iso3: p.treaty_stage for p in response.context["cl"].result_list}
    assert stages["FRA"] == "consented"
    assert stages["NOR"] == "none"


def test_the_participant_list_filters_and_sorts_by_stage(admin_client, personas):
    response = admin_client.get(url(Participant, "changelist"), {"stage": "signatory"})
    assert {p.iso3 for p in response.context["cl"].result_list} == {"FRA", "EUU"}
    response = admin_client.get(url(Participant, "changelist"), {"stage": "none"})
    assert {p.iso3 for p in response.context["cl"].result_list} == {"NOR"}
    # Sorted by stage, furthest first (party, then consented, ...).
    column = response.context["cl"].list_display.index("stage")
    response = admin_client.get(url(Participant, "changelist"), {"o": f"-{column}"})
    assert [p.iso3 for p in response.context["cl"].result_list][0] == "VNM"


def test_the_participant_search_finds_a_participant_by_an_other_name(admin_client, personas):
    ParticipantName.objects.create(
        participant=personas.ratifier, name="Socialist Republic of Việt Nam"
    )
    response = admin_client.get(url(Participant, "changelist"), {"q": "socialist republic"})
    assert [p.iso3 for p in response.context["cl"].result_list] == ["VNM"]
    response = admin_client.get(url(Participant, "changelist"), {"q": "Kingdom of Nowhere"})
    assert list(response.context["cl"].result_list) == []


def test_the_participant_page_lists_its_actions_and_assessments(admin_client, personas):
    response = admin_client.get(url(Participant, "change", personas.ratifier.pk))
    html = response.content.decode()
    assert "Ratification" in html
    assert "Illegal access" in html  # an assessed obligation
    assert "Public awareness" not in html  # never assessed


def test_other_names_are_edited_on_the_participant_page(admin_client, personas):
    path = url(Participant, "change", personas.outsider.pk)
    response = admin_client.get(path)
    adminform = response.context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in adminform.initial.items()}
    data["members"] = []
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name, field in management.fields.items():
            data[f"{management.prefix}-{name}"] = management.initial.get(name, field.initial)
    name_prefix = response.context["inline_admin_formsets"][0].formset.prefix
    data[f"{name_prefix}-0-name"] = "Kingdom of Norway"
    data[f"{name_prefix}-0-note"] = "long form"
    data["_save"] = "Save"
    response = admin_client.post(path, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert personas.outsider.other_names.get().normalized == "kingdom of norway"


# --- Writes keep the domain's rules


def _action_form(treaty: Treaty, participant: Participant, **fields: Any) -> dict[str, Any]:
    return {
        "treaty": treaty.pk,
        "participant": participant.pk,
        "kind": "signature",
        "date": "2026-01-10",
        "source": "UNTC XVIII-16 status page",
        "source_kind": "depositary",  # the admin asks for each source's kind
        "source_url": "",
        "depositary_notification": "",
        "text": "",
        "effective_on": "",
        "relates_to": "",
        **fields,
    }


def test_a_signature_outside_the_signature_window_shows_the_models_error_and_saves_nothing(
    admin_client, personas, treaty
):
    before = TreatyAction.objects.count()
    response = admin_client.post(
        url(TreatyAction, "add"), _action_form(treaty, personas.outsider, date="2025-01-15")
    )
    assert response.status_code == 200
    assert "is outside that window. After it closes a State joins by accession." in (
        response.content.decode()
    )
    assert TreatyAction.objects.count() == before


def test_a_record_added_in_the_admin_names_its_creator_and_starts_as_a_draft(
    admin_client, personas, treaty
):
    response = admin_client.post(url(TreatyAction, "add"), _action_form(treaty, personas.outsider))
    assert response.status_code == 302
    action = TreatyAction.objects.get(participant=personas.outsider)
    assert action.created_by.username == "admin"
    assert action.review_state == ReviewState.DRAFT
    assert action.version == 1


def test_an_editor_publishes_a_depositary_action_at_once_when_they_ask_to(staff, personas, treaty):
    editor = staff(EDITOR)
    client = _client_for(editor)
    assert "publish" in client.get(url(TreatyAction, "add")).context["adminform"].form.fields
    form = _action_form(treaty, personas.outsider, publish="on")
    assert client.post(url(TreatyAction, "add"), form).status_code == 302
    action = TreatyAction.objects.get(participant=personas.outsider)
    assert action.review_state == ReviewState.VERIFIED
    assert action.verified_by == editor
    assert action.verified_at is not None


def test_a_focal_point_cannot_publish_an_action_as_they_enter_it(staff, personas, treaty):
    focal = staff(FOCAL_POINT)
    FocalPoint.objects.create(user=focal, participant=personas.outsider)
    client = _client_for(focal)
    response = client.get(url(TreatyAction, "add"))
    assert 'name="publish"' not in response.content.decode()
    form = _action_form(treaty, personas.outsider, publish="on")
    assert client.post(url(TreatyAction, "add"), form).status_code == 302
    assert TreatyAction.objects.get(participant=personas.outsider).review_state == (
        ReviewState.DRAFT
    )


def test_saving_a_change_raises_the_version_by_one(admin_client, personas):
    action = TreatyAction.objects.get(participant=personas.signatory)
    path = url(TreatyAction, "change", action.pk)
    data = form_data(admin_client, path)
    data["depositary_notification"] = "C.N.99.2025.TREATIES-XVIII.16"
    assert admin_client.post(path, data).status_code == 302
    action.refresh_from_db()
    assert action.depositary_notification == "C.N.99.2025.TREATIES-XVIII.16"
    assert action.version == 2


def test_saving_an_assessment_through_the_admin_moves_the_current_flag(
    admin_client, personas, obligations
):
    earlier = ObligationProgress.objects.get(
        participant=personas.ratifier, obligation=obligations[0]
    )
    later = make_assessment(personas.ratifier, obligations[0], "partial", as_of=date(2026, 6, 1))
    earlier.refresh_from_db()
    assert (earlier.is_current, later.is_current) == (False, True)

    # The editor finds the first assessment was misdated: it describes September.
    path = url(ObligationProgress, "change", earlier.pk)
    data = form_data(admin_client, path)
    data["as_of"] = "2026-09-01"
    assert admin_client.post(path, data).status_code == 302

    # A published assessment whose content changes goes back to review (trust issue, item 2):
    # the later one stays current until another reviewer verifies the correction.
    earlier.refresh_from_db()
    later.refresh_from_db()
    assert (earlier.review_state, earlier.is_current, later.is_current) == (
        ReviewState.SUBMITTED,
        False,
        True,
    )
    assert earlier.version == 2
    services.verify(record=earlier, by=make_user("second-reviewer"))
    earlier.refresh_from_db()
    later.refresh_from_db()
    assert (earlier.is_current, later.is_current) == (True, False)


def test_moving_an_assessment_to_another_obligation_updates_both_current_flags(
    admin_client, personas, obligations
):
    moved = ObligationProgress.objects.get(participant=personas.ratifier, obligation=obligations[1])
    path = url(ObligationProgress, "change", moved.pk)
    data = form_data(admin_client, path)
    data["obligation"] = obligations[2].pk
    assert admin_client.post(path, data).status_code == 302
    # The moved assessment goes back to review: its old pair has no current one left, its
    # new pair gets it once another reviewer verifies it.
    current = ObligationProgress.objects.current().filter(participant=personas.ratifier)
    assert {a.obligation_id for a in current} == {obligations[0].pk}
    moved.refresh_from_db()
    services.verify(record=moved, by=make_user("second-reviewer"))
    current = ObligationProgress.objects.current().filter(participant=personas.ratifier)
    assert {a.obligation_id for a in current} == {obligations[0].pk, obligations[2].pk}


# --- Review and withdrawal: nothing is deleted


@pytest.mark.parametrize("model", [TreatyAction, ObligationProgress], ids=lambda m: m.__name__)
def test_actions_and_assessments_offer_no_delete_action_or_page(admin_client, personas, model):
    response = admin_client.get(url(model, "changelist"))
    actions = dict(response.context["action_form"].fields["action"].choices)
    assert "delete_selected" not in actions
    assert {"verify_selected", "withdraw_selected"} <= set(actions)
    obj = model._default_manager.first()
    change_page = admin_client.get(url(model, "change", obj.pk))
    actions = dict(change_page.context["action_form"].fields["action"].choices)
    assert "delete_selected" not in actions
    assert "withdraw_selected" in actions
    assert admin_client.get(url(model, "delete", obj.pk)).status_code == 403
    assert admin_client.post(url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert model._default_manager.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("model", [Treaty, Chapter, Article, Obligation, Participant])
def test_the_treaty_structure_and_participants_cannot_be_deleted(admin_client, personas, model):
    obj = model._default_manager.first()
    assert admin_client.get(url(model, "delete", obj.pk)).status_code == 403


@pytest.mark.parametrize("model", [TreatyAction, ObligationProgress], ids=lambda m: m.__name__)
def test_the_withdraw_action_requires_a_reason_and_keeps_the_row(admin_client, personas, model):
    record = model._default_manager.filter(participant=personas.ratifier).first()

    response = post_action(admin_client, model, "withdraw_selected", [record])
    assert response.status_code == 200
    assert response.templates[0].name == "admin/treaty/explain_action.html"
    assert str(record) in response.content.decode()

    response = confirm_action(admin_client, model, "withdraw_selected", [record], text="   ")
    assert response.status_code == 200
    assert response.context["form"].errors == {"text": ["This field is required."]}
    record.refresh_from_db()
    assert record.withdrawn_at is None

    response = confirm_action(
        admin_client, model, "withdraw_selected", [record], text="Entered twice."
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.withdrawn_at is not None
    assert record.withdrawn_reason == "Entered twice."
    assert record.version == 2
    if model is ObligationProgress:
        assert not record.is_current


def test_a_withdrawal_started_from_a_records_page_is_answered_on_the_changelist(
    admin_client, personas
):
    action = TreatyAction.objects.get(participant=personas.signatory)
    path = url(TreatyAction, "change", action.pk)
    response = admin_client.post(
        path, {"CHANGE_FORM-action": "withdraw_selected", "_selected_action": [action.pk]}
    )
    assert response.status_code == 200
    assert response.context["post_url"] == url(TreatyAction, "changelist")


def test_withdrawn_records_stay_listed_and_can_be_filtered(admin_client, personas):
    action = TreatyAction.objects.get(participant=personas.signatory)
    confirm_action(admin_client, TreatyAction, "withdraw_selected", [action], text="Duplicate.")
    path = url(TreatyAction, "changelist")
    listed = admin_client.get(path).context["cl"].result_list
    assert action in listed
    assert list(admin_client.get(path, {"withdrawn": "yes"}).context["cl"].result_list) == [action]
    assert action not in admin_client.get(path, {"withdrawn": "no"}).context["cl"].result_list


def test_verify_publishes_what_someone_else_entered_and_refuses_ones_own(staff, personas, treaty):
    reviewer = staff(REVIEWER)
    theirs = make_action(
        treaty,
        personas.outsider,
        "signature",
        date(2026, 1, 10),
        review_state=ReviewState.SUBMITTED,
        verified_at=None,
    )
    own = make_assessment(
        personas.signatory,
        Obligation.objects.first(),
        publish=False,
        by=reviewer,
    )
    services.submit(record=own, by=reviewer)
    client = _client_for(reviewer)
    response = post_action(client, TreatyAction, "verify_selected", [theirs])
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.review_state == ReviewState.VERIFIED
    assert theirs.verified_by == reviewer

    response = post_action(client, ObligationProgress, "verify_selected", [own], follow=True)
    own.refresh_from_db()
    assert own.review_state == ReviewState.SUBMITTED
    messages = [str(m) for m in response.context["messages"]]
    assert any("another reviewer must verify it" in m for m in messages)


def test_verifying_an_assessment_moves_the_current_flag(staff, personas, obligations):
    draft = make_assessment(
        personas.ratifier, obligations[0], "partial", as_of=date(2026, 6, 1), publish=False
    )
    services.submit(record=draft)
    response = post_action(
        _client_for(staff(REVIEWER)), ObligationProgress, "verify_selected", [draft]
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_current
    assert (
        ObligationProgress.objects.current()
        .filter(participant=personas.ratifier, obligation=obligations[0])
        .get()
        == draft
    )


def test_returning_a_record_for_correction_requires_a_comment(staff, personas, treaty):
    submitted = make_action(
        treaty,
        personas.outsider,
        "signature",
        date(2026, 1, 10),
        review_state=ReviewState.SUBMITTED,
        verified_at=None,
    )
    client = _client_for(staff(REVIEWER))
    response = confirm_action(client, TreatyAction, "return_selected", [submitted], text="")
    assert response.status_code == 200
    submitted.refresh_from_db()
    assert submitted.review_state == ReviewState.SUBMITTED
    response = confirm_action(
        client, TreatyAction, "return_selected", [submitted], text="Give the notification."
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.review_state == ReviewState.RETURNED
    assert submitted.review_comment == "Give the notification."


# --- Who sees what


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_a_staff_user_without_permissions_is_refused_every_changelist(staff, personas, model):
    client = _client_for(staff())
    assert client.get(url(model, "changelist")).status_code == 403


def test_a_staff_user_without_permissions_sees_no_treaty_model_on_the_index(staff, personas):
    response = _client_for(staff()).get(reverse("admin:index"))
    assert response.status_code == 200
    assert response.context["app_list"] == []


def test_a_focal_point_changes_its_own_participants_records_only(staff, personas, treaty):
    focal = staff(FOCAL_POINT)
    FocalPoint.objects.create(user=focal, participant=personas.ratifier)
    client = _client_for(focal)
    own = make_action(
        treaty,
        personas.ratifier,
        "declaration",
        date(2026, 3, 2),
        review_state=ReviewState.DRAFT,
        verified_at=None,
    )
    published_own = TreatyAction.objects.get(participant=personas.ratifier, kind="signature")
    other = TreatyAction.objects.get(participant=personas.signatory)

    assert client.get(url(TreatyAction, "change", own.pk)).context["has_change_permission"]
    # A verified record is corrected by someone who may publish, not by the focal point.
    response = client.get(url(TreatyAction, "change", published_own.pk))
    assert not response.context["has_change_permission"]
    response = client.get(url(TreatyAction, "change", other.pk))
    assert response.status_code == 200  # it may read it
    assert not response.context["has_change_permission"]
    assert client.post(url(TreatyAction, "change", other.pk), {}).status_code == 403

    confirm_action(
        client, TreatyAction, "withdraw_selected", [own, other, published_own], text="Test."
    )
    for record in (own, other, published_own):
        record.refresh_from_db()
    assert own.withdrawn_at is not None
    assert other.withdrawn_at is None
    assert published_own.withdrawn_at is None


def test_the_participant_search_finds_a_former_name_by_its_pattern(admin_client, personas):
    Participant.objects.filter(pk=personas.outsider.pk).update(name_pattern=r"norw|noreg")
    response = admin_client.get(url(Participant, "changelist"), {"q": "Noreg"})
    assert [(p.iso3, p.treaty_stage) for p in response.context["cl"].result_list] == [
        ("NOR", "none")
    ]


def _autocomplete(client: Client, model: type, term: str) -> list[str]:
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "treaty",
            "model_name": model._meta.model_name,
            "field_name": "participant",
            "term": term,
        },
    )
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


def test_the_participant_box_finds_a_participant_by_an_other_name(admin_client, personas):
    ParticipantName.objects.create(participant=personas.ratifier, name="Vietnam")
    assert _autocomplete(admin_client, TreatyAction, "vietnam") == ["Viet Nam"]


def test_the_participant_box_offers_a_focal_point_its_own_participants_only(staff, personas):
    focal = staff(FOCAL_POINT)
    FocalPoint.objects.create(user=focal, participant=personas.ratifier)
    client = _client_for(focal)
    assert _autocomplete(client, ObligationProgress, "") == ["Viet Nam"]
    assert _autocomplete(_client_for(staff(EDITOR)), ObligationProgress, "") == [
        "European Union",
        "France",
        "Norway",
        "Viet Nam",
    ]


def test_reverting_from_the_history_restores_the_content_and_moves_the_version_forward(
    admin_client, personas
):
    action = TreatyAction.objects.get(participant=personas.signatory)
    first = action.history.earliest()
    path = url(TreatyAction, "change", action.pk)
    for notification in ("C.N.1.2025.TREATIES-XVIII.16", "C.N.2.2025.TREATIES-XVIII.16"):
        data = form_data(admin_client, path)
        data["depositary_notification"] = notification
        assert admin_client.post(path, data).status_code == 302

    confirm_action(admin_client, TreatyAction, "withdraw_selected", [action], text="Duplicate.")

    revert = reverse("admin:treaty_treatyaction_simple_history", args=[action.pk, first.pk])
    assert admin_client.post(revert, form_data(admin_client, revert)).status_code == 302
    action.refresh_from_db()
    assert action.depositary_notification == ""
    assert action.version == 5  # 1, two edits, the withdrawal, the revert: never back to 1
    # The content is restored; the withdrawal (a review step) is not undone by a revert.
    assert action.withdrawn_at is not None


def test_the_participant_page_links_to_its_filtered_records(admin_client, personas):
    response = admin_client.get(url(Participant, "change", personas.ratifier.pk))
    link = f"{url(TreatyAction, 'changelist')}?participant__id__exact={personas.ratifier.pk}"
    assert link in response.content.decode()
    response = admin_client.get(link)
    assert response.status_code == 200
    assert {a.participant for a in response.context["cl"].result_list} == {personas.ratifier}


# --- No lost updates (issue 5)


def test_a_second_editor_saving_an_older_version_gets_an_error_and_loses_nothing(
    staff, personas, treaty
):
    """Two editors open the same record; the first saves; the second's save is refused with
    a message, and the first one's change stands."""
    record = make_action(treaty, personas.outsider, "signature", date(2025, 10, 25))
    path = url(TreatyAction, "change", record.pk)
    first, second = _client_for(staff(EDITOR)), _client_for(staff(EDITOR))
    first_form, second_form = form_data(first, path), form_data(second, path)
    assert first_form["loaded_version"] == second_form["loaded_version"] == 1

    assert first.post(path, {**first_form, "source": "First editor's source"}).status_code == 302
    response = second.post(path, {**second_form, "source": "Second editor's source"})

    assert response.status_code == 200
    assert "Someone else saved this record since you opened it" in response.content.decode()
    record.refresh_from_db()
    assert (record.source, record.version) == ("First editor's source", 2)
