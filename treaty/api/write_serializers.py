"""Write serializers: they parse a POST or a PATCH (types only) and hand it to a service
(``treaty.services``), which runs the model's rules; the model's errors come back as a 400 with
its own messages, per field. Nothing here writes a rule of the record twice."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MaxLengthValidator
from rest_framework import serializers
from rest_framework import status as http_status
from rest_framework.exceptions import APIException
from rest_framework.settings import api_settings

from treaty import services
from treaty.models import (
    ActionKind,
    Obligation,
    ObligationProgress,
    Participant,
    ProgressStatus,
    SourceKind,
    Treaty,
    TreatyAction,
)
from treaty.models.actions import DATED_ONCE_KINDS


def _django_errors(exc: DjangoValidationError) -> dict[str, list[str]] | list[str]:
    """The model's validation errors in DRF's shape: field → messages, and the errors of no
    particular field under ``non_field_errors``."""
    if not hasattr(exc, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
    return {
        (api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field): messages
        for field, messages in exc.message_dict.items()
    }


# The JSON type each kind of field reads, and DRF's own message for a value of another type.
# DRF converts by default ("1" for 1, 0 for "0", "yes" for true); the API's schema says which
# type each field takes, and a body that sends another is refused, so that the schema and
# the behaviour agree.
_JSON_TYPES: list[tuple[type, tuple[type, ...], str]] = [
    (serializers.BooleanField, (bool,), "Must be a valid boolean."),
    (serializers.IntegerField, (int,), "A valid integer is required."),
    (
        serializers.PrimaryKeyRelatedField,
        (int,),
        "Incorrect type. Expected pk value, received {type}.",
    ),
    (serializers.ChoiceField, (str,), "Not a valid string."),
    (serializers.CharField, (str,), "Not a valid string."),
    (
        serializers.DateField,
        (str,),
        "Date has wrong format. Use one of these formats instead: YYYY-MM-DD.",
    ),
    (serializers.SlugRelatedField, (str,), "Not a valid string."),
]


class StrictJsonTypes:
    """Refuses a JSON body whose values are not of the type the schema gives each field:
    ``{"text": 0}`` is a 400 ("Not a valid string."), not the text "0". Form bodies (all
    text) are left to the fields."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict) and not hasattr(data, "getlist"):
            errors = {}
            for name, field in self.fields.items():  # type: ignore[attr-defined]
                value = data.get(name)
                if name not in data or field.read_only or (value is None and field.allow_null):
                    continue
                for field_class, types, message in _JSON_TYPES:
                    if isinstance(field, field_class):
                        if not isinstance(value, types) or (
                            bool not in types and isinstance(value, bool)
                        ):
                            errors[name] = [message.format(type=type(value).__name__)]
                        break
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)  # type: ignore[misc]


def text_of(model: Any, field: str, **kwargs: Any) -> serializers.CharField:
    """A text field of a write body, as long as the model's field allows (its ``max_length``):
    a longer one is a 400 saying the limit, before any service runs."""
    # Django's validator, not DRF's max_length: the same message as the admin's, with the
    # length sent ("… at most 80 characters (it has 84)."), and the schema's maxLength.
    limit = model._meta.get_field(field).max_length
    return serializers.CharField(validators=[MaxLengthValidator(limit)], **kwargs)


class ServiceInputSerializer(StrictJsonTypes, serializers.Serializer):
    """Parses a write, then hands it to a service: ``service(by=user, publish=…, **fields)``.
    The service runs the model's ``full_clean()``; its errors become a 400 here."""

    publish = serializers.BooleanField(
        default=False,
        write_only=True,
        help_text=(
            "Publish at once: for a treaty action entered from the depositary's record by a "
            "user with the verify permission (an editor). Otherwise, and always for an "
            "assessment, the record starts as a draft for review."
        ),
    )

    def call_service(self, **fields: Any) -> Any:
        raise NotImplementedError

    def existing_record(self) -> Any:
        """The standing record this create would repeat (a client retrying a create whose
        answer it lost), or None."""
        return None

    def create(self, validated_data: dict[str, Any]) -> Any:
        try:
            return self.call_service(by=self.context["request"].user, **validated_data)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(_django_errors(exc)) from exc


class Conflict(APIException):
    status_code = http_status.HTTP_409_CONFLICT
    default_detail = "The record changed since you read it."
    default_code = "conflict"


@contextmanager
def conflict_when_stale() -> Iterator[None]:
    """A write made on an old version (``services.StaleRecord``) becomes a 409 naming the
    version: one answer for a stale PATCH and a stale review step."""
    try:
        yield
    except services.StaleRecord as exc:
        raise Conflict({"version": [str(exc)]}) from exc


