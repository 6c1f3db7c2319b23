"""The review and permission holes of the "trust" issue, one test per hole the outside probe
found: the importers bypassing review (item 1), four eyes bypassed by an edit (item 2), lost
updates through the importer (item 3), misleading instrument messages (item 10), and focal
points reading every draft (item 12)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import make_action, make_user
from treaty import services
from treaty.models import FocalPoint, ObligationProgress, ReviewState, TreatyAction
from treaty.roles import ADMINISTRATOR, EDITOR, FOCAL_POINT, REVIEWER

pytestmark = pytest.mark.usefixtures("api_today")

IMPORT_ASSESSMENTS = "admin:treaty_obligationprogress_import"
IMPORT_TABLE = "admin:treaty_treatyaction_import"
HEADER = "participant,obligation,status,as_of,assessed_by,evidence_title,evidence_url\n"
# Viet Nam's published assessment of art-7 (personas), rewritten: same participant,
# obligation and day, another status and evidence.
OVERWRITE = "VNM,art-7,in_progress,2026-02-01,Ministry,Draft law,https://example.org/draft\n"
NEW_ROW = "VNM,art-25,aligned,2026-05-01,Ministry,Law 24/2025,https://example.org/law\n"
TABLE_HEADER = (
    "Participant\tSignature\tRatification, Acceptance(A), Approval(AA), Accession(a), "
    "Succession(d)\n"
)


def staff(*groups: str, name: str | None = None) -> Any:
    return make_user(name, groups=groups, is_staff=True)


def admin_client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api(user: Any = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def upload(client: Client, name: str, content: str, **fields: Any) -> Any:
    filename = "table.tsv" if name == IMPORT_TABLE else "a.csv"
    return client.post(
        reverse(name), {"file": SimpleUploadedFile(filename, content.encode()), **fields}
    )


def confirm(client: Client, name: str, response: Any) -> Any:
    return client.post(reverse(name), {"confirm": "1", "token": response.context["token"]})


def published_art7(personas: Any) -> ObligationProgress:
    return ObligationProgress.objects.get(
        participant=personas.ratifier, obligation__code="art-7", as_of=date(2026, 2, 1)
    )


def public_assessment_ids() -> set[int]:
    rows = api().get("/api/v1/assessments/?participant=VNM").json()["results"]
    return {row["id"] for row in rows}


def focal_point_of(participant: Any, name: str = "focal") -> Any:
    user = staff(FOCAL_POINT, name=name)
    FocalPoint.objects.create(user=user, participant=participant)
    return user


# --- Item 1: the importers go through the same rules as the API ------------------------------


def test_a_focal_point_cannot_overwrite_a_published_assessment_through_the_admin_import(
    personas, treaty
):
    record = published_art7(personas)
    client = admin_client(focal_point_of(personas.ratifier))

    response = upload(client, IMPORT_ASSESSMENTS, HEADER + OVERWRITE, treaty=treaty.pk)

    page = response.content.decode()
    assert "line 2: the assessment of VNM art-7 2026-02-01 is published: only someone who " in page
    assert response.context["token"] == ""
    after = published_art7(personas)
    assert (after.status, after.review_state, after.version) == ("aligned", "verified", 1)
    assert record.pk in public_assessment_ids()


def test_the_import_command_applies_the_same_rule_to_the_user_it_runs_as(
    personas, treaty, tmp_path
):
    focal_point_of(personas.ratifier, name="focal-vnm")
    path = tmp_path / "a.csv"
    path.write_text(HEADER + OVERWRITE)
    args = ["import_assessments", str(path), "--treaty", treaty.slug, "--apply"]

    errors = io.StringIO()
    with pytest.raises(CommandError, match="Nothing written: 1 problem"):
        call_command(*args, "--user", "focal-vnm", stderr=errors)

    assert "is published: only someone who may publish corrects it" in errors.getvalue()
    assert published_art7(personas).review_state == "verified"
    with pytest.raises(CommandError, match="No active user 'nobody'"):
        call_command(*args, "--user", "nobody")


def test_an_editor_who_may_not_publish_assessments_cannot_correct_a_published_one_by_import(
    personas, treaty
):
    client = admin_client(staff(EDITOR))

    response = upload(client, IMPORT_ASSESSMENTS, HEADER + OVERWRITE, treaty=treaty.pk)

    assert "is published: only someone who may publish corrects it" in response.content.decode()
    assert published_art7(personas).version == 1


def test_an_administrators_import_correction_goes_back_to_review_and_is_not_theirs_to_verify(
    personas, treaty
):
    administrator = staff(ADMINISTRATOR)
    client = admin_client(administrator)
    response = upload(client, IMPORT_ASSESSMENTS, HEADER + OVERWRITE, treaty=treaty.pk)
    assert confirm(client, IMPORT_ASSESSMENTS, response).status_code == 302

    record = published_art7(personas)
    assert (record.status, record.review_state, record.content_by) == (
        "in_progress",
        ReviewState.SUBMITTED,
        administrator,
    )
    assert record.pk not in public_assessment_ids()
    # The administrator may verify in general, but not what they just wrote.
    own = api(administrator).post(f"/api/v1/assessments/{record.pk}/verify/", {}, format="json")
    assert own.status_code == 403
    assert own.json() == {
        "detail": "You changed this record's content: another reviewer must verify it."
    }
    other = api(staff(REVIEWER)).post(f"/api/v1/assessments/{record.pk}/verify/", {})
    assert other.status_code == 200
    assert record.pk in public_assessment_ids()


def test_the_operators_import_correction_of_a_published_assessment_goes_back_to_review(
    personas, treaty, tmp_path
):
    path = tmp_path / "a.csv"
    path.write_text(HEADER + OVERWRITE)

    call_command("import_assessments", str(path), "--treaty", treaty.slug, "--apply")

    assert published_art7(personas).review_state == ReviewState.SUBMITTED


def test_an_editor_correcting_a_depositary_action_by_import_keeps_it_published(personas, treaty):
    editor = staff(EDITOR)
    client = admin_client(editor)
    table = TABLE_HEADER + "Viet Nam\t26 Oct 2025\t2 Mar 2026\n"
    response = upload(client, IMPORT_TABLE, table, treaty=treaty.pk, source="UNTC, 1 June 2026")
    assert confirm(client, IMPORT_TABLE, response).status_code == 302

    signature = TreatyAction.objects.get(participant=personas.ratifier, kind="signature")
    assert (signature.date, signature.review_state, signature.verified_by) == (
        date(2025, 10, 26),
        ReviewState.VERIFIED,
        editor,
    )


# --- Item 2: whoever changed the content counts as its author --------------------------------


@pytest.fixture
def submitted_assessment(personas, obligations):
    """Norway's focal point's assessment, submitted for review."""
    author = focal_point_of(personas.outsider, name="focal-nor")
    record = services.record_progress(
        participant=personas.outsider,
        obligation=obligations[0],
        as_of=date(2026, 5, 1),
        status="in_progress",
        assessed_by="Ministry of Justice",
        by=author,
    )
    return services.submit(record=record, by=author)


def test_a_reviewer_who_changed_a_submitted_assessment_cannot_verify_it(submitted_assessment):
    reviewer = staff(REVIEWER)
    client = api(reviewer)
    url = f"/api/v1/assessments/{submitted_assessment.pk}/"

    patched = client.patch(
        url,
        {
            "version": submitted_assessment.version,
            "status": "aligned",
            "evidence_title": "A law of the reviewer's choosing",
            "evidence_url": "https://example.org/chosen",
        },
        format="json",
    )
    verified = client.post(url + "verify/", {}, format="json")

    assert patched.status_code == 200
    assert verified.status_code == 403
    assert verified.json() == {
        "detail": "You changed this record's content: another reviewer must verify it."
    }
    submitted_assessment.refresh_from_db()
    assert (submitted_assessment.review_state, submitted_assessment.content_by) == (
        ReviewState.SUBMITTED,
        reviewer,
    )
    # A second pair of eyes may.
    assert api(staff(REVIEWER)).post(url + "verify/", {}).status_code == 200


def test_an_editor_who_changed_a_focal_points_action_cannot_verify_it(personas, treaty):
    author = focal_point_of(personas.outsider, name="focal-nor")
    action = services.record_treaty_action(
        treaty=treaty,
        participant=personas.outsider,
        kind="accession",
        date=date(2026, 5, 4),
        source="Focal point's note",
        by=author,
    )
    services.submit(record=action, by=author)
    editor = staff(EDITOR)
    client = api(editor)
    url = f"/api/v1/actions/{action.pk}/"

    patched = client.patch(url, {"version": 2, "date": "2026-05-05"}, format="json")
    verified = client.post(url + "verify/", {}, format="json")

    assert (patched.status_code, verified.status_code) == (200, 403)
    action.refresh_from_db()
    assert action.review_state == ReviewState.SUBMITTED


def test_a_reviewer_who_changed_a_submitted_assessment_in_the_admin_cannot_verify_it(
    submitted_assessment,
):
    reviewer = staff(REVIEWER)
    client = admin_client(reviewer)
    path = reverse("admin:treaty_obligationprogress_change", args=[submitted_assessment.pk])
    form = client.get(path).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        data[name] = "" if value is None else value
    data["notes"] = "Checked by the reviewer."
    assert client.post(path, data).status_code == 302

    response = client.post(
        reverse("admin:treaty_obligationprogress_changelist"),
        {"action": "verify_selected", "index": 0, "_selected_action": [submitted_assessment.pk]},
        follow=True,
    )

    assert "You changed this record&#x27;s content" in response.content.decode()
    submitted_assessment.refresh_from_db()
    assert submitted_assessment.review_state == ReviewState.SUBMITTED


def test_changing_a_published_assessment_sends_it_back_to_review(personas):
    record = published_art7(personas)
    reviewer = staff(REVIEWER)

    response = api(reviewer).patch(
        f"/api/v1/assessments/{record.pk}/",
        {"version": record.version, "notes": "Rewritten."},
        format="json",
    )

    assert response.status_code == 200
    assert (response.json()["review_state"], response.json()["version"]) == ("submitted", 2)
    assert record.pk not in public_assessment_ids()
    record.refresh_from_db()
    assert (record.verified_by, record.verified_at, record.is_current) == (None, None, False)


def test_an_editor_correcting_a_published_depositary_action_keeps_it_published(personas):
    action = TreatyAction.objects.get(participant=personas.ratifier, kind="ratification")
    editor = staff(EDITOR)

    response = api(editor).patch(
        f"/api/v1/actions/{action.pk}/",
        {"version": action.version, "source": "UNTC XVIII-16, corrected"},
        format="json",
    )

    assert (response.status_code, response.json()["review_state"]) == (200, "verified")
    action.refresh_from_db()
    assert (action.verified_by, action.content_by) == (editor, editor)


def test_saving_a_record_unchanged_keeps_its_review_state_and_author(personas):
    record = published_art7(personas)
    reviewer = staff(REVIEWER)

    saved = services.save_edited(record=record, expected_version=record.version, by=reviewer)

    assert (saved.review_state, saved.content_by, saved.version) == ("verified", None, 2)


# --- Item 3: no lost update between the dry run and "Apply" ----------------------------------


def test_an_assessment_changed_between_the_dry_run_and_apply_is_not_overwritten(personas, treaty):
    draft = services.record_progress(
        participant=personas.ratifier,
        obligation=ObligationProgress.objects.get(pk=published_art7(personas).pk).obligation,
        as_of=date(2026, 4, 1),
        status="not_started",
        assessed_by="Ministry",
    )
    client = admin_client(staff(EDITOR))
    rows = HEADER + "VNM,art-7,in_progress,2026-04-01,Ministry,,\n" + NEW_ROW
    response = upload(client, IMPORT_ASSESSMENTS, rows, treaty=treaty.pk)
    assert "1 added, 1 changed" in response.content.decode()
    # Someone else corrects the draft in between.
    draft.notes = "Corrected by a colleague."
    services.save_edited(record=draft, expected_version=draft.version, by=staff(EDITOR))

    applied = confirm(client, IMPORT_ASSESSMENTS, response)

    assert applied.status_code == 200
    assert (
        "line 2: the assessment of VNM art-7 2026-04-01 was changed by someone else "
        "(version 1, now 2) since the dry run: nothing was written"
    ) in applied.content.decode()
    draft.refresh_from_db()
    assert (draft.status, draft.notes) == ("not_started", "Corrected by a colleague.")
    # All rows or none: the other row was not added either.
    assert not ObligationProgress.objects.filter(as_of=date(2026, 5, 1)).exists()


def test_an_assessment_added_by_someone_else_after_the_dry_run_is_not_overwritten(
    personas, treaty, obligations
):
    client = admin_client(staff(EDITOR))
    response = upload(client, IMPORT_ASSESSMENTS, HEADER + NEW_ROW, treaty=treaty.pk)
    services.record_progress(
        participant=personas.ratifier,
        obligation=obligations[1],
        as_of=date(2026, 5, 1),
        status="in_progress",
        assessed_by="Colleague",
    )

    applied = confirm(client, IMPORT_ASSESSMENTS, response)

    assert "was added by someone else since the dry run" in applied.content.decode()
    assert ObligationProgress.objects.get(as_of=date(2026, 5, 1)).status == "in_progress"


def test_a_treaty_action_changed_between_the_dry_run_and_apply_is_not_overwritten(personas, treaty):
    client = admin_client(staff(EDITOR))
    table = TABLE_HEADER + "Viet Nam\t26 Oct 2025\t2 Mar 2026\n"
    response = upload(client, IMPORT_TABLE, table, treaty=treaty.pk, source="UNTC, 1 June 2026")
    signature = TreatyAction.objects.get(participant=personas.ratifier, kind="signature")
    signature.depositary_notification = "C.N.1.2025.TREATIES-XVIII.16"
    services.save_edited(record=signature, expected_version=1, by=staff(EDITOR))

    applied = confirm(client, IMPORT_TABLE, response)

    assert (
        "line 2, column &#x27;Signature&#x27;: Viet Nam&#x27;s signature was changed by someone "
        "else (version 1, now 2) since the dry run"
    ) in applied.content.decode()
    signature.refresh_from_db()
    assert signature.date == date(2025, 10, 25)


# --- Item 10: an accession after signature is confirmed; a draft is not a deposit ------------


def action_form(treaty: Any, participant: Any, kind: str, on: str, **extra: Any) -> dict:
    return {
        "treaty": treaty.pk,
        "participant": participant.pk,
        "kind": kind,
        "date": on,
        "effective_on": "",
        "relates_to": "",
        "text": "",
        "source": "UNTC",
        "source_kind": "depositary",
        "source_url": "",
        "depositary_notification": "",
        "loaded_version": "",
        "_save": "Save",
        **extra,
    }


def test_a_signatorys_accession_needs_a_confirmation_in_the_admin(personas, treaty):
    client = admin_client(staff(EDITOR))
    add = reverse("admin:treaty_treatyaction_add")

    refused = client.post(add, action_form(treaty, personas.signatory, "accession", "2026-05-04"))

    assert refused.status_code == 200
    assert (
        "France signed on 25 October 2025: a signatory normally ratifies, accepts or approves."
        in refused.content.decode()
    )
    assert not TreatyAction.objects.filter(kind="accession").exists()
    confirmed = client.post(
        add,
        action_form(
            treaty,
            personas.signatory,
            "accession",
            "2026-05-04",
            confirm_accession_after_signature="on",
        ),
    )
    assert confirmed.status_code == 302
    assert TreatyAction.objects.get(kind="accession").participant == personas.signatory


def test_a_signatorys_accession_needs_a_confirmation_in_the_api(personas, treaty):
    client = api(staff(EDITOR))
    body = {
        "treaty": treaty.slug,
        "participant": "FRA",
        "kind": "accession",
        "date": "2026-05-04",
        "source": "UNTC",
        "source_kind": "depositary",
    }

    refused = client.post("/api/v1/actions/", body, format="json")
    accepted = client.post(
        "/api/v1/actions/", {**body, "confirm_accession_after_signature": True}, format="json"
    )

    assert refused.status_code == 400
    assert "a signatory normally ratifies, accepts or approves" in refused.json()["kind"][0]
    assert "confirm_accession_after_signature: true" in refused.json()["kind"][0]
    assert accepted.status_code == 201


def test_a_draft_instrument_is_named_as_a_draft_not_as_a_deposit(personas, treaty):
    draft = services.record_treaty_action(
        treaty=treaty,
        participant=personas.signatory,
        kind="accession",
        date=date(2026, 5, 4),
        source="UNTC",
        confirm_accession_after_signature=True,
    )
    client = admin_client(staff(EDITOR))

    response = client.post(
        reverse("admin:treaty_treatyaction_add"),
        action_form(treaty, personas.signatory, "ratification", "2026-05-20"),
    )

    page = response.content.decode()
    assert "already deposited" not in page
    assert (
        "France has a draft instrument, not yet published (accession, 4 May 2026, draft): "
        "complete it (submit it for review, then have it verified) if the depositary recorded "
        "it, or withdraw it if not; then record this one."
    ) in page
    # Withdrawn, it no longer stands in the way.
    services.withdraw_treaty_action(action=draft, reason="It was a ratification.")
    response = client.post(
        reverse("admin:treaty_treatyaction_add"),
        action_form(treaty, personas.signatory, "ratification", "2026-05-20"),
    )
    assert response.status_code == 302


def test_a_confirmed_accession_is_verified_without_asking_again(personas, treaty):
    author = staff(EDITOR)
    draft = services.record_treaty_action(
        treaty=treaty,
        participant=personas.signatory,
        kind="accession",
        date=date(2026, 5, 4),
        source="UNTC",
        by=author,
        confirm_accession_after_signature=True,
    )
    services.submit(record=draft, by=author)

    fresh = TreatyAction.objects.get(pk=draft.pk)
    services.verify(record=fresh, by=staff(REVIEWER))

    assert TreatyAction.objects.get(pk=draft.pk).is_published


# --- Item 12: focal points read their own participants' drafts only --------------------------


@pytest.fixture
def drafts(personas, obligations):
    """A draft assessment of Norway and one of France."""
    return {
        participant.iso3: services.record_progress(
            participant=participant,
            obligation=obligations[0],
            as_of=date(2026, 5, 1),
            status="in_progress",
            assessed_by="Ministry",
        )
        for participant in (personas.outsider, personas.signatory)
    }


def test_a_focal_point_reads_its_own_participants_drafts_only_in_the_admin(personas, drafts):
    client = admin_client(focal_point_of(personas.outsider))

    listed = client.get(reverse("admin:treaty_obligationprogress_changelist"))
    other = client.get(
        reverse("admin:treaty_obligationprogress_change", args=[drafts["FRA"].pk]), follow=True
    )

    shown = {row.pk for row in listed.context["cl"].result_list}
    assert drafts["NOR"].pk in shown
    assert drafts["FRA"].pk not in shown
    assert published_art7(personas).pk in shown  # published: everyone reads it
    assert "doesn’t exist" in other.content.decode()


def test_a_focal_point_reads_its_own_participants_drafts_only_in_the_api(personas, drafts):
    client = api(focal_point_of(personas.outsider))

    listed = client.get("/api/v1/assessments/?review_state=draft").json()["results"]

    assert [row["participant"] for row in listed] == ["NOR"]
    assert client.get(f"/api/v1/assessments/{drafts['FRA'].pk}/").status_code == 404
    # An editor reads them all.
    everyone = api(staff(EDITOR)).get("/api/v1/assessments/?review_state=draft").json()
    assert {row["participant"] for row in everyone["results"]} == {"NOR", "FRA"}


def test_a_focal_point_reads_its_own_participants_draft_actions_only(personas, treaty):
    mine = make_action(
        treaty, personas.outsider, "accession", date(2026, 5, 4), review_state="draft"
    )
    theirs = make_action(
        treaty, personas.signatory, "ratification", date(2026, 5, 4), review_state="draft"
    )
    client = api(focal_point_of(personas.outsider))

    listed = client.get("/api/v1/actions/?review_state=draft").json()["results"]

    assert [row["id"] for row in listed] == [mine.pk]
    assert client.get(f"/api/v1/actions/{theirs.pk}/").status_code == 404


def test_a_focal_point_sees_no_stage_drawn_from_another_participants_draft(personas, treaty):
    make_action(treaty, personas.outsider, "signature", date(2026, 5, 4), review_state="draft")
    url = "/api/v1/participants/NOR/"

    for_focal_point = api(focal_point_of(personas.signatory)).get(url).json()
    for_editor = api(staff(EDITOR)).get(url).json()

    assert for_focal_point["treaties"][0]["stage"] == "none"
    assert for_editor["treaties"][0]["stage"] == "signatory"


def test_the_admin_participant_list_shows_a_focal_point_no_stage_from_others_drafts(
    personas, treaty, settings
):
    settings.TRACKER_DEFAULT_TREATY = treaty.slug
    make_action(treaty, personas.outsider, "signature", date(2026, 5, 4), review_state="draft")
    url = reverse("admin:treaty_participant_changelist")

    def stage_of_norway(user: Any) -> str:
        response = admin_client(user).get(url)
        return next(p.treaty_stage for p in response.context["cl"].result_list if p.iso3 == "NOR")

    assert stage_of_norway(focal_point_of(personas.signatory)) == "none"
    assert stage_of_norway(staff(EDITOR)) == "signatory"
