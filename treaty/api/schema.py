"""What drf-spectacular cannot infer from the serializers, FilterSets and pagination, shared by
the viewsets: the error responses (one body shape for every refusal), the conditional-request
headers, the as-of day of a detail, and the summaries of each kind of operation. Each resource's
example payloads sit beside its viewset; the data-dependent parts (codes, days) are filled in
by ``schema_hooks``."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema

from treaty.filtersets.context import AS_OF_HELP

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
