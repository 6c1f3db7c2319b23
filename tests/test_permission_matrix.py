"""Who may write what: every role against every write path of the admin and the API, on a
record of participant A (the focal point's own) and of participant B (someone else's).

The table below is the documentation. Each cell is what the request gets:

    ✓ 302   allowed: this answer, and the database changed
    ✗ 403   refused: this answer, and the database is exactly as it was

Roles: anonymous; "no role" (logged in, in no group); the focal point of participant A; an
editor; a reviewer; an administrator (the Administrator group, not a superuser). Every
logged-in persona is staff: ``is_staff`` only opens the admin's door, the roles decide the rest.

What each path acts on: a draft to change, submit or withdraw; a submitted record to verify or
return; a published one where the row says so (only someone who may publish changes it, and an
import of a row for the same participant, obligation or instrument and day is such a change);
a record saved twice to revert to its first version; nothing to add or import. Records were
entered by another editor, except on the "own" rows: there the acting user entered the record
they try to verify, and nobody verifies their own entry; on the "after own change" rows, the
acting user first changed (PATCH, or the admin's change form) a record someone else submitted,
and whoever changed the content counts as its author. The last rows are the treaty's own data
and the participants, which only the administrator changes.

How the admin says no: the login page (302) to the anonymous; 403 to a page the role may not
open; the form or the import report again, with the error (200), for a participant outside a
focal point's choices or a published record they may not correct. A focal point does not even
read another participant's unpublished records: their change page sends it back to the index
(302, "doesn't exist"), the API answers 404. The admin's review actions answer 302 back to the
list either way: an action the role lacks is not offered, a record out of scope is left as it
was, with a message. The API says 401 to the anonymous, 403 to a role that may not.

The import commands run as the user named by ``--user`` (the anonymous column: a name that is
no active user) and answer like a process: 0 when the import is applied, 1 (CommandError,
nothing written) otherwise.
"""

from __future__ import annotations

import io
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path as FilePath
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import (
    make_action,
    make_article,
    make_obligation,
    make_participant,
    make_treaty,
    make_user,
)
from treaty import roles
from treaty.models import (
    FocalPoint,
    Obligation,
    ObligationProgress,
    Participant,
    ReviewState,
    Treaty,
    TreatyAction,
)

