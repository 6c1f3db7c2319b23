"""The dashboard chart: signatures and counting instruments over time, with the threshold.

Rendered on the server as inline SVG from the engine's timeline points (``treaty.status.timeline``):
no JavaScript, no external asset, printable. The chart is an image for assistive technology
(``role="img"`` with a title and a description); the page puts the same numbers in a table.
The two series sit in two panels, each labelled in words inside the drawing, so no reader
depends on colour alone; the threshold is a dashed line, labelled too.

Months and numbers are written for the active language (Django's formats and month names). In a
right-to-left language the drawing is mirrored: time runs from right to left, the scales stand
on the right, and every text is laid out right to left (``direction="rtl"``, against which
``text-anchor`` start and end are read), with the numbers inside a label isolated.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from django.utils.formats import date_format, number_format
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_bidi

from treaty.status import TimelinePoint

# Two drawings of the same chart: a wide one, and a narrow one for phones whose text stays at
# reading size (a wide drawing scaled down to a phone would shrink its 12px labels to 6px).
# CSS shows one or the other (both are never exposed at once).
WIDE, NARROW = 720, 360
LEFT, RIGHT, TOP, BOTTOM = 36, 14, 10, 26
GAP = 30  # between the two panels, room for the lower panel's heading
SIGNATURES_H, INSTRUMENTS_H = 150, 110
HEIGHT = TOP + SIGNATURES_H + GAP + INSTRUMENTS_H + BOTTOM
# At least this many days on the time axis: on the first day of signature the chart still
# has a width to draw in (the lines stop on the day shown).
MIN_DAYS = 30
# Width of a character of a 12px bold label, rounded up (DejaVu Sans Bold averages about 7.3).
LABEL_EM = 7.5
# Room between two month labels.
TICK_GAP = 16
# A number inside a label ("Signatures: 66"), isolated in a right-to-left drawing.
NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f]\d+)*")


@dataclass(frozen=True, slots=True)
class ChartText:
    """The words of the chart, already translated by the caller."""

    title: str
    description: str
    signatures: str  # e.g. "Signatures: 66"
    instruments: str  # e.g. "Counting instruments: 1 of the 40 needed for entry into force"
    threshold: str  # e.g. "40: entry into force (article 65)"


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


def month_label(on: date) -> str:
    """The month of a tick in the active language: "Oct 2025" in English (the abbreviations
    the UN uses); elsewhere the shorter of the language's month-and-year format ("2026年10月",
    "أكتوبر 2026") and its abbreviated month with the year ("oct. 2025", "Окт. 2025")."""
    return date_format(on, _month_format(get_language() or "en"))


@lru_cache(maxsize=16)
def _month_format(language: str) -> str:
    if language.split("-")[0] == "en":
        return "M Y"

    def longest(fmt: str) -> float:
        return max(text_width(date_format(date(2026, m, 1), fmt)) for m in range(1, 13))

    # Ties go to the language's own month-and-year format.
    return min(("YEAR_MONTH_FORMAT", "N Y"), key=longest)


def text_width(text: str) -> float:
    """An upper bound of the width of a 12px label: ideographs are a full em wide."""
    return sum(12.0 if ord(char) >= 0x2E80 else 7.0 for char in text)


def most_month_labels(end: date, plot_width: float, most: int) -> int:
    """At most ``most`` month labels, fewer when the language's longest month label would not
    fit between them."""
    longest = max(text_width(month_label(date(end.year, month, 1))) for month in range(1, 13))
    return max(1, min(most, int(plot_width // (longest + TICK_GAP))))


def svg_text(text: str, *, rtl: bool) -> SafeString:
    """A label's text, escaped; in a right-to-left drawing its numbers are isolated (a
    ``tspan`` with ``unicode-bidi="isolate"``), so "66" stays next to the word it counts. The
    ``tspan`` keeps the label's direction: a ``direction`` of its own on the first one would
    make Chromium anchor the whole label as left-to-right text (it ran out of the drawing)."""
    if not rtl:
        return format_html("{}", text)
    return mark_safe(  # noqa: S308 - escaped text and our own tags
        NUMBER.sub(r'<tspan unicode-bidi="isolate">\g<0></tspan>', str(escape(text)))
    )


def _direction_of(text: str) -> str | None:
    """The direction of a text's first strong character (as ``dir="auto"`` reads it), or
    None for a text without one (a number)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


_OTHER_END = {"start": "end", "end": "start", "middle": "middle"}


