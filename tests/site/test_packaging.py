import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = {
    "clubsite": "site",
    "clubs": "clubs",
    "content": "content",
    "masterminds": "masterminds",
}


def test_every_python_package_is_listed_for_setuptools():
    """`site/` is installed as `clubsite`, so packages are listed by hand."""
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
            "packages"
        ]
    )
    on_disk = {
        ".".join((name, *init.parent.relative_to(ROOT / folder).parts))
        for name, folder in FOLDERS.items()
        for init in (ROOT / folder).rglob("__init__.py")
    }

    assert listed == on_disk


def test_the_site_package_imports_as_clubsite():
    import clubsite

    assert Path(clubsite.__file__).parent == ROOT / "site"