MATRIX = """
path                                       record  anonymous  no role  focal A  editor  reviewer  admin

admin: add action                          A       ✗ 302      ✗ 403    ✓ 302    ✓ 302   ✗ 403     ✓ 302
admin: add action                          B       ✗ 302      ✗ 403    ✗ 200    ✓ 302   ✗ 403     ✓ 302
admin: change action                       A       ✗ 302      ✗ 403    ✓ 302    ✓ 302   ✓ 302     ✓ 302
admin: change action                       B       ✗ 302      ✗ 403    ✗ 302    ✓ 302   ✓ 302     ✓ 302
admin: revert action                       A       ✗ 302      ✗ 403    ✓ 302    ✓ 302   ✓ 302     ✓ 302
admin: revert action                       B       ✗ 302      ✗ 403    ✗ 403    ✓ 302   ✓ 302     ✓ 302
admin: change published action             A       ✗ 302      ✗ 403    ✗ 403    ✓ 302   ✓ 302     ✓ 302
admin: revert published action             A       ✗ 302      ✗ 403    ✗ 403    ✓ 302   ✓ 302     ✓ 302
admin: submit action                       A       ✗ 302      ✗ 403    ✓ 302    ✓ 302   ✓ 302     ✓ 302
admin: submit action                       B       ✗ 302      ✗ 403    ✗ 302    ✓ 302   ✓ 302     ✓ 302
admin: withdraw action                     A       ✗ 302      ✗ 403    ✓ 302    ✓ 302   ✓ 302     ✓ 302
admin: withdraw action                     B       ✗ 302      ✗ 403    ✗ 302    ✓ 302   ✓ 302     ✓ 302
admin: verify action                       A       ✗ 302      ✗ 403    ✗ 302    ✓ 302   ✓ 302     ✓ 302
admin: verify action                       B       ✗ 302      ✗ 403    ✗ 302    ✓ 302   ✓ 302     ✓ 302
admin: verify own action                   A       ✗ 302      ✗ 403    ✗ 302    ✗ 302   ✗ 302     ✗ 302
admin: return action                       A       ✗ 302      ✗ 403    ✗ 302    ✓ 302   ✓ 302     ✓ 302
admin: return action                       B       ✗ 302      ✗ 403    ✗ 302    ✓ 302   ✓ 302     ✓ 302
admin: import status table                 A       ✗ 302      ✗ 403    ✗ 403    ✓ 302   ✗ 403     ✓ 302
admin: import status table                 B       ✗ 302      ✗ 403    ✗ 403    ✓ 302   ✗ 403     ✓ 302
admin: import over published action        A       ✗ 302      ✗ 403    ✗ 403    ✓ 302   ✗ 403     ✓ 302
command: import status table               A       ✗ 1        ✗ 1      ✗ 1      ✓ 0     ✗ 1       ✓ 0
command: import status table               B       ✗ 1        ✗ 1      ✗ 1      ✓ 0     ✗ 1       ✓ 0
command: import over published action      A       ✗ 1        ✗ 1      ✗ 1      ✓ 0     ✗ 1       ✓ 0
admin: verify action after own change      A       ✗ 302      ✗ 403    ✗ 302    ✗ 302   ✗ 302     ✗ 302

admin: add assessment                      A       ✗ 302      ✗ 403    ✓ 302    ✓ 302   ✗ 403     ✓ 302
admin: add assessment                      B       ✗ 302      ✗ 403    ✗ 200    ✓ 302   ✗ 403     ✓ 302
admin: change assessment                   A       ✗ 302      ✗ 403    ✓ 302    ✓ 302   ✓ 302     ✓ 302
admin: change assessment                   B       ✗ 302      ✗ 403    ✗ 302    ✓ 302   ✓ 302     ✓ 302
admin: revert assessment                   A       ✗ 302      ✗ 403    ✓ 302    ✓ 302   ✓ 302     ✓ 302
admin: revert assessment                   B       ✗ 302      ✗ 403    ✗ 403    ✓ 302   ✓ 302     ✓ 302
admin: change published assessment         A       ✗ 302      ✗ 403    ✗ 403    ✗ 403   ✓ 302     ✓ 302
admin: revert published assessment         A       ✗ 302      ✗ 403    ✗ 403    ✗ 403   ✓ 302     ✓ 302
admin: submit assessment                   A       ✗ 302      ✗ 403    ✓ 302    ✓ 302   ✓ 302     ✓ 302
admin: submit assessment                   B       ✗ 302      ✗ 403    ✗ 302    ✓ 302   ✓ 302     ✓ 302
admin: withdraw assessment                 A       ✗ 302      ✗ 403    ✓ 302    ✓ 302   ✓ 302     ✓ 302
admin: withdraw assessment                 B       ✗ 302      ✗ 403    ✗ 302    ✓ 302   ✓ 302     ✓ 302
admin: verify assessment                   A       ✗ 302      ✗ 403    ✗ 302    ✗ 302   ✓ 302     ✓ 302
admin: verify assessment                   B       ✗ 302      ✗ 403    ✗ 302    ✗ 302   ✓ 302     ✓ 302
admin: verify own assessment               A       ✗ 302      ✗ 403    ✗ 302    ✗ 302   ✗ 302     ✗ 302
admin: return assessment                   A       ✗ 302      ✗ 403    ✗ 302    ✗ 302   ✓ 302     ✓ 302
admin: return assessment                   B       ✗ 302      ✗ 403    ✗ 302    ✗ 302   ✓ 302     ✓ 302
admin: import assessments                  A       ✗ 302      ✗ 403    ✓ 302    ✓ 302   ✗ 403     ✓ 302
admin: import assessments                  B       ✗ 302      ✗ 403    ✗ 200    ✓ 302   ✗ 403     ✓ 302
admin: import over published assessment    A       ✗ 302      ✗ 403    ✗ 200    ✗ 200   ✗ 403     ✓ 302
command: import assessments                A       ✗ 1        ✗ 1      ✓ 0      ✓ 0     ✗ 1       ✓ 0
command: import assessments                B       ✗ 1        ✗ 1      ✗ 1      ✓ 0     ✗ 1       ✓ 0
command: import over published assessment  A       ✗ 1        ✗ 1      ✗ 1      ✗ 1     ✗ 1       ✓ 0
admin: verify assessment after own change  A       ✗ 302      ✗ 403    ✗ 302    ✗ 302   ✗ 302     ✗ 302

API: POST action                           A       ✗ 401      ✗ 403    ✓ 201    ✓ 201   ✗ 403     ✓ 201
API: POST action                           B       ✗ 401      ✗ 403    ✗ 403    ✓ 201   ✗ 403     ✓ 201
API: PATCH action                          A       ✗ 401      ✗ 403    ✓ 200    ✓ 200   ✓ 200     ✓ 200
API: PATCH action                          B       ✗ 401      ✗ 403    ✗ 404    ✓ 200   ✓ 200     ✓ 200
API: PATCH published action                A       ✗ 401      ✗ 403    ✗ 403    ✓ 200   ✓ 200     ✓ 200
API: submit action                         A       ✗ 401      ✗ 403    ✓ 200    ✓ 200   ✓ 200     ✓ 200
API: submit action                         B       ✗ 401      ✗ 403    ✗ 404    ✓ 200   ✓ 200     ✓ 200
API: withdraw action                       A       ✗ 401      ✗ 403    ✓ 200    ✓ 200   ✓ 200     ✓ 200
API: withdraw action                       B       ✗ 401      ✗ 403    ✗ 404    ✓ 200   ✓ 200     ✓ 200
API: verify action                         A       ✗ 401      ✗ 403    ✗ 403    ✓ 200   ✓ 200     ✓ 200
API: verify action                         B       ✗ 401      ✗ 403    ✗ 403    ✓ 200   ✓ 200     ✓ 200
API: verify own action                     A       ✗ 401      ✗ 403    ✗ 403    ✗ 403   ✗ 403     ✗ 403
API: return action                         A       ✗ 401      ✗ 403    ✗ 403    ✓ 200   ✓ 200     ✓ 200
API: return action                         B       ✗ 401      ✗ 403    ✗ 403    ✓ 200   ✓ 200     ✓ 200
API: verify action after own PATCH         A       ✗ 401      ✗ 403    ✗ 403    ✗ 403   ✗ 403     ✗ 403

API: POST assessment                       A       ✗ 401      ✗ 403    ✓ 201    ✓ 201   ✗ 403     ✓ 201
API: POST assessment                       B       ✗ 401      ✗ 403    ✗ 403    ✓ 201   ✗ 403     ✓ 201
API: PATCH assessment                      A       ✗ 401      ✗ 403    ✓ 200    ✓ 200   ✓ 200     ✓ 200
API: PATCH assessment                      B       ✗ 401      ✗ 403    ✗ 404    ✓ 200   ✓ 200     ✓ 200
API: PATCH published assessment            A       ✗ 401      ✗ 403    ✗ 403    ✗ 403   ✓ 200     ✓ 200
API: submit assessment                     A       ✗ 401      ✗ 403    ✓ 200    ✓ 200   ✓ 200     ✓ 200
API: submit assessment                     B       ✗ 401      ✗ 403    ✗ 404    ✓ 200   ✓ 200     ✓ 200
API: withdraw assessment                   A       ✗ 401      ✗ 403    ✓ 200    ✓ 200   ✓ 200     ✓ 200
API: withdraw assessment                   B       ✗ 401      ✗ 403    ✗ 404    ✓ 200   ✓ 200     ✓ 200
API: verify assessment                     A       ✗ 401      ✗ 403    ✗ 403    ✗ 403   ✓ 200     ✓ 200
API: verify assessment                     B       ✗ 401      ✗ 403    ✗ 403    ✗ 403   ✓ 200     ✓ 200
API: verify own assessment                 A       ✗ 401      ✗ 403    ✗ 403    ✗ 403   ✗ 403     ✗ 403
API: return assessment                     A       ✗ 401      ✗ 403    ✗ 403    ✗ 403   ✓ 200     ✓ 200
API: return assessment                     B       ✗ 401      ✗ 403    ✗ 403    ✗ 403   ✓ 200     ✓ 200
API: verify assessment after own PATCH     A       ✗ 401      ✗ 403    ✗ 403    ✗ 403   ✗ 403     ✗ 403

admin: revert treaty                       -       ✗ 302      ✗ 403    ✗ 403    ✗ 403   ✗ 403     ✓ 302
admin: revert obligation                   -       ✗ 302      ✗ 403    ✗ 403    ✗ 403   ✗ 403     ✓ 302
admin: revert participant                  A       ✗ 302      ✗ 403    ✗ 403    ✗ 403   ✗ 403     ✓ 302
"""

