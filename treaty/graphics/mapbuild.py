"""Turns the packaged world map (TopoJSON from npm ``world-atlas``) into compact SVG paths.

Used once, by ``manage.py build_world_map``, whose output is committed under ``treaty/data/``:
the running site never converts geometry. Pure functions, tested without files.

The projection is Equal Earth (Šavrič, Patterson and Jenny, 2018): equal-area, so large
countries do not look more important than they are, and simple enough to write out here.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from typing import Any

SOURCE = "world-atlas 2.0.2 (npm), countries-110m.json"
LICENCE = (
    "world-atlas: ISC licence, Copyright 2013-2019 Michael Bostock. "
    "Geometry: Natural Earth 4.1.0, public domain."
)

# Features of the source without an ISO 3166 numeric code. Natural Earth draws some areas
# apart from the State the United Nations recognise them as part of; the map follows the UN
# (M49) view and draws them with that State. Kosovo has no code of its own and is drawn
# without colour ("no data"): a neutral choice, noted in treaty/data/README.md.
UNCODED_AS_PART_OF = {"N. Cyprus": "196", "Somaliland": "706"}

# Antarctica is not a participant and would take a fifth of the height.
LEFT_OUT = {"010"}

# Enlarged views drawn beside the world, as (longitude west, east, latitude south, north):
# Europe's States are too small to read or to click at world scale.
INSETS = {"europe": (-25.0, 45.0, 34.0, 71.0)}

_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """Equal Earth projection of a point in degrees, in units of the earth's radius;
    y grows northwards."""
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(_M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, y


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """The topology's arcs as lists of (longitude, latitude), undoing the delta encoding and
    the quantization of TopoJSON."""
    transform = topology.get("transform")
    arcs: list[list[tuple[float, float]]] = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(px), float(py)) for px, py in arc]
        arcs.append(points)
    return arcs


def ring_points(
    ring: Sequence[int], arcs: list[list[tuple[float, float]]]
) -> list[tuple[float, float]]:
    """One closed ring from its arc indexes; a negative index ``~i`` is arc ``i`` reversed.
    Consecutive arcs share their joining point, kept once."""
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def unwrap(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The ring with longitudes made continuous across the antimeridian.

    Natural Earth cuts Russia and Fiji at 180°, and a ring then jumps from 180 to -180 along
    the cut: projected as is, that jump is a line across the whole map. Unwrapped, Chukotka
    and eastern Fiji sit just past 180° on the right, next to the rest of their country."""
    if not points:
        return points
    result = [points[0]]
    shift = 0.0
    for (prev_lon, _), (lon, lat) in zip(points, points[1:], strict=False):
        if lon - prev_lon > 180:
            shift -= 360
        elif lon - prev_lon < -180:
            shift += 360
        result.append((lon + shift, lat))
    mean = sum(lon for lon, _ in result) / len(result)
    if mean > 180:
        result = [(lon - 360, lat) for lon, lat in result]
    elif mean < -180:
        result = [(lon + 360, lat) for lon, lat in result]
    return result


