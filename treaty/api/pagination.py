"""Pagination: every list is paged, at most 1,000 rows a page, in a stable order.

Two styles share the ``limit``/``offset`` parameters so that a client pages every resource the
same way:

- :class:`CountedPagination` for the small tables (treaties, chapters, articles, obligations,
  participants: a few hundred rows at most), where the total ``count`` is cheap and useful;
- :class:`UncountedPagination` for the tables that grow with time (treaty actions and
  assessments: about a million assessment rows at full scale). Counting them costs a full scan on
  every page (measured: 8.4x the page on SQLite, 54x on PostgreSQL, ~84 ms a count at 1M rows),
  so it fetches ``limit + 1`` ids instead and offers ``next`` only when that extra one exists.
  Limit/offset rather than a cursor: clients choose their own ``ordering`` (a cursor needs a
  fixed unique one) and can jump to a page; bulk downloads of whole tables go through the
  streaming exports, not deep offsets.
"""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response

MAX_LIMIT = 1000
DEFAULT_LIMIT = 100
# Far beyond any table here, and inside every database's integer range.
MAX_OFFSET = 2**31 - 1


def _non_negative(request: Any, param: str, default: int, *, minimum: int, maximum: int) -> int:
    given = request.query_params.getlist(param)
    if len(given) > 1:
        # "?limit=false&limit=" is not a page size: reading only the last one would hide the
        # client's mistake behind the default page.
        raise ValidationError({param: [f"Give {param} once, not {len(given)} times."]})
    raw = given[0] if given else None
    if raw is None or raw == "":
        return default
    # ASCII digits only: "²" is a digit to str.isdigit() but not to int().
    if not (raw.isascii() and raw.isdigit()) or not minimum <= int(raw) <= maximum:
        raise ValidationError({param: [f"Enter a whole number from {minimum} to {maximum}."]})
    return int(raw)


class CountedPagination(LimitOffsetPagination):
    default_limit = DEFAULT_LIMIT
    max_limit = MAX_LIMIT

    def get_limit(self, request: Any) -> int:
        # A malformed limit is the client's mistake: say so (400) rather than silently
        # answering with the default page.
        return _non_negative(
            request, self.limit_query_param, self.default_limit, minimum=1, maximum=self.max_limit
        )

    def get_offset(self, request: Any) -> int:
        return _non_negative(request, self.offset_query_param, 0, minimum=0, maximum=MAX_OFFSET)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": self.limit_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows per page (1 to {self.max_limit}; default {self.default_limit}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_limit},
            },
            {
                "name": self.offset_query_param,
                "required": False,
                "in": "query",
                "description": "How many rows to skip (default 0).",
                "schema": {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET},
            },
        ]


class UncountedPagination(CountedPagination):
    """Limit/offset without the total count (see the module docstring for why)."""

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> list[Any]:
        self.request = request
        self.limit = self.get_limit(request)
        self.offset = self.get_offset(request)
        # Two steps (a "deferred join"): first the page's ids, from the filtered and ordered
        # query without its select_related joins — the database walks an index for them — then
        # those rows with their related rows. Measured at 912k assessments on SQLite: the
        # as-of page 942 ms in one query (the joins make the planner sort the whole table),
        # 6 ms for the ids; offset 500,000: 12 s, then 0.3 s.
        window = list(
            queryset.values_list("pk", flat=True)[self.offset : self.offset + self.limit + 1]
        )
        self.has_next = len(window) > self.limit
        ids = window[: self.limit]
        by_pk = {row.pk: row for row in queryset.filter(pk__in=ids).order_by()}
        return [by_pk[pk] for pk in ids]

    def get_next_link(self) -> str | None:
        if not self.has_next:
            return None
        # The parent builds the link from the offset and limit; a count beyond them makes it.
        assert self.offset is not None  # both set by paginate_queryset
        assert self.limit is not None
        self.count = self.offset + self.limit + 1
        return super().get_next_link()

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data}
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paged = super().get_paginated_response_schema(schema)
        paged["properties"].pop("count")
        paged["required"] = ["results"]
        return paged