ROLES = ["anonymous", "no role", "focal A", "editor", "reviewer", "admin"]
GROUPS = {
    "no role": (),
    "focal A": (roles.FOCAL_POINT,),
    "editor": (roles.EDITOR,),
    "reviewer": (roles.REVIEWER,),
    "admin": (roles.ADMINISTRATOR,),
}
# The treaty's own data, and the participants: the administrator's to change.
STRUCTURE = {"treaty": Treaty, "obligation": Obligation, "participant": Participant}
RECORDS = (TreatyAction, ObligationProgress)
TODAY = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def read_matrix(text: str) -> list[tuple[str, str, str, bool, int]]:
    """The table as (path, record, role, allowed, status), one entry per cell."""
    header, *rows = [line for line in text.strip().splitlines() if line.strip()]
    assert re.split(r" {2,}", header)[2:] == ROLES
    cells = []
    for row in rows:
        path, record, *outcomes = re.split(r" {2,}", row.strip())
        assert len(outcomes) == len(ROLES), row
        for role, outcome in zip(ROLES, outcomes, strict=True):
            mark, status = outcome.split()
            assert mark in "✓✗", outcome
            cells.append((path, record, role, mark == "✓", int(status)))
    return cells


CELLS = read_matrix(MATRIX)


@dataclass(frozen=True)
class Path:
    """A write path: what it acts on, and the request it makes."""

    kind: str  # "action", "assessment", or the structure: "treaty", "obligation", "participant"
    state: str | None  # "draft", "submitted", "published"; None: no record (an addition)
    send: Any  # (client, kind, world, participant, record) -> response
    own: bool = False  # entered by the acting user rather than by another editor
    edited: bool = False  # saved twice, so that there is an earlier version to revert to
    # What the acting user does first (the table judges what follows): e.g. change the record.
    prepare: Any = None

    @property
    def records(self) -> set[str]:
        """The table's rows for this path: participants A and B, or one row when the
        participant makes no difference (whose entry it is, whether it is published, the
        treaty's own data)."""
        if self.kind in ("treaty", "obligation"):
            return {"-"}
        if self.own or self.prepare or self.state == "published" or self.kind == "participant":
            return {"A"}
        return {"A", "B"}


