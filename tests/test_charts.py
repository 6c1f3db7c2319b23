"""The server-rendered graphics: the timeline chart, the map conversion and the map data.

Pure functions: no database.
"""

from __future__ import annotations

import json
import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from treaty.graphics import chart, mapbuild, worldmap
from treaty.status import TimelinePoint

TEXT = chart.ChartText(
    title="Signatories and counting instruments over time",
    description="From 25 October 2025 to 23 November 2026: 66 signatures.",
    signatures="Signatures: 66",
    instruments="Counting instruments: 1 of 40",
    threshold="40 needed for entry into force",
)
# The French words, the longest the chart carries today.
TEXT_FR = chart.ChartText(
    title="Signatures et instruments comptabilisés au fil du temps",
    description="Du 25 octobre 2025 au 23 novembre 2026.",
    signatures="Signatures : 66",
    instruments="Instruments comptabilisés : 1 sur 40",
    threshold="40 requis pour l’entrée en vigueur",
)
POINTS = [
    TimelinePoint(date(2025, 10, 25), 62, 0),
    TimelinePoint(date(2025, 10, 26), 65, 0),
    TimelinePoint(date(2026, 3, 2), 66, 1),
]


def render_chart(**kwargs) -> str:
    with translation.override("en"):
        return chart.timeline_chart(
            kwargs.pop("points", POINTS),
            start=date(2025, 10, 25),
            end=kwargs.pop("end", date(2026, 11, 23)),
            threshold=kwargs.pop("threshold", 40),
            text=kwargs.pop("text", TEXT),
            **kwargs,
        )


def y_labels(svg: str) -> list[tuple[float, int]]:
    return [
        (float(y), int(label))
        for y, label in re.findall(r'<text x="31" y="([\d.]+)">(\d+)</text>', svg)
    ]


def test_the_chart_is_an_image_with_a_title_and_a_description():
    svg = render_chart()
    assert svg.startswith(
        f'<svg class="chart chart-wide" viewBox="0 0 720 {chart.HEIGHT}" role="img"'
    )
    assert 'aria-labelledby="chart-title"' in svg
    assert 'aria-describedby="chart-desc"' in svg
    assert '<title id="chart-title">Signatories and counting instruments over time</title>' in svg
    assert "From 25 October 2025" in svg


def test_the_chart_draws_both_series_the_threshold_and_labels_them():
    svg = render_chart()
    assert re.search(r'<path class="chart-signatures" d="M[\d. HVM]+"', svg)
    assert re.search(r'<path class="chart-instruments" d="M[\d. HVM]+"', svg)
    assert '<line class="chart-threshold"' in svg
    for label in (TEXT.signatures, TEXT.instruments, TEXT.threshold):
        assert label in svg


def test_signatures_and_instruments_each_have_their_own_scale_instruments_up_to_the_threshold():
    labels = y_labels(render_chart(threshold=40))
    # Two panels: the signatures' scale above, the instruments' below (larger y).
    split = next(i for i, (_, v) in enumerate(labels) if i and v == 0)
    signatures, instruments = labels[:split], labels[split:]
    assert signatures[0][1] == 0
    assert signatures[-1][1] >= 66
    assert [v for _, v in instruments] == [0, 10, 20, 30, 40]
    assert min(y for y, _ in instruments) > max(y for y, _ in signatures)
    # The threshold is data: another rule, another scale.
    assert [v for _, v in y_labels(render_chart(threshold=5))][-1] == 5


def test_the_threshold_line_is_the_top_of_the_instruments_scale():
    svg = render_chart()
    threshold_y = float(re.search(r'class="chart-threshold" x1="36" y1="([\d.]+)"', svg).group(1))
    forty = [y for y, v in y_labels(svg) if v == 40][-1]
    assert threshold_y == pytest.approx(forty - 4)


def test_the_instruments_line_is_drawn_over_the_zero_axis_not_under_it():
    svg = render_chart(points=[TimelinePoint(date(2025, 10, 25), 62, 0)])
    assert re.search(r'<path class="chart-instruments" d="M[\d. HVM]+"', svg)
    assert svg.rindex('class="chart-frame"') < svg.index('class="chart-instruments"')


def test_the_chart_escapes_its_text():
    svg = chart.timeline_chart(
        POINTS,
        start=date(2025, 10, 25),
        end=date(2026, 11, 23),
        threshold=40,
        text=chart.ChartText("<b>", "a & b", "s", "i", "t"),
    )
    assert "<b>" not in svg
    assert "&lt;b&gt;" in svg
    assert "a &amp; b" in svg


def test_the_chart_draws_step_lines_that_end_on_the_day_shown():
    svg = render_chart(end=date(2026, 1, 1))
    path = re.search(r'class="chart-signatures" d="([^"]+)"', svg).group(1)
    # Starts on the axis, rises in steps, runs flat to the right edge of the plot.
    assert path.startswith(f"M{chart.LEFT:.1f} ")
    assert path.endswith(f"H{chart.WIDE - chart.RIGHT:.1f}")
    # A dot on each day the count changed.
    dots = re.search(r'<g class="chart-signatures-dots">(.*?)</g>', svg).group(1)
    assert dots.count("<circle") == 3


