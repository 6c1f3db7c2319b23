"""The API's JSON parser: DRF's, refusing bodies nested deeper than any write needs.

Python's JSON decoder recurses once per level: a body nested 50,000 deep raised
``RecursionError``, a 500. The deepest body the API reads is two levels (an object of
scalars, or of one list), so anything past ``MAX_DEPTH`` is a 400 saying why.
"""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32
TOO_DEEP = f"JSON body nested more than {MAX_DEPTH} levels deep: send a flat object of fields."


class BoundedJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(TOO_DEEP) from exc
        if depth(data) > MAX_DEPTH:
            raise ParseError(TOO_DEEP)
        return data


def depth(value: Any) -> int:
    """How many containers deep ``value`` goes (a scalar: 0), without recursing."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        children: Any
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in children)
    return deepest