# --- The world each cell starts from: a treaty with one obligation, participants A and B


@pytest.fixture(autouse=True)
def _today(time_machine):
    """Today is 1 June 2026: the signature window is open, every date used is past."""
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def world(db):
    treaty = make_treaty()
    return SimpleNamespace(
        treaty=treaty,
        obligation=make_obligation(treaty, articles=[]),
        participants={
            "A": make_participant(name="Arcadia"),
            "B": make_participant(name="Borduria"),
        },
        # Who entered the records under review: never the acting user, except on "own" rows.
        author=make_user("author", groups=(roles.EDITOR,)),
    )


def persona(role: str, participant_a: Any) -> Any:
    if role == "anonymous":
        return None
    user = make_user(role.replace(" ", "-"), groups=GROUPS[role], is_staff=True)
    if role == "focal A":
        FocalPoint.objects.create(user=user, participant=participant_a)
    return user


# Rows are saved directly, without the services' checks (the requests run those): arranging
# a record then costs a few inserts, and the module stays fast.
STATES = {
    "draft": ReviewState.DRAFT,
    "submitted": ReviewState.SUBMITTED,
    "published": ReviewState.VERIFIED,
}
# The column a second save changes, so that the history has an earlier version to go back to.
RENAMED = {"treaty": "title", "obligation": "title", "participant": "formal_name"}


def arrange(spec: Path, world: Any, participant: Any, by: Any) -> Any:
    """The action or assessment of ``participant`` that ``spec`` acts on, entered by ``by``;
    or the treaty, obligation or participant, saved a second time."""
    if spec.kind in STRUCTURE:
        row = {"treaty": world.treaty, "obligation": world.obligation}.get(spec.kind, participant)
        setattr(row, RENAMED[spec.kind], "Renamed")
        row.save()
        if spec.kind == "obligation":
            row.articles.set([make_article(world.treaty)])  # its form requires one
        return row
    if spec.state is None:
        return None
    review = {
        "review_state": STATES[spec.state],
        "verified_at": TODAY if spec.state == "published" else None,
        "created_by": by,
    }
    if spec.kind == "action":
        record = make_action(
            world.treaty, participant, "signature", date(2026, 1, 10), source="UNTC", **review
        )
    else:
        record = ObligationProgress.objects.create(
            participant=participant,
            obligation=world.obligation,
            as_of=date(2026, 1, 15),
            status="in_progress",
            assessed_by="Tracker secretariat",
            is_current=spec.state == "published",  # the pair's only published assessment
            **review,
        )
    if spec.edited:
        if spec.kind == "action":
            record.source = "UNTC, corrected"
        else:
            record.notes = "Corrected."
        record.version += 1
        record.save()
    return record


