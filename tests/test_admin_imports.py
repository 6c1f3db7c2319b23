"""Uploading tables in the admin: dry run, confirm, permissions (issue 5)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from treaty.models import FocalPoint, ObligationProgress, TreatyAction
from treaty.roles import ADMINISTRATOR, EDITOR, FOCAL_POINT, REVIEWER

TABLE = (
    "Participant\tSignature\tRatification, Acceptance(A), Approval(AA), Accession(a), Succession(d)\n"
    "France\t25 Oct 2025\t3 Mar 2026 AA\n"
    "Norway\t\t4 Mar 2026 a\n"
)
ASSESSMENTS = (
    "participant,obligation,status,as_of,assessed_by,evidence_title\n"
    "VNM,art-25,aligned,2026-06-01,Ministry of Public Security,Law on Cybersecurity\n"
)


def _client(*roles):
    client = Client()
    client.force_login(make_user(groups=roles, is_staff=True))
    return client


def _upload(client, url, content, name, **fields):
    return client.post(url, {"file": SimpleUploadedFile(name, content.encode()), **fields})


def test_an_editor_checks_then_applies_a_depositary_table(personas, treaty):
    client = _client(EDITOR)
    url = reverse("admin:treaty_treatyaction_import")
    response = _upload(
        client, url, TABLE, "status.tsv", treaty=treaty.pk, source="UNTC, 1 Nov 2026"
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dry run (nothing written): 2 added, 0 changed, 1 unchanged, 0 rejected." in page
    assert "add France approval 2026-03-03" in page
    assert not TreatyAction.objects.filter(participant=personas.outsider).exists()

    token = response.context["token"]
    response = client.post(url, {"confirm": "1", "token": token})
    assert response.status_code == 302
    assert TreatyAction.objects.published().get(participant=personas.outsider).kind == "accession"
    # The token is used up: confirming twice imports nothing more.
    response = client.post(url, {"confirm": "1", "token": token}, follow=True)
    assert "That import expired" in response.content.decode()


def test_a_table_with_an_unknown_name_shows_every_problem_and_writes_nothing(personas, treaty):
    client = _client(EDITOR)
    url = reverse("admin:treaty_treatyaction_import")
    bad = TABLE + "Atlantis\t25 Oct 2025\t\n"
    response = _upload(client, url, bad, "status.tsv", treaty=treaty.pk, source="UNTC")
    page = response.content.decode()
    assert (
        "line 4, column &#x27;Participant&#x27;: unknown participant &#x27;Atlantis&#x27;" in page
    )
    assert response.context["token"] == ""
    assert not TreatyAction.objects.filter(participant=personas.outsider).exists()


def test_a_focal_point_cannot_import_depositary_tables(personas):
    client = _client(FOCAL_POINT)
    assert client.get(reverse("admin:treaty_treatyaction_import")).status_code == 403


def test_a_focal_point_imports_assessments_only_for_their_participants(personas, treaty):
    focal = make_user("focal", groups=(FOCAL_POINT,), is_staff=True)
    FocalPoint.objects.create(user=focal, participant=personas.signatory)
    client = Client()
    client.force_login(focal)
    url = reverse("admin:treaty_obligationprogress_import")
    response = _upload(client, url, ASSESSMENTS, "a.csv", treaty=treaty.pk)
    assert "Viet Nam is not one of the participants you may edit." in response.content.decode()
    before = set(ObligationProgress.objects.values_list("pk", flat=True))
    mine = ASSESSMENTS.replace("VNM", "FRA")
    response = _upload(client, url, mine, "a.csv", treaty=treaty.pk)
    client.post(url, {"confirm": "1", "token": response.context["token"]})
    added = ObligationProgress.objects.exclude(pk__in=before).get()
    assert (added.participant, added.review_state) == (personas.signatory, "submitted")


def test_an_assessment_import_never_publishes_even_for_an_administrator(personas, treaty):
    # Trust issue, item 1: the API lets nobody publish their own assessment, nor does an
    # import. A reviewer checks other people's entries; importing is not theirs to do.
    url = reverse("admin:treaty_obligationprogress_import")
    assert _client(REVIEWER).get(url).status_code == 403
    administrator = _client(ADMINISTRATOR)
    response = _upload(administrator, url, ASSESSMENTS, "a.csv", treaty=treaty.pk, publish="on")
    administrator.post(url, {"confirm": "1", "token": response.context["token"]})
    imported = ObligationProgress.objects.get(
        participant=personas.ratifier, obligation__code="art-25", as_of="2026-06-01"
    )
    assert imported.review_state == "submitted"
    current = ObligationProgress.objects.current().get(
        participant=personas.ratifier, obligation__code="art-25"
    )
    assert current.status == "in_progress"
