"""What editors meet in the admin (issue 14, item 12): forms on the default treaty, a review
queue on the admin home, plural names that read, and import pages that keep the file and show
the real changes first."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_action, make_participant, make_treaty, make_user
from tests.laws_factories import make_law, make_mapping, make_provision
from treaty.models import (
    Article,
    Chapter,
    DepositaryCount,
    DomesticStep,
    FocalPoint,
    Obligation,
    ParticipantName,
    ReviewState,
    Treaty,
    TreatyAction,
)
from treaty.roles import EDITOR, FOCAL_POINT


def _client(*roles: str, **kwargs: Any) -> Client:
    client = Client()
    client.force_login(make_user(groups=roles, is_staff=True, **kwargs))
    return client


# --- The treaty field starts on the default treaty


WITH_TREATY = [TreatyAction, DomesticStep, DepositaryCount, Obligation, Chapter, Article]


@pytest.mark.parametrize("model", WITH_TREATY, ids=lambda m: m.__name__)
def test_a_new_records_form_starts_on_the_default_treaty(admin_client, treaty, model):
    make_treaty()  # another treaty: the default is chosen by the setting, not by being alone
    response = admin_client.get(reverse(f"admin:treaty_{model._meta.model_name}_add"))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.initial["treaty"] == treaty.pk
    # The autocomplete box renders the chosen treaty, so the editor sees it.
    assert f'<option value="{treaty.pk}" selected>{treaty}</option>' in response.content.decode()


def test_a_treaty_named_in_the_address_wins_over_the_default(admin_client, treaty):
    other = make_treaty()
    path = reverse("admin:treaty_domesticstep_add")
    response = admin_client.get(path, {"treaty": other.pk})
    assert response.context["adminform"].form.initial["treaty"] == str(other.pk)


def test_the_only_treaty_is_the_default_even_under_another_slug(db, settings):
    assert Treaty.objects.default() is None
    only = make_treaty()
    assert Treaty.objects.default() == only
    response = _client(EDITOR).get(reverse("admin:treaty_domesticstep_add"))
    assert response.context["adminform"].form.initial["treaty"] == only.pk


@pytest.mark.parametrize(
    "name", ["admin:treaty_treatyaction_import", "admin:treaty_obligationprogress_import"]
)
def test_the_import_forms_start_on_the_default_treaty(treaty, name):
    make_treaty(slug="aaa-first-by-slug", adopted_on=treaty.adopted_on.replace(year=2000))
    response = _client(EDITOR).get(reverse(name))
    assert response.context["form"]["treaty"].value() == treaty.pk


# --- Plural names


def test_every_model_in_the_admin_has_a_plural_that_reads(admin_client, db):
    assert str(Treaty._meta.verbose_name_plural) == "treaties"
    for model in admin.site._registry:
        if model._meta.app_label != "treaty":
            continue
        # Declared, so translated (Django's default adds an "s" and is never translated).
        assert "verbose_name_plural" in model._meta.original_attrs, model.__name__
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert "Treatys" not in page
    assert ">Treaties</a>" in page


# --- The review queue on the admin home


def _queue(client: Client) -> dict[str, tuple[int, int, int]]:
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return {
        row.name: tuple(cell.count for cell in row.cells)
        for row in response.context.get("queue", [])
    }


def _waiting(treaty: Treaty, participant: Any, state: str, by: Any = None, **kwargs: Any) -> Any:
    return make_action(
        treaty,
        participant,
        "declaration",
        date(2026, 3, 2),
        text="We declare.",
        review_state=state,
        verified_at=None,
        created_by=by,
        **kwargs,
    )


def test_the_admin_home_counts_what_waits_for_review_with_links_to_the_lists(personas, treaty):
    editor = make_user(groups=(EDITOR,), is_staff=True)
    client = Client()
    client.force_login(editor)
    _waiting(treaty, personas.ratifier, ReviewState.SUBMITTED)
    _waiting(treaty, personas.signatory, ReviewState.SUBMITTED)
    _waiting(treaty, personas.outsider, ReviewState.RETURNED)
    _waiting(treaty, personas.outsider, ReviewState.DRAFT, by=editor)
    _waiting(treaty, personas.outsider, ReviewState.DRAFT)  # someone else's draft
    _waiting(  # withdrawn: waits for nobody
        treaty,
        personas.eu,
        ReviewState.SUBMITTED,
        withdrawn_at=timezone.now(),
        withdrawn_reason="Entered twice.",
    )
    queue = _queue(client)
    assert queue["treaty actions"] == (2, 1, 1)
    assert queue["assessments"] == (0, 0, 0)
    page = client.get(reverse("admin:index")).content.decode()
    changelist = reverse("admin:treaty_treatyaction_changelist")
    submitted = f"{changelist}?review_state__exact=submitted&amp;withdrawn_at__isnull=1"
    assert f'<a href="{submitted}">2</a>' in page
    # Each link opens the list it counts.
    response = client.get(submitted.replace("&amp;", "&"))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 2
    drafts = f"review_state__exact=draft&withdrawn_at__isnull=1&created_by__id__exact={editor.pk}"
    response = client.get(f"{changelist}?{drafts}")
    assert [a.created_by for a in response.context["cl"].result_list] == [editor]


def test_a_focal_point_queue_counts_its_own_participants_only(personas, treaty):
    focal = make_user(groups=(FOCAL_POINT,), is_staff=True)
    FocalPoint.objects.create(user=focal, participant=personas.ratifier)
    _waiting(treaty, personas.ratifier, ReviewState.SUBMITTED)
    _waiting(treaty, personas.signatory, ReviewState.SUBMITTED)
    _waiting(treaty, personas.signatory, ReviewState.RETURNED)
    client = Client()
    client.force_login(focal)
    assert _queue(client)["treaty actions"] == (1, 0, 0)


def test_a_user_without_rights_has_no_queue(personas, treaty):
    _waiting(treaty, personas.ratifier, ReviewState.SUBMITTED)
    client = _client()
    assert _queue(client) == {}
    assert 'id="review-queue"' not in client.get(reverse("admin:index")).content.decode()


def test_an_empty_queue_says_so(db):
    client = _client(EDITOR)
    assert set(_queue(client).values()) == {(0, 0, 0)}
    page = client.get(reverse("admin:index")).content.decode()
    assert "Nothing is waiting" in page


def test_the_admin_home_runs_the_same_number_of_queries_with_one_waiting_record_and_twenty(
    personas, treaty
):
    editor = make_user(groups=(EDITOR,), is_staff=True)
    client = Client()
    client.force_login(editor)
    client.get(reverse("admin:index"))  # warm the per-process caches (content types)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("admin:index")).status_code == 200
        return len(captured)

    _waiting(treaty, personas.ratifier, ReviewState.SUBMITTED, by=editor)
    one = queries()
    for i in range(19):
        state = [ReviewState.SUBMITTED, ReviewState.RETURNED, ReviewState.DRAFT][i % 3]
        _waiting(treaty, make_participant(), state, by=editor)
    assert queries() == one


# --- The import pages


STATUS_HEADER = (
    "Participant\tSignature\t"
    "Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)\n"
)
STATUS_IMPORT = "admin:treaty_treatyaction_import"
ASSESSMENT_IMPORT = "admin:treaty_obligationprogress_import"


def _upload(client: Client, name: str, content: str, filename: str = "status.tsv", **fields):
    data = {"file": SimpleUploadedFile(filename, content.encode()), **fields}
    return client.post(reverse(name), data)


def test_the_import_page_has_a_column_guide_and_a_sample_file(personas, treaty):
    client = _client(EDITOR)
    page = client.get(reverse(STATUS_IMPORT)).content.decode()
    assert "The file's columns" in page
    assert "<code>Participant</code>" in page
    assert "Download a sample file (status-table-sample.tsv)" in page
    page = client.get(reverse(ASSESSMENT_IMPORT)).content.decode()
    # Allowed values come from the model's choices.
    assert "not_started, in_progress, partial, aligned, not_applicable" in page


@pytest.mark.parametrize("name", [STATUS_IMPORT, ASSESSMENT_IMPORT])
def test_the_sample_file_is_copied_from_the_record_and_imports_with_no_change(
    personas, treaty, name
):
    client = _client(EDITOR)
    response = client.get(reverse(name), {"sample": "1"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    sample = response.content.decode()
    assert "Viet Nam" in sample or "VNM" in sample
    filename = "sample.tsv" if name == STATUS_IMPORT else "sample.csv"
    response = _upload(client, name, sample, filename, treaty=treaty.pk, source="UNTC")
    assert response.context["view"].errors == []
    report = response.context["report"]
    assert (report.added, report.changed, report.rejected) == (0, 0, 0)
    assert report.unchanged >= 2


def test_a_sample_with_nothing_recorded_is_the_header_alone(db, treaty):
    response = _client(EDITOR).get(reverse(STATUS_IMPORT), {"sample": "1"})
    assert response.content.decode() == STATUS_HEADER


def test_the_chosen_file_is_kept_after_a_failed_attempt_and_checked_again(personas, treaty):
    client = _client(EDITOR)
    table = STATUS_HEADER + "Norway\t\t4 Mar 2026 a\n"
    # The source is forgotten: the form says so, and the file is kept.
    response = _upload(client, STATUS_IMPORT, table, treaty=treaty.pk, source="")
    assert response.context["form"].errors == {"source": ["This field is required."]}
    kept = response.context["kept"]
    assert kept.name == "status.tsv"
    page = response.content.decode()
    assert "Kept from your last attempt: <strong>status.tsv</strong> (2 lines)" in page
    assert f'name="kept" value="{kept.token}"' in page
    # Checked again without choosing the file again.
    response = client.post(
        reverse(STATUS_IMPORT), {"treaty": treaty.pk, "source": "UNTC", "kept": kept.token}
    )
    assert response.context["report"].added == 1
    token = response.context["token"]
    assert client.post(reverse(STATUS_IMPORT), {"confirm": "1", "token": token}).status_code == 302
    assert TreatyAction.objects.filter(participant=personas.outsider, kind="accession").exists()
    # Applied: nothing is kept any more.
    response = client.post(reverse(STATUS_IMPORT), {"treaty": treaty.pk, "source": "UNTC"})
    assert response.context["form"].errors == {"file": ["Choose a file to check."]}


def test_a_kept_file_is_used_only_by_the_page_that_showed_it(personas, treaty):
    client = _client(EDITOR)
    _upload(client, STATUS_IMPORT, STATUS_HEADER + "Norway\t\t4 Mar 2026 a\n", source="")
    response = client.post(
        reverse(STATUS_IMPORT), {"treaty": treaty.pk, "source": "UNTC", "kept": "stale"}
    )
    assert response.context["form"].errors == {"file": ["Choose a file to check."]}


def test_a_kept_file_survives_a_dry_run_with_row_errors(personas, treaty):
    client = _client(EDITOR)
    table = STATUS_HEADER + "Atlantis\t25 Oct 2025\t\n"
    response = _upload(client, STATUS_IMPORT, table, treaty=treaty.pk, source="UNTC")
    assert response.context["view"].errors
    kept = response.context["kept"]
    # The editor records Atlantis as another name of Norway, then checks the same file again.
    ParticipantName.objects.create(participant=personas.outsider, name="Atlantis")
    response = client.post(
        reverse(STATUS_IMPORT), {"treaty": treaty.pk, "source": "UNTC", "kept": kept.token}
    )
    assert response.context["report"].added == 1


def test_errors_are_listed_in_line_order(personas, treaty):
    # Line 3's date is found wrong while reading the table, line 2's name while matching it
    # later: the page lists line 2 first.
    table = STATUS_HEADER + "Atlantis\t25 Oct 2025\t\nNorway\t\tyesterday a\n"
    response = _upload(_client(EDITOR), STATUS_IMPORT, table, treaty=treaty.pk, source="UNTC")
    errors = response.context["view"].errors
    assert [e.line for e in errors] == [2, 3]
    page = response.content.decode()
    assert page.index("line 2, column") < page.index("line 3, column")


def test_real_changes_stay_in_sight_and_repeated_notes_are_summarised(personas, treaty):
    others = [make_participant() for _ in range(4)]
    for participant in others:
        make_action(treaty, participant, "signature", date(2025, 10, 25))
    table = STATUS_HEADER + "Viet Nam\t25 Oct 2025\t2 Mar 2026\nNorway\t\t4 Mar 2026 a\n"
    response = _upload(_client(EDITOR), STATUS_IMPORT, table, treaty=treaty.pk, source="UNTC")
    view = response.context["view"]
    assert view.changes == ["line 3: add Norway accession 2026-03-04"]
    # France, the EU and the four others are recorded here but absent from the table: one line.
    [group] = view.grouped_notes
    assert len(group.notes) == 6
    assert all(
        n.endswith("recorded here, absent from the table (left as is).") for n in group.notes
    )
    page = response.content.decode()
    assert "2 rows unchanged (not listed)." in page
    assert "(and 6 notes like it)" in page


def test_the_law_import_page_has_its_guide_sample_and_keeps_the_file(db, treaty):
    client = _client(EDITOR)
    for name, column in (
        ("admin:treaty_law_import", "<code>title</code>"),
        ("admin:treaty_provisionmapping_import", "<code>relation</code>"),
    ):
        page = client.get(reverse(name)).content.decode()
        assert column in page
        response = client.get(reverse(name), {"sample": "1"})
        assert response.status_code == 200
    response = _upload(
        client, "admin:treaty_law_import", "participant,title\nNOR,Penal Code\n", "laws.csv"
    )
    assert response.context["kept"].name == "laws.csv"
    assert "missing column(s)" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "filename"),
    [("admin:treaty_law_import", "laws.csv"), ("admin:treaty_provisionmapping_import", "m.csv")],
)
def test_the_law_and_mapping_samples_import_with_no_change(
    personas, treaty, obligations, name, filename
):
    law = make_law(personas.ratifier, title="Law on Cybersecurity", adopted_on=date(2018, 6, 12))
    make_mapping(make_provision(law, reference="Art. 5"), obligations[0], note="In part.")
    client = _client(EDITOR)
    sample = client.get(reverse(name), {"sample": "1"}).content.decode()
    assert "Law on Cybersecurity" in sample
    response = _upload(client, name, sample, filename, treaty=treaty.pk)
    assert response.context["view"].errors == []
    report = response.context["report"]
    assert (report.added, report.changed, report.unchanged) == (0, 0, 1)
