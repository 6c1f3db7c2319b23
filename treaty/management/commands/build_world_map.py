"""``manage.py build_world_map``: regenerate treaty/data/world_map_110m.json from world-atlas."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from treaty.graphics import mapbuild
from treaty.graphics.worldmap import DATA_FILE

MEMBER = "package/countries-110m.json"


def _state_positions() -> dict[str, tuple[float, float]]:
    """Each State's longitude and latitude from the OCHA taxonomy (the participants' source,
    shipped in hdx-python-country): where the map puts a dot for a State with no shape."""
    from treaty.fixture_builder import read_csv, taxonomy_path

    positions = {}
    for row in read_csv(taxonomy_path()):
        code, lat, lon = row["m49 numerical code"], row["Latitude"], row["Longitude"]
        if row["Appears in UNTERM list"] == "Y" and code and lat and lon:
            positions[code] = (float(lon), float(lat))
    return positions


def _read_topology(source: Path) -> dict[str, Any]:
    """The TopoJSON from the npm tarball (``npm pack world-atlas@2.0.2``) or from the file
    already extracted from it."""
    if not source.exists():
        raise CommandError(
            f"{source} does not exist. Fetch the package first: "
            "`npm pack world-atlas@2.0.2` in a temporary folder, then pass the .tgz."
        )
    if source.name.endswith((".tgz", ".tar.gz")):
        with tarfile.open(source) as archive:
            try:
                member = archive.extractfile(MEMBER)
            except KeyError as exc:
                raise CommandError(f"{source} has no {MEMBER}: is it world-atlas 2.x?") from exc
            if member is None:
                raise CommandError(f"{MEMBER} in {source} is not a file.")
            return json.load(member)
    with source.open(encoding="utf-8") as handle:
        return json.load(handle)


class Command(BaseCommand):
    help = "Build the world map's SVG paths from world-atlas's countries-110m TopoJSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "source",
            type=Path,
            help="world-atlas-2.0.2.tgz from `npm pack world-atlas@2.0.2`, or its "
            "countries-110m.json.",
        )
        parser.add_argument(
            "--out", type=Path, default=DATA_FILE, help="Where to write the map data."
        )
        parser.add_argument("--width", type=int, default=1000, help="Width of the viewBox.")

    def handle(self, *args: Any, **options: Any) -> None:
        topology = _read_topology(options["source"])
        try:
            data = mapbuild.build(topology, width=options["width"], places=_state_positions())
        except (KeyError, TypeError, ValueError) as exc:
            raise CommandError(f"Not a world-atlas countries topology: {exc!r}") from exc
        out: Path = options["out"]
        out.parent.mkdir(parents=True, exist_ok=True)
        text = mapbuild.dumps(data)
        out.write_text(text, encoding="utf-8")
        self.stdout.write(
            f"Wrote {len(data['shapes'])} shapes, {len(data['points'])} dots "
            f"({len(text) // 1024} KiB, "
            f"{data['width']}×{data['height']}) to {out.name}."
        )
