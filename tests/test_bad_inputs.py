"""A catalogue of bad inputs (issue 6, "Reliability and security"): every channel a person or a
program can write or ask through — admin forms, API writes, API reads and filters, public
pages, exports, the two importers, the token endpoint — fed a bad value.

Each case is one row of ``CASES``: its id, the channel, the input, the expected status and the
key phrase of the message. Each asserts

(a) a clear answer: the expected status (never a 500), the key phrase saying what is wrong,
    and no stack trace;
(b) the data unchanged: every table of the treaty app (and the API tokens) has the same row
    count and the same latest ``updated_at`` / ``version`` before and after.

The ``markup`` rows are the exception: they store ``<script>alert(1)</script>`` through a
legitimate write and assert that it comes out escaped in HTML (public pages, admin) and as
plain string data in JSON (API) and CSV (exports).

Today is 1 June 2026 throughout: Viet Nam (the ``ratifier``) has signed and ratified, France
(the ``signatory``) has signed and has a draft ratification (version 2) under review, Norway (the
``outsider``) has done nothing; the signature window (25 Oct 2025 – 31 Dec 2026) is open.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import make_action, make_assessment, make_user
from treaty import roles, services
from treaty.models import ObligationProgress, Participant, ParticipantName, ReviewState

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
IMG = "<img src=x onerror=alert(1)>"  # markup without "/", which a file name cannot hold
SLUG = "un-cybercrime-convention"
DROP = object()  # an override that removes the key from the base input

# --- Channels --------------------------------------------------------------------------------

ADMIN_ACTION = "admin: add treaty action"
ADMIN_ASSESSMENT = "admin: add assessment"
API_ACTION = "api: POST action"
API_ASSESSMENT = "api: POST assessment"
API_PATCH = "api: PATCH"
API_RAW = "api: raw body"
API_READ = "api: read"
PAGE = "public page"
EXPORT = "export"
STATUS_IMPORT = "import: status table"
ASSESSMENT_IMPORT = "import: assessments"
TOKEN = "api: token"
MARKUP = "markup"

# --- The good input of each channel (a bad case overrides one thing) -------------------------

# Form fields: "@name" is replaced by the id of that object (see ``world``).
ADMIN_ACTION_FORM = {
    "treaty": "@treaty",
    "participant": "@NOR",
    "kind": "accession",
    "date": "2026-03-01",
    "effective_on": "",
    "relates_to": "",
    "text": "",
    "source": "UNTC XVIII-16 status page",
    "source_kind": "depositary",
    "source_url": "https://treaties.un.org/",
    "depositary_notification": "",
    "publish": "on",
}
ADMIN_ASSESSMENT_FORM = {
    "participant": "@VNM",
    "obligation": "@art-53-awareness",
    "as_of": "2026-03-01",
    "status": "in_progress",
    "evidence_title": "",
    "evidence_citation": "",
    "evidence_url": "",
    "evidence_adopted_on": "",
    "notes": "",
    "assessed_by": "Tracker secretariat",
}
API_ACTION_BODY = {
    "treaty": SLUG,
    "participant": "NOR",
    "kind": "accession",
    "date": "2026-03-01",
    "source": "UNTC XVIII-16 status page",
    "publish": True,
}
API_ASSESSMENT_BODY = {
    "treaty": SLUG,
    "obligation": "art-53-awareness",
    "participant": "VNM",
    "as_of": "2026-03-01",
    "status": "in_progress",
    "assessed_by": "Tracker secretariat",
}
STATUS_HEADER = (
    "Participant\tSignature\t"
    "Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)\n"
)
STATUS_FORM = {"treaty": "@treaty", "source": "UNTC XVIII-16, 1 June 2026", "source_url": ""}
ASSESSMENT_HEADER = "participant,obligation,status,as_of,assessed_by,evidence_title,evidence_url,evidence_adopted_on\n"
ASSESSMENT_FORM = {"treaty": "@treaty"}
TOKEN_BODY = {"username": "editor", "password": "secret-pass-123"}
# A JSON body nested 50,000 deep: Python's decoder would raise RecursionError (trust, item 7).
DEEP_JSON = "[" * 50_000 + "]" * 50_000
DEEP_OBJECT = '{"username": ' + DEEP_JSON + "}"


def status_table(*rows: str) -> str:
    return STATUS_HEADER + "".join(f"{row}\n" for row in rows)


def assessment_table(*rows: str) -> str:
    return ASSESSMENT_HEADER + "".join(f"{row}\n" for row in rows)


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


OVERSIZED = status_table(*["France\t25 Oct 2025\t"] * 330_000)  # 6.6 MB of valid rows
LONG_CELL = "a,b\n" + "x" * 200_000 + ",y\n"  # one cell beyond the csv module's field limit


def upload(name: str, content: str | bytes, **form: str) -> dict[str, Any]:
    return {"name": name, "content": content, "form": form}


@dataclass(frozen=True)
class Bad:
    id: str
    channel: str
    given: Any  # what is sent: form overrides, a body, a URL, a file…
    status: int  # the expected HTTP status (200: the form or import page shows the problem)
    phrase: str  # the key phrase of the message that says what is wrong
    extra: dict[str, Any] = field(default_factory=dict)


# --- The catalogue ---------------------------------------------------------------------------

CASES = [
    # Admin: the add form of a treaty action (an editor, who may publish at once).
    Bad("admin-action-before-adoption", ADMIN_ACTION, {"date": "2024-11-30"}, 200,
        "no action can be dated before that"),
    Bad("admin-action-future-date", ADMIN_ACTION, {"date": "2026-07-01"}, 200,
        "is in the future: record an action once it has happened"),
    Bad("admin-action-malformed-date", ADMIN_ACTION, {"date": "2026-02-30"}, 200,
        "Enter a valid date."),
    Bad("admin-action-signature-outside-window", ADMIN_ACTION,
        {"kind": "signature", "date": "2025-06-01"}, 200, "is outside that window"),
    Bad("admin-action-second-signature", ADMIN_ACTION,
        {"participant": "@FRA", "kind": "signature", "date": "2026-03-01"}, 200,
        "already signed on 25 October 2025: one signature per treaty"),
    Bad("admin-action-ratification-without-signature", ADMIN_ACTION, {"kind": "ratification"},
        200, "has no signature on or before"),
    Bad("admin-action-second-instrument", ADMIN_ACTION,
        {"participant": "@VNM", "date": "2026-04-01"}, 200,
        "already deposited an instrument (ratification, 2 March 2026)"),
    Bad("admin-action-denunciation-by-non-party", ADMIN_ACTION,
        {"participant": "@VNM", "kind": "denunciation", "date": "2026-05-01"}, 200,
        "only a party can denounce the treaty"),
    Bad("admin-action-objection-without-reservation", ADMIN_ACTION,
        {"kind": "objection", "text": "Objects."}, 200,
        "Name the reservation this objection or withdrawal concerns."),
    Bad("admin-action-unknown-kind", ADMIN_ACTION, {"kind": "coronation"}, 200,
        "Select a valid choice. coronation is not one of the available choices."),
    Bad("admin-action-unknown-participant", ADMIN_ACTION, {"participant": "999999"}, 200,
        "Select a valid choice. That choice is not one of the available choices."),
    Bad("admin-action-javascript-url", ADMIN_ACTION, {"source_url": "javascript:alert(1)"}, 200,
        "Enter a valid URL."),
    Bad("admin-action-over-long-source", ADMIN_ACTION, {"source": "x" * 1001}, 200,
        "Ensure this value has at most 1000 characters (it has 1001)."),
    # Admin: the add form of an assessment.
    Bad("admin-assessment-over-long-notes", ADMIN_ASSESSMENT, {"notes": "n" * 5_001}, 200,
        "Ensure this value has at most 5000 characters (it has 5001)."),
    Bad("admin-assessment-status-not-in-list", ADMIN_ASSESSMENT, {"status": "done"}, 200,
        "Select a valid choice. done is not one of the available choices."),
    Bad("admin-assessment-aligned-without-evidence", ADMIN_ASSESSMENT, {"status": "aligned"},
        200, "An aligned or partially aligned status needs evidence"),
    Bad("admin-assessment-evidence-after-assessment", ADMIN_ASSESSMENT,
        {"evidence_title": "Cybercrime Act", "evidence_adopted_on": "2026-04-01"}, 200,
        "The evidence was adopted after the day assessed"),
    Bad("admin-assessment-future-date", ADMIN_ASSESSMENT, {"as_of": "2026-06-02"}, 200,
        "An assessment describes a day that has come"),
    Bad("admin-assessment-before-adoption", ADMIN_ASSESSMENT, {"as_of": "2024-01-01"}, 200,
        "The treaty was adopted on 24 December 2024: assess a day after that."),
    Bad("admin-assessment-duplicate", ADMIN_ASSESSMENT,
        {"obligation": "@art-7", "as_of": "2026-02-01"}, 200,
        "Viet Nam already has an assessment of 1 February 2026 for this obligation"),
    Bad("admin-assessment-javascript-url", ADMIN_ASSESSMENT,
        {"evidence_title": "Act", "evidence_url": "javascript:alert(1)"}, 200,
        "Enter a valid URL."),
    # API writes (an editor's token): new treaty actions.
    Bad("api-action-future-date", API_ACTION, {"date": "2026-07-01"}, 400,
        "is in the future: record an action once it has happened"),
    Bad("api-action-before-adoption", API_ACTION, {"date": "2020-01-01"}, 400,
        "no action can be dated before that"),
    Bad("api-action-day-first-date", API_ACTION, {"date": "01/03/2026"}, 400,
        "Date has wrong format. Use one of these formats instead: YYYY-MM-DD."),
    Bad("api-action-unknown-participant", API_ACTION, {"participant": "QQQ"}, 400,
        "Object with iso3=QQQ does not exist."),
    Bad("api-action-unknown-treaty", API_ACTION, {"treaty": "no-such-treaty"}, 400,
        "Object with slug=no-such-treaty does not exist."),
    Bad("api-action-unknown-kind", API_ACTION, {"kind": "coronation"}, 400,
        '"coronation" is not a valid choice.'),
    Bad("api-action-second-signature", API_ACTION,
        {"participant": "FRA", "kind": "signature"}, 400, "one signature per treaty"),
    Bad("api-action-ratification-without-signature", API_ACTION, {"kind": "ratification"}, 400,
        "a non-signatory joins by accession"),
    Bad("api-action-effect-before-denunciation", API_ACTION,
        {"participant": "VNM", "kind": "denunciation", "date": "2026-05-01",
         "effective_on": "2026-04-01"}, 400,
        "An action takes effect on or after the day it is made"),
    Bad("api-action-objection-to-a-signature", API_ACTION,
        {"kind": "objection", "relates_to": "@vnm_signature"}, 400,
        "This must be a reservation to the same treaty."),
    Bad("api-action-unknown-relates-to", API_ACTION,
        {"kind": "objection", "relates_to": 999999}, 400,
        'Invalid pk "999999" - object does not exist.'),
    Bad("api-action-non-integer-relates-to", API_ACTION,
        {"kind": "objection", "relates_to": "first"}, 400,
        "Incorrect type. Expected pk value, received str."),
    Bad("api-action-javascript-url", API_ACTION, {"source_url": "javascript:alert(1)"}, 400,
        "Enter a valid URL."),
    Bad("api-action-over-long-notification", API_ACTION,
        {"depositary_notification": "C.N." + "9" * 80}, 400,
        "Ensure this value has at most 80 characters (it has 84)."),
    Bad("api-action-blank-source", API_ACTION, {"source": ""}, 400,
        "This field cannot be blank."),
    Bad("api-action-missing-date", API_ACTION, {"date": DROP}, 400, "This field is required."),
    Bad("api-action-over-long-declaration", API_ACTION,
        {"kind": "declaration", "text": "x" * 20_001}, 400,
        "Ensure this value has at most 20000 characters (it has 20001)."),
    # API writes: new assessments.
    Bad("api-assessment-status-not-in-list", API_ASSESSMENT, {"status": "done"}, 400,
        '"done" is not a valid choice.'),
    Bad("api-assessment-unknown-obligation", API_ASSESSMENT, {"obligation": "art-999"}, 400,
        "UN Convention against Cybercrime has no obligation with the code 'art-999'."),
    Bad("api-assessment-aligned-without-evidence", API_ASSESSMENT, {"status": "aligned"}, 400,
        "needs evidence: name the law or measure"),
    Bad("api-assessment-evidence-after-assessment", API_ASSESSMENT,
        {"evidence_title": "Act", "evidence_adopted_on": "2026-05-01"}, 400,
        "The evidence was adopted after the day assessed"),
    Bad("api-assessment-future-date", API_ASSESSMENT, {"as_of": "2027-01-01"}, 400,
        "is in the future"),
    Bad("api-assessment-duplicate", API_ASSESSMENT,
        {"obligation": "art-7", "as_of": "2026-02-01"}, 400,
        "already has an assessment of 1 February 2026"),
    Bad("api-assessment-javascript-url", API_ASSESSMENT,
        {"evidence_title": "Act", "evidence_url": "javascript:alert(1)"}, 400,
        "Enter a valid URL."),
    Bad("api-assessment-over-long-title", API_ASSESSMENT, {"evidence_title": "Act." * 80}, 400,
        "Ensure this value has at most 300 characters (it has 320)."),
    Bad("api-assessment-five-megabyte-note", API_ASSESSMENT, {"notes": "n" * 4_900_000}, 400,
        "Ensure this value has at most 5000 characters (it has 4900000)."),
    # API writes: corrections (PATCH) and bodies that are not what they should be.
    Bad("api-patch-stale-version", API_PATCH,
        ("/api/v1/actions/@draft/", {"version": 1, "date": "2026-04-02"}), 409,
        "This record was changed by someone else since you opened it (version 1"),
    Bad("api-patch-without-version", API_PATCH,
        ("/api/v1/actions/@draft/", {"date": "2026-04-02"}), 400,
        "Send the version you edited"),
    Bad("api-patch-ratification-before-signature", API_PATCH,
        ("/api/v1/actions/@draft/", {"version": 2, "date": "2025-10-01"}), 400,
        "has no signature on or before 1 October 2025"),
    Bad("api-patch-evidence-after-assessment", API_PATCH,
        ("/api/v1/assessments/@draft_assessment/",
         {"version": 1, "evidence_title": "Act", "evidence_adopted_on": "2026-05-01"}), 400,
        "The evidence was adopted after the day assessed"),
    Bad("api-patch-non-integer-id", API_PATCH,
        ("/api/v1/actions/first/", {"version": 1, "date": "2026-04-02"}), 404, "Not found."),
    Bad("api-patch-non-integer-version", API_PATCH,
        ("/api/v1/actions/@draft/", {"version": "two", "date": "2026-04-02"}), 400,
        "A valid integer is required."),
    Bad("api-body-not-json", API_RAW,
        ("/api/v1/actions/", '{"treaty": "un-cybercrime-convention", "date": '), 400,
        "JSON parse error"),
    Bad("api-body-nested-50000-deep", API_RAW, ("/api/v1/actions/", DEEP_JSON), 400,
        "JSON body nested more than 32 levels deep"),
    Bad("api-review-step-nested-deep", API_RAW, ("/api/v1/actions/@draft/submit/", DEEP_OBJECT),
        400, "JSON body nested more than 32 levels deep"),
    Bad("api-withdraw-over-long-reason", API_RAW,
        ("/api/v1/actions/@draft/withdraw/", json.dumps({"reason": "r" * 2_001})), 400,
        "Ensure this value has at most 2000 characters (it has 2001)."),
    Bad("api-body-json-list", API_RAW, ("/api/v1/actions/", "[1, 2]"), 400,
        "Invalid data. Expected a dictionary, but got list."),
    # API reads and filters (anonymous).
    Bad("api-read-malformed-as-of", API_READ, "/api/v1/treaties/?as_of=2026-13-01", 400,
        "is not a date. Give the day as YYYY-MM-DD"),
    Bad("api-read-future-as-of", API_READ, "/api/v1/participants/?as_of=2027-01-01", 400,
        "is in the future"),
    Bad("api-read-unknown-iso-code", API_READ, "/api/v1/actions/?participant=VNM,QQQ", 400,
        "Unknown participant code: QQQ."),
    Bad("api-read-malformed-iso-code", API_READ, "/api/v1/assessments/?participant=V1M", 400,
        "Not a valid participant code: V1M."),
    Bad("api-read-unknown-choice", API_READ, "/api/v1/actions/?kind=coronation", 400,
        "“coronation” is not a valid choice. Valid choices: signature, ratification,"),
    Bad("api-read-unknown-ordering", API_READ, "/api/v1/assessments/?ordering=secret", 400,
        "“secret” is not a valid choice. Valid choices: participant, -participant,"),
    Bad("api-read-limit-zero", API_READ, "/api/v1/participants/?limit=0", 400,
        "Enter a whole number from 1 to 1000."),
    Bad("api-read-limit-not-a-number", API_READ, "/api/v1/actions/?limit=ten", 400,
        "Enter a whole number from 1 to 1000."),
    Bad("api-read-limit-superscript-digit", API_READ, "/api/v1/treaties/?limit=%C2%B2", 400,
        "Enter a whole number from 1 to 1000."),
    Bad("api-read-not-a-boolean", API_READ, "/api/v1/assessments/?current=maybe", 400,
        "Enter true or false."),
    Bad("api-read-unknown-participant", API_READ, "/api/v1/participants/QQQ/", 404,
        "No Participant matches the given query."),
    Bad("api-read-non-integer-id", API_READ, "/api/v1/actions/first/", 404, "Not found."),
    Bad("api-read-out-of-range-id", API_READ, "/api/v1/assessments/99999999999999999999/", 404,
        "No ObligationProgress matches the given query."),
    # Public pages.
    Bad("page-malformed-as-of", PAGE, "/en/countries/VNM/?as_of=yesterday", 400,
        "“yesterday” is not a date. Give the day as YYYY-MM-DD"),
    Bad("page-impossible-as-of", PAGE, "/en/countries/?as_of=2026-02-29", 400,
        "“2026-02-29” is not a date."),
    Bad("page-future-as-of", PAGE, "/en/?as_of=2027-01-01", 400,
        "1 January 2027 is in the future: the tracker shows what has been recorded"),
    Bad("page-unknown-country-code", PAGE, "/en/countries/QQQ/", 404,
        "No participant has the code “QQQ”. Use an ISO 3166 alpha-3 code such as VNM."),
    Bad("page-unknown-obligation", PAGE, f"/en/treaties/{SLUG}/obligations/art-999/", 404,
        "Page not found"),
    Bad("page-out-of-range-article", PAGE, f"/en/treaties/{SLUG}/articles/99999999999999999999/",
        404, "Page not found"),
    # Exports (a bad filter is a 400 whose JSON names the parameter).
    Bad("export-malformed-as-of", EXPORT, "/api/v1/exports/actions.csv?as_of=soon", 400,
        "“soon” is not a date.", {"parameter": "as_of"}),
    Bad("export-future-as-of", EXPORT, "/api/v1/exports/panel-long.csv?as_of=2030-01-01", 400,
        "is in the future", {"parameter": "as_of"}),
    Bad("export-unknown-iso-code", EXPORT, "/api/v1/exports/assessments.csv?participant=QQQ",
        400, "Unknown participant code: QQQ.", {"parameter": "participant"}),
    Bad("export-unknown-status", EXPORT, "/api/v1/exports/assessments.xlsx?status=done", 400,
        "“done” is not a valid choice. Valid choices: not_started, in_progress,",
        {"parameter": "status"}),
    Bad("export-unknown-obligation", EXPORT, "/api/v1/exports/panel-wide.json?obligation=art-0",
        400, "Unknown obligation code: art-0.", {"parameter": "obligation"}),
    Bad("export-bad-bom", EXPORT, "/api/v1/exports/participants.csv?bom=maybe", 400,
        "Give bom=1 to start the CSV with a byte-order mark", {"parameter": "bom"}),
    # Import of a depositary status table (admin, an editor): nothing is written.
    Bad("status-malformed-date", STATUS_IMPORT,
        upload("status.tsv", status_table("Norway\t\tyesterday a")), 200,
        "'yesterday a' is not a date: write it as in the depositary table"),
    Bad("status-impossible-date", STATUS_IMPORT,
        upload("status.tsv", status_table("Norway\t\t30 Feb 2026 a")), 200,
        "'30 Feb 2026' is not a calendar date."),
    Bad("status-future-date", STATUS_IMPORT,
        upload("status.tsv", status_table("Norway\t\t1 Jul 2026 a")), 200,
        "line 2, column 'Consent': Norway: The date 1 July 2026 is in the future"),
    Bad("status-unknown-suffix", STATUS_IMPORT,
        upload("status.tsv", status_table("Norway\t\t3 Mar 2026 X")), 200,
        "unknown suffix 'X' in '3 Mar 2026 X': allowed here are none, 'A', 'AA', 'a'"),
    Bad("status-unknown-participant", STATUS_IMPORT,
        upload("status.tsv", status_table("Atlantis\t25 Oct 2025\t")), 200,
        "line 2, column 'Participant': unknown participant 'Atlantis'"),
    Bad("status-duplicate-participant", STATUS_IMPORT,
        upload("status.tsv", status_table("France\t25 Oct 2025\t", "France 2\t25 Oct 2025\t")),
        200, "France appears twice (also on line 2)."),
    Bad("status-consent-before-signature", STATUS_IMPORT,
        upload("status.tsv", status_table("Norway\t3 Mar 2026\t1 Mar 2026")), 200,
        "Norway has no signature on or before 1 March 2026"),
    Bad("status-wrong-header", STATUS_IMPORT,
        upload("status.csv", "Country,Signed\nNorway,25 Oct 2025\n"), 200,
        "no header row with a 'Participant' column."),
    Bad("status-empty-file", STATUS_IMPORT, upload("status.csv", "  \n\n"), 200,
        "The file is empty."),
    Bad("status-binary-file", STATUS_IMPORT,
        upload("status.csv", b"\x00\x01\x02Participant\x00\xff" * 50), 200,
        "The file is binary, not a text table"),
    Bad("status-oversized-file", STATUS_IMPORT, upload("status.tsv", OVERSIZED), 200,
        "The file is larger than 5 MB: split it."),
    Bad("status-xlsx-not-a-zip", STATUS_IMPORT, upload("status.xlsx", status_table()), 200,
        "Not a readable XLSX workbook (BadZipFile)."),
    Bad("status-xlsx-zip-not-a-workbook", STATUS_IMPORT,
        upload("status.xlsx", _zip({"[Content_Types].xml": "<Types"})), 200,
        "Not a readable XLSX workbook"),
    Bad("status-unknown-file-type", STATUS_IMPORT, upload("status.pdf", "%PDF-1.7"), 200,
        "'status.pdf': upload a .csv, .tsv, .txt or .xlsx file."),
    Bad("status-no-source", STATUS_IMPORT,
        upload("status.tsv", status_table("Norway\t\t3 Mar 2026 a"), source=""), 200,
        "This field is required."),
    # Import of assessments (admin, an editor).
    Bad("assessments-malformed-date", ASSESSMENT_IMPORT,
        upload("a.csv", assessment_table("VNM,art-25,in_progress,01/03/2026,Ministry,,,")), 200,
        "line 2, column 'as_of': '01/03/2026' is not a date: write it as YYYY-MM-DD."),
    Bad("assessments-future-date", ASSESSMENT_IMPORT,
        upload("a.csv", assessment_table("VNM,art-25,in_progress,2026-12-01,Ministry,,,")), 200,
        "An assessment describes a day that has come: 1 December 2026 is in the future."),
    Bad("assessments-unknown-participant", ASSESSMENT_IMPORT,
        upload("a.csv", assessment_table("Atlantis,art-25,in_progress,2026-03-01,Ministry,,,")),
        200, "unknown participant 'Atlantis': use an ISO code."),
    Bad("assessments-unknown-obligation", ASSESSMENT_IMPORT,
        upload("a.csv", assessment_table("VNM,art-999,in_progress,2026-03-01,Ministry,,,")), 200,
        "no obligation 'art-999' in UN Convention against Cybercrime"),
    Bad("assessments-status-not-in-list", ASSESSMENT_IMPORT,
        upload("a.csv", assessment_table("VNM,art-25,done,2026-03-01,Ministry,,,")), 200,
        "'done' is not a status; allowed: not_started, in_progress, partial, aligned"),
    Bad("assessments-duplicate-rows", ASSESSMENT_IMPORT,
        upload("a.csv", assessment_table("VNM,art-25,in_progress,2026-03-01,Ministry,,,",
                                          "Viet Nam,art-25,not_started,2026-03-01,Ministry,,,")),
        200, "line 3, column 'as_of': same assessment as line 2: keep one."),
    Bad("assessments-aligned-without-evidence", ASSESSMENT_IMPORT,
        upload("a.csv", assessment_table("VNM,art-25,aligned,2026-03-01,Ministry,,,")), 200,
        "An aligned or partially aligned status needs evidence"),
    Bad("assessments-evidence-after-assessment", ASSESSMENT_IMPORT,
        upload("a.csv", assessment_table("VNM,art-25,partial,2026-03-01,Ministry,Act,,2026-04-01")),
        200, "The evidence was adopted after the day assessed"),
    Bad("assessments-javascript-url", ASSESSMENT_IMPORT,
        upload("a.csv", assessment_table(
            "VNM,art-25,partial,2026-03-01,Ministry,Act,javascript:alert(1),")), 200,
        "line 2, column 'evidence_url': Enter a valid URL."),
    Bad("assessments-empty-required-cell", ASSESSMENT_IMPORT,
        upload("a.csv", assessment_table("VNM,art-25,in_progress,2026-03-01,,,,")), 200,
        "line 2, column 'assessed_by': empty; this column is required."),
    Bad("assessments-wrong-header", ASSESSMENT_IMPORT,
        upload("a.csv", "country,obligation,status\nVNM,art-25,aligned\n"), 200,
        "missing column(s); required: participant, obligation, status, as_of, assessed_by."),
    Bad("assessments-cell-beyond-csv-limit", ASSESSMENT_IMPORT, upload("a.csv", LONG_CELL), 200,
        "Not a readable CSV table"),
    Bad("assessments-xlsx-not-a-zip", ASSESSMENT_IMPORT,
        upload("a.xlsx", assessment_table()), 200, "Not a readable XLSX workbook"),
    Bad("assessments-markup-in-file-name", ASSESSMENT_IMPORT, upload(f"{IMG}.doc", "x"), 200,
        f"'{IMG}.doc': upload a .csv, .tsv, .txt or .xlsx file.", {"escaped": IMG}),
    # The token endpoint.
    Bad("token-wrong-password", TOKEN, {"password": "guess"}, 401,
        "Unable to log in with provided credentials."),
    Bad("token-missing-password", TOKEN, {"password": DROP}, 400, "This field is required."),
    Bad("token-body-not-json", TOKEN, '{"username": "editor", ', 400, "JSON parse error"),
    Bad("token-body-nested-50000-deep", TOKEN, DEEP_OBJECT, 400,
        "JSON body nested more than 32 levels deep"),
    Bad("token-username-over-255", TOKEN, {"username": "u" * 300}, 400,
        "Ensure this value has at most 150 characters (it has 300)."),
    # Markup in text fields, stored through a legitimate write: escaped in HTML, data in JSON/CSV.
    Bad("markup-declaration-text", MARKUP, "declaration text (API POST by an editor)", 200,
        ESCAPED),
    Bad("markup-evidence-title", MARKUP, "evidence title (API POST, then verified)", 200,
        ESCAPED),
    Bad("markup-participant-other-name", MARKUP, "other name (admin add form)", 200, ESCAPED),
]  # fmt: skip


# --- The world every case runs in, and the snapshot of the data ------------------------------


pytestmark = pytest.mark.usefixtures("api_today")


@pytest.fixture
def world(personas, treaty, obligations):
    """The personas, an editor (staff, Editor role) and the records a correction works on; ids
    by the names the catalogue uses after an "@"."""
    editor = make_user("editor", groups=(roles.EDITOR,), is_staff=True)
    draft = make_action(
        treaty,
        personas.signatory,
        "ratification",
        date(2026, 4, 1),
        review_state=ReviewState.DRAFT,
        verified_at=None,
        version=2,
    )
    draft_assessment = make_assessment(
        personas.ratifier, obligations[2], "in_progress", as_of=date(2026, 3, 15), publish=False
    )
    ids = {
        "treaty": treaty.pk,
        "draft": draft.pk,
        "draft_assessment": draft_assessment.pk,
        "vnm_signature": personas.ratifier.actions.get(kind="signature").pk,
        **{p.iso3: p.pk for p in Participant.objects.all()},
        **{o.code: o.pk for o in obligations},
    }
    return {"editor": editor, "ids": ids, **vars(personas)}


def resolve(value: Any, ids: dict[str, int]) -> Any:
    """``"@name"`` → the id of that object, also inside a URL; other values as they are."""
    if isinstance(value, str):
        if value.startswith("@") and value[1:] in ids:
            return ids[value[1:]]
        return re.sub(r"@([\w-]+)", lambda m: str(ids.get(m[1], m[0])), value)
    return value


def merged(base: dict[str, Any], overrides: dict[str, Any], ids: dict[str, int]) -> dict:
    data = {**base, **overrides}
    return {key: resolve(value, ids) for key, value in data.items() if value is not DROP}


def snapshot() -> dict[str, tuple[Any, ...]]:
    """Every table of the treaty app (history and many-to-many tables included) and the API
    tokens: row count, latest ``updated_at`` and highest ``version`` where the table has them."""
    models = [*apps.get_app_config("treaty").get_models(include_auto_created=True), Token]
    state = {}
    for model in models:
        names = {f.name for f in model._meta.concrete_fields}
        aggregates = {k: Max(k) for k in ("updated_at", "version") if k in names}
        rows = model._default_manager.all()
        state[model._meta.db_table] = (rows.count(), *rows.aggregate(**aggregates).values())
    return state


def message_text(response) -> str:
    """What a person or a program reads: the strings of a JSON body, or an HTML page's text."""
    if response.get("Content-Type", "").startswith("application/json"):
        strings: list[str] = []

        def walk(node: Any) -> None:
            if isinstance(node, dict):
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)
            else:
                strings.append(str(node))

        walk(json.loads(response.content))
        return "\n".join(strings)
    return html.unescape(response.content.decode())


