"""The world map coloured by stage, as inline SVG.

The geometry is the committed ``treaty/data/world_map_110m.json`` (built by
``manage.py build_world_map`` from npm ``world-atlas``; see ``treaty/data/README.md``), keyed by
the ISO 3166 numeric code, which is the M49 code that ``Participant.m49`` holds. Colours come
from CSS classes (``stage-…``) so that print and forced-colours styles can change them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "world_map_110m.json"


@cache
def map_data() -> dict[str, Any]:
    """The map, read once per process (about 100 KiB)."""
    with DATA_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


@dataclass(frozen=True, slots=True)
class Place:
    """A participant as the map shows it."""

    m49: int | None
    name: str
    stage: str
    stage_label: str
    url: str


def has_shape(m49: int | None) -> bool:
    return m49 is not None and str(m49) in map_data()["shapes"]


def without_shape(places: Iterable[Place]) -> list[Place]:
    """Participants the map cannot show: too small at this scale, or with no M49 code (the
    EU). The page lists them so no participant is left out of the picture."""
    return [place for place in places if not has_shape(place.m49)]


def render(places: Iterable[Place], *, title: str, description: str) -> SafeString:
    """The SVG: every shape of the source, filled by the stage of the participant it belongs
    to; shapes of no participant (Greenland, Western Sahara…) get the class ``stage-nodata``.

    Links on the map are for pointing devices only (``tabindex="-1"``): keyboard and screen
    reader users get the same links in the table next to it, instead of 180 tab stops.
    """
    data = map_data()
    by_code = {str(place.m49): place for place in places if place.m49 is not None}
    placed = []
    unplaced = []
    for code, path in data["shapes"].items():
        place = by_code.get(code)
        if place is None:
            unplaced.append((path,))
        else:
            placed.append((place.url, place.stage, path, place.name, place.stage_label))
    unplaced.extend((path,) for path in data["uncoded"])
    return format_html(
        '<svg class="world-map" viewBox="0 0 {} {}" role="img" aria-labelledby="map-title" '
        'aria-describedby="map-desc" dir="ltr" preserveAspectRatio="xMidYMid meet">'
        '<title id="map-title">{}</title><desc id="map-desc">{}</desc>'
        '<g class="stage-nodata">{}</g><g>{}</g></svg>',
        data["width"],
        data["height"],
        title,
        description,
        format_html_join("", '<path d="{}"/>', unplaced),
        format_html_join(
            "",
            '<a href="{}" tabindex="-1"><path class="stage-{}" d="{}"><title>{} — {}</title>'
            "</path></a>",
            placed,
        ),
    )
