"""The world map coloured by stage, as inline SVG.

The geometry is the committed ``treaty/data/world_map_110m.json`` (built by
``manage.py build_world_map`` from npm ``world-atlas``; see ``treaty/data/README.md``), keyed by
the ISO 3166 numeric code, which is the M49 code that ``Participant.m49`` holds. Colours come
from CSS classes (``stage-…``) so that print and forced-colours styles can change them.

A map is not mirrored in a right-to-left language (east stays on the right); its text (the
title, the description, each participant's name and stage) is in the page's language and
direction: the ``<svg>`` carries the ``lang`` and ``dir`` of the language.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, get_language_bidi

# Unicode's first-strong isolate and pop directional isolate.
FSI, PDI = "\u2068", "\u2069"
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

    @property
    def label(self) -> str:
        """What the map says of it: "Viet Nam: Party". In a right-to-left language the name is
        isolated (Unicode's first-strong isolate: a tooltip cannot hold ``<bdi>``), so that a
        name left in Latin letters, or ending in a digit or a bracket, keeps its place."""
        if get_language_bidi():
            return f"{FSI}{self.name}{PDI}: {self.stage_label}"
        return f"{self.name}: {self.stage_label}"


def has_shape(m49: int | None) -> bool:
    """Drawn on the map: as a shape, or as a dot where the State is too small for one."""
    data = map_data()
    return m49 is not None and (str(m49) in data["shapes"] or str(m49) in data["points"])


def without_shape(places: Iterable[Place]) -> list[Place]:
    """Participants the map cannot show: with no M49 code (the EU) or no known position. The
    page lists them so no participant is left out of the picture."""
    return [place for place in places if not has_shape(place.m49)]


def _language() -> SafeString:
    """The ``lang`` and ``dir`` of the map's text: the active language's."""
    return format_html(
        ' lang="{}" dir="{}"', get_language() or "en", "rtl" if get_language_bidi() else "ltr"
    )


def _link(place: Place, drawing: SafeString) -> SafeString:
    return format_html(
        '<a href="{}" tabindex="-1" aria-label="{}"><title>{}</title>{}</a>',
        place.url,
        place.label,
        place.label,
        drawing,
    )


_START = re.compile(r"M(-?[\d.]+)(?: |(?=-))(-?[\d.]+)")


def _near(path: str, box: tuple[float, ...] | None, margin: float = 40) -> bool:
    """Whether a ring of the path starts in the box (widened by ``margin``): enough to keep
    the shapes an enlarged view shows, and leave the rest of the world out of its markup."""
    if box is None:
        return True
    x, y, width, height = box
    return any(
        x - margin <= float(px) <= x + width + margin
        and y - margin <= float(py) <= y + height + margin
        for px, py in _START.findall(path)
    )


def _places_svg(
    places: Iterable[Place], *, dot_radius: float, box: tuple[float, ...] | None = None
) -> SafeString:
    """The shapes (and dots for States too small for a shape), each a link named after its
    participant and stage; shapes of no participant first, uncoloured and unlinked. With a
    ``box``, only what lies near it."""
    data = map_data()
    by_code = {str(place.m49): place for place in places if place.m49 is not None}
    unplaced = [
        (path,) for code, path in data["shapes"].items() if code not in by_code and _near(path, box)
    ]
    unplaced.extend((path,) for path in data["uncoded"] if _near(path, box))
    shapes = [
        _link(place, format_html('<path class="stage-{}" d="{}"/>', place.stage, path))
        for code, path in data["shapes"].items()
        if (place := by_code.get(code)) is not None and _near(path, box)
    ]
    dots = [
        _link(
            place,
            format_html(
                '<circle class="map-dot stage-{}" cx="{}" cy="{}" r="{}"/>',
                place.stage,
                x,
                y,
                dot_radius,
            ),
        )
        for code, (x, y) in data["points"].items()
        if (place := by_code.get(code)) is not None and _near(f"M{x} {y}", box, margin=0)
    ]
    return format_html(
        '<g class="stage-nodata" aria-hidden="true">{}</g><g class="map-shapes">{}</g>'
        '<g class="map-dots">{}</g>',
        format_html_join("", '<path d="{}"/>', unplaced),
        format_html_join("", "{}", ((shape,) for shape in shapes)),
        format_html_join("", "{}", ((dot,) for dot in dots)),
    )


def render(
    places: Iterable[Place], *, title: str, description: str, element_id: str = "map"
) -> SafeString:
    """The SVG: every shape of the source, filled by the stage of the participant it belongs
    to; shapes of no participant (Greenland, Western Sahara…) get the class ``stage-nodata``;
    a dot for each participant too small for a shape at this scale.

    The drawing is a group of links (``role="group"``, never ``img``: an image cannot hold
    links), each named "participant: stage". They are for pointing devices only
    (``tabindex="-1"``): keyboard users get the same links in the lists next to it, instead of
    190 tab stops. The rectangle drawn around Europe is the enlarged view (``render_inset``).
    """
    data = map_data()
    places = list(places)
    box = data["insets"]["europe"]
    return format_html(
        '<svg class="world-map" viewBox="0 0 {} {}" role="group" aria-labelledby="{}-title" '
        'aria-describedby="{}-desc"{} preserveAspectRatio="xMidYMid meet">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}'
        '<rect class="map-inset-frame" x="{}" y="{}" width="{}" height="{}" aria-hidden="true"/>'
        "</svg>",
        data["width"],
        data["height"],
        element_id,
        element_id,
        _language(),
        element_id,
        title,
        element_id,
        description,
        _places_svg(places, dot_radius=3.5),
        *box,
    )


def render_inset(
    places: Iterable[Place], *, title: str, name: str = "europe", element_id: str = "map-europe"
) -> SafeString:
    """An enlarged view of part of the map (``mapbuild.INSETS``): the same shapes and links,
    with a viewBox around the region, so that small neighbouring States can be read."""
    x, y, width, height = map_data()["insets"][name]
    return format_html(
        '<svg class="world-map map-inset" viewBox="{} {} {} {}" role="group" '
        'aria-labelledby="{}-title"{} preserveAspectRatio="xMidYMid slice">'
        '<title id="{}-title">{}</title>{}</svg>',
        x,
        y,
        width,
        height,
        element_id,
        _language(),
        element_id,
        title,
        _places_svg(places, dot_radius=1.6, box=(x, y, width, height)),
    )
