"""Tiny SVG charts for the ready-to-plot series of the reports API.

No plotting library is needed: a chart is a handful of rectangles, lines and labels, and
SVG shows in every browser and in the docs. Text is escaped, so names from the reference
data can never break the picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

WIDTH = 760
HEIGHT = 360
MARGIN_LEFT = 170
MARGIN_RIGHT = 20
MARGIN_TOP = 40
MARGIN_BOTTOM = 50
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")


def _frame(title: str, body: Sequence[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>'
        f'<text x="{WIDTH / 2}" y="22" text-anchor="middle" font-size="15">{escape(title)}</text>'
        + "".join(body)
        + "</svg>"
    )


def bar_chart_svg(title: str, labels: Sequence[str], values: Sequence[float]) -> str:
    """Horizontal bars, largest value spanning the plot; each bar carries its value."""
    if len(labels) != len(values):
        raise ValueError("one label per value")
    plot_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT - 50
    plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    top = max((value for value in values), default=0.0) or 1.0
    step = plot_height / max(len(values), 1)
    body: list[str] = []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = MARGIN_TOP + index * step
        length = plot_width * max(value, 0.0) / top
        body.append(
            f'<text x="{MARGIN_LEFT - 6}" y="{y + step * 0.6:.1f}" text-anchor="end">'
            f"{escape(label)}</text>"
            f'<rect x="{MARGIN_LEFT}" y="{y + step * 0.15:.1f}" width="{length:.1f}" '
            f'height="{step * 0.7:.1f}" fill="{PALETTE[0]}"/>'
            f'<text x="{MARGIN_LEFT + length + 4:.1f}" y="{y + step * 0.6:.1f}">{value:g}</text>'
        )
    return _frame(title, body)


def line_chart_svg(title: str, plotted: dict[str, Any]) -> str:
    """Lines for the ``{"x": [...], "series": [{"name", "values"}]}`` shape of the API."""
    x_labels: list[str] = list(plotted["x"])
    series: list[dict[str, Any]] = list(plotted["series"])
    plot_left = 60
    plot_width = WIDTH - plot_left - 160
    plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    top = max((max(item["values"], default=0) for item in series), default=0) or 1
    count = max(len(x_labels) - 1, 1)

    def point(index: int, value: float) -> str:
        x = plot_left + plot_width * index / count
        y = MARGIN_TOP + plot_height * (1 - value / top)
        return f"{x:.1f},{y:.1f}"

    body = [
        f'<line x1="{plot_left}" y1="{MARGIN_TOP + plot_height}" x2="{plot_left + plot_width}" '
        f'y2="{MARGIN_TOP + plot_height}" stroke="#444"/>',
        f'<text x="{plot_left - 6}" y="{MARGIN_TOP + 4}" text-anchor="end">{top:g}</text>',
        f'<text x="{plot_left - 6}" y="{MARGIN_TOP + plot_height}" text-anchor="end">0</text>',
    ]
    for index in (0, len(x_labels) // 2, len(x_labels) - 1):
        if 0 <= index < len(x_labels):
            x = plot_left + plot_width * index / count
            body.append(
                f'<text x="{x:.1f}" y="{MARGIN_TOP + plot_height + 18}" text-anchor="middle">'
                f"{escape(x_labels[index])}</text>"
            )
    for number, item in enumerate(series):
        colour = PALETTE[number % len(PALETTE)]
        points = " ".join(point(index, value) for index, value in enumerate(item["values"]))
        body.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>')
        legend_y = MARGIN_TOP + 16 * number
        body.append(
            f'<rect x="{plot_left + plot_width + 14}" y="{legend_y}" width="12" height="12" '
            f'fill="{colour}"/><text x="{plot_left + plot_width + 30}" y="{legend_y + 10}">'
            f"{escape(str(item['name']))}</text>"
        )
    return _frame(title, body)
