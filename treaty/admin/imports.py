"""The depositary status-table and assessments uploads: their forms and importers, run through
the admin's one upload flow (``treaty.admin.upload_flow``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from treaty.admin.upload_flow import Upload
from treaty.importers import ImportReport
from treaty.importers.assessments import import_assessments
from treaty.importers.depositary import import_status_table
from treaty.models import Treaty


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


def _status_table(
    request: HttpRequest,
    params: dict[str, Any],
    rows: list[list[str]],
    apply: bool,
    expected: dict[str, list[int | None]] | None,
) -> ImportReport:
    return import_status_table(
        treaty=Treaty.objects.get(pk=params["treaty"]),
        rows=rows,
        source=params["source"],
        source_url=params["source_url"],
        by=request.user,
        apply=apply,
        expected=expected,
    )


def _assessments(
    request: HttpRequest,
    params: dict[str, Any],
    rows: list[list[str]],
    apply: bool,
    expected: dict[str, list[int | None]] | None,
) -> ImportReport:
    return import_assessments(
        treaty=Treaty.objects.get(pk=params["treaty"]),
        rows=rows,
        by=request.user,
        apply=apply,
        expected=expected,
    )


STATUS_TABLE = Upload(
    "status-table", _("Import a depositary status table"), StatusTableForm, _status_table
)
ASSESSMENTS = Upload("assessments", _("Import assessments"), AssessmentsForm, _assessments)
