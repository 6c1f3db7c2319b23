"""The uploads of laws (UNCTAD's layout or the project's own) and of provision mappings: their
forms and importers, run through the admin's one upload flow (``treaty.admin.upload_flow``).
An editor limited to some participants imports only theirs; a reviewer may publish at once."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from treaty import permissions
from treaty.admin.upload_flow import Attempt, TreatyForm, Upload
from treaty.importers import ImportReport
from treaty.importers.laws import import_laws, import_mappings


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


class MappingUploadForm(TreatyForm, LawUploadForm):
    field_order = ["treaty", "file", "publish"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "CSV, TSV or XLSX: participant, law (title or id), provision, article or "
            "obligation, relation, note. Nothing is written until you confirm."
        )


def _arguments(attempt: Attempt) -> dict[str, Any]:
    """What both importers take: an editor limited to some participants passes their keys."""
    user = attempt.request.user
    allowed = None
    if not user.has_perm(permissions.EDIT_ANY) and not user.is_superuser:
        allowed = set(permissions.editable_participants(user).values_list("pk", flat=True))
    return {
        "rows": attempt.rows,
        "by": user,
        "publish": attempt.params["publish"],
        "apply": attempt.apply,
        "expected": attempt.expected,
        "allowed_participants": allowed,
    }


def _laws(attempt: Attempt) -> ImportReport:
    return import_laws(**_arguments(attempt))


def _mappings(attempt: Attempt) -> ImportReport:
    return import_mappings(treaty=attempt.treaty, **_arguments(attempt))


LAWS = Upload("laws", _("Import laws"), LawUploadForm, _laws, checks_publish=True)
MAPPINGS = Upload(
    "mappings", _("Import provision mappings"), MappingUploadForm, _mappings, checks_publish=True
)
