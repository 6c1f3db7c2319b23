"""The depositary status-table and assessments uploads: their forms and importers, run through
the admin's one upload flow (``treaty.admin.upload_flow``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from treaty.admin.upload_flow import Attempt, TreatyForm, Upload
from treaty.importers import ImportReport
from treaty.importers.assessments import import_assessments
from treaty.importers.depositary import import_status_table


class UploadForm(TreatyForm):
    # Not required: the file kept from the last attempt may be checked again instead.
    file = forms.FileField(
        required=False,
        help_text=_("CSV, TSV or XLSX, up to 5 MB. Nothing is written until you confirm."),
    )


class StatusTableForm(UploadForm):
    source = forms.CharField(
        max_length=300, help_text=_("Where the table comes from, e.g. 'UNTC XVIII-16, 1 Nov 2026'.")
    )
    source_url = forms.URLField(required=False, max_length=500)


class AssessmentsForm(UploadForm):
    """Imported assessments are submitted for review: like any assessment, a reviewer other
    than the person who entered them publishes them."""


def _status_table(attempt: Attempt) -> ImportReport:
    return import_status_table(
        treaty=attempt.treaty,
        rows=attempt.rows,
        source=attempt.params["source"],
        source_url=attempt.params["source_url"],
        by=attempt.request.user,
        apply=attempt.apply,
        expected=attempt.expected,
    )


def _assessments(attempt: Attempt) -> ImportReport:
    return import_assessments(
        treaty=attempt.treaty,
        rows=attempt.rows,
        by=attempt.request.user,
        apply=attempt.apply,
        expected=attempt.expected,
    )


STATUS_TABLE = Upload(
    "status-table", _("Import a depositary status table"), StatusTableForm, _status_table
)
ASSESSMENTS = Upload("assessments", _("Import assessments"), AssessmentsForm, _assessments)
