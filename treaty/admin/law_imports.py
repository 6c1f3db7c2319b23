"""Admin uploads of laws (UNCTAD's layout or the project's own) and of provision mappings: a
dry run first, shown in full, then the same rows applied on confirmation (all rows or none).
The flow is the one of ``treaty.admin.imports`` (the rows wait in the session under a one-time
token, so the confirmed import is exactly the one that was checked)."""

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
from treaty.importers.laws import import_laws, import_mappings
from treaty.models import Law, ProvisionMapping, Treaty

_SESSION_KEY = "tracker-law-import"
MODELS = {"laws": Law, "mappings": ProvisionMapping}


class LawUploadForm(forms.Form):
    # Not required: the file kept from the last attempt may be checked again instead.
    file = forms.FileField(
        required=False,
        help_text=_(
            "CSV, TSV or XLSX, up to 5 MB: UNCTAD's layout (m49, country, title, url) or the "
            "project's (participant, title, source, kind, status, official_url, …). Nothing is "
            "written until you confirm."
        ),
    )
    publish = forms.BooleanField(
        required=False,
        label=_("Publish at once"),
        help_text=_("Only for reviewers; otherwise the records are submitted for review."),
    )


class MappingUploadForm(LawUploadForm):
    treaty: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Treaty.objects.all(), empty_label=None
    )
    field_order = ["treaty", "file", "publish"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "CSV, TSV or XLSX: participant, law (title or id), provision, article or "
            "obligation, relation, note. Nothing is written until you confirm."
        )
        default = Treaty.objects.default()
        if default is not None:
            self.fields["treaty"].initial = default.pk


def _run(
    kind: str, request: HttpRequest, params: dict[str, Any], rows: list[list[str]], apply: bool
) -> ImportReport:
    allowed = None
    if not request.user.has_perm(permissions.EDIT_ANY) and not request.user.is_superuser:
        allowed = set(permissions.editable_participants(request.user).values_list("pk", flat=True))
    common = {
        "rows": rows,
        "by": request.user,
        "publish": params["publish"],
        "apply": apply,
        "allowed_participants": allowed,
    }
    if kind == "laws":
        return import_laws(**common)
    return import_mappings(treaty=Treaty.objects.get(pk=params["treaty"]), **common)


def law_import_view(model_admin: admin.ModelAdmin, request: HttpRequest, kind: str) -> HttpResponse:
    """Upload → dry run report → confirm → applied; the chosen file is kept between attempts
    and ``?sample=1`` downloads a sample file (see ``treaty.admin.imports``)."""
    model = MODELS[kind]
    if not permissions.can_import(request.user, model):
        raise PermissionDenied
    if request.method == "GET" and request.GET.get("sample"):
        return sample_response(kind, Treaty.objects.default())
    form_class = LawUploadForm if kind == "laws" else MappingUploadForm
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    report: ImportReport | None = None
    token = ""
    kept: KeptFile | None = None
    form = form_class()

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
            kept = kept_file(request, kind)
        else:
            forget_file(request, kind)
            messages.success(request, report.summary())
            return HttpResponseRedirect(changelist)
    elif request.method == "POST":
        kept, report = chosen_file(request, kind)
        form = form_class(request.POST, request.FILES)
        if form.is_valid() and report is None:
            params = {k: v for k, v in form.cleaned_data.items() if k != "file"}
            if "treaty" in params:
                params["treaty"] = params["treaty"].pk
            if params["publish"] and not permissions.may_publish(request.user, model):
                form.add_error("publish", _("Only a reviewer may publish at once."))
            elif kept is None:
                form.add_error("file", _("Choose a file to check."))
            else:
                try:
                    report = _run(kind, request, params, kept.rows, apply=False)
                except ImportRejected as rejected:
                    report = rejected.report
                else:
                    token = secrets.token_urlsafe(16)
                    request.session[_SESSION_KEY] = {
                        "token": token,
                        "kind": kind,
                        "params": params,
                        "rows": kept.rows,
                    }
    context = {
        **model_admin.admin_site.each_context(request),
        **import_page_context(kind, request, report),
        "title": _("Import laws") if kind == "laws" else _("Import provision mappings"),
        "opts": opts,
        "form": form,
        "kept": kept,
        "report": report,
        "token": token,
        "changelist_url": changelist,
    }
    return TemplateResponse(request, "admin/treaty/import.html", context)
