"""Admin pages that upload a table and import it: a dry run first, shown in full, then the
same rows applied on confirmation (all rows or none), each under the rules of
``treaty.permissions`` and refused when its record changed since the dry run."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from treaty import permissions
from treaty.admin.import_page import (
    KeptFile,
    chosen_file,
    forget_file,
    import_page_context,
    kept_file,
    sample_response,
)
from treaty.importers import ImportRejected, ImportReport
from treaty.importers.assessments import import_assessments
from treaty.importers.depositary import import_status_table
from treaty.models import Treaty

_SESSION_KEY = "tracker-import"


class UploadForm(forms.Form):
    treaty: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Treaty.objects.all(), empty_label=None
    )
    # Not required: the file kept from the last attempt may be checked again instead.
    file = forms.FileField(
        required=False,
        help_text=_("CSV, TSV or XLSX, up to 5 MB. Nothing is written until you confirm."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        default = Treaty.objects.default()
        if default is not None:
            self.fields["treaty"].initial = default.pk


class StatusTableForm(UploadForm):
    source = forms.CharField(
        max_length=300, help_text=_("Where the table comes from, e.g. 'UNTC XVIII-16, 1 Nov 2026'.")
    )
    source_url = forms.URLField(required=False, max_length=500)


class AssessmentsForm(UploadForm):
    """Imported assessments are submitted for review: like any assessment, a reviewer other
    than the person who entered them publishes them."""


def _run(
    kind: str,
    request: HttpRequest,
    params: dict[str, Any],
    rows: list[list[str]],
    apply: bool,
    expected: dict[str, list[int | None]] | None = None,
) -> ImportReport:
    treaty = Treaty.objects.get(pk=params["treaty"])
    if kind == "status-table":
        return import_status_table(
            treaty=treaty,
            rows=rows,
            source=params["source"],
            source_url=params["source_url"],
            by=request.user,
            apply=apply,
            expected=expected,
        )
    return import_assessments(
        treaty=treaty, rows=rows, by=request.user, apply=apply, expected=expected
    )


def import_view(model_admin: admin.ModelAdmin, request: HttpRequest, kind: str) -> HttpResponse:
    """Upload → dry run report → confirm → applied. The uploaded rows wait in the session
    between the two steps, under a one-time token, so the confirmed import is exactly the one
    that was checked; the chosen file is kept too, so a failed dry run is run again without
    choosing it again. ``?sample=1`` downloads a sample file."""
    if kind == "status-table":
        form_class: type[UploadForm] = StatusTableForm
        title = _("Import a depositary status table")
    else:
        form_class = AssessmentsForm
        title = _("Import assessments")
    if not permissions.can_import(request.user, model_admin.model):
        raise PermissionDenied
    if request.method == "GET" and request.GET.get("sample"):
        return sample_response(kind, Treaty.objects.default())
    opts = model_admin.model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    report: ImportReport | None = None
    token = ""
    kept: KeptFile | None = None

    if request.method == "POST" and "confirm" in request.POST:
        pending = request.session.get(_SESSION_KEY) or {}
        if pending.get("token") != request.POST.get("token") or pending.get("kind") != kind:
            messages.error(request, _("That import expired: upload the file again."))
            return HttpResponseRedirect(request.path)
        del request.session[_SESSION_KEY]
        try:
            # What the dry run saw: a record changed since is refused, row by row.
            report = _run(
                kind,
                request,
                pending["params"],
                pending["rows"],
                apply=True,
                expected=pending.get("seen", {}),
            )
        except ImportRejected as rejected:
            report = rejected.report
            form = form_class()
            kept = kept_file(request, kind)
        else:
            forget_file(request, kind)
            messages.success(request, report.summary())
            return HttpResponseRedirect(changelist)
    elif request.method == "POST":
        kept, report = chosen_file(request, kind)
        form = form_class(request.POST, request.FILES)
        if form.is_valid() and report is None:
            if kept is None:
                form.add_error("file", _("Choose a file to check."))
            else:
                params = {k: v for k, v in form.cleaned_data.items() if k != "file"}
                params["treaty"] = params["treaty"].pk
                try:
                    report = _run(kind, request, params, kept.rows, apply=False)
                except ImportRejected as rejected:
                    report = rejected.report
                else:
                    # Kept on the server, under a one-time token: the rows and the version of
                    # each record the dry run saw, which the apply step checks again.
                    token = secrets.token_urlsafe(16)
                    request.session[_SESSION_KEY] = {
                        "token": token,
                        "kind": kind,
                        "params": params,
                        "rows": kept.rows,
                        "seen": report.seen,
                    }
    else:
        form = form_class()
    context = {
        **model_admin.admin_site.each_context(request),
        **import_page_context(kind, request, report),
        "title": title,
        "opts": opts,
        "form": form,
        "kept": kept,
        "report": report,
        "token": token,
        "changelist_url": changelist,
    }
    return TemplateResponse(request, "admin/treaty/import.html", context)