def _label(css: str, x: float, y: float, text: str, *, anchor: str, rtl: bool) -> SafeString:
    """A label of the chart. A text in the other direction than the drawing's (a label not
    translated yet, still in English, in an Arabic chart) is laid out in its own direction,
    anchored at the same point: it neither garbles nor leaves the drawing."""
    own = _direction_of(text)
    attributes = ""
    if own and own != ("rtl" if rtl else "ltr"):
        attributes, anchor = f' direction="{own}"', _OTHER_END[anchor]
        rtl = own == "rtl"
    if anchor != "start":
        attributes += f' text-anchor="{anchor}"'
    return format_html(
        '<text class="chart-label {}" x="{}" y="{}"{}>{}</text>',
        css,
        f"{x:.1f}" if isinstance(x, float) else x,
        f"{y:.1f}",
        mark_safe(attributes),  # noqa: S308 - our own attributes
        svg_text(text, rtl=rtl),
    )


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


def _dots(
    points: Sequence[tuple[date, int]], x: Callable[[date], float], y: Callable[[float], float]
) -> SafeString:
    """A dot on each day the value changed: a flat stretch reads as "nothing changed between
    these two days", not as missing data."""
    return format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="3"/>',
        ((f"{x(on):.1f}", f"{y(value):.1f}") for on, value in points),
    )


def _end_label(
    css: str,
    text: str,
    x: float,
    y: float,
    *,
    floor: float,
    ceiling: float,
    mirror: Callable[[float], float],
    rtl: bool,
) -> SafeString:
    """A series' label inside the drawing, ending at the line's end, above the line (below
    it when the line runs along the top of its panel). ``x`` is measured from the start of
    the time axis; ``mirror`` places it in the drawing."""
    above = y - 8
    position = above if above - 12 >= ceiling else min(y + 18, floor - 4)
    # Near the start of the time axis (the first days of the record) the label would run out
    # of the drawing: it starts at the line's end instead.
    anchor, at = ("end", x) if x - LABEL_EM * len(text) >= LEFT else ("start", x + 6)
    return _label(css, float(mirror(at)), position, text, anchor=anchor, rtl=rtl)


