"""Checks that no journey should have to write twice: axe-core and the phone's edge.

axe-core comes from axe-playwright-python, which bundles a pinned axe.min.js; it
is injected through the DevTools protocol, so the site's Content Security Policy
does not have to allow it.
"""

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()

# Every WCAG 2.x A and AA rule axe knows, plus its best practices.
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {
        "type": "tag",
        "values": [
            *("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"),
            "best-practice",
        ],
    },
}


def axe_violations(page) -> list[str]:
    """axe-core's violations on the page as it stands, one readable line each."""
    results = _axe.run(page, options=AXE_OPTIONS)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
    ]


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, f"axe-core on {page.url}:\n" + "\n".join(violations)


# Elements wider than the viewport, or reaching past its right edge, that are not
# inside something that scrolls sideways on purpose.
_OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (element) => {
    for (let node = element.parentElement; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (["auto", "scroll", "hidden", "clip"].includes(style.overflowX)) return true;
    }
    return false;
  };
  const out = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (getComputedStyle(element).visibility === "hidden") continue;
    if (box.right > width + 1 && !scrolls(element)) {
      const name = element.tagName.toLowerCase();
      const classes = element.className ? "." + element.className : "";
      out.push(`${name}${classes} right=${Math.round(box.right)}`);
    }
  }
  const scrollWidth = document.documentElement.scrollWidth;
  return {width, scrollWidth, out: out.slice(0, 10)};
}"""


def assert_fits_viewport(page):
    """Nothing on the page pushes it wider than the phone it is shown on."""
    found = page.evaluate(_OVERFLOWING)
    assert found["scrollWidth"] <= found["width"] and not found["out"], (
        f"{page.url} is {found['scrollWidth']} px wide "
        f"in a {found['width']} px viewport: " + "; ".join(found["out"])
    )
