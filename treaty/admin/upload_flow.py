"""The one flow of every admin import page: upload → dry run report → confirm → applied.

The uploaded rows wait in the session between the two steps, under a one-time token, so the
confirmed import is exactly the one that was checked; with them waits the version of each
record the dry run saw, and the apply step refuses a row whose record changed since (another
editor's change is never overwritten unseen). The chosen file is kept too, so a failed dry run
is run again without choosing it again, and ``?sample=1`` downloads a sample file.

What differs between imports (the form, the importer, who may publish at once) is an
``Upload``; the rules themselves are the importers' and ``treaty.permissions``'.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import Promise
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
from treaty.models import Treaty

_SESSION_KEY = "tracker-import"


class TreatyForm(forms.Form):
    """An upload form whose first field is the treaty, the default treaty chosen."""

    treaty: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Treaty.objects.all(), empty_label=None
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        default = Treaty.objects.default()
        if default is not None:
            self.fields["treaty"].initial = default.pk


@dataclass(frozen=True)
class Attempt:
    """One run of an import: who runs it, with the form's values, on which rows; a dry run
    unless ``apply``, which carries what the dry run saw (``expected``)."""

    request: HttpRequest
    params: dict[str, Any]
    rows: list[list[str]]
    apply: bool = False
    expected: dict[str, list[int | None]] | None = None

    @property
    def treaty(self) -> Treaty:
        return Treaty.objects.get(pk=self.params["treaty"])


Runner = Callable[[Attempt], ImportReport]


@dataclass(frozen=True)
class Upload:
    """One kind of import: its key (the guide's and the sample's), page title, form and
    importer. ``checks_publish``: the form has a "publish at once" box, which only those who
    may publish the model can tick."""

    kind: str
    title: str | Promise
    form_class: type[forms.Form]
    run: Runner
    checks_publish: bool = False


def _parameters(form: forms.Form) -> dict[str, Any]:
    """The form's values as the session can keep them (a treaty by its key)."""
    params = {k: v for k, v in form.cleaned_data.items() if k != "file"}
    if isinstance(params.get("treaty"), Treaty):
        params["treaty"] = params["treaty"].pk
    return params


def upload_view(
    model_admin: admin.ModelAdmin, request: HttpRequest, upload: Upload
) -> HttpResponse:
    model = model_admin.model
    if not permissions.can_import(request.user, model):
        raise PermissionDenied
    if request.method == "GET" and request.GET.get("sample"):
        return sample_response(upload.kind, Treaty.objects.default())
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    report: ImportReport | None = None
    token = ""
    kept: KeptFile | None = None
    form = upload.form_class()

    if request.method == "POST" and "confirm" in request.POST:
        pending = request.session.get(_SESSION_KEY) or {}
        if pending.get("token") != request.POST.get("token") or pending.get("kind") != upload.kind:
            messages.error(request, _("That import expired: upload the file again."))
            return HttpResponseRedirect(request.path)
        del request.session[_SESSION_KEY]
        try:
            # What the dry run saw: a record changed since is refused, row by row.
            report = upload.run(
                Attempt(request, pending["params"], pending["rows"], True, pending.get("seen", {}))
            )
        except ImportRejected as rejected:
            report = rejected.report
            kept = kept_file(request, upload.kind)
        else:
            forget_file(request, upload.kind)
            messages.success(request, report.summary())
            return HttpResponseRedirect(changelist)
    elif request.method == "POST":
        kept, report = chosen_file(request, upload.kind)
        form = upload.form_class(request.POST, request.FILES)
        if form.is_valid() and report is None:
            params = _parameters(form)
            if (
                upload.checks_publish
                and params.get("publish")
                and not permissions.may_publish(request.user, model)
            ):
                form.add_error("publish", _("Only a reviewer may publish at once."))
            elif kept is None:
                form.add_error("file", _("Choose a file to check."))
            else:
                try:
                    report = upload.run(Attempt(request, params, kept.rows))
                except ImportRejected as rejected:
                    report = rejected.report
                else:
                    token = secrets.token_urlsafe(16)
                    request.session[_SESSION_KEY] = {
                        "token": token,
                        "kind": upload.kind,
                        "params": params,
                        "rows": kept.rows,
                        "seen": report.seen,
                    }
    context = {
        **model_admin.admin_site.each_context(request),
        **import_page_context(upload.kind, request, report),
        "title": upload.title,
        "opts": opts,
        "form": form,
        "kept": kept,
        "report": report,
        "token": token,
        "changelist_url": changelist,
    }
    return TemplateResponse(request, "admin/treaty/import.html", context)