def timeline_chart(
    points: Sequence[TimelinePoint],
    *,
    start: date,
    end: date,
    threshold: int,
    text: ChartText,
    element_id: str = "chart",
    width: int = WIDE,
    rtl: bool | None = None,
) -> SafeString:
    """The SVG of the signatures and of the counting instruments from ``start`` to ``end``,
    in two panels on one time axis: signatures on their own scale above; counting instruments
    below, on a scale from 0 to the ``threshold`` of entry into force (higher only if the
    count passes it), so progress towards it reads at a glance. Labels sit inside the drawing,
    so no language's longer words are cut off at its edge. ``rtl`` (default: the active
    language's direction) mirrors the drawing."""
    rtl = get_language_bidi() if rtl is None else rtl

    def mirror(value: float) -> float:
        return width - value if rtl else value

    first = min([start, *(p.on for p in points[:1])])
    last = max(end, first + timedelta(days=MIN_DAYS))
    span = max(1, (last - first).days)
    plot_w = width - LEFT - RIGHT

    def axis_x(on: date) -> float:
        return LEFT + plot_w * min(max((on - first).days, 0), span) / span

    def x(on: date) -> float:
        return mirror(axis_x(on))

    sig_top = TOP
    sig_bottom = TOP + SIGNATURES_H
    ins_top = sig_bottom + GAP
    ins_bottom = ins_top + INSTRUMENTS_H

    top_signatures = max([1, *(p.signatures for p in points)])
    sig_step = nice_step(top_signatures * 1.1, most_ticks=4)
    sig_max = sig_step * math.ceil(top_signatures * 1.1 / sig_step)
    # The instruments' scale ends at the threshold itself (or at the count, past it).
    ins_max = max([threshold, *(p.counting_instruments for p in points)])
    ins_step = nice_step(ins_max, most_ticks=4)
    ins_values = [v for v in range(0, ins_max, ins_step) if ins_max - v >= ins_step / 2]
    ins_values.append(ins_max)

    def y_sig(value: float) -> float:
        return sig_bottom - SIGNATURES_H * value / sig_max

    def y_ins(value: float) -> float:
        return ins_bottom - INSTRUMENTS_H * value / ins_max

    signed = [(p.on, p.signatures) for p in points]
    counted = [(p.on, p.counting_instruments) for p in points]
    last_signed = signed[-1][1] if signed else 0
    # Extend both lines to the date shown: the count still stands on that day.
    signed_path = _step_path(signed, x, y_sig) + f"H{x(end):.1f}" if signed else ""
    counted_path = _step_path(counted, x, y_ins) + f"H{x(end):.1f}" if counted else ""

    y_ticks = [
        (f"{mirror(LEFT - 5):g}", f"{y(v) + 4:.1f}", number_format(v), f"{y(v):.1f}")
        for y, values in ((y_sig, range(0, sig_max + 1, sig_step)), (y_ins, ins_values))
        for v in values
    ]
    most = most_month_labels(last, plot_w, 7 if width >= WIDE else 3)
    x_ticks = [(f"{x(t):.1f}", month_label(t)) for t in month_ticks(first, last, most=most)]
    title_id, desc_id = f"{element_id}-title", f"{element_id}-desc"
    left, right = sorted((mirror(LEFT), mirror(LEFT + plot_w)))
    end_x = min(axis_x(end), LEFT + plot_w)
    direction = "rtl" if rtl else "ltr"

    return format_html(
        '<svg class="chart {css}" viewBox="0 0 {width} {height}" role="img" '
        'aria-labelledby="{tid}" aria-describedby="{did}" dir="{dir}"{lang}>'
        '<title id="{tid}">{title}</title><desc id="{did}">{desc}</desc>'
        '<g class="chart-grid">{grid}</g>'
        '<g class="chart-axis chart-y" text-anchor="end">{yl}</g>'
        '<g class="chart-axis chart-x" text-anchor="middle">{xl}</g>'
        '<line class="chart-threshold" x1="{l}" y1="{ty}" x2="{r}" y2="{ty}"/>'
        "{tl}"
        '<line class="chart-frame" x1="{l}" y1="{sb}" x2="{r}" y2="{sb}"/>'
        '<line class="chart-frame" x1="{l}" y1="{ib}" x2="{r}" y2="{ib}"/>'
        '<path class="chart-signatures" d="{sp}"/>'
        '<g class="chart-signatures-dots">{sd}</g>'
        '<path class="chart-instruments" d="{cp}"/>'
        '<g class="chart-instruments-dots">{cd}</g>'
        "{slabel}{clabel}"
        "</svg>",
        css="chart-wide" if width >= WIDE else "chart-narrow",
        dir=direction,
        lang=format_html(' lang="{}"', get_language()) if get_language() else "",
        width=width,
        height=HEIGHT,
        tid=title_id,
        did=desc_id,
        title=text.title,
        desc=text.description,
        grid=format_html_join(
            "",
            '<line x1="{}" y1="{}" x2="{}" y2="{}"/>',
            ((left, tick[3], right, tick[3]) for tick in y_ticks),
        ),
        yl=format_html_join(
            "", '<text x="{}" y="{}">{}</text>', ((t[0], t[1], t[2]) for t in y_ticks)
        ),
        xl=format_html_join(
            "",
            '<line x1="{0}" y1="{2}" x2="{0}" y2="{3}"/><text x="{0}" y="{4}">{1}</text>',
            ((tx, label, ins_bottom, ins_bottom + 5, ins_bottom + 19) for tx, label in x_ticks),
        ),
        l=left,
        r=right,
        sb=f"{sig_bottom:.1f}",
        ib=f"{ins_bottom:.1f}",
        ty=f"{y_ins(threshold):.1f}",
        tl=_label(
            "chart-threshold-label",
            mirror(LEFT + 6),
            y_ins(threshold) + 14,
            text.threshold,
            anchor="start",
            rtl=rtl,
        ),
        sp=signed_path,
        cp=counted_path,
        sd=_dots(signed, x, y_sig),
        cd=_dots([(on, n) for on, n in counted if n], x, y_ins),
        slabel=_end_label(
            "chart-signatures-label",
            text.signatures,
            end_x,
            y_sig(last_signed),
            floor=sig_bottom,
            ceiling=sig_top,
            mirror=mirror,
            rtl=rtl,
        ),
        clabel=_label(
            "chart-instruments-label",
            mirror(LEFT),
            ins_top - 9,
            text.instruments,
            anchor="start",
            rtl=rtl,
        ),
    )


def responsive_chart(
    points: Sequence[TimelinePoint],
    *,
    start: date,
    end: date,
    threshold: int,
    text: ChartText,
    element_id: str = "chart",
) -> SafeString:
    """The wide and the narrow drawing of the chart, one shown at a time by the stylesheet."""
    return format_html(
        "{}{}",
        timeline_chart(
            points, start=start, end=end, threshold=threshold, text=text, element_id=element_id
        ),
        timeline_chart(
            points,
            start=start,
            end=end,
            threshold=threshold,
            text=text,
            element_id=f"{element_id}-narrow",
            width=NARROW,
        ),
    )