class ServiceEditSerializer(StrictJsonTypes, serializers.Serializer):
    """Parses an edit (PATCH) of a standing record and saves it through
    ``services.save_edited``: the model's rules apply again, and an edit made on an old
    version is refused (409) instead of silently overwriting someone else's change."""

    version = serializers.IntegerField(
        help_text="The version you edited (from the record's `version`): guards against lost "
        "updates."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # PATCH makes every field optional; the version never is.
        if "version" not in attrs:
            raise serializers.ValidationError(
                {"version": ["Send the version you edited (the record's `version`)."]}
            )
        return attrs

    def update(self, instance: Any, validated_data: dict[str, Any]) -> Any:
        expected = validated_data.pop("version")
        for field, value in validated_data.items():
            setattr(instance, field, value)
        try:
            with conflict_when_stale():
                return services.save_edited(
                    record=instance, expected_version=expected, by=self.context["request"].user
                )
        except DjangoValidationError as exc:
            raise serializers.ValidationError(_django_errors(exc)) from exc


def validation_error(exc: DjangoValidationError) -> serializers.ValidationError:
    """A rule of the model or of the review flow, refused by a service, as DRF's 400."""
    return serializers.ValidationError(_django_errors(exc))


# --- Review steps (submit, verify, return, withdraw) -----------------------------------------


class ReviewStepSerializer(StrictJsonTypes, serializers.Serializer):
    """The body of a submit or verify step: the version reviewed, if you wish (an empty body
    will do)."""

    version = serializers.IntegerField(
        required=False,
        help_text="The version you reviewed (the record's `version`). If someone saved the "
        "record since, the step is refused with a 409 rather than applied to a record you have "
        "not seen. Leave it out to act on whatever is stored.",
    )


class ReturnForCorrectionSerializer(ReviewStepSerializer):
    """The body of a return for correction: what to correct (required)."""

    comment = text_of(
        TreatyAction,
        "review_comment",
        help_text="What needs correcting: kept with the record and shown to its author.",
    )


class WithdrawalSerializer(ReviewStepSerializer):
    """The body of a withdrawal: why (required)."""

    reason = text_of(
        TreatyAction,
        "withdrawn_reason",
        help_text="Why the record is withdrawn, e.g. 'entered twice'. It stays with the "
        "record, which keeps its history and counts nowhere.",
    )


class ParticipantCodeField(serializers.SlugRelatedField):
    """A participant by its ISO alpha-3 code, any case."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="iso3", queryset=Participant.objects.all(), **kwargs)

    def to_internal_value(self, data: Any) -> Participant:
        return super().to_internal_value(data.upper() if isinstance(data, str) else data)


class ActionInputSerializer(ServiceInputSerializer):
    """A treaty action to record. Text fields are left to the model's checks."""

    treaty: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", queryset=Treaty.objects.all()
    )
    participant = ParticipantCodeField(help_text="ISO alpha-3 code, e.g. 'VNM'.")
    kind = serializers.ChoiceField(choices=ActionKind.choices)
    date = serializers.DateField(
        help_text="Date of signature, or of deposit of the instrument; when only a range of "
        "days is known, its latest possible day."
    )
    date_earliest = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Only when the exact day is not known: the earliest possible day.",
    )
    source = text_of(TreatyAction, "source", allow_blank=True, help_text="Where the fact was read.")  # type: ignore[assignment]
    source_kind = serializers.ChoiceField(
        choices=SourceKind.choices,
        required=False,
        help_text="depositary (default), national_treaty_database, government or press.",
    )
    effective_on = serializers.DateField(required=False, allow_null=True)
    depositary_notification = text_of(
        TreatyAction, "depositary_notification", required=False, allow_blank=True
    )
    source_url = text_of(TreatyAction, "source_url", required=False, allow_blank=True)
    text = text_of(TreatyAction, "text", required=False, allow_blank=True)
    relates_to = serializers.PrimaryKeyRelatedField(
        queryset=TreatyAction.objects.active(),
        required=False,
        allow_null=True,
        help_text="For an objection or a withdrawal of a reservation: the reservation's id.",
    )
    confirm_accession_after_signature = serializers.BooleanField(
        default=False,
        write_only=True,
        help_text="For an accession by a participant that signed: confirm that the depositary "
        "records an accession (a signatory normally ratifies, accepts or approves). Without it "
        "such an accession is refused with a 400 saying so.",
    )

    def call_service(self, **fields: Any) -> TreatyAction:
        return services.record_treaty_action(**fields)

    def existing_record(self) -> TreatyAction | None:
        """The standing action of the same treaty, participant, kind and date: the one
        ``treatyaction_unique_per_day`` keeps single. For the kinds a participant may make
        twice a day (declarations, objections…), only one with the same text and target."""
        data = self.validated_data
        same = TreatyAction.objects.active().filter(
            treaty=data["treaty"],
            participant=data["participant"],
            kind=data["kind"],
            date=data["date"],
        )
        if data["kind"] not in DATED_ONCE_KINDS:
            same = same.filter(text=data.get("text", ""), relates_to=data.get("relates_to"))
        return same.order_by("pk").first()


