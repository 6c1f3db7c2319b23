"""The uploads of laws (UNCTAD's layout or the project's own) and of provision mappings: their
forms and importers, run through the admin's one upload flow (``treaty.admin.upload_flow``).
An editor limited to some participants imports only theirs; a reviewer may publish at once."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from treaty import permissions
from treaty.admin.upload_flow import Upload
from treaty.importers import ImportReport
from treaty.importers.laws import import_laws, import_mappings
from treaty.models import Treaty


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


def _common(
    request: HttpRequest,
    params: dict[str, Any],
    rows: list[list[str]],
    apply: bool,
    expected: dict[str, list[int | None]] | None,
) -> dict[str, Any]:
    allowed = None
    if not request.user.has_perm(permissions.EDIT_ANY) and not request.user.is_superuser:
        allowed = set(permissions.editable_participants(request.user).values_list("pk", flat=True))
    return {
        "rows": rows,
        "by": request.user,
        "publish": params["publish"],
        "apply": apply,
        "expected": expected,
        "allowed_participants": allowed,
    }


def _laws(
    request: HttpRequest,
    params: dict[str, Any],
    rows: list[list[str]],
    apply: bool,
    expected: dict[str, list[int | None]] | None,
) -> ImportReport:
    return import_laws(**_common(request, params, rows, apply, expected))


def _mappings(
    request: HttpRequest,
    params: dict[str, Any],
    rows: list[list[str]],
    apply: bool,
    expected: dict[str, list[int | None]] | None,
) -> ImportReport:
    return import_mappings(
        treaty=Treaty.objects.get(pk=params["treaty"]),
        **_common(request, params, rows, apply, expected),
    )


LAWS = Upload("laws", _("Import laws"), LawUploadForm, _laws, checks_publish=True)
MAPPINGS = Upload(
    "mappings", _("Import provision mappings"), MappingUploadForm, _mappings, checks_publish=True
)