def database() -> tuple[Any, ...]:
    """A fingerprint of everything a write path can touch, in one query: each save of a
    treaty, obligation, participant, action or assessment writes a row of its history,
    whatever saved it; and the versions of actions and assessments, raised by every save."""
    table = connection.ops.quote_name
    histories = [m.history.model._meta.db_table for m in (*STRUCTURE.values(), *RECORDS)]
    counts = [f"(SELECT COUNT(*) FROM {table(name)})" for name in histories]
    versions = [f"(SELECT SUM(version) FROM {table(m._meta.db_table)})" for m in RECORDS]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(counts + versions))
        return tuple(cursor.fetchone())


# --- The requests: the admin


def admin_url(kind: str, view: str, *args: Any) -> str:
    model = "treatyaction" if kind == "action" else "obligationprogress"
    return reverse(f"admin:treaty_{model}_{view}", args=args)


def action_form(world: Any, participant: Any, record: Any = None) -> dict[str, Any]:
    return {
        "treaty": world.treaty.pk,
        "participant": participant.pk,
        "kind": "signature",
        "date": "2026-01-10",
        "effective_on": "",
        "relates_to": "",
        "text": "",
        "source": "UNTC" if record is None else "UNTC, second look",
        "source_kind": "depositary",  # the admin asks for each source's kind
        "source_url": "",
        "depositary_notification": "",
        "loaded_version": "" if record is None else record.version,
    }


def assessment_form(world: Any, participant: Any, record: Any = None) -> dict[str, Any]:
    return {
        "participant": participant.pk,
        "obligation": world.obligation.pk,
        "as_of": "2026-01-15" if record is None else record.as_of.isoformat(),
        "status": "in_progress",
        "evidence_title": "",
        "evidence_citation": "",
        "evidence_url": "",
        "evidence_adopted_on": "",
        "notes": "" if record is None else "Second look.",
        "assessed_by": "Tracker secretariat",
        "loaded_version": "" if record is None else record.version,
    }


def admin_form(kind: str, world: Any, participant: Any, record: Any = None) -> dict[str, Any]:
    form = action_form if kind == "action" else assessment_form
    return {**form(world, participant, record), "_save": "Save"}


def run_admin_action(client: Any, kind: str, name: str, record: Any) -> Any:
    """An admin review action from the changelist; withdraw and return answer their
    intermediate page with the text they ask for."""
    data: dict[str, Any] = {"action": name, "index": 0, "_selected_action": [record.pk]}
    if name in ("withdraw_selected", "return_selected"):
        data |= {"post": "yes", "text": "Checked against the depositary's record."}
    return client.post(admin_url(kind, "changelist"), data)


def import_file(client: Any, url: str, content: str, name: str, **fields: Any) -> Any:
    """Uploads a table (the dry run) and, when it is accepted, confirms it."""
    upload = SimpleUploadedFile(name, content.encode())
    response = client.post(url, {"file": upload, **fields})
    token = response.context.get("token") if response.status_code == 200 else None
    if token:
        response = client.post(url, {"confirm": "1", "token": token})
    return response


def status_table(participant: Any, signed: str = "10 Jan 2026") -> str:
    return (
        "Participant\tSignature\tRatification, Acceptance(A), Approval(AA), Accession(a), "
        f"Succession(d)\n{participant.name}\t{signed}\t\n"
    )


def assessments_table(world: Any, participant: Any) -> str:
    """One assessment; for the same day as the arranged one, with other content."""
    return (
        "participant,obligation,status,as_of,assessed_by\n"
        f"{participant.iso3},{world.obligation.code},in_progress,2026-01-15,Ministry of Justice\n"
    )


def run_command(client: Any, name: str, content: str, *args: str) -> Any:
    """Runs an import command with --apply as the client's user; its answer as a status: 0
    applied, 1 refused (CommandError)."""
    user = client.tracker_user
    with tempfile.TemporaryDirectory() as folder:
        path = FilePath(folder) / ("table.tsv" if name == "import_status_table" else "a.csv")
        path.write_text(content)
        username = user.username if user is not None else "nobody"
        try:
            call_command(
                name,
                str(path),
                *args,
                "--apply",
                "--user",
                username,
                stdout=io.StringIO(),
                stderr=io.StringIO(),
            )
        except CommandError:
            return SimpleNamespace(status_code=1)
    return SimpleNamespace(status_code=0)


