"""Fixtures of the UI tests.

`colours`: a test using it runs twice, in colour and with NO_COLOR=1 (Textual then
draws every line through its monochrome filter, which fails on a segment without a
style: `epn` once stopped when a filter left the list empty). Textual reads NO_COLOR
from the environment each time an App is created, so every app the test builds gets it.
Main flows use it (`pytestmark = pytest.mark.usefixtures("colours")`); snapshot tests
do not (their pictures are in colour).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(params=["colour", "no_color"])
def colours(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    if request.param == "no_color":
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    yield request.param


@pytest.fixture
def no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
