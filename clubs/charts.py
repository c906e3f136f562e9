"""Server-rendered SVG charts: no JavaScript, no CDN, no library.

Built with ElementTree, so every name a member typed is escaped and the
output is always well-formed XML. Colours and sizes are presentation
attributes, not `style`, so the site's Content-Security-Policy (no inline
styles) lets the same markup render inline in a page and as an .svg file.

Sizes are chosen for a phone: a viewBox about 400 units wide drawn across a
~360 px screen keeps 13-unit text at a readable 12 px. Each chart carries a
<title> and a <desc> and is labelled by them (role="img"); the page next to
it holds the same figures as a table, the full text alternative.
"""

import math
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from babel.numbers import format_decimal
from django.utils import translation

from clubs.control_characters import xml_text
from clubs.dates import babel_locale

SVG_NS = "http://www.w3.org/2000/svg"
INK, MUTED, LINE = "#1d2330", "#5a6272", "#d9dee7"
FONT = "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"
TEXT_SIZE = 13


def _svg(
    width: int, height: int, *, title: str, description: str, ids: str
) -> ET.Element:
    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "viewBox": f"0 0 {width} {height}",
            "width": str(width),
            "height": str(height),
            "role": "img",
            "aria-labelledby": f"{ids}-title {ids}-desc",
            "font-family": FONT,
            "font-size": str(TEXT_SIZE),
            "fill": INK,
        },
    )
    ET.SubElement(svg, "title", {"id": f"{ids}-title"}).text = title
    ET.SubElement(svg, "desc", {"id": f"{ids}-desc"}).text = description
    return svg


def _text(parent: ET.Element, x: float, y: float, text: str, **attrs) -> ET.Element:
    element = ET.SubElement(parent, "text", {"x": _n(x), "y": _n(y), **attrs})
    element.text = text
    return element


def _n(value: float) -> str:
    """Coordinates to one decimal: smaller files, no visible difference."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _count(value: int) -> str:
    """A count as the reader's language writes it: 1,200 · 1.200 · 1 200."""
    return format_decimal(value, locale=babel_locale(translation.get_language()))


def to_markup(svg: ET.Element, *, document: bool = False) -> str:
    """The SVG as a string: inline for a page, or with an XML declaration for
    a standalone .svg file. Names typed before control characters were
    refused at the door still make no invalid XML."""
    markup = xml_text(ET.tostring(svg, encoding="unicode"))
    if document:
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + markup
    return markup


# --- Grouped bars -------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    label: str
    colour: str
    values: list[int]


BAR_WIDTH, BAR_HEIGHT = 400, 250
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 34, 392, 40, 208


def grouped_bar_chart(
    *,
    categories: list[str],
    series: list[Series],
    title: str,
    description: str,
    ids: str = "bars",
) -> ET.Element:
    """One group of bars per category (a month), one bar per series, on one
    shared count axis starting at zero, with a legend above the plot."""
    svg = _svg(BAR_WIDTH, BAR_HEIGHT, title=title, description=description, ids=ids)
    top = _nice_top(max((v for s in series for v in s.values), default=0))
    _y_axis(svg, top)
    _legend(svg, series)
    slot = (PLOT_RIGHT - PLOT_LEFT) / max(len(categories), 1)
    bar = min(slot * 0.8 / max(len(series), 1), 18)
    for index, category in enumerate(categories):
        left = PLOT_LEFT + index * slot + (slot - bar * len(series)) / 2
        for offset, one in enumerate(series):
            _bar(svg, left + offset * bar, bar, one, index, top, category)
        _category_label(svg, PLOT_LEFT + (index + 0.5) * slot, category, slot)
    return svg


def _bar(svg, x: float, width: float, series: Series, index: int, top: int, label):
    value = series.values[index]
    height = (PLOT_BOTTOM - PLOT_TOP) * value / top
    rect = ET.SubElement(
        svg,
        "rect",
        {
            "x": _n(x),
            "y": _n(PLOT_BOTTOM - height),
            "width": _n(max(width - 1, 1)),
            "height": _n(height),
            "fill": series.colour,
        },
    )
    ET.SubElement(rect, "title").text = f"{label}: {series.label} {_count(value)}"


