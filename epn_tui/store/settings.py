"""epn.yaml: the workspace's settings and the EPN's own identity.

Every command reads epn.yaml first (its language decides the messages). Once read
without a problem, the typed settings are kept in `.epn/settings.json`, keyed by the
file's mtime and size like the parse cache: a warm start needs no YAML at all.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import msgspec

from epn_tui.core.model import Problem, Settings
from epn_tui.i18n import _
from epn_tui.store import cache
from epn_tui.store.layout import SETTINGS_FILE, SETTINGS_KEPT

__all__ = ["SETTINGS_FILE", "parse_settings", "read_settings"]

KNOWN = {"epn", "language", "horizon", "elections", "silence", "git", "reminders"}
# The dashboard computes every deadline inside the horizon: a daily follow-up under
# `horizon: 9000 ans` is millions of rows and a frozen UI. Ten years is plenty to plan.
MAX_HORIZON_DAYS = 3653


class _Stored(msgspec.Struct, gc=False):
    version: int
    mtime_ns: int
    size: int
    settings: Settings


_STORED = msgspec.json.Decoder(_Stored)


def read_settings(root: Path, store: bool = True) -> tuple[Settings, list[Problem]]:
    """Settings (defaults where absent or wrong) and the problems found.

    `store`: keep a copy in `.epn/` when that folder exists (the parse cache made it);
    reading settings never creates it."""
    try:
        st = os.stat(root / SETTINGS_FILE)
    except FileNotFoundError:
        return Settings(), []
    except OSError:
        return parse_settings(root)  # it says what is wrong
    stored = _load_stored(root, st)
    if stored is not None:
        return stored, []
    settings, problems = parse_settings(root)
    if store and not problems and time.time_ns() - st.st_mtime_ns > cache.RACY_NS \
            and cache.plain_json(settings.extra):
        _store(root, _Stored(cache.CACHE_VERSION, st.st_mtime_ns, st.st_size, settings))
    return settings, problems


def _load_stored(root: Path, st: os.stat_result) -> Settings | None:
    try:
        with open(cache.cache_path(root, SETTINGS_KEPT), "rb") as handle:
            stored = _STORED.decode(handle.read())
    except (OSError, msgspec.DecodeError, RecursionError, ValueError):
        return None
    if (stored.version, stored.mtime_ns, stored.size) != \
            (cache.CACHE_VERSION, st.st_mtime_ns, st.st_size):
        return None
    return stored.settings


def _store(root: Path, stored: _Stored) -> None:
    from epn_tui.store.atomic import atomic_write

    try:
        data = msgspec.json.encode(stored)
        if not (root / cache.CACHE_DIR).is_dir():
            return
        atomic_write(cache.cache_path(root, SETTINGS_KEPT), data, durable=False)
    except (OSError, msgspec.EncodeError, OverflowError, TypeError, ValueError,
            UnicodeError):
        pass  # a read-only workspace goes without; the next start reads epn.yaml again


def parse_settings(root: Path) -> tuple[Settings, list[Problem]]:
    """epn.yaml read and checked, without the stored copy."""
    import yaml

    from epn_tui.core.dates import DateError, parse_iso_date
    from epn_tui.core.durations import DurationError, parse_duration
    from epn_tui.store.frontmatter import (
        FrontMatterError,
        FrontMatterLoader,
        decode,
        yaml_problem,
    )

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
                                  .format(what=yaml_problem(exc.problem)))]
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
    git = data.get("git")
    if git is not None:
        commit = git.get("commit") if isinstance(git, dict) else None
        if commit in ("auto", "manual"):
            settings.git_commit = str(commit)
        else:
            problems.append(Problem(SETTINGS_FILE, line_of("git"), _(
                "`git` must be `{commit: auto}` or `{commit: manual}`")))
    if data.get("reminders") is not None:
        from epn_tui.core.reminders import parse_reminders

        errors: list[str] = []
        settings.reminders = parse_reminders(data["reminders"], errors)
        problems.extend(Problem(SETTINGS_FILE, line_of("reminders"), message)
                        for message in errors)
    settings.extra = {k: v for k, v in data.items() if k not in KNOWN}
    return settings, problems
