"""simple-history's admin, with a revert that needs the right to change the record."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin

from treaty.admin.defaults import DefaultTreatyMixin


class HistoryAdmin(DefaultTreatyMixin, SimpleHistoryAdmin):
    """History and one-click revert, under the change page's rules (and a new record's form
    on the default treaty, see ``DefaultTreatyMixin``).

    simple-history saves a posted revert form for anyone who may merely *view* the record (a
    focal point, an editor on a treaty), and asks about the old version rather than the stored
    record (its participant and review state then). A revert is a change: it needs the change
    permission on the record as it stands, exactly as its change page does.
    """

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "POST":
            stored = self.get_object(request, unquote(object_id))
            allowed = (
                self.has_add_permission(request)
                if stored is None  # reverting brings a deleted row back: an addition
                else self.has_change_permission(request, stored)
            )
            if not allowed:
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