def _nice_top(largest: int) -> int:
    """The axis top: 1, 2 or 5 times a power of ten, at least the largest
    value, so gridlines fall on round numbers."""
    if largest <= 0:
        return 1
    step = 10 ** math.floor(math.log10(largest))
    return next(m * step for m in (1, 2, 5, 10) if m * step >= largest)


def _y_axis(svg, top: int) -> None:
    # Round steps: 20 goes up in fives, 10 and 50 in fifths, 2 and 1 in ones.
    lead = top // 10 ** math.floor(math.log10(top))
    ticks = min(4 if lead == 2 else 5, top)
    for tick in range(ticks + 1):
        value = top * tick // ticks
        y = PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * tick / ticks
        ET.SubElement(
            svg,
            "line",
            {
                "x1": _n(PLOT_LEFT),
                "x2": _n(PLOT_RIGHT),
                "y1": _n(y),
                "y2": _n(y),
                "stroke": INK if tick == 0 else LINE,
            },
        )
        _text(
            svg,
            PLOT_LEFT - 5,
            y + 4,
            _count(value),
            fill=MUTED,
            **{"text-anchor": "end"},
        )


def _legend(svg, series: list[Series]) -> None:
    x = PLOT_LEFT
    for one in series:
        ET.SubElement(
            svg,
            "rect",
            {"x": _n(x), "y": "10", "width": "12", "height": "12", "fill": one.colour},
        )
        _text(svg, x + 16, 21, one.label)
        x += 24 + len(one.label) * 7


def _category_label(svg, x: float, category: str, slot: float) -> None:
    """Month labels under the bars; a second line (the year) when given as
    "Jan\\n2026". Labels turn when twelve of them can't sit side by side."""
    first, _, second = category.partition("\n")
    text = _text(svg, x, PLOT_BOTTOM + 16, first, **{"text-anchor": "middle"})
    if second:
        line = ET.SubElement(text, "tspan", {"x": _n(x), "dy": "14", "fill": MUTED})
        line.text = second
    if slot < 24:
        text.set("font-size", "11")


# --- Who refers whom ----------------------------------------------------------


@dataclass(frozen=True)
class Node:
    key: int
    label: str


@dataclass(frozen=True)
class Edge:
    source: int
    target: int
    weight: int
    label: str


RADIUS, NODE_RADIUS, LABEL_SIZE = 110, 7, 15
# Room beside the circle for a 12-character name at LABEL_SIZE, and above
# and below it for a level one.
LABEL_ROOM, LEVEL_ROOM = NODE_RADIUS + 6 + 105, NODE_RADIUS + 6 + 24
# Level names side by side collide near the top and bottom of a crowded
# circle; past this many people the names point outwards along the radius.
MAX_LEVEL_LABELS = 10
MAX_STROKE = 6
EDGE_COLOUR, NODE_COLOUR = "#0b6e4f", "#07513a"


def flow_graph(
    *,
    nodes: list[Node],
    edges: list[Edge],
    title: str,
    description: str,
    ids: str = "graph",
) -> ET.Element:
    """People on a circle, an arrow from giver to receiver for each pair,
    thicker for more referrals. A→B and B→A bend to opposite sides, so both
    directions stay visible. Names sit outside the circle, away from the
    arrows, anchored so they read outwards."""
    radial = len(nodes) > MAX_LEVEL_LABELS
    width = 2 * (RADIUS + LABEL_ROOM)
    height = width if radial else 2 * (RADIUS + LEVEL_ROOM)
    svg = _svg(width, height, title=title, description=description, ids=ids)
    arrow = _arrowhead(svg, ids)
    centre = (width / 2, height / 2)
    where = {n.key: _on_circle(i, len(nodes), centre) for i, n in enumerate(nodes)}
    heaviest = max((edge.weight for edge in edges), default=1)
    edges_layer = ET.SubElement(svg, "g", {"fill": "none", "stroke": EDGE_COLOUR})
    for edge in edges:
        if edge.source in where and edge.target in where:
            ends = where[edge.source], where[edge.target]
            _edge(edges_layer, *ends, edge, heaviest, arrow)
    for node in nodes:
        _node(svg, where[node.key], node.label, radial=radial)
    if not nodes:
        _text(svg, *centre, "—", **{"text-anchor": "middle", "fill": MUTED})
    return svg


