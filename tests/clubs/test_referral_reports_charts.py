"""The SVG pictures: well-formed, labelled for screen readers, every name
shown and escaped, no script, no inline style (the site's CSP forbids it)."""

from xml.etree import ElementTree as ET

import pytest

from clubs import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: ET.Element) -> ET.Element:
    """Round-trip through text, as a browser would receive it."""
    return ET.fromstring(charts.to_markup(svg, document=True).encode())


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def graph(count: int, edges=None, **kwargs):
    nodes = [charts.Node(n, f"Person {n}") for n in range(count)]
    edges = edges if edges is not None else [charts.Edge(0, 1, 3, "0 → 1: 3")]
    return charts.flow_graph(
        nodes=nodes, edges=edges, title="Who refers whom", description="Words"
    )


def test_the_graph_is_labelled_and_names_everyone():
    root = parse(graph(5, [charts.Edge(0, 1, 3, "0 → 1: 3")]))

    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "graph-title graph-desc"
    assert root.find(f"{SVG}title").text == "Who refers whom"
    assert root.find(f"{SVG}title").get("id") == "graph-title"
    assert root.find(f"{SVG}desc").text == "Words"
    assert texts(root) == [f"Person {n}" for n in range(5)]
    assert [t.text for t in root.iter(f"{SVG}title")][1:2] == ["0 → 1: 3"]


def test_arrows_are_thicker_for_more_referrals_and_go_both_ways():
    edges = [
        charts.Edge(0, 1, 1, "a"),
        charts.Edge(1, 0, 4, "b"),
        charts.Edge(2, 0, 2, "c"),
    ]

    paths = [
        p for p in parse(graph(3, edges)).iter(f"{SVG}path") if p.get("marker-end")
    ]

    widths = [float(p.get("stroke-width")) for p in paths]
    assert widths[1] == charts.MAX_STROKE and widths[0] < widths[2] < widths[1]
    assert paths[0].get("d") != paths[1].get("d")  # A→B and B→A bend apart
    assert {p.get("marker-end") for p in paths} == {"url(#graph-arrow)"}


def test_a_crowded_circle_turns_its_names_outwards():
    level = parse(graph(charts.MAX_LEVEL_LABELS))
    radial = parse(graph(charts.MAX_LEVEL_LABELS + 1))

    assert not any(t.get("transform") for t in level.iter(f"{SVG}text"))
    assert all(
        t.get("transform", "").startswith("rotate(") for t in radial.iter(f"{SVG}text")
    )
    assert float(radial.get("height")) > float(level.get("height"))


def test_names_are_escaped_and_nothing_runs_or_styles_inline():
    nodes = [charts.Node(1, "<script>x</script>"), charts.Node(2, 'Ann "A&B"')]
    svg = charts.flow_graph(
        nodes=nodes, edges=[], title="<b>title</b>", description="&"
    )

    markup = charts.to_markup(svg)
    root = ET.fromstring(markup)

    assert "<script>" not in markup and "&lt;script&gt;" in markup
    assert texts(root) == ["<script>x</script>", 'Ann "A&B"']
    assert not any(e.tag.endswith("script") for e in root.iter())
    assert not any("style" in e.attrib or "onload" in e.attrib for e in root.iter())


def test_an_empty_graph_still_renders():
    root = parse(graph(0, []))

    assert root.find(f"{SVG}title").text == "Who refers whom"
    assert texts(root) == ["—"]


def bars(values_by_series, categories=None):
    categories = categories or ["Jan\n2026", "Feb", "Mar"]
    series = [
        charts.Series(label, "#000", values)
        for label, values in values_by_series.items()
    ]
    return parse(
        charts.grouped_bar_chart(
            categories=categories,
            series=series,
            title="By month",
            description="Bars",
            ids="months",
        )
    )


def test_bars_have_axis_labels_a_legend_and_a_bar_per_value():
    root = bars({"Came": [10, 12, 9], "Given": [3, 0, 7], "Won": [1, 0, 2]})

    rects = list(root.iter(f"{SVG}rect"))
    legend, data = rects[:3], rects[3:]
    assert len(legend) == 3 and len(data) == 9
    assert root.get("aria-labelledby") == "months-title months-desc"
    labels = texts(root)
    assert {"Came", "Given", "Won"} <= set(labels)
    assert "Jan2026" in labels and "Feb" in labels  # year on a second line
    assert {"0", "10", "20"} <= set(labels)  # the axis tops out at 20
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert "Feb: Given 0" in titles
    heights = [float(r.get("height")) for r in data]
    assert heights[0] > heights[1] > heights[2] > 0  # January: 10, 3, 1
    assert heights[4] == 0  # February: nothing given


def test_bars_with_nothing_to_show_divide_by_nothing():
    root = bars({"Given": [0, 0, 0]})

    assert {float(r.get("height")) for r in list(root.iter(f"{SVG}rect"))[1:]} == {0}
    assert "1" in texts(root)


@pytest.mark.parametrize(
    ("largest", "top"), [(0, 1), (1, 1), (3, 5), (7, 10), (12, 20), (49, 50), (51, 100)]
)
def test_the_axis_tops_out_at_a_round_number(largest, top):
    assert charts._nice_top(largest) == top


@pytest.mark.parametrize(
    ("first", "last", "email", "label"),
    [
        ("Priya", "Natarajan", "p@example.com", "Priya N."),
        ("Priya", "", "p@example.com", "Priya"),
        ("", "", "tomas@example.com", "tomas"),
        ("Maximiliane", "Oberhauser", "m@example.com", "Maximiliane…"),
    ],
)
def test_short_names_fit_beside_the_circle(first, last, email, label):
    assert charts.short_name(first, last, email) == label
