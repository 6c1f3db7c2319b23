"""OpenAPI documentation shared by the viewsets: error responses, conditional-request headers
and example payloads (drf-spectacular)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema

from treaty.api.context import AS_OF_HELP

# Every error body, whatever the status: ``detail`` (one message about the whole request), and/or
# each offending parameter or field mapped to its messages (``non_field_errors`` for a rule of
# no one field). One shape, so a client reads every refusal the same way.
ERROR = {
    "type": "object",
    "description": "What went wrong: `detail`, or each offending parameter or field with its "
    "messages.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}

NOT_MODIFIED = OpenApiResponse(
    description=(
        "Not modified: the copy named by If-None-Match (or dated by If-Modified-Since) is "
        "still current. No body."
    )
)
BAD_REQUEST = OpenApiResponse(
    response=ERROR,
    description="A parameter is invalid: each one is named with what to fix.",
    examples=[
        OpenApiExample(
            "Malformed date", value={"as_of": ["Enter a date as YYYY-MM-DD, e.g. 2026-01-01."]}
        ),
        OpenApiExample("Unknown code", value={"participant": ["Unknown participant code: XXX."]}),
    ],
)
NOT_FOUND = OpenApiResponse(
    response=ERROR,
    description="No such record, or none visible to you (drafts are shown to editors only).",
    examples=[
        OpenApiExample("Not found", value={"detail": "No TreatyAction matches the given query."})
    ],
)
UNAUTHORIZED = OpenApiResponse(
    response=ERROR,
    description="Not authenticated: send `Authorization: Token <key>` (or log in to the site).",
    examples=[
        OpenApiExample(
            "Anonymous", value={"detail": "Authentication credentials were not provided."}
        )
    ],
)
FORBIDDEN = OpenApiResponse(
    response=ERROR,
    description="Authenticated, but without the permission this write needs.",
    examples=[
        OpenApiExample(
            "No permission", value={"detail": "You do not have permission to perform this action."}
        )
    ],
)
VALIDATION_FAILED = OpenApiResponse(
    response=ERROR,
    description=(
        "The record breaks a rule of the depositary record or of assessments (the same rules "
        "as the admin): each field is named with the model's message."
    ),
    examples=[
        OpenApiExample(
            "Second signature",
            value={
                "kind": ["Viet Nam already signed on 25 October 2025: one signature per treaty."]
            },
        )
    ],
)

CONFLICT = OpenApiResponse(
    response=ERROR,
    description="Someone saved the record after the version you edited: reload, then edit again.",
    examples=[
        OpenApiExample(
            "Stale version",
            value={
                "version": [
                    "This record was changed by someone else since you opened it (version 1, "
                    "now newer): reload it, then make your change again."
                ]
            },
        )
    ],
)

ALREADY_RECORDED = OpenApiResponse(
    response=ERROR,
    description=(
        "The record already exists (a retried create, or the same treaty action or assessment "
        "entered twice): nothing was added. `Location` is the existing record's URL."
    ),
    examples=[
        OpenApiExample(
            "Retried create",
            value={
                "detail": "This record already exists: "
                "https://tracker.example.org/api/v1/actions/12/. Read or correct it there."
            },
        )
    ],
)

CONDITIONAL_HEADERS = [
    OpenApiParameter(
        "If-None-Match",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description="An ETag from an earlier response: 304 if the response would be the same.",
    ),
    OpenApiParameter(
        "If-Modified-Since",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description="An HTTP date (from Last-Modified): 304 if nothing changed since.",
    ),
]

# Lists get their parameters from the FilterSets; a detail reads the as-of day too.
AS_OF_PARAMETER = OpenApiParameter("as_of", OpenApiTypes.DATE, description=AS_OF_HELP)

CONDITIONAL_NOTE = (
    "\n\nResponses carry `ETag` and `Last-Modified`; send them back as `If-None-Match` / "
    "`If-Modified-Since` to get `304 Not Modified` when nothing changed."
)
LIST_NOTE = (
    "\n\nPaged with `limit` (at most 1000) and `offset`, in a stable order (`ordering` may "
    "change it; ties are broken by id)."
)


def read_docs(
    noun: str,
    plural: str,
    serializer: Any,
    *,
    example: dict[str, Any],
    description: str,
    detail: bool = True,
) -> dict[str, Any]:
    """``extend_schema`` for the ``list`` (and ``retrieve``) operations of a resource."""
    examples = [OpenApiExample(noun.capitalize(), value=example, response_only=True)]
    docs = {
        "list": extend_schema(
            summary=f"List {plural}",
            description=description + LIST_NOTE + CONDITIONAL_NOTE,
            parameters=CONDITIONAL_HEADERS,
            responses={200: serializer, 304: NOT_MODIFIED, 400: BAD_REQUEST},
            examples=examples,
        )
    }
    if detail:
        docs["retrieve"] = extend_schema(
            summary=f"One {noun}",
            description=description + CONDITIONAL_NOTE,
            parameters=[AS_OF_PARAMETER, *CONDITIONAL_HEADERS],
            responses={200: serializer, 304: NOT_MODIFIED, 400: BAD_REQUEST, 404: NOT_FOUND},
            examples=examples,
        )
    return docs


WRITE_RULES = (
    "\n\nThe same rules as the admin apply: the model permission, the participant's scope (a "
    "focal point writes for its own participants only), and every rule of the record — a "
    "breach is a 400 naming the field, with the model's message."
)


def create_docs(noun: str, request: Any, response: Any, *, example: dict[str, Any]) -> Any:
    return extend_schema(
        summary=f"Record {noun}",
        description=(
            f"Records {noun} as a draft for review, or, with `publish: true`, publishes a "
            "treaty action entered from the depositary's record (editors: the verify "
            "permission). Assessments always go through review." + WRITE_RULES
        ),
        request=request,
        responses={
            201: response,
            400: VALIDATION_FAILED,
            401: UNAUTHORIZED,
            403: FORBIDDEN,
            409: ALREADY_RECORDED,
        },
        examples=[OpenApiExample(noun.capitalize(), value=example, request_only=True)],
    )


def edit_docs(noun: str, request: Any, response: Any, *, example: dict[str, Any]) -> Any:
    return extend_schema(
        summary=f"Correct {noun}",
        description=(
            f"Corrects {noun} (its participant, and its treaty or obligation, stay). Send the "
            "`version` you edited: a change saved meanwhile by someone else makes this a 409, "
            "never a silent overwrite. A published record is corrected only by someone who may "
            "publish; its review state does not change." + WRITE_RULES
        ),
        request=request,
        responses={
            200: response,
            400: VALIDATION_FAILED,
            401: UNAUTHORIZED,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: CONFLICT,
        },
        examples=[OpenApiExample(noun.capitalize(), value=example, request_only=True)],
    )


# --- Review steps ----------------------------------------------------------------------------

REVIEW_REFUSED = OpenApiResponse(
    response=ERROR,
    description=(
        "The record's review state does not allow this step (e.g. only a submitted record can "
        "be returned), or the body is incomplete: the review flow's own message."
    ),
    examples=[
        OpenApiExample(
            "Wrong state",
            value={"non_field_errors": ["Only a submitted record can be returned."]},
        ),
        OpenApiExample("No comment", value={"comment": ["This field is required."]}),
    ],
)
REVIEW_FORBIDDEN = OpenApiResponse(
    response=ERROR,
    description=(
        "Authenticated, but not allowed this step on this record: the model permission it "
        "needs (change to submit or withdraw, verify to verify or return), a participant that "
        "is not yours (focal points), a published record and no right to publish — or, to "
        "verify, a record you entered yourself: another reviewer must verify it."
    ),
    examples=[
        OpenApiExample(
            "Own entry",
            value={"detail": "You entered this record: another reviewer must verify it."},
        ),
        OpenApiExample(
            "Not your participant",
            value={
                "detail": "You may write the data of your own participants only, and Norway "
                "is not one of them."
            },
        ),
    ],
)

REVIEW_NOTE = (
    "\n\nSend the record's `version` to make sure you act on what you read: a change saved "
    "meanwhile by someone else makes this a 409. Answers with the record as it now stands."
)

# Each step: the viewset's action, its summary, what it does and needs, a request example.
_REVIEW_STEPS = [
    (
        "submit",
        "Submit {noun} for review",
        "Sends a draft, or a record returned for correction, to the reviewers. Needs the "
        "change permission and, for a focal point, one of its own participants.",
        {"version": 1},
    ),
    (
        "verify",
        "Verify {noun} (publish it)",
        "Publishes the record: the public sees it from now on, with who verified it and "
        "when. Needs the verify permission of the record's model; nobody verifies a record "
        "they entered themselves (403).",
        {"version": 2},
    ),
    (
        "return_for_correction",
        "Return {noun} for correction",
        "Sends a submitted record back to its author with a `comment` saying what to fix. "
        "Needs the verify permission of the record's model.",
        {"version": 2, "comment": "Give the depositary notification."},
    ),
    (
        "withdraw",
        "Withdraw {noun}",
        "Withdraws a record entered in error, with a `reason`: it is never deleted, keeps "
        "its history and counts nowhere. Needs the change permission and, for a focal point, "
        "one of its own participants; a published record is withdrawn only by someone who "
        "may publish.",
        {"version": 1, "reason": "Entered twice."},
    ),
]


def review_docs(noun: str, requests: dict[str, Any], response: Any) -> dict[str, Any]:
    """``extend_schema`` for the review steps of a resource, keyed by the viewset's action:
    ``requests`` maps each step to its body serializer."""
    return {
        step: extend_schema(
            summary=summary.format(noun=noun),
            description=description + REVIEW_NOTE,
            request=requests[step],
            responses={
                200: response,
                400: REVIEW_REFUSED,
                401: UNAUTHORIZED,
                403: REVIEW_FORBIDDEN,
                404: NOT_FOUND,
                409: CONFLICT,
            },
            examples=[OpenApiExample(summary.format(noun=noun), value=example, request_only=True)],
        )
        for step, summary, description, example in _REVIEW_STEPS
    }


TREATY_EXAMPLE = {
    "slug": "un-cybercrime-convention",
    "url": "https://tracker.example.org/api/v1/treaties/un-cybercrime-convention/",
    "title": "United Nations Convention against Cybercrime; Strengthening International "
    "Cooperation for Combating Certain Crimes Committed by Means of Information and "
    "Communications Technology Systems and for the Sharing of Evidence in Electronic Form "
    "of Serious Crimes",
    "short_title": "UN Convention against Cybercrime",
    "also_known_as": "Hanoi Convention",
    "depositary_reference": "XVIII-16",
    "parent": None,
    "adopted_on": "2024-12-24",
    "adopted_at": "New York",
    "adopted_by": "General Assembly resolution 79/243",
    "opening_notification": "C.N.123.2025.TREATIES-XVIII.16",
    "depositary": "Secretary-General of the United Nations",
    "signature_opens_on": "2025-10-25",
    "signature_closes_on": "2026-12-31",
    "signature_places": "Hanoi, 25-26 October 2025; then United Nations Headquarters",
    "instruments_required": 40,
    "days_after_threshold": 90,
    "days_after_later_instrument": 30,
    "reio_instrument_counts": False,
    "sources": ["https://treaties.un.org/"],
    "status": {
        "as_of": "2026-06-01",
        "signatures": 72,
        "signed_not_bound": 69,
        "instruments": 3,
        "counting_instruments": 3,
        "instruments_required": 40,
        "instruments_needed": 37,
        "threshold_on": None,
        "threshold_participant": None,
        "entry_into_force_on": None,
        "in_force": False,
        "parties": 0,
    },
}

PARTICIPANT_EXAMPLE = {
    "iso3": "VNM",
    "url": "https://tracker.example.org/api/v1/participants/VNM/",
    "iso2": "VN",
    "m49": 704,
    "kind": "state",
    "name": "Viet Nam",
    "formal_name": "the Socialist Republic of Viet Nam",
    "name_fr": "Viet Nam",
    "name_es": "Viet Nam",
    "name_ru": "Вьетнам",
    "name_zh": "越南",
    "name_ar": "فييت نام",
    "region": "Asia",
    "region_code": 142,
    "subregion": "South-eastern Asia",
    "subregion_code": 35,
    "intermediate_region": "",
    "is_un_member": True,
    "members": [],
    "treaties": [
        {
            "treaty": "un-cybercrime-convention",
            "as_of": "2026-06-01",
            "stage": "consented",
            "signed_on": "2025-10-25",
            "signed_earliest": None,
            "consent_kind": "ratification",
            "consent_on": "2026-03-02",
            "entry_into_force_on": None,
            "denunciation_effective_on": None,
            "counts_towards_threshold": True,
        }
    ],
}

ACTION_EXAMPLE = {
    "id": 12,
    "url": "https://tracker.example.org/api/v1/actions/12/",
    "treaty": "un-cybercrime-convention",
    "participant": "VNM",
    "participant_name": "Viet Nam",
    "kind": "ratification",
    "date": "2026-03-02",
    "date_earliest": None,
    "date_precision": "day",
    "effective_on": None,
    "depositary_notification": "C.N.12.2026.TREATIES-XVIII.16",
    "depositary_notification_url": "https://treaties.un.org/doc/Publication/CN/2026/CN.12.2026-Eng.pdf",
    "source": "UNTC XVIII-16 status page",
    "source_kind": "depositary",
    "source_url": "https://treaties.un.org/",
    "text": "",
    "relates_to": None,
    "review_state": "verified",
    "version": 1,
    "updated_at": "2026-03-03T09:30:00Z",
}

ACTION_EDIT_EXAMPLE = {"version": 1, "date": "2026-03-03"}

ACTION_INPUT_EXAMPLE = {
    "treaty": "un-cybercrime-convention",
    "participant": "VNM",
    "kind": "ratification",
    "date": "2026-03-02",
    "depositary_notification": "C.N.12.2026.TREATIES-XVIII.16",
    "source": "UNTC XVIII-16 status page",
    "source_url": "https://treaties.un.org/",
}

ASSESSMENT_EXAMPLE = {
    "id": 7,
    "url": "https://tracker.example.org/api/v1/assessments/7/",
    "participant": "VNM",
    "participant_name": "Viet Nam",
    "treaty": "un-cybercrime-convention",
    "obligation": "art-7",
    "as_of": "2026-02-01",
    "status": "aligned",
    "evidence_title": "Law on Cybersecurity",
    "evidence_citation": "Law No. 24/2018/QH14, art. 2",
    "evidence_url": "https://example.org/law",
    "evidence_adopted_on": "2018-06-12",
    "notes": "",
    "assessed_by": "Tracker secretariat",
    "is_current": True,
    "review_state": "verified",
    "version": 1,
    "updated_at": "2026-02-02T10:00:00Z",
}

ASSESSMENT_EDIT_EXAMPLE = {"version": 2, "status": "partial", "notes": "Sections 3-5 only."}

ASSESSMENT_INPUT_EXAMPLE = {
    "treaty": "un-cybercrime-convention",
    "obligation": "art-7",
    "participant": "VNM",
    "as_of": "2026-02-01",
    "status": "aligned",
    "assessed_by": "Tracker secretariat",
    "evidence_title": "Law on Cybersecurity",
    "evidence_url": "https://example.org/law",
}

_COUNTS = {
    "not_started": 0,
    "in_progress": 1,
    "partial": 0,
    "aligned": 1,
    "not_applicable": 0,
    "not_assessed": 1,
}

PROGRESS_EXAMPLE = {
    "participant": "VNM",
    "name": "Viet Nam",
    "treaty": "un-cybercrime-convention",
    "as_of": "2026-06-01",
    "obligations": 3,
    "assessed": 2,
    "by_status": _COUNTS,
    "mandatory": 2,
    "mandatory_aligned": 1,
    "mandatory_aligned_share": 0.5,
    "categories": [
        {
            "category": "domestic_law",
            "obligations": 2,
            "by_status": {**_COUNTS, "not_assessed": 0},
            "mandatory": 2,
            "mandatory_aligned": 1,
            "aligned_share": 0.5,
        },
        {
            "category": "awareness",
            "obligations": 1,
            "by_status": {**dict.fromkeys(_COUNTS, 0), "not_assessed": 1},
            "mandatory": 0,
            "mandatory_aligned": 0,
            "aligned_share": None,  # nothing assessed in this category
        },
    ],
}

CHAPTER_EXAMPLE = {
    "id": 2,
    "url": "https://tracker.example.org/api/v1/chapters/2/",
    "treaty": "un-cybercrime-convention",
    "number": 2,
    "numeral": "II",
    "title": "Criminalization",
}

ARTICLE_EXAMPLE = {
    "id": 7,
    "url": "https://tracker.example.org/api/v1/articles/7/",
    "treaty": "un-cybercrime-convention",
    "chapter": 2,
    "number": 7,
    "title": "Illegal access",
    "text": "",
    "obligations": ["art-7"],
}

OBLIGATION_EXAMPLE = {
    "id": 1,
    "url": "https://tracker.example.org/api/v1/obligations/1/",
    "treaty": "un-cybercrime-convention",
    "code": "art-7",
    "title": "Criminalize illegal access",
    "description": "Make intentional access without right to an ICT system a criminal offence.",
    "category": "domestic_law",
    "strength": "mandatory",
    "position": 7,
    "articles": [7],
}
