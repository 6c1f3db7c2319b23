"""What the admin of every reviewed record shares: the review flow as actions, withdrawal with a
reason instead of deletion, the focal points' scope, and the version counter.

The review state is never typed into a form: it moves through the services (submit, verify,
return, withdraw), which hold the rules — a reviewer never verifies their own entry, a withdrawn
record is never published.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from treaty import permissions, services
from treaty.admin.history import HistoryAdmin
from treaty.models.review import Reviewed

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The bookkeeping of a record: set by the write path, never typed by an editor. The review state
# and comment move through the review actions, withdrawal through its own action.
RECORD_READONLY_FIELDS = (
    "review_state",
    "review_comment",
    "verified_by",
    "verified_at",
    "withdrawn_at",
    "withdrawn_reason",
    "created_by",
    "created_at",
    "content_by",
    "updated_at",
    "version",
)

REVIEW_FIELDSET = (
    _("Review"),
    {"fields": ["review_state", "review_comment", "verified_by", "verified_at"]},
)
RECORD_FIELDSET = (
    _("Record"),
    {
        "fields": [
            "withdrawn_at",
            "withdrawn_reason",
            "created_by",
            "created_at",
            "content_by",
            "updated_at",
            "version",
            "loaded_version",
        ],
        "classes": ["collapse"],
    },
)

# The review actions work from the changelist and from a record's own page.
BOTH_PLACES = [admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM]


class WithdrawnFilter(admin.SimpleListFilter):
    """Withdrawn records stay listed by default: editors filter them out, they are never
    silently hidden."""

    title = _("withdrawn")
    parameter_name = "withdrawn"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("no", _("Standing")), ("yes", _("Withdrawn"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "no":
            return queryset.filter(withdrawn_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(withdrawn_at__isnull=False)
        return queryset


class ExplainForm(forms.Form):
    """The text a withdrawal (its reason) or a return (what to correct) must carry."""

    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "cols": 80}))

    def __init__(
        self, *args: Any, label: StrOrPromise, help_text: StrOrPromise, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].label = label
        self.fields["text"].help_text = help_text

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError(_("This field is required."))
        return text


class VersionCheckedForm(forms.ModelForm):
    """Refuses to save over a change someone else saved after this form was opened.

    The page carries the version it showed; on save the stored row is read with a row lock
    (the admin wraps validation and save in one transaction), so two editors who opened the same
    version can never both save: the second gets this form error and keeps their input on screen.
    """

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Set on the form of simple-history's revert page, whose instance is the old version.
    reverting = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            return
        version = self.instance.version
        if self.reverting:
            # The page shows an old version's content; what it must not overwrite is whatever
            # is stored when the page is opened.
            version = (
                type(self.instance)
                ._default_manager.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
        self.fields["loaded_version"].initial = version

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned: dict[str, Any] = self.cleaned_data
        if self.instance.pk is None:
            return cleaned
        loaded = cleaned.get("loaded_version")
        try:
            services.check_version(record=self.instance, expected_version=loaded)
        except services.StaleRecord as stale:
            raise ValidationError(
                _(
                    "Someone else saved this record since you opened it (you opened version "
                    "%(loaded)s; it is now version %(stored)s). Nothing was saved: open the "
                    "record again to see their change, then make yours."
                ),
                code="stale",
                params={"loaded": loaded if loaded is not None else "?", "stored": stale.stored},
            ) from stale
        return cleaned


class ReviewedAdmin(HistoryAdmin):
    """Admin for a record that goes through review (``treaty.models.review.Reviewed``).

    Saves keep the write path's bookkeeping: the creator on a new record and the version raised
    on every change. Subclasses say how a record is withdrawn.
    """

    actions = ["submit_selected", "verify_selected", "return_selected", "withdraw_selected"]
    form = VersionCheckedForm
    list_select_related: tuple[str, ...] = ()

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        match = request.resolver_match
        if match is not None and (match.url_name or "").endswith("_simple_history"):
            return type(form.__name__, (form,), {"reverting": True})
        return form

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> Any:
        return (*RECORD_READONLY_FIELDS, *super().get_readonly_fields(request, obj))

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # Nothing is hard-deleted: a record entered in error is withdrawn, with a reason.
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A focal point changes its own participants' records only (and reads only their
        # unpublished ones); a published record is corrected by someone who may publish.
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or permissions.can_change_record(request.user, obj)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return permissions.readable(request.user, super().get_queryset(request))

    # simple-history finds a record's versions by id, not through ``get_queryset``: a record
    # the user may not read has no history for them either.
    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: Any = None
    ) -> HttpResponse:
        self._check_readable(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        self._check_readable(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _check_readable(self, request: HttpRequest, object_id: str) -> None:
        rows = self.model._default_manager.filter(pk=unquote(object_id))
        if rows.exists() and not permissions.readable(request.user, rows).exists():
            raise PermissionDenied

    def has_verify_permission(self, request: HttpRequest) -> bool:
        return permissions.may_take_review_steps(request.user, self.model, "verify")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "participant":
            kwargs["queryset"] = permissions.editable_participants(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(boolean=True, description=_("withdrawn"), ordering="withdrawn_at")
    def withdrawn(self, obj: Reviewed) -> bool:
        return obj.withdrawn_at is not None

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # Through the services, as the API: the author, the version, the review state kept
        # from the stored row (a revert restores content only), a published record sent back
        # to review when its content changes, and an assessment's current flag. Not every
        # caller wraps this in a transaction (simple-history's revert view does not): the
        # follow-up writes must land with the row or not at all.
        with transaction.atomic():
            if change:
                # The version the page was opened on, which the form checked under the row
                # lock (a revert's instance carries an old version number).
                services.save_edited(
                    record=obj, expected_version=self.opened_version(obj, form), by=request.user
                )
            else:
                services.save_new(
                    record=obj, by=request.user, publish=self.publish_on_add(request, form)
                )

    @staticmethod
    def opened_version(obj: Any, form: Any) -> int:
        cleaned = getattr(form, "cleaned_data", None) or {}
        loaded = cleaned.get("loaded_version")
        return int(loaded) if loaded is not None else int(obj.version)

    def publish_on_add(self, request: HttpRequest, form: Any) -> bool:
        """Whether a record added through the form is published at once."""
        return False

    def withdraw(self, obj: Any, *, reason: str, request: HttpRequest) -> None:
        raise NotImplementedError("Subclasses call the service that withdraws their record.")

    # --- Review actions: each calls a service per record and reports what it refused.

    def _in_scope(self, request: HttpRequest, records: list[Any]) -> tuple[list[Any], list[Any]]:
        """The records the user may change, and the others (a focal point's actions apply to
        its own participants' records only). One query, whatever the number of records."""
        mine = permissions.changeable_records(request.user, records)
        return mine, [r for r in records if r not in mine]

    def _apply(
        self,
        request: HttpRequest,
        records: list[Any],
        step: Callable[[Any], object],
        done: Callable[[int], str],
    ) -> None:
        """Runs one service call per record, each in its own transaction, and reports what
        succeeded and what the rules refused."""
        mine, others = self._in_scope(request, records)
        succeeded, refused = 0, [f"{r}: {_('not yours to change.')}" for r in others]
        for record in mine:
            try:
                with transaction.atomic():
                    step(record)
            except ValidationError as error:
                refused.append(f"{record}: {' '.join(error.messages)}")
            else:
                succeeded += 1
        if succeeded:
            self.message_user(request, done(succeeded), messages.SUCCESS)
        for message in refused:
            self.message_user(request, _("Left as it was: %s") % message, messages.ERROR)

    def _records(self, queryset: QuerySet[Any]) -> list[Any]:
        return list(queryset.select_related(*self.list_select_related))

    @admin.action(
        description=_("Submit selected for review"), permissions=["change"], location=BOTH_PLACES
    )
    def submit_selected(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self._apply(
            request,
            self._records(queryset),
            lambda record: services.submit(record=record, by=request.user),
            lambda n: ngettext("%d record submitted.", "%d records submitted.", n) % n,
        )

    @admin.action(
        description=_("Verify selected (publish them)"),
        permissions=["verify"],
        location=BOTH_PLACES,
    )
    def verify_selected(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self._apply(
            request,
            self._records(queryset),
            lambda record: services.verify(record=record, by=request.user),
            lambda n: ngettext("%d record verified.", "%d records verified.", n) % n,
        )

    @admin.action(
        description=_("Return selected for correction…"),
        permissions=["verify"],
        location=BOTH_PLACES,
    )
    def return_selected(self, request: HttpRequest, queryset: QuerySet[Any]) -> Any:
        return self._ask_then(
            request,
            queryset,
            action="return_selected",
            title=_("Return records for correction"),
            label=_("What to correct"),
            help_text=_("Sent back to the author with the records; they are returned as drafts."),
            apply=lambda records, text: self._apply(
                request,
                records,
                lambda record: services.return_for_correction(
                    record=record, comment=text, by=request.user
                ),
                lambda n: ngettext("%d record returned.", "%d records returned.", n) % n,
            ),
        )

    @admin.action(description=_("Withdraw selected…"), permissions=["change"], location=BOTH_PLACES)
    def withdraw_selected(
        self, request: HttpRequest, queryset: QuerySet[Any]
    ) -> HttpResponse | None:
        """Asks for a reason on a confirmation page, then withdraws: the rows stay, with their
        history, and count nowhere."""

        def withdraw_all(records: list[Any], reason: str) -> None:
            already = [r for r in records if r.withdrawn_at is not None]
            if already:
                self.message_user(
                    request,
                    ngettext(
                        "%d record was already withdrawn.",
                        "%d records were already withdrawn.",
                        len(already),
                    )
                    % len(already),
                    messages.WARNING,
                )
            self._apply(
                request,
                [r for r in records if r.withdrawn_at is None],
                lambda record: self.withdraw(record, reason=reason, request=request),
                lambda n: ngettext("%d record withdrawn.", "%d records withdrawn.", n) % n,
            )

        return self._ask_then(
            request,
            queryset,
            action="withdraw_selected",
            title=_("Withdraw records"),
            label=_("Reason"),
            help_text=_(
                "Why these records are withdrawn, e.g. 'entered twice' or 'the depositary "
                "corrected the date'. It is kept with each record."
            ),
            apply=withdraw_all,
        )

    def _ask_then(
        self,
        request: HttpRequest,
        queryset: QuerySet[Any],
        *,
        action: str,
        title: StrOrPromise,
        label: StrOrPromise,
        help_text: StrOrPromise,
        apply: Callable[[list[Any], str], None],
    ) -> HttpResponse | None:
        """An intermediate page asking for the text the action needs; once it is given, the
        action runs and the admin goes back to the list."""
        records = self._records(queryset)
        data = request.POST if "post" in request.POST else None
        form = ExplainForm(data, label=label, help_text=help_text)
        if form.is_valid():
            apply(records, form.cleaned_data["text"])
            return None
        opts = self.model._meta
        changelist_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        match = request.resolver_match
        from_changelist = match is not None and match.url_name == f"{opts.model_name}_changelist"
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": opts,
            "records": records,
            "form": form,
            "action_name": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            # From a record's page the answer goes to the changelist, which runs the action;
            # from the changelist it goes back there with its filters.
            "post_url": request.get_full_path() if from_changelist else changelist_url,
            "changelist_url": changelist_url,
        }
        return TemplateResponse(request, "admin/treaty/explain_action.html", context)