def _on_circle(index: int, count: int, centre) -> tuple[float, float, float]:
    """(x, y, angle) of the index-th of `count` places, the first at the top."""
    angle = -math.pi / 2 + 2 * math.pi * index / max(count, 1)
    x, y = centre
    return x + RADIUS * math.cos(angle), y + RADIUS * math.sin(angle), angle


def _arrowhead(svg, ids: str) -> str:
    defs = ET.SubElement(svg, "defs")
    marker = ET.SubElement(
        defs,
        "marker",
        {
            "id": f"{ids}-arrow",
            "viewBox": "0 0 10 10",
            "refX": "9",
            "refY": "5",
            # A fixed size: heads scaled with the stroke swamp the thick arrows.
            "markerUnits": "userSpaceOnUse",
            "markerWidth": "11",
            "markerHeight": "11",
            "orient": "auto",
        },
    )
    ET.SubElement(
        marker,
        "path",
        {"d": "M0,0 L10,5 L0,10 z", "fill": EDGE_COLOUR, "stroke": "none"},
    )
    return f"url(#{ids}-arrow)"


def _edge(layer, start, end, edge: Edge, heaviest: int, arrow: str) -> None:
    (x1, y1, _), (x2, y2, _) = start, end
    length = math.hypot(x2 - x1, y2 - y1) or 1
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    # Leave the node circles clear, and bend to the left of the direction of
    # travel, so the return arrow takes the other side.
    gap = NODE_RADIUS + 3
    x1, y1, x2, y2 = x1 + ux * gap, y1 + uy * gap, x2 - ux * gap, y2 - uy * gap
    bend = 0.18 * length
    cx, cy = (x1 + x2) / 2 + uy * bend, (y1 + y2) / 2 - ux * bend
    width = 1.5 + (MAX_STROKE - 1.5) * edge.weight / heaviest
    path = ET.SubElement(
        layer,
        "path",
        {
            "d": f"M{_n(x1)},{_n(y1)} Q{_n(cx)},{_n(cy)} {_n(x2)},{_n(y2)}",
            "stroke-width": _n(width),
            "stroke-opacity": "0.7",
            "marker-end": arrow,
        },
    )
    ET.SubElement(path, "title").text = edge.label


def _node(svg, place, label: str, *, radial: bool) -> None:
    x, y, angle = place
    group = ET.SubElement(svg, "g")
    ET.SubElement(group, "title").text = label
    ET.SubElement(
        group,
        "circle",
        {"cx": _n(x), "cy": _n(y), "r": str(NODE_RADIUS), "fill": NODE_COLOUR},
    )
    cos, sin = math.cos(angle), math.sin(angle)
    distance = NODE_RADIUS + 6
    lx, ly = x + cos * distance, y + sin * distance
    attrs = {"font-weight": "600", "dy": "0.35em", "font-size": str(LABEL_SIZE)}
    if radial:
        # Read left to right on both halves: turn the left half's names over.
        degrees = math.degrees(angle) + (180 if cos < 0 else 0)
        attrs["transform"] = f"rotate({_n(degrees)} {_n(lx)} {_n(ly)})"
        attrs["text-anchor"] = "end" if cos < 0 else "start"
    else:
        attrs["text-anchor"] = (
            "start" if cos > 0.25 else "end" if cos < -0.25 else "middle"
        )
        ly += sin * 8  # clear the dot above and below the circle
    _text(group, lx, ly, label, **attrs)


def short_name(first_name: str, last_name: str, email: str, *, width: int = 12) -> str:
    """ "Priya N.": a first name and an initial fit beside a circle on a phone;
    the table under the graph carries the full names."""
    if first_name:
        name = f"{first_name} {last_name[:1]}." if last_name else first_name
    else:
        name = email.split("@")[0]
    return name if len(name) <= width else name[: width - 1] + "…"