def command_status_table(signed: str = "10 Jan 2026") -> Any:
    return lambda c, k, w, p, r: run_command(
        c,
        "import_status_table",
        status_table(p, signed),
        "--treaty",
        w.treaty.slug,
        "--source",
        "UNTC XVIII-16, 1 June 2026",
    )


def command_assessments(c: Any, k: str, w: Any, p: Any, r: Any) -> Any:
    return run_command(c, "import_assessments", assessments_table(w, p), "--treaty", w.treaty.slug)


def admin_status_table(signed: str = "10 Jan 2026") -> Any:
    return lambda c, k, w, p, r: import_file(
        c,
        reverse("admin:treaty_treatyaction_import"),
        status_table(p, signed),
        "status.tsv",
        treaty=w.treaty.pk,
        source="UNTC XVIII-16, 1 June 2026",
    )


def admin_assessments(c: Any, k: str, w: Any, p: Any, r: Any) -> Any:
    return import_file(
        c,
        reverse("admin:treaty_obligationprogress_import"),
        assessments_table(w, p),
        "assessments.csv",
        treaty=w.treaty.pk,
    )


def _review(name: str) -> Any:
    return lambda client, kind, world, participant, record: run_admin_action(
        client, kind, name, record
    )


def _revert_structure(client: Any, kind: str, world: Any, participant: Any, row: Any) -> Any:
    first = row.history.earliest()
    url = reverse(f"admin:treaty_{kind}_simple_history", args=[row.pk, first.history_id])
    return client.post(url, revert_form(url))


def revert_form(url: str) -> dict[str, Any]:
    """What a revert page posts back untouched: the old version's content, read by a
    superuser (who may open any page), whoever then posts it."""
    reader = APIClient()
    reader.force_login(make_user(is_staff=True, is_superuser=True))
    form = reader.get(url).context["adminform"].form
    return {name: "" if form[name].value() is None else form[name].value() for name in form.fields}


def _change(client: Any, kind: str, world: Any, participant: Any, record: Any) -> Any:
    return client.post(
        admin_url(kind, "change", record.pk), admin_form(kind, world, participant, record)
    )


def _revert(client: Any, kind: str, world: Any, participant: Any, record: Any) -> Any:
    first = record.history.earliest()
    url = admin_url(kind, "simple_history", record.pk, first.history_id)
    # The first version's content, sent from a page opened on the stored version.
    content = admin_form(kind, world, participant)
    return client.post(url, {**content, "loaded_version": record.version})


# --- The requests: the API


API_BODIES = {
    "submit": {},
    "verify": {},
    "return": {"comment": "Give the depositary notification."},
    "withdraw": {"reason": "Entered twice."},
}


def api_resource(kind: str) -> str:
    return "/api/v1/actions/" if kind == "action" else "/api/v1/assessments/"


def api_post(client: Any, kind: str, world: Any, participant: Any) -> Any:
    if kind == "action":
        body = {"kind": "signature", "date": "2026-01-10", "source": "UNTC"}
    else:
        body = {
            "obligation": world.obligation.code,
            "as_of": "2026-01-15",
            "status": "in_progress",
            "assessed_by": "Tracker secretariat",
        }
    body |= {"treaty": world.treaty.slug, "participant": participant.iso3}
    return client.post(api_resource(kind), body, format="json")


def api_patch(client: Any, kind: str, record: Any) -> Any:
    change = {"source": "UNTC, second look"} if kind == "action" else {"notes": "Second look."}
    return client.patch(
        f"{api_resource(kind)}{record.pk}/", {"version": record.version, **change}, format="json"
    )


def api_step(client: Any, kind: str, step: str, record: Any) -> Any:
    return client.post(f"{api_resource(kind)}{record.pk}/{step}/", API_BODIES[step], format="json")


def _patch(client: Any, kind: str, world: Any, participant: Any, record: Any) -> Any:
    return api_patch(client, kind, record)


# --- Every write path, by its name in the table


