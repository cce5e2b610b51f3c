"""epn.yaml: the workspace's settings and the EPN's own identity."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from epn_tui.core.dates import DateError, parse_iso_date
from epn_tui.core.durations import DurationError, parse_duration
from epn_tui.core.model import Problem, Settings
from epn_tui.i18n import _
from epn_tui.store.frontmatter import FrontMatterError, FrontMatterLoader, decode

SETTINGS_FILE = "epn.yaml"
KNOWN = {"epn", "language", "horizon", "elections", "silence"}
# The dashboard computes every deadline inside the horizon: a daily follow-up under
# `horizon: 9000 ans` is millions of rows and a frozen UI. Ten years is plenty to plan.
MAX_HORIZON_DAYS = 3653


def read_settings(root: Path) -> tuple[Settings, list[Problem]]:
    """Settings (defaults where absent or wrong) and the problems found."""
    settings = Settings()
    problems: list[Problem] = []
    path = root / SETTINGS_FILE
    try:
        text = decode(path.read_bytes())
        data: Any = yaml.load(text, Loader=FrontMatterLoader)  # noqa: S506 - safe loader
    except FileNotFoundError:
        return settings, problems
    except OSError as exc:  # `-w` naming a file, an unreadable epn.yaml…
        return settings, [Problem(SETTINGS_FILE, 0, _("cannot read: {error}")
                                  .format(error=exc.strerror or exc))]
    except FrontMatterError as exc:
        return settings, [Problem(SETTINGS_FILE, exc.line, exc.message)]
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        return settings, [Problem(SETTINGS_FILE, line, _("YAML error: {what}")
                                  .format(what=exc.problem))]
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        return settings, [Problem(SETTINGS_FILE, 1, _("YAML error: {what}").format(what=exc))]
    if data is None:
        return settings, problems
    if not isinstance(data, dict):
        return settings, [Problem(SETTINGS_FILE, 1, _("epn.yaml must be `key: value` lines"))]
    lines = text.splitlines()

    def line_of(key: str) -> int:
        for number, line in enumerate(lines, 1):
            if line.startswith(f"{key}:"):
                return number
        return 1

    if data.get("epn") is not None:
        settings.epn = str(data["epn"])
    language = data.get("language")
    if language is not None:
        if str(language) in ("fr", "en"):
            settings.language = str(language)
        else:
            problems.append(Problem(SETTINGS_FILE, line_of("language"),
                                    _("`language` must be `fr` or `en`")))
    for key, attr in (("horizon", "horizon_days"), ("silence", "silence_months")):
        value = data.get(key)
        if value is None:
            continue
        try:
            duration = parse_duration(str(value))
            if duration.open_ended or duration.is_zero:
                raise DurationError(str(value))
        except DurationError:
            problems.append(Problem(SETTINGS_FILE, line_of(key), _(
                "cannot read `{key}: {value}`; write e.g. `90 jours` or `6 mois`")
                .format(key=key, value=value)))
            continue
        if attr == "horizon_days":
            settings.horizon_days = round(duration.approx_days)
            settings.horizon_text = str(value)
            if settings.horizon_days > MAX_HORIZON_DAYS:
                settings.horizon_days = MAX_HORIZON_DAYS
                problems.append(Problem(SETTINGS_FILE, line_of(key), _(
                    "`horizon: {value}` is more than 10 years; 10 years are used")
                    .format(value=value), "warning"))
        else:
            settings.silence_months = max(1, round(duration.approx_days / 30.436875))
    elections = data.get("elections")
    if isinstance(elections, dict):
        for kind, value in elections.items():
            try:
                settings.elections[str(kind)] = parse_iso_date(str(value))
            except DateError:
                problems.append(Problem(SETTINGS_FILE, line_of("elections"), _(
                    "election date `{value}` is not YYYY-MM-DD").format(value=value)))
    elif elections is not None:
        problems.append(Problem(SETTINGS_FILE, line_of("elections"), _(
            "`elections` must map a mandate kind to a date, e.g. `municipal: 2026-03-15`")))
    settings.extra = {k: v for k, v in data.items() if k not in KNOWN}
    return settings, problems