def test_on_the_first_day_of_signature_the_chart_is_drawn_and_stops_on_that_day():
    svg = render_chart(points=POINTS[:1], end=date(2025, 10, 25))
    path = re.search(r'class="chart-signatures" d="([^"]+)"', svg).group(1)
    assert path.startswith(f"M{chart.LEFT:.1f} ")
    assert path.count("V") == 1  # up from the axis on the first day, and no further
    assert "Signatures: 66" in svg


def _text_extents(svg: str) -> list[tuple[float, float]]:
    """The horizontal extent of each label, at an upper bound of 7.5 units per character of
    12px bold sans-serif text."""
    extents = []
    for attributes, content in re.findall(r"<text ([^>]*)>([^<]*)</text>", svg):
        x = float(re.search(r'x="([\d.]+)"', attributes).group(1))
        width = chart.LABEL_EM * len(content)
        if 'text-anchor="end"' in attributes:
            extents.append((x - width, x))
        elif "chart-label" in attributes:
            extents.append((x, x + width))
    return extents


@pytest.mark.parametrize("end", [date(2026, 11, 23), date(2025, 10, 25)], ids=["year", "day"])
@pytest.mark.parametrize("width", [chart.WIDE, chart.NARROW])
@pytest.mark.parametrize("text", [TEXT, TEXT_FR], ids=["en", "fr"])
def test_labels_stay_inside_the_drawing_in_every_language_and_size(width, text, end):
    points = [p for p in POINTS if p.on <= end]
    svg = render_chart(width=width, text=text, end=end, points=points)
    assert f'viewBox="0 0 {width} {chart.HEIGHT}"' in svg
    for left, right in _text_extents(svg):
        assert left >= 0
        assert right <= width


def test_the_responsive_chart_holds_a_wide_and_a_narrow_drawing_with_their_own_ids():
    svg = chart.responsive_chart(
        POINTS, start=date(2025, 10, 25), end=date(2026, 11, 23), threshold=40, text=TEXT
    )
    assert svg.count("<svg ") == 2
    assert 'class="chart chart-wide"' in svg
    assert 'class="chart chart-narrow" viewBox="0 0 360 ' in svg
    assert 'id="chart-title"' in svg
    assert 'id="chart-narrow-title"' in svg


@pytest.mark.parametrize(
    ("top", "step"), [(0, 1), (5, 1), (42, 10), (70, 20), (200, 50), (1000, 200)]
)
def test_nice_step_gives_at_most_six_intervals(top, step):
    assert chart.nice_step(top) == step


def test_month_ticks_thin_out_over_long_periods():
    short = chart.month_ticks(date(2025, 10, 25), date(2026, 2, 1))
    assert short == [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]
    long = chart.month_ticks(date(2025, 10, 25), date(2030, 1, 1))
    assert len(long) <= 7
    assert all(t.day == 1 for t in long)


# --- The map -------------------------------------------------------------------------------


def test_equal_earth_keeps_the_origin_and_symmetry():
    assert mapbuild.equal_earth(0, 0) == (0.0, 0.0)
    x, y = mapbuild.equal_earth(180, 0)
    assert x == pytest.approx(2.7066, abs=1e-3)
    assert mapbuild.equal_earth(-90, -45) == pytest.approx(
        tuple(-v for v in mapbuild.equal_earth(90, 45))
    )


TINY = {
    "type": "Topology",
    "transform": {"scale": [1, 1], "translate": [0, 0]},
    "arcs": [
        [[0, 0], [10, 0], [0, 10]],
        [[10, 10], [-10, 0], [0, -10]],
        [[20, 20], [5, 0], [0, 5], [-5, -5]],
    ],
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [
                {
                    "type": "Polygon",
                    "arcs": [[0, 1]],
                    "id": "704",
                    "properties": {"name": "Vietnam"},
                },
                {"type": "Polygon", "arcs": [[2]], "properties": {"name": "Somaliland"}},
                {
                    "type": "Polygon",
                    "arcs": [[~2]],
                    "id": "010",
                    "properties": {"name": "Antarctica"},
                },
            ],
        }
    },
}