def polygons(geometry: dict[str, Any]) -> list[list[Sequence[int]]]:
    """A Polygon or MultiPolygon geometry as a list of polygons (each a list of rings)."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["arcs"])
    return []


class Frame:
    """Maps projected points to SVG user units: ``width`` wide, north up, 0.1 unit precision."""

    def __init__(self, width: int, min_x: float, max_x: float, max_y: float) -> None:
        self.scale = width / (max_x - min_x)
        self.min_x = min_x
        self.max_y = max_y

    def point(self, lon: float, lat: float) -> tuple[int, int]:
        """In tenths of a unit, as integers, so that relative moves add up exactly."""
        x, y = equal_earth(lon, lat)
        return round((x - self.min_x) * self.scale * 10), round((self.max_y - y) * self.scale * 10)


def _number(tenths: int) -> str:
    text = f"{tenths / 10:.1f}".rstrip("0").rstrip(".")
    if text.startswith("0."):
        return text[1:]
    if text.startswith("-0."):
        return "-" + text[2:]
    return text


def _pair(x: int, y: int) -> str:
    # SVG lets a minus sign stand for the separator: "1-2" reads as 1, -2.
    b = _number(y)
    return f"{_number(x)}{b if b.startswith('-') else ' ' + b}"


def ring_path(points: Iterable[tuple[int, int]]) -> str:
    """A closed SVG subpath: an absolute move, then relative lines; points that round onto
    the previous one are dropped. Empty when fewer than three distinct points remain."""
    kept: list[tuple[int, int]] = []
    for point in points:
        if not kept or point != kept[-1]:
            kept.append(point)
    if len(kept) > 1 and kept[0] == kept[-1]:
        kept.pop()
    if len(kept) < 3:
        return ""
    (x0, y0), parts = kept[0], []
    previous = kept[0]
    for x, y in kept[1:]:
        parts.append(_pair(x - previous[0], y - previous[1]))
        previous = (x, y)
    first = _pair(x0, y0)
    return f"M{first}l{' '.join(parts)}z"


def inset_box(frame: Frame, bounds: tuple[float, float, float, float]) -> list[float]:
    """The rectangle (x, y, width, height, in map units) that holds a longitude and latitude
    box once projected: its corners and the middle of its edges, since meridians curve."""
    west, east, south, north = bounds
    middle = (west + east) / 2
    points = [frame.point(lon, lat) for lon in (west, middle, east) for lat in (south, north)] + [
        frame.point(west, (south + north) / 2),
        frame.point(east, (south + north) / 2),
    ]
    xs, ys = [x / 10 for x, _ in points], [y / 10 for _, y in points]
    return [
        round(min(xs), 1),
        round(min(ys), 1),
        round(max(xs) - min(xs), 1),
        round(max(ys) - min(ys), 1),
    ]


def build(
    topology: dict[str, Any],
    *,
    width: int = 1000,
    places: dict[str, tuple[float, float]] | None = None,
) -> dict[str, Any]:
    """The compact map the site reads: SVG path data per ISO 3166 numeric code (= M49),
    the source's English name per code, and the viewBox size; a point (x, y) for each of
    ``places`` (M49 code: longitude, latitude) that has no shape at this scale, drawn as a
    dot so that small States are seen; the rectangle of each enlarged view (``INSETS``)."""
    arcs = decode_arcs(topology)
    geometries = topology["objects"]["countries"]["geometries"]

    kept: list[tuple[str | None, str, list[list[Sequence[int]]]]] = []
    for geometry in geometries:
        name = geometry.get("properties", {}).get("name", "")
        code = geometry.get("id") or UNCODED_AS_PART_OF.get(name)
        if code in LEFT_OUT:
            continue
        kept.append((code, name, polygons(geometry)))

    projected = [
        equal_earth(lon, lat)
        for _code, _name, polys in kept
        for poly in polys
        for ring in poly
        for lon, lat in unwrap(ring_points(ring, arcs))
    ]
    min_x = min(x for x, _ in projected)
    max_x = max(x for x, _ in projected)
    min_y = min(y for _, y in projected)
    max_y = max(y for _, y in projected)
    frame = Frame(width, min_x, max_x, max_y)
    height = math.ceil((max_y - min_y) * frame.scale)

    shapes: dict[str, str] = {}
    names: dict[str, str] = {}
    uncoded: list[str] = []
    for code, name, polys in kept:
        path = "".join(
            ring_path(frame.point(lon, lat) for lon, lat in unwrap(ring_points(ring, arcs)))
            for poly in polys
            for ring in poly
        )
        if not path:
            continue
        if code is None:
            uncoded.append(path)
            continue
        key = str(int(code))  # "004" -> "4": the M49 code as Participant.m49 holds it
        shapes[key] = shapes.get(key, "") + path
        names.setdefault(key, name)
    points: dict[str, list[float]] = {}
    for code, (lon, lat) in sorted((places or {}).items(), key=lambda item: int(item[0])):
        key = str(int(code))
        if key not in shapes:
            # Islands just west of the antimeridian (Cook Islands, Kiribati's capital) would
            # fall off the left edge: kept at the edge of the map, where their region is.
            x, y = frame.point(lon, lat)
            points[key] = [min(max(x / 10, 4.0), width - 4.0), y / 10]
    return {
        "source": SOURCE,
        "licence": LICENCE,
        "projection": "Equal Earth",
        "width": width,
        "height": height,
        "shapes": dict(sorted(shapes.items(), key=lambda item: int(item[0]))),
        "names": dict(sorted(names.items(), key=lambda item: int(item[0]))),
        "uncoded": uncoded,
        "points": points,
        "insets": {name: inset_box(frame, bounds) for name, bounds in INSETS.items()},
    }


def dumps(data: dict[str, Any]) -> str:
    """Stable, compact JSON (one shape per line, so a rebuild diffs readably)."""
    lines = ["{"]
    for key in ("source", "licence", "projection", "width", "height"):
        lines.append(f"{json.dumps(key)}: {json.dumps(data[key], ensure_ascii=False)},")
    lines.append(f'"names": {json.dumps(data["names"], ensure_ascii=False)},')
    lines.append(f'"points": {json.dumps(data["points"])},')
    lines.append(f'"insets": {json.dumps(data["insets"])},')
    lines.append('"uncoded": [')
    lines.append(",\n".join(json.dumps(path) for path in data["uncoded"]))
    lines.append("],")
    lines.append('"shapes": {')
    lines.append(
        ",\n".join(
            f"{json.dumps(code)}: {json.dumps(path)}" for code, path in data["shapes"].items()
        )
    )
    lines.append("}}")
    return "\n".join(lines) + "\n"
