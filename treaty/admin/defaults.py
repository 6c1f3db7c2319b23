"""What an admin form offers before anyone types: the treaty the site is about."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from treaty.models import Treaty


def default_treaty() -> Treaty | None:
    """The treaty the site is about (``TRACKER_DEFAULT_TREATY``), else the only treaty recorded;
    None when there is none, or several and none of them the default. One or two queries."""
    # Replace by Treaty.objects.default() once the manager has it (one rule, one place).
    found = Treaty.objects.filter(slug=settings.TRACKER_DEFAULT_TREATY).first()
    if found is None:
        only = list(Treaty.objects.all()[:2])
        found = only[0] if len(only) == 1 else None
    return found


class DefaultTreatyMixin:
    """A new record's form starts on the default treaty (its "treaty" field), so an editor of a
    one-treaty tracker never has to pick it; a ``?treaty=`` in the address still wins."""

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial: dict[str, Any] = super().get_changeform_initial_data(request)  # type: ignore[misc]
        fields = {f.name for f in self.model._meta.get_fields()}  # type: ignore[attr-defined]
        if "treaty" in fields and "treaty" not in initial:
            treaty = default_treaty()
            if treaty is not None:
                initial["treaty"] = treaty.pk
        return initial