class ActionEditSerializer(ServiceEditSerializer):
    """A correction to a treaty action (its treaty and participant stay)."""

    kind = serializers.ChoiceField(choices=ActionKind.choices, required=False)
    date = serializers.DateField(required=False)
    date_earliest = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Null once the exact day is confirmed (then give it as date).",
    )
    source = text_of(TreatyAction, "source", required=False, allow_blank=True)  # type: ignore[assignment]
    source_kind = serializers.ChoiceField(choices=SourceKind.choices, required=False)
    effective_on = serializers.DateField(required=False, allow_null=True)
    depositary_notification = text_of(
        TreatyAction, "depositary_notification", required=False, allow_blank=True
    )
    source_url = text_of(TreatyAction, "source_url", required=False, allow_blank=True)
    text = text_of(TreatyAction, "text", required=False, allow_blank=True)
    relates_to = serializers.PrimaryKeyRelatedField(
        queryset=TreatyAction.objects.active(), required=False, allow_null=True
    )
    confirm_accession_after_signature = serializers.BooleanField(
        required=False,
        write_only=True,
        help_text="For an accession by a participant that signed: confirm that the depositary "
        "records an accession (a signatory normally ratifies, accepts or approves). Without it "
        "such an accession is refused with a 400 saying so.",
    )


# --- Assessments -----------------------------------------------------------------------------


class AssessmentInputSerializer(ServiceInputSerializer):
    """An assessment to add (a new dated row: earlier ones stay as history)."""

    treaty: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", queryset=Treaty.objects.all()
    )
    obligation = serializers.CharField(help_text="The obligation's code within the treaty.")
    participant = ParticipantCodeField(help_text="ISO alpha-3 code, e.g. 'VNM'.")
    as_of = serializers.DateField(help_text="The day this assessment describes.")
    status = serializers.ChoiceField(choices=ProgressStatus.choices)
    assessed_by = text_of(ObligationProgress, "assessed_by", allow_blank=True)
    evidence_title = text_of(ObligationProgress, "evidence_title", required=False, allow_blank=True)
    evidence_citation = text_of(
        ObligationProgress, "evidence_citation", required=False, allow_blank=True
    )
    evidence_url = text_of(ObligationProgress, "evidence_url", required=False, allow_blank=True)
    evidence_adopted_on = serializers.DateField(required=False, allow_null=True)
    notes = text_of(ObligationProgress, "notes", required=False, allow_blank=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        treaty = attrs.pop("treaty")
        obligation = Obligation.objects.filter(treaty=treaty, code=attrs["obligation"]).first()
        if obligation is None:
            raise serializers.ValidationError(
                {
                    "obligation": [
                        f"{treaty} has no obligation with the code {attrs['obligation']!r}."
                    ]
                }
            )
        attrs["obligation"] = obligation
        return attrs

    def call_service(self, **fields: Any) -> ObligationProgress:
        return services.record_progress(**fields)

    def existing_record(self) -> ObligationProgress | None:
        """The standing assessment this one repeats: same participant, obligation and day
        (the one ``progress_unique_per_day`` keeps single), same status and author. A different
        assessment of the same day is refused with the model's message instead."""
        data = self.validated_data
        return (
            ObligationProgress.objects.active()
            .filter(
                participant=data["participant"],
                obligation=data["obligation"],
                as_of=data["as_of"],
                status=data["status"],
                assessed_by=data["assessed_by"],
            )
            .order_by("pk")
            .first()
        )


class AssessmentEditSerializer(ServiceEditSerializer):
    """A correction to an assessment (its participant and obligation stay)."""

    as_of = serializers.DateField(required=False)
    status = serializers.ChoiceField(choices=ProgressStatus.choices, required=False)
    assessed_by = text_of(ObligationProgress, "assessed_by", required=False, allow_blank=True)
    evidence_title = text_of(ObligationProgress, "evidence_title", required=False, allow_blank=True)
    evidence_citation = text_of(
        ObligationProgress, "evidence_citation", required=False, allow_blank=True
    )
    evidence_url = text_of(ObligationProgress, "evidence_url", required=False, allow_blank=True)
    evidence_adopted_on = serializers.DateField(required=False, allow_null=True)
    notes = text_of(ObligationProgress, "notes", required=False, allow_blank=True)
