"""The lock files agree with pyproject.toml, and CI runs the README's test command.

When this fails after a change to the dependencies in pyproject.toml: run `scripts/lock`
and commit both lock files with it.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def pins(lock: Path) -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes), for the entries that apply to this machine."""
    found: dict[str, tuple[str, int]] = {}
    name = ""
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match:
            marker = match.group(3)
            applies = marker is None or Marker(marker).evaluate()
            name = canonicalize_name(match.group(1)) if applies else ""
            if name:
                found[name] = (match.group(2), 0)
        elif name and line.strip().startswith("--hash=sha256:"):
            version, hashes = found[name]
            found[name] = (version, hashes + 1)
    return found


def declared(which: str) -> list[Requirement]:
    """What building and running (and, for "test", testing) the project asks for."""
    with open(ROOT / "pyproject.toml", "rb") as handle:
        data: Any = tomllib.load(handle)
    texts = data["build-system"]["requires"] + data["project"]["dependencies"]
    if which == "test":
        texts += data["project"]["optional-dependencies"]["test"]
    found = [Requirement(text) for text in texts]
    return [r for r in found if r.marker is None or r.marker.evaluate()]


@pytest.mark.parametrize("which", ["run", "test"])
def test_lock_pins_every_declared_dependency(which: str) -> None:
    lock = REQUIREMENTS / f"{which}.lock"
    pinned = pins(lock)
    wrong = []
    for requirement in declared(which):
        name = canonicalize_name(requirement.name)
        if name not in pinned:
            wrong.append(f"{requirement} is not in {lock.name}")
        elif not requirement.specifier.contains(pinned[name][0], prereleases=True):
            wrong.append(f"{requirement}: {lock.name} has {pinned[name][0]}")
    unhashed = [name for name, (_version, hashes) in pinned.items() if not hashes]
    assert not wrong and not unhashed, (
        "pyproject.toml and the lock disagree: run scripts/lock and commit both locks\n"
        + "\n".join(wrong + [f"{name} has no hash" for name in unhashed]))


def test_run_lock_is_the_test_lock_without_the_test_tools() -> None:
    run, test = pins(REQUIREMENTS / "run.lock"), pins(REQUIREMENTS / "test.lock")
    assert {name: version for name, (version, _h) in run.items()} == {
        name: test[name][0] for name in run if name in test}, "run scripts/lock"
    assert set(run) <= set(test)


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("# 2. Install the test dependencies and run the tests\n", 1)[1]
    command = block.splitlines()[0]
    assert "requirements/test.lock" in command and command.endswith("pytest -q")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci[-1] == command