# --- Sending a case through its channel ------------------------------------------------------


def admin_client(world) -> Client:
    client = Client()
    client.force_login(world["editor"])
    return client


def api_client(world) -> APIClient:
    client = APIClient()
    client.force_authenticate(world["editor"])
    return client


def send(case: Bad, world) -> Any:
    ids = world["ids"]
    given = case.given
    if case.channel == ADMIN_ACTION:
        data = merged(ADMIN_ACTION_FORM, given, ids)
        return admin_client(world).post(reverse("admin:treaty_treatyaction_add"), data)
    if case.channel == ADMIN_ASSESSMENT:
        data = merged(ADMIN_ASSESSMENT_FORM, given, ids)
        return admin_client(world).post(reverse("admin:treaty_obligationprogress_add"), data)
    if case.channel == API_ACTION:
        body = merged(API_ACTION_BODY, given, ids)
        return api_client(world).post("/api/v1/actions/", body, format="json")
    if case.channel == API_ASSESSMENT:
        body = merged(API_ASSESSMENT_BODY, given, ids)
        return api_client(world).post("/api/v1/assessments/", body, format="json")
    if case.channel == API_PATCH:
        path, body = given
        return api_client(world).patch(resolve(path, ids), body, format="json")
    if case.channel == API_RAW:
        path, raw = given
        return api_client(world).post(resolve(path, ids), raw, content_type="application/json")
    if case.channel in (API_READ, EXPORT):
        return APIClient().get(given)
    if case.channel == PAGE:
        return Client().get(given)
    if case.channel in (STATUS_IMPORT, ASSESSMENT_IMPORT):
        status = case.channel == STATUS_IMPORT
        name = (
            "admin:treaty_treatyaction_import"
            if status
            else "admin:treaty_obligationprogress_import"
        )
        content = given["content"]
        data = merged(STATUS_FORM if status else ASSESSMENT_FORM, given["form"], ids)
        data["file"] = SimpleUploadedFile(
            given["name"], content.encode() if isinstance(content, str) else content
        )
        return admin_client(world).post(reverse(name), data)
    if case.channel == TOKEN:
        if isinstance(given, str):
            return APIClient().post(reverse("api:token"), given, content_type="application/json")
        return APIClient().post(reverse("api:token"), merged(TOKEN_BODY, given, ids), format="json")
    raise AssertionError(f"no channel {case.channel!r}")


