"""The README's map of clubs/ stays true: every module is on it, and every
path on it exists."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEADING = "### Where things live in `clubs/`"


def map_paths() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split(HEADING, 1)[1].split("\n#", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    return [path for row in rows for path in re.findall(r"`(clubs/[^`]*)`", row)]


def clubs_modules() -> list[str]:
    return sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "clubs").rglob("*.py")
        if "migrations" not in path.parts and path.name != "__init__.py"
    )


def pattern(path: str) -> re.Pattern:
    """`*` is one folder (a layer); a path ending in `/` covers its contents."""
    regex = re.escape(path).replace(r"\*", "[^/]+")
    return re.compile(regex + (".*" if path.endswith("/") else "") + "$")


def test_every_path_on_the_map_exists():
    paths = map_paths()
    assert len(paths) > 20
    missing = [
        path
        for path in paths
        if not any(pattern(path).match(module) for module in clubs_modules())
    ]
    assert missing == [], "the README's map names paths that are gone"


def test_every_module_in_clubs_is_on_the_map():
    patterns = [pattern(path) for path in map_paths()]
    unmapped = [
        module
        for module in clubs_modules()
        if not any(one.match(module) for one in patterns)
    ]
    assert unmapped == [], "add these to the README's map of clubs/"
