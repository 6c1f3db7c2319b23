"""The dashboard chart: signatures and counting instruments over time, with the threshold.

Rendered on the server as inline SVG from the engine's timeline points (``treaty.status.timeline``):
no JavaScript, no external asset, printable. The chart is an image for assistive technology
(``role="img"`` with a title and a description); the page puts the same numbers in a table.
Lines differ by dash pattern as well as colour and are labelled at their end, so no reader
depends on colour alone.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from treaty.status import TimelinePoint

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 44, 196, 14, 34
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM


@dataclass(frozen=True, slots=True)
class ChartText:
    """The words of the chart, already translated by the caller."""

    title: str
    description: str
    signatures: str  # e.g. "Signatures: 66"
    instruments: str  # e.g. "Counting instruments: 1"
    threshold: str  # e.g. "40 needed for entry into force"


def nice_step(top: float, most_ticks: int = 6) -> int:
    """The smallest step of 1, 2 or 5 times a power of ten giving at most ``most_ticks``
    intervals up to ``top``."""
    if top <= 0:
        return 1
    magnitude = 10 ** max(0, math.floor(math.log10(top / most_ticks)))
    for factor in (1, 2, 5, 10):
        step = factor * magnitude
        if top / step <= most_ticks:
            return int(step)
    return int(10 * magnitude)


def month_ticks(start: date, end: date, most: int = 7) -> list[date]:
    """First days of months between ``start`` and ``end``, every 1, 2, 3, 6 or 12 months so
    that at most ``most`` labels fit."""
    months = (end.year - start.year) * 12 + end.month - start.month
    every = next((n for n in (1, 2, 3, 6, 12, 24) if months / n <= most), 60)
    ticks: list[date] = []
    year, month = start.year, start.month + 1  # the first whole month inside the range
    while True:
        if month > 12:
            year, month = year + 1, month - 12
        tick = date(year, month, 1)
        if tick > end:
            return ticks
        if (year * 12 + month - 1) % every == 0:
            ticks.append(tick)
        month += 1


def _step_path(
    points: Sequence[tuple[date, int]], x: Callable[[date], float], y: Callable[[float], float]
) -> str:
    """A step line: flat until the day a value changes, then straight up or down."""
    if not points:
        return ""
    first_on, first_value = points[0]
    parts = [f"M{x(first_on):.1f} {y(0):.1f}V{y(first_value):.1f}"]
    for on, value in points[1:]:
        parts.append(f"H{x(on):.1f}V{y(value):.1f}")
    return "".join(parts)


def _spread(positions: list[float], gap: float) -> list[float]:
    """End labels moved apart vertically so that none overlaps (kept in order)."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    result = positions[:]
    for before, after in zip(order, order[1:], strict=False):
        if result[after] - result[before] < gap:
            result[after] = result[before] + gap
    return result


def timeline_chart(
    points: Sequence[TimelinePoint],
    *,
    start: date,
    end: date,
    threshold: int,
    text: ChartText,
    element_id: str = "chart",
) -> SafeString:
    """The SVG of the signatures and counting instruments from ``start`` to ``end``."""
    span = max(1, (end - start).days)
    top_value = max([threshold, *(p.signatures for p in points)])
    step = nice_step(top_value * 1.05)
    y_max = step * math.ceil(top_value * 1.05 / step)

    def x(on: date) -> float:
        return LEFT + PLOT_W * min(max((on - start).days, 0), span) / span

    def y(value: float) -> float:
        return TOP + PLOT_H - PLOT_H * value / y_max

    signed = [(p.on, p.signatures) for p in points]
    counted = [(p.on, p.counting_instruments) for p in points]
    last_signed = signed[-1][1] if signed else 0
    last_counted = counted[-1][1] if counted else 0
    # Extend both lines to the date shown: the count still stands on that day.
    signed_path = _step_path(signed, x, y) + f"H{x(end):.1f}" if signed else ""
    counted_path = _step_path(counted, x, y) + f"H{x(end):.1f}" if counted else ""

    label_y = _spread([y(last_signed), y(last_counted)], gap=15)
    y_ticks = [
        (f"{LEFT - 6}", f"{y(v) + 4:.1f}", number_format(v), f"{y(v):.1f}")
        for v in range(0, y_max + 1, step)
    ]
    x_ticks = [(f"{x(t):.1f}", date_format(t, "M Y")) for t in month_ticks(start, end)]
    title_id, desc_id = f"{element_id}-title", f"{element_id}-desc"

    return format_html(
        '<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="{tid}" '
        'aria-describedby="{did}" dir="ltr">'
        '<title id="{tid}">{title}</title><desc id="{did}">{desc}</desc>'
        '<g class="chart-grid">{grid}</g>'
        '<g class="chart-axis chart-y" text-anchor="end">{yl}</g>'
        '<g class="chart-axis chart-x" text-anchor="middle">{xl}</g>'
        '<line class="chart-frame" x1="{l}" y1="{bottom}" x2="{r}" y2="{bottom}"/>'
        '<line class="chart-threshold" x1="{l}" y1="{ty}" x2="{r}" y2="{ty}"/>'
        '<text class="chart-label chart-threshold-label" x="{tlx}" y="{tly}">{tl}</text>'
        '<path class="chart-signatures" d="{sp}"/>'
        '<path class="chart-instruments" d="{cp}"/>'
        '<text class="chart-label chart-signatures-label" x="{ex}" y="{sy}">{sl}</text>'
        '<text class="chart-label chart-instruments-label" x="{ex}" y="{cy}">{cl}</text>'
        "</svg>",
        width=WIDTH,
        height=HEIGHT,
        tid=title_id,
        did=desc_id,
        title=text.title,
        desc=text.description,
        grid=format_html_join(
            "",
            '<line x1="{}" y1="{}" x2="{}" y2="{}"/>',
            ((LEFT, tick[3], LEFT + PLOT_W, tick[3]) for tick in y_ticks),
        ),
        yl=format_html_join(
            "", '<text x="{}" y="{}">{}</text>', ((t[0], t[1], t[2]) for t in y_ticks)
        ),
        xl=format_html_join(
            "",
            '<line x1="{0}" y1="{2}" x2="{0}" y2="{3}"/><text x="{0}" y="{4}">{1}</text>',
            (
                (tx, label, TOP + PLOT_H, TOP + PLOT_H + 5, TOP + PLOT_H + 20)
                for tx, label in x_ticks
            ),
        ),
        l=LEFT,
        r=LEFT + PLOT_W,
        bottom=f"{y(0):.1f}",
        ty=f"{y(threshold):.1f}",
        tlx=LEFT + 6,
        tly=f"{y(threshold) - 6:.1f}",
        tl=text.threshold,
        sp=signed_path,
        cp=counted_path,
        ex=LEFT + PLOT_W + 8,
        sy=f"{label_y[0] + 4:.1f}",
        cy=f"{label_y[1] + 4:.1f}",
        sl=text.signatures,
        cl=text.instruments,
    )
