"""Admin pages that upload a table and import it: a dry run first, shown in full, then the
same rows applied on confirmation (all rows or none)."""

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
from treaty.importers import ImportRejected, ImportReport
from treaty.importers.assessments import import_assessments
from treaty.importers.depositary import import_status_table
from treaty.importers.readers import read_rows
from treaty.models import ObligationProgress, Treaty, TreatyAction

_SESSION_KEY = "tracker-import"


class UploadForm(forms.Form):
    treaty = forms.ModelChoiceField(queryset=Treaty.objects.all(), empty_label=None)
    file = forms.FileField(
        help_text=_("CSV, TSV or XLSX, up to 5 MB. Nothing is written until you confirm.")
    )


class StatusTableForm(UploadForm):
    source = forms.CharField(
        max_length=300, help_text=_("Where the table comes from, e.g. 'UNTC XVIII-16, 1 Nov 2026'.")
    )
    source_url = forms.URLField(required=False, max_length=500)


class AssessmentsForm(UploadForm):
    publish = forms.BooleanField(
        required=False,
        label=_("Publish at once"),
        help_text=_("Only for reviewers; otherwise the assessments are submitted for review."),
    )


def _run(
    kind: str, request: HttpRequest, params: dict[str, Any], rows: list[list[str]], apply: bool
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
        )
    allowed = None
    if not request.user.has_perm(permissions.EDIT_ANY) and not request.user.is_superuser:
        allowed = set(permissions.editable_participants(request.user).values_list("pk", flat=True))
    return import_assessments(
        treaty=treaty,
        rows=rows,
        by=request.user,
        publish=params["publish"],
        apply=apply,
        allowed_participants=allowed,
    )


def import_view(model_admin: admin.ModelAdmin, request: HttpRequest, kind: str) -> HttpResponse:
    """Upload → dry run report → confirm → applied. The uploaded rows wait in the session
    between the two steps, under a one-time token, so the confirmed import is exactly the one
    that was checked."""
    user = request.user
    if kind == "status-table":
        allowed = user.has_perm("treaty.add_treatyaction") and permissions.can_publish_directly(
            user, TreatyAction
        )
        form_class: type[UploadForm] = StatusTableForm
        title = _("Import a depositary status table")
    else:
        allowed = user.has_perm("treaty.add_obligationprogress")
        form_class = AssessmentsForm
        title = _("Import assessments")
    if not allowed:
        raise PermissionDenied
    opts = model_admin.model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    report: ImportReport | None = None
    token = ""

    if request.method == "POST" and "confirm" in request.POST:
        pending = request.session.get(_SESSION_KEY) or {}
        if pending.get("token") != request.POST.get("token") or pending.get("kind") != kind:
            messages.error(request, _("That import expired: upload the file again."))
            return HttpResponseRedirect(request.path)
        del request.session[_SESSION_KEY]
        try:
            report = _run(kind, request, pending["params"], pending["rows"], apply=True)
        except ImportRejected as rejected:
            report = rejected.report
            form = form_class()
        else:
            messages.success(request, report.summary())
            return HttpResponseRedirect(changelist)
    elif request.method == "POST":
        form = form_class(request.POST, request.FILES)
        if form.is_valid():
            params = {k: v for k, v in form.cleaned_data.items() if k != "file"}
            params["treaty"] = params["treaty"].pk
            if (
                kind == "assessments"
                and params.get("publish")
                and not user.has_perm(permissions.verify_permission(ObligationProgress))
            ):
                form.add_error("publish", _("Only a reviewer may publish at once."))
            else:
                upload = form.cleaned_data["file"]
                try:
                    rows = read_rows(upload, upload.name)
                    report = _run(kind, request, params, rows, apply=False)
                except ImportRejected as rejected:
                    report = rejected.report
                else:
                    token = secrets.token_urlsafe(16)
                    request.session[_SESSION_KEY] = {
                        "token": token,
                        "kind": kind,
                        "params": params,
                        "rows": rows,
                    }
    else:
        form = form_class()
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "opts": opts,
        "form": form,
        "report": report,
        "token": token,
        "changelist_url": changelist,
    }
    return TemplateResponse(request, "admin/treaty/import.html", context)
