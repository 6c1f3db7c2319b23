"""Writes through the services: POST and PATCH by editors, and the review flow's routes
(``submit/``, ``verify/``, ``return/``, ``withdraw/``) under the rules of ``treaty.permissions``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from treaty import permissions, services
from treaty.api.conditional import ViewSetBase
from treaty.api.write_serializers import (
    ReturnForCorrectionSerializer,
    ReviewStepSerializer,
    WithdrawalSerializer,
    conflict_when_stale,
    validation_error,
)
from treaty.models import (
    Participant,
)


class WriteThroughServiceMixin(ViewSetBase):
    """POST and PATCH by editors, under the same rules as the admin (``treaty.permissions``):
    the model permission (checked by DjangoModelPermissions), then the participant's scope (a
    focal point writes for its own participants only), then publication (only an editor's
    depositary action is published as it is entered; a published record is corrected only by
    someone who may publish). The record's own rules are the model's, run by the service."""

    input_serializer_class: Any
    edit_serializer_class: Any

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.input_serializer_class(
            data=request.data,
            context=self.get_serializer_context(),
        )
        serializer.is_valid(raise_exception=True)
        self._check_scope(serializer.validated_data["participant"])
        model = self.get_queryset().model
        if serializer.validated_data.get("publish") and not permissions.can_publish_directly(
            request.user, model
        ):
            raise PermissionDenied(
                "You may not publish this record as you enter it: send publish=false to record "
                "a draft, which a reviewer then verifies."
            )
        # A client retrying a create whose answer it lost must get the record it already
        # made, never a second one: a 409 pointing at it. Asked again when the save is
        # refused, for a retry that raced the first request.
        existing = serializer.existing_record()
        if existing is None:
            try:
                instance = serializer.save()
            except ValidationError:
                existing = serializer.existing_record()
                if existing is None:
                    raise
        if existing is not None:
            return self._already_recorded(existing)
        data = self.get_serializer(instance).data
        # A plain str: DRF's Hyperlink is a str subclass, which WSGI servers refuse in headers.
        return Response(
            data, status=status.HTTP_201_CREATED, headers={"Location": str(data["url"])}
        )

    def _already_recorded(self, existing: Any) -> Response:
        url = str(self.get_serializer(existing).data["url"])
        return Response(
            {"detail": f"This record already exists: {url}. Read or correct it there."},
            status=status.HTTP_409_CONFLICT,
            headers={"Location": url},
        )

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        record = self.get_object()
        self._check_may_change(record)
        serializer = self.edit_serializer_class(
            record,
            data=request.data,
            partial=True,
            context=self.get_serializer_context(),
        )
        serializer.is_valid(raise_exception=True)
        record = serializer.save()
        return Response(self.get_serializer(record).data)

    def _check_may_change(self, record: Any) -> None:
        """A standing record is changed (corrected, or moved through review) by someone who
        may write its participant's data; a published one only by someone who may publish."""
        if not permissions.may_change_in_state(self.request.user, record):
            raise PermissionDenied(
                "This record is published: only someone who may publish corrects it. Add a new "
                "record instead, or ask a reviewer."
            )
        self._check_scope(record.participant)

    def _check_scope(self, participant: Participant) -> None:
        if not permissions.can_edit_participant(self.request.user, participant):
            raise PermissionDenied(
                f"You may write the data of your own participants only, and {participant} is "
                "not one of them."
            )


class ReviewStepPermission(BasePermission):
    """The model permission a review step needs, the one the admin's review actions ask for:
    ``change`` to submit or withdraw, ``verify`` to verify or return. Checked before the record
    is looked up, as DjangoModelPermissions does for POST and PATCH: a user without it gets a
    403, never a hint of which drafts exist."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False  # DRF answers 401, with the WWW-Authenticate header
        return permissions.may_take_review_steps(user, view.queryset.model, view.review_permission)


# The body each review step reads, by the viewset's action (``docs.review_docs`` documents it).
REVIEW_BODIES: dict[str, type[ReviewStepSerializer]] = {
    "submit": ReviewStepSerializer,
    "verify": ReviewStepSerializer,
    "return_for_correction": ReturnForCorrectionSerializer,
    "withdraw": WithdrawalSerializer,
}


class ReviewFlowMixin(WriteThroughServiceMixin):
    """The review flow as POST sub-routes of a record: ``submit/``, ``verify/``, ``return/``,
    ``withdraw/``, each a call to its service under the rules of ``treaty.permissions`` (the
    same as the admin's review actions).

    A step the record's state does not allow is a 400 with the service's message. Verifying
    one's own entry is refused by the same service, but answered with a 403: the state is fine,
    it is the person who may not (``permissions.can_verify`` tells the two apart).
    """

    review_permission = ""  # set per route by @action: "change" or "verify"

    def _review_step(
        self,
        step: Callable[..., Any],
        *,
        refused_to: Callable[[Any, Any], bool] = lambda user, record: False,
    ) -> Response:
        """Runs ``step(record=…, by=user, **body)``; ``refused_to(user, record)`` says when
        the service's refusal is about the person rather than the record's state."""
        record = self.get_object()
        serializer = REVIEW_BODIES[self.action](data=self.request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        expected = fields.pop("version", None)
        user = self.request.user
        with conflict_when_stale(), transaction.atomic():
            # Read again under the row lock: the checks and the step see what is stored now,
            # and a save coming in between waits for this one.
            record.refresh_from_db(from_queryset=type(record)._default_manager.select_for_update())
            self._check_may_change(record)
            if expected is not None:
                services.check_version(record=record, expected_version=expected, locked=True)
            try:
                record = step(record=record, by=user, **fields)
            except services.ReviewError as exc:
                if refused_to(user, record):
                    raise PermissionDenied(" ".join(exc.messages)) from exc
                raise validation_error(exc) from exc
            except DjangoValidationError as exc:
                raise validation_error(exc) from exc
        return Response(self.get_serializer(record).data)

    @action(
        detail=True,
        methods=["post"],
        permission_classes=[ReviewStepPermission],
        review_permission="change",
    )
    def submit(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._review_step(services.submit)

    @action(
        detail=True,
        methods=["post"],
        permission_classes=[ReviewStepPermission],
        review_permission="verify",
    )
    def verify(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._review_step(
            services.verify,
            refused_to=lambda user, record: not permissions.can_verify(user, record),
        )

    @action(
        detail=True,
        methods=["post"],
        url_path="return",
        url_name="return",
        permission_classes=[ReviewStepPermission],
        review_permission="verify",
    )
    def return_for_correction(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._review_step(services.return_for_correction)

    @action(
        detail=True,
        methods=["post"],
        permission_classes=[ReviewStepPermission],
        review_permission="change",
    )
    def withdraw(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._review_step(self.withdraw_record)

    def withdraw_record(self, *, record: Any, reason: str, by: Any) -> Any:
        raise NotImplementedError("Each resource calls the service that withdraws its record.")
