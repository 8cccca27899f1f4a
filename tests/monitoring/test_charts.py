"""The SVG charts: well-formed, escaped, and scaled to the data."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

import pytest

from monitoring.charts import bar_chart_svg, line_chart_svg

SVG = "{http://www.w3.org/2000/svg}"


def test_bars_are_proportional_and_labels_escaped() -> None:
    svg = bar_chart_svg("Теми <тест>", ["009 & co", "006"], [10, 5])
    root = ElementTree.fromstring(svg)
    widths = [float(rect.get("width", 0)) for rect in root.iter(f"{SVG}rect")][1:]
    assert widths[0] == pytest.approx(2 * widths[1])
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert "Теми <тест>" in texts and "009 & co" in texts


def test_a_line_chart_draws_one_polyline_per_series() -> None:
    plotted = {
        "x": ["2025-03-03", "2025-03-10", "2025-03-17"],
        "series": [{"name": "009", "values": [1, 4, 2]}, {"name": "006", "values": [0, 0, 0]}],
    }
    root = ElementTree.fromstring(line_chart_svg("Тижні", plotted))
    lines = list(root.iter(f"{SVG}polyline"))
    assert len(lines) == 2
    heights = [float(point.split(",")[1]) for point in lines[0].get("points", "").split()]
    assert heights[1] < heights[2] < heights[0]


def test_labels_and_values_must_pair_up() -> None:
    with pytest.raises(ValueError):
        bar_chart_svg("x", ["a"], [1, 2])