# --- The tests -------------------------------------------------------------------------------

BAD_CASES = [pytest.param(case, id=case.id) for case in CASES if case.channel != MARKUP]


def test_the_catalogue_is_complete():
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids)), "case ids are unique"
    assert len(BAD_CASES) >= 40
    channels = {case.channel for case in CASES}
    assert channels == {
        ADMIN_ACTION, ADMIN_ASSESSMENT, API_ACTION, API_ASSESSMENT, API_PATCH, API_RAW,
        API_READ, PAGE, EXPORT, STATUS_IMPORT, ASSESSMENT_IMPORT, TOKEN, MARKUP,
    }  # fmt: skip


@pytest.mark.parametrize("case", BAD_CASES)
def test_a_bad_input_gets_a_clear_message_and_changes_nothing(case: Bad, world):
    before = snapshot()
    response = send(case, world)
    text = message_text(response)

    assert response.status_code == case.status, text[:2000]
    assert case.phrase in text, text[:4000]
    assert "Traceback" not in text
    assert "Server Error" not in text
    if case.channel in (API_ACTION, API_ASSESSMENT, API_PATCH, API_RAW, API_READ, EXPORT, TOKEN):
        assert response["Content-Type"].startswith("application/json")
    if case.channel == EXPORT:
        # The JSON names the parameter at fault.
        assert case.extra["parameter"] in response.json()
    if case.channel in (STATUS_IMPORT, ASSESSMENT_IMPORT):
        assert response.context["token"] == "", "nothing is offered for confirmation"
    if "escaped" in case.extra:
        markup = case.extra["escaped"]
        assert markup not in response.content.decode()
        assert html.escape(markup) in response.content.decode()
    assert snapshot() == before, "the data changed"


