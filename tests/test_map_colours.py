"""The map's colours pass WCAG 1.4.11 (non-text contrast, 3:1), computed from the stylesheet.

Three tiers of lightness are all that 3:1 allows: the sea (white), "no action" (a mid grey) and
every stage with an action (dark). Each stage with an action is at least 3:1 against "no action"
and against the sea, and "no action" at least 3:1 against the sea; the stages with an action
differ from one another by hue, and the lists beside the map name every participant.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

CSS = Path(settings.BASE_DIR) / "static" / "tracker" / "site.css"
ACTION_STAGES = ["signatory", "consented", "party", "denounced"]


def colours() -> dict[str, str]:
    return dict(re.findall(r"--((?:stage|map)-[a-z_]+):\s*(#[0-9a-fA-F]{6});", CSS.read_text()))


def luminance(hex_colour: str) -> float:
    """Relative luminance (WCAG 2.x)."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_contrast_formula_matches_known_values():
    assert contrast("#ffffff", "#000000") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_no_action_stands_out_from_the_sea():
    palette = colours()
    assert contrast(palette["stage-none"], palette["map-sea"]) >= 3


@pytest.mark.parametrize("stage", ACTION_STAGES)
def test_every_stage_with_an_action_stands_out_from_no_action_and_from_the_sea(stage):
    palette = colours()
    assert contrast(palette[f"stage-{stage}"], palette["stage-none"]) >= 3
    assert contrast(palette[f"stage-{stage}"], palette["map-sea"]) >= 3


def test_territories_of_no_participant_are_outlined_in_a_colour_that_stands_out_from_the_sea():
    palette = colours()
    assert contrast(palette["stage-nodata"], palette["map-sea"]) >= 3
    assert "g.stage-nodata path { fill: var(--map-sea); stroke: var(--stage-nodata)" in (
        CSS.read_text()
    )


def test_the_stages_with_an_action_have_distinct_hues():
    palette = colours()
    hexes = [palette[f"stage-{stage}"] for stage in ACTION_STAGES]
    assert len(set(hexes)) == len(hexes)