def _paths() -> dict[str, Path]:
    paths: dict[str, Path] = {}
    for kind in ("action", "assessment"):
        paths |= {
            f"admin: add {kind}": Path(
                kind,
                None,
                lambda c, k, w, p, r: c.post(admin_url(k, "add"), admin_form(k, w, p)),
            ),
            f"admin: change {kind}": Path(kind, "draft", _change),
            f"admin: change published {kind}": Path(kind, "published", _change),
            f"admin: revert {kind}": Path(kind, "draft", _revert, edited=True),
            f"admin: revert published {kind}": Path(kind, "published", _revert, edited=True),
            f"admin: submit {kind}": Path(kind, "draft", _review("submit_selected")),
            f"admin: withdraw {kind}": Path(kind, "draft", _review("withdraw_selected")),
            f"admin: verify {kind}": Path(kind, "submitted", _review("verify_selected")),
            f"admin: verify own {kind}": Path(
                kind, "submitted", _review("verify_selected"), own=True
            ),
            f"admin: return {kind}": Path(kind, "submitted", _review("return_selected")),
            f"API: POST {kind}": Path(kind, None, lambda c, k, w, p, r: api_post(c, k, w, p)),
            f"API: PATCH {kind}": Path(kind, "draft", _patch),
            f"API: PATCH published {kind}": Path(kind, "published", _patch),
        }
        for step, state in [
            ("submit", "draft"),
            ("withdraw", "draft"),
            ("verify", "submitted"),
            ("return", "submitted"),
        ]:
            paths[f"API: {step} {kind}"] = Path(
                kind, state, lambda c, k, w, p, r, step=step: api_step(c, k, step, r)
            )
        paths[f"API: verify own {kind}"] = Path(
            kind, "submitted", lambda c, k, w, p, r: api_step(c, k, "verify", r), own=True
        )
    for kind in STRUCTURE:
        paths[f"admin: revert {kind}"] = Path(kind, None, _revert_structure)
    # The importers: the admin's upload and the commands, adding a record or correcting a
    # published one (the depositary's signature a day later; the assessment rewritten).
    paths["admin: import status table"] = Path("action", None, admin_status_table())
    paths["admin: import over published action"] = Path(
        "action", "published", admin_status_table("11 Jan 2026")
    )
    paths["command: import status table"] = Path("action", None, command_status_table())
    paths["command: import over published action"] = Path(
        "action", "published", command_status_table("11 Jan 2026")
    )
    paths["admin: import assessments"] = Path("assessment", None, admin_assessments)
    paths["admin: import over published assessment"] = Path(
        "assessment", "published", admin_assessments
    )
    paths["command: import assessments"] = Path("assessment", None, command_assessments)
    paths["command: import over published assessment"] = Path(
        "assessment", "published", command_assessments
    )
    # The review steps after an edit: whoever changed a submitted record does not verify it.
    for kind in ("action", "assessment"):
        paths[f"admin: verify {kind} after own change"] = Path(
            kind, "submitted", _review("verify_selected"), prepare=_change
        )
        paths[f"API: verify {kind} after own PATCH"] = Path(
            kind,
            "submitted",
            lambda c, k, w, p, r: api_step(c, k, "verify", r),
            prepare=_patch,
        )
    return paths


PATHS = _paths()


def test_the_table_covers_every_write_path_for_both_participants_and_every_role():
    rows = {(path, record) for path, record, *_ in CELLS}
    assert {path for path, _ in rows} == set(PATHS)
    for path, spec in PATHS.items():
        assert {record for p, record in rows if p == path} == spec.records, path
    assert len(CELLS) == len(rows) * len(ROLES)


@pytest.mark.parametrize(
    ("path", "record", "role", "allowed", "status"),
    CELLS,
    ids=[f"{path} | {record} | {role}" for path, record, role, *_ in CELLS],
)
def test_each_role_may_write_exactly_what_the_table_says(
    world, path, record, role, allowed, status
):
    spec = PATHS[path]
    participant = world.participants.get(record)
    user = persona(role, world.participants["A"])
    target = arrange(spec, world, participant, user if spec.own else world.author)
    client = APIClient()
    client.tracker_user = user  # for the import commands, which run as a named user
    if user is not None:
        client.force_login(user)
    if spec.prepare is not None:
        spec.prepare(client, spec.kind, world, participant, target)
    before = database()

    response = spec.send(client, spec.kind, world, participant, target)

    assert response.status_code == status, getattr(response, "content", b"")[:2000]
    assert (database() != before) is allowed