@pytest.mark.parametrize(
    ("channel", "expected"),
    [
        (ADMIN_ACTION, 302),
        (ADMIN_ASSESSMENT, 302),
        (API_ACTION, 201),
        (API_ASSESSMENT, 201),
        (STATUS_IMPORT, 200),
        (ASSESSMENT_IMPORT, 200),
        (TOKEN, 200),
    ],
)
def test_the_good_input_of_each_channel_is_accepted(channel, expected, world):
    """The control: each base input passes, so a bad case fails for the value it changes."""
    given: Any = {}
    if channel == STATUS_IMPORT:
        given = upload("status.tsv", status_table("Norway\t\t3 Mar 2026 a"))
    elif channel == ASSESSMENT_IMPORT:
        given = upload("a.csv", assessment_table("VNM,art-25,in_progress,2026-03-01,Ministry,,,"))
    before = snapshot()
    response = send(Bad("good", channel, given, expected, ""), world)
    assert response.status_code == expected, message_text(response)[:3000]
    if channel in (STATUS_IMPORT, ASSESSMENT_IMPORT):
        # A dry run: it would add the row, and has written nothing yet.
        assert "1 added" in message_text(response)
        assert response.context["token"]
        assert snapshot() == before
    else:
        # The snapshot sees a write (so the catalogue's "unchanged" means something).
        assert snapshot() != before


