"""What an admin form offers before anyone types: the treaty the site is about."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from treaty.models import Treaty


class DefaultTreatyMixin:
    """A new record's form starts on the default treaty (its "treaty" field), so an editor of a
    one-treaty tracker never has to pick it; a ``?treaty=`` in the address still wins."""

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial: dict[str, Any] = super().get_changeform_initial_data(request)  # type: ignore[misc]
        fields = {f.name for f in self.model._meta.get_fields()}  # type: ignore[attr-defined]
        if "treaty" in fields and "treaty" not in initial:
            treaty = Treaty.objects.default()
            if treaty is not None:
                initial["treaty"] = treaty.pk
        return initial
