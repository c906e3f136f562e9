"""Production installs requirements.txt and CI installs requirements-dev.txt, so
the two locks must pin every shared package at the same version (`make lock`
solves them together). These tests catch a hand edit or a separate solve."""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def pinned_versions(lock_text: str) -> dict[str, str]:
    """The `name==version` lines of a pip-compile output, by canonical name."""
    return {
        canonicalize_name(match[1]): match[2]
        for match in map(PIN.match, lock_text.splitlines())
        if match
    }


def declared_names(requirements: list[str]) -> set[str]:
    return {canonicalize_name(Requirement(line).name) for line in requirements}


def differences(*, runtime: dict[str, str], dev: dict[str, str]) -> dict:
    """Packages whose runtime pin is missing from, or differs in, the dev lock."""
    return {
        name: (version, dev.get(name))
        for name, version in runtime.items()
        if dev.get(name) != version
    }


def read_lock(name: str) -> dict[str, str]:
    return pinned_versions((ROOT / name).read_text())


def read_project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_the_dev_lock_pins_every_runtime_package_at_the_same_version():
    runtime = read_lock("requirements.txt")

    assert runtime, "no pins found in requirements.txt"
    assert differences(runtime=runtime, dev=read_lock("requirements-dev.txt")) == {}


def test_every_direct_dependency_is_locked_for_production():
    missing = (
        declared_names(read_project()["dependencies"])
        - read_lock("requirements.txt").keys()
    )

    assert missing == set()


def test_every_dev_dependency_is_locked_for_ci():
    dev_extra = read_project()["optional-dependencies"]["dev"]

    assert declared_names(dev_extra) - read_lock("requirements-dev.txt").keys() == set()


def test_a_version_mismatch_and_a_missing_pin_are_both_reported():
    runtime = pinned_versions(
        "python-dateutil==4.0.0\n    # via icalendar\nsix==1.17.0\n"
    )
    dev = pinned_versions("python-dateutil==2.9.0.post0\nruff==0.17.6\n")

    assert differences(runtime=runtime, dev=dev) == {
        "python-dateutil": ("4.0.0", "2.9.0.post0"),
        "six": ("1.17.0", None),
    }