def test_topojson_arcs_are_decoded_and_stitched_into_rings():
    arcs = mapbuild.decode_arcs(TINY)
    assert arcs[0] == [(0, 0), (10, 0), (10, 10)]
    ring = mapbuild.ring_points([0, 1], arcs)
    assert ring == [(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]
    assert mapbuild.ring_points([~0], arcs) == [(10, 10), (10, 0), (0, 0)]


def test_rings_crossing_the_antimeridian_are_unwrapped():
    ring = [(170.0, 60.0), (180.0, 65.0), (-180.0, 65.0), (-170.0, 60.0), (170.0, 60.0)]
    lons = [lon for lon, _ in mapbuild.unwrap(ring)]
    assert lons == [170.0, 180.0, 180.0, 190.0, 170.0]


def test_the_build_keys_shapes_by_m49_and_follows_the_un_view():
    data = mapbuild.build(TINY, width=100)
    assert set(data["shapes"]) == {"704", "706"}  # Somaliland drawn with Somalia; no Antarctica
    assert data["width"] == 100
    assert data["height"] > 0
    assert re.fullmatch(r"(M[-\d. ]+l[-\d. ]+z)+", data["shapes"]["704"])
    assert json.loads(mapbuild.dumps(data)) == data


def test_ring_paths_drop_points_that_round_together():
    assert mapbuild.ring_path([(0, 0), (0, 0), (10, 0), (10, 10), (0, 0)]) == "M0 0l1 0 0 1z"
    assert mapbuild.ring_path([(0, 0), (1, 0)]) == ""


def test_the_build_command_reads_the_npm_file_and_writes_the_map(tmp_path):
    source = tmp_path / "countries-110m.json"
    source.write_text(json.dumps(TINY))
    out = tmp_path / "map.json"
    log = StringIO()
    call_command("build_world_map", str(source), "--out", str(out), stdout=log)
    assert log.getvalue().startswith("Wrote 2 shapes")
    assert json.loads(out.read_text())["shapes"].keys() == {"704", "706"}
    with pytest.raises(CommandError, match="npm pack world-atlas@2.0.2"):
        call_command("build_world_map", str(tmp_path / "missing.tgz"))


def test_the_committed_map_has_every_large_state_and_its_source():
    data = worldmap.map_data()
    assert data["source"].startswith("world-atlas 2.0.2")
    assert "ISC" in data["licence"]
    assert "Natural Earth" in data["licence"]
    # Viet Nam, France, South Sudan (independent since 2011), Brazil, Russian Federation.
    for code in ("704", "250", "728", "76", "643"):
        assert code in data["shapes"], code
    assert "10" not in data["shapes"]  # Antarctica left out


def test_the_map_renders_each_place_with_its_stage_and_a_named_link():
    places = [
        worldmap.Place(704, "Viet Nam", "party", "Party", "/countries/VNM/"),
        worldmap.Place(None, "European Union", "signatory", "Signatory", "/countries/EUU/"),
        worldmap.Place(20, "Andorra", "none", "No action", "/countries/AND/"),
    ]
    svg = worldmap.render(places, title="Map", description="Who is where")
    assert svg.startswith('<svg class="world-map"')
    # Links cannot sit inside an image (axe: nested-interactive): the drawing is a group.
    assert 'role="img"' not in svg
    assert 'role="group"' in svg
    assert '<desc id="map-desc">Who is where</desc>' in svg
    assert re.search(
        r'<a href="/countries/VNM/" tabindex="-1" aria-label="Viet Nam: Party">'
        r'<title>Viet Nam: Party</title><path class="stage-party" d="M',
        svg,
    )
    # Greenland is no participant: drawn, uncoloured, unlinked, hidden from assistive technology.
    assert '<g class="stage-nodata" aria-hidden="true"><path d="M' in svg
    # Andorra is too small for a shape at this scale: a dot, linked and named like a shape.
    assert re.search(
        r'aria-label="Andorra: No action"><title>Andorra: No action</title>'
        r'<circle class="map-dot stage-none" cx="[\d.]+" cy="[\d.]+" r="3.5"/>',
        svg,
    )
    assert [p.name for p in worldmap.without_shape(places)] == ["European Union"]


def test_the_europe_inset_shows_european_states_and_leaves_the_rest_of_the_world_out():
    places = [
        worldmap.Place(250, "France", "signatory", "Signed", "/countries/FRA/"),
        worldmap.Place(470, "Malta", "none", "No action", "/countries/MLT/"),
        worldmap.Place(76, "Brazil", "signatory", "Signed", "/countries/BRA/"),
    ]
    svg = worldmap.render_inset(places, title="Europe, enlarged")
    x, y, width, height = worldmap.map_data()["insets"]["europe"]
    assert svg.startswith(f'<svg class="world-map map-inset" viewBox="{x} {y} {width} {height}"')
    assert 'aria-label="France: Signed"' in svg
    assert 'aria-label="Malta: No action"' in svg  # a dot
    assert "Brazil" not in svg
    assert len(svg) < len(worldmap.render(places, title="t", description="d")) / 3


def test_small_states_without_a_shape_get_a_dot_inside_the_map():
    data = worldmap.map_data()
    # Andorra, Malta, Singapore, Tuvalu, Saint Lucia: a position from the OCHA taxonomy.
    for code in ("20", "470", "702", "798", "662"):
        assert code in data["points"], code
        assert code not in data["shapes"]
        x, y = data["points"][code]
        assert 0 < x < data["width"]
        assert 0 < y < data["height"]


def test_the_build_adds_dots_only_for_places_without_a_shape_and_the_inset_box():
    data = mapbuild.build(TINY, width=100, places={"704": (5.0, 5.0), "20": (1.5, 42.5)})
    assert set(data["points"]) == {"20"}
    x, y, width, height = data["insets"]["europe"]
    assert width > 0
    assert height > 0