# --- Markup: stored, then shown escaped ------------------------------------------------------


def _assert_escaped(response) -> str:
    assert response.status_code == 200
    page = response.content.decode()
    assert SCRIPT not in page
    assert ESCAPED in page
    return page


def _csv_cells(response) -> set[str]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    return {cell for row in csv.reader(io.StringIO(body)) for cell in row}


def markup_declaration_text(world) -> None:
    response = api_client(world).post(
        "/api/v1/actions/",
        {**API_ACTION_BODY, "participant": "VNM", "kind": "declaration", "date": "2026-03-02",
         "text": SCRIPT, "source": SCRIPT},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    # HTML: the public country page (as a declaration's text, and as its source) and the admin.
    page = _assert_escaped(Client().get("/en/countries/VNM/"))
    assert f'<blockquote dir="auto"><p>{ESCAPED}</p></blockquote>' in page
    _assert_escaped(admin_client(world).get(reverse("admin:treaty_treatyaction_change", args=[pk])))
    # JSON: the text as it was typed, as string data.
    detail = APIClient().get(f"/api/v1/actions/{pk}/")
    assert detail["Content-Type"].startswith("application/json")
    assert detail.json()["text"] == SCRIPT
    # CSV: the source column carries it as a plain cell.
    assert SCRIPT in _csv_cells(APIClient().get("/api/v1/exports/actions.csv?participant=VNM"))


def markup_evidence_title(world) -> None:
    response = api_client(world).post(
        "/api/v1/assessments/",
        {**API_ASSESSMENT_BODY, "status": "partial", "evidence_title": SCRIPT},
        format="json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    reviewer = make_user(groups=(roles.REVIEWER,))
    services.submit(record=ObligationProgress.objects.get(pk=pk))
    services.verify(record=ObligationProgress.objects.get(pk=pk), by=reviewer)
    _assert_escaped(Client().get("/en/countries/VNM/"))
    _assert_escaped(
        admin_client(world).get(reverse("admin:treaty_obligationprogress_change", args=[pk]))
    )
    detail = APIClient().get(f"/api/v1/assessments/{pk}/")
    assert detail.json()["evidence_title"] == SCRIPT
    assert SCRIPT in _csv_cells(APIClient().get("/api/v1/exports/assessments.csv?participant=VNM"))


def markup_participant_other_name(world) -> None:
    norway = world["outsider"]
    response = admin_client(world).post(
        reverse("admin:treaty_participantname_add"),
        {"participant": norway.pk, "name": SCRIPT, "note": SCRIPT},
    )
    assert response.status_code == 302, message_text(response)[:3000]
    assert ParticipantName.objects.get(participant=norway).name == SCRIPT
    # The admin lists it escaped, on its own list and on the participant's page.
    _assert_escaped(admin_client(world).get(reverse("admin:treaty_participantname_changelist")))
    admin = admin_client(world)
    _assert_escaped(admin.get(reverse("admin:treaty_participant_change", args=[norway.pk])))
    # The public search finds Norway by that name, and echoes the search escaped.
    page = _assert_escaped(Client().get("/en/countries/", {"q": SCRIPT}))
    assert "/en/countries/NOR/" in page
    # The API finds it too (the JSON carries no other names: only the match shows).
    found = APIClient().get("/api/v1/participants/", {"search": SCRIPT})
    assert [row["iso3"] for row in found.json()["results"]] == ["NOR"]


MARKUP_CHECKS = {
    "markup-declaration-text": markup_declaration_text,
    "markup-evidence-title": markup_evidence_title,
    "markup-participant-other-name": markup_participant_other_name,
}


@pytest.mark.parametrize(
    "case", [pytest.param(case, id=case.id) for case in CASES if case.channel == MARKUP]
)
def test_markup_in_a_text_field_comes_out_escaped(case: Bad, world):
    MARKUP_CHECKS[case.id](world)
