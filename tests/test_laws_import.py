"""Bulk imports of laws (UNCTAD's layout and the project's own) and of provision mappings:
dry run, all rows or none, every problem by line and column; the admin upload and the
commands."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from tests.factories import make_article, make_chapter, make_user
from tests.laws_factories import make_law, make_mapping, make_provision
from treaty import services
from treaty.importers import ImportRejected
from treaty.importers.laws import import_laws, import_mappings
from treaty.models import FocalPoint, Law, Provision, ProvisionMapping, ReviewState
from treaty.roles import EDITOR, FOCAL_POINT, REVIEWER

pytestmark = pytest.mark.django_db

OWN_LAWS = [
    ["participant", "title", "source", "kind", "status", "adopted_on", "official_url"],
    [
        "VNM",
        "Law on Cybersecurity",
        "Official gazette",
        "act",
        "In force",
        "2018-06-12",
        "https://example.org/cyber",
    ],
    ["France", "Code pénal", "Légifrance", "code", "in_force", "", ""],
]
UNCTAD_LAWS = [
    ["m49", "country", "title", "url"],
    [
        "704",
        "Viet Nam",
        "Law on Network Information Security (in English)",
        "https://example.org/?a=1&amp;b=2",
    ],
    [
        "704",
        "Viet Nam",
        "Law on Network Information Security (in English)",
        "https://example.org/?a=1&amp;b=2",
    ],
]


@pytest.fixture
def numbered(personas):
    personas.ratifier.m49 = 704
    personas.ratifier.save()
    return personas


def test_laws_in_the_projects_layout_are_checked_then_written_for_review(personas):
    editor = make_user(groups=(EDITOR,))
    dry = import_laws(rows=OWN_LAWS, by=editor)
    assert (
        dry.summary() == "Dry run (nothing written): 2 added, 0 changed, 0 unchanged, 0 rejected."
    )
    assert Law.objects.count() == 0
    report = import_laws(rows=OWN_LAWS, by=editor, apply=True)
    assert report.applied
    law = Law.objects.get(participant=personas.ratifier)
    assert (law.kind, law.status, law.review_state) == ("act", "in_force", ReviewState.SUBMITTED)
    assert law.adopted_on.isoformat() == "2018-06-12"
    again = import_laws(rows=OWN_LAWS, by=editor, apply=True)
    assert (again.added, again.unchanged) == (0, 2)


def test_laws_in_unctads_layout_take_its_source_and_date_and_skip_its_repeated_rows(numbered):
    report = import_laws(rows=UNCTAD_LAWS, by=make_user(groups=(EDITOR,)), apply=True)
    assert report.added == 1
    assert "the same law as line 2, skipped" in " ".join(report.notes)
    law = Law.objects.get()
    assert (law.source, law.source_date.isoformat(), law.status) == (
        "UNCTAD Global Cyberlaw Tracker",
        "2026-03-05",
        "reported",
    )
    assert law.official_url == "https://example.org/?a=1&b=2"


def test_a_bad_laws_file_lists_every_problem_by_line_and_column_and_writes_nothing(personas):
    rows = [
        *OWN_LAWS,
        ["Atlantis", "Act", "Gazette", "", "", "", ""],
        ["VNM", "", "Gazette", "statute", "maybe", "12/06/2018", "not a url"],
    ]
    with pytest.raises(ImportRejected) as rejected:
        import_laws(rows=rows, by=make_user(groups=(EDITOR,)), apply=True)
    messages = [str(e) for e in rejected.value.report.errors]
    assert (
        messages[0]
        == "line 4, column 'participant': unknown participant 'Atlantis': use an ISO code."
    )
    assert any(m.startswith("line 5, column 'kind': 'statute' is not allowed") for m in messages)
    assert any(m.startswith("line 5, column 'status': 'maybe' is not allowed") for m in messages)
    assert any(m.startswith("line 5, column 'adopted_on'") for m in messages)
    assert "line 5, column 'title': empty; this column is required." in messages
    assert Law.objects.count() == 0


def test_a_laws_file_without_the_required_columns_is_refused(personas):
    with pytest.raises(ImportRejected) as rejected:
        import_laws(rows=[["participant", "name"], ["VNM", "Act"]])
    assert str(rejected.value.report.errors[0]) == (
        "line 1, column 'title, source': missing column(s); required: participant, title, source."
    )


@pytest.fixture
def art7(treaty):
    return make_article(treaty, make_chapter(treaty, number=2, numeral="II"), number=7)


def test_mappings_are_imported_with_their_new_provisions_and_twice_change_nothing(
    personas, treaty, art7, obligations
):
    law = make_law(personas.ratifier, title="Penal Code")
    reviewer = make_user(groups=(REVIEWER,))
    rows = [
        ["participant", "law", "provision", "article", "obligation", "relation", "note"],
        ["VNM", "penal  code", "art. 289", "7", "", "implements", "Same elements."],
        ["VNM", str(law.pk), "art. 290", "", "art-25", "Implements in part", ""],
    ]
    report = import_mappings(treaty=treaty, rows=rows, by=reviewer, publish=True, apply=True)
    assert (report.added, report.rejected) == (2, 0)
    assert set(Provision.objects.values_list("reference", flat=True)) == {"art. 289", "art. 290"}
    assert ProvisionMapping.objects.public().count() == 2
    again = import_mappings(treaty=treaty, rows=rows, by=reviewer, publish=True, apply=True)
    assert (again.added, again.unchanged) == (0, 2)


def test_a_bad_mappings_file_names_each_problem_and_writes_nothing(personas, treaty, art7):
    make_law(personas.ratifier, title="Penal Code")
    rows = [
        ["participant", "law", "provision", "article", "relation"],
        ["VNM", "Penal Code", "art. 1", "7", "implements"],
        ["VNM", "Civil Code", "art. 2", "7", "implements"],
        ["VNM", "Penal Code", "art. 3", "99", "loves"],
        ["VNM", "Penal Code", "art. 1", "7", "relevant"],
    ]
    with pytest.raises(ImportRejected) as rejected:
        import_mappings(treaty=treaty, rows=rows, by=make_user(groups=(EDITOR,)), apply=True)
    messages = [str(e) for e in rejected.value.report.errors]
    assert messages[0].startswith("line 3, column 'law': Viet Nam has no law 'Civil Code'")
    assert (
        "line 4, column 'article': UN Convention against Cybercrime has no article '99'."
        in messages
    )
    assert any(
        m.startswith("line 4, column 'relation': 'loves' is not a relation") for m in messages
    )
    assert "line 5, column 'provision': the same mapping as line 2." in messages
    assert Provision.objects.count() == 0
    assert ProvisionMapping.objects.count() == 0


def test_a_focal_point_imports_mappings_of_its_own_participants_only(personas, treaty, art7):
    make_law(personas.ratifier, title="Penal Code")
    focal = make_user(groups=(FOCAL_POINT,))
    rows = [
        ["participant", "law", "provision", "article", "relation"],
        ["VNM", "Penal Code", "art. 1", "7", "implements"],
    ]
    with pytest.raises(ImportRejected) as rejected:
        import_mappings(treaty=treaty, rows=rows, by=focal, allowed_participants=set())
    assert "is not one of the participants you may edit" in str(rejected.value.report.errors[0])


def test_the_commands_run_a_dry_run_unless_told_to_apply(personas, treaty, art7, tmp_path):
    laws = tmp_path / "laws.csv"
    laws.write_text("participant,title,source\nVNM,Penal Code,Gazette\n")
    assert call_command("import_laws", str(laws)).startswith("Dry run (nothing written): 1 added")
    assert call_command("import_laws", str(laws), "--apply", "--publish").startswith("Imported")
    mappings = tmp_path / "mappings.csv"
    mappings.write_text(
        "participant,law,provision,article,relation\nVNM,Penal Code,s. 1,7,relevant\n"
    )
    result = call_command(
        "import_mappings", str(mappings), "--treaty", treaty.slug, "--apply", "--publish"
    )
    assert result.startswith("Imported: 1 added")
    mappings.write_text("participant,law,provision,article,relation\nVNM,Nope,s. 1,7,relevant\n")
    with pytest.raises(CommandError, match="Nothing written"):
        call_command("import_mappings", str(mappings), "--treaty", treaty.slug, "--apply")


def test_an_editor_uploads_laws_in_the_admin_checks_then_applies(personas, treaty):
    client = Client()
    client.force_login(make_user(groups=(EDITOR,), is_staff=True))
    url = reverse("admin:treaty_law_import")
    content = "participant,title,source\nVNM,Penal Code,Gazette\n"
    response = client.post(url, {"file": SimpleUploadedFile("laws.csv", content.encode())})
    assert "Dry run (nothing written): 1 added" in response.content.decode()
    assert Law.objects.count() == 0
    response = client.post(url, {"confirm": "1", "token": response.context["token"]})
    assert response.status_code == 302
    assert Law.objects.get().review_state == ReviewState.SUBMITTED
    # Publishing at once is for reviewers.
    response = client.post(
        url, {"file": SimpleUploadedFile("laws.csv", content.encode()), "publish": "on"}
    )
    assert "Only a reviewer may publish at once." in response.content.decode()


def test_a_focal_point_uploads_mappings_for_its_own_participant_in_the_admin(
    personas, treaty, art7
):
    make_law(personas.outsider, title="Straffeloven")
    make_law(personas.ratifier, title="Penal Code")
    focal = make_user(groups=(FOCAL_POINT,), is_staff=True)
    FocalPoint.objects.create(user=focal, participant=personas.outsider)
    client = Client()
    client.force_login(focal)
    url = reverse("admin:treaty_provisionmapping_import")
    assert client.get(url).status_code == 200
    content = (
        "participant,law,provision,article,relation\n"
        "NOR,Straffeloven,§ 204,7,implements\n"
        "VNM,Penal Code,art. 1,7,implements\n"
    )
    response = client.post(
        url, {"treaty": treaty.pk, "file": SimpleUploadedFile("m.csv", content.encode())}
    )
    page = response.content.decode()
    assert "line 3, column &#x27;participant&#x27;: Viet Nam is not one of the participants" in page
    assert ProvisionMapping.objects.count() == 0


# --- No lost update between the dry run and "Apply" (the admin's one upload flow) ------------


def test_a_law_changed_between_the_dry_run_and_apply_is_not_overwritten(personas, treaty):
    law = make_law(personas.ratifier, title="Penal Code", source="Gazette", official_url="")
    editor = make_user(groups=(EDITOR,), is_staff=True)
    client = Client()
    client.force_login(editor)
    url = reverse("admin:treaty_law_import")
    content = (
        "participant,title,source,official_url\n"
        "VNM,Penal Code,Gazette,https://example.org/penal\n"
        "VNM,Law on Cybersecurity,Gazette,\n"
    )
    dry = client.post(url, {"file": SimpleUploadedFile("laws.csv", content.encode())})
    assert "1 added, 1 changed" in dry.content.decode()
    # A colleague corrects the law in between.
    law.notes = "Checked against the gazette."
    services.save_edited(record=law, expected_version=law.version, by=editor)

    applied = client.post(url, {"confirm": "1", "token": dry.context["token"]})

    assert applied.status_code == 200
    assert (
        "This law was changed by someone else (version 1, now 2) since the dry run: nothing "
        "was written"
    ) in applied.content.decode()
    law.refresh_from_db()
    assert (law.official_url, law.notes) == ("", "Checked against the gazette.")
    assert not Law.objects.filter(title="Law on Cybersecurity").exists()


def test_a_mapping_added_by_someone_else_after_the_dry_run_is_not_overwritten(
    personas, treaty, art7
):
    law = make_law(personas.ratifier, title="Penal Code")
    provision = make_provision(law, reference="art. 1")
    editor = make_user(groups=(EDITOR,), is_staff=True)
    client = Client()
    client.force_login(editor)
    url = reverse("admin:treaty_provisionmapping_import")
    content = "participant,law,provision,article,relation\nVNM,Penal Code,art. 1,7,implements\n"
    dry = client.post(
        url, {"treaty": treaty.pk, "file": SimpleUploadedFile("m.csv", content.encode())}
    )
    assert "1 added" in dry.content.decode()
    make_mapping(provision, art7, relation="implements_in_part", publish=True)

    applied = client.post(url, {"confirm": "1", "token": dry.context["token"]})

    assert "This mapping was added by someone else since the dry run" in applied.content.decode()
    assert ProvisionMapping.objects.get().relation == "implements_in_part"
