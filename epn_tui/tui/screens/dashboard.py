"""Tableau de bord: the deadlines ahead, conventions by state, the guide's questions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import partial
from typing import Any

from rich.text import Span, Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from epn_tui.core.collate import sort_key
from epn_tui.core.dashboard_view import ADVICE_SHOWN, DashboardView
from epn_tui.core.dates import format_long, format_short
from epn_tui.core.labels import STATE_LABELS, deadline_label, label
from epn_tui.core.text import one_line
from epn_tui.core.vocabulary import STATES
from epn_tui.i18n import _, ngettext
from epn_tui.tui.compat import NoHiddenFrames
from epn_tui.tui.safe import line
from epn_tui.tui.screens.base import WorkspaceScreen
from epn_tui.tui.styles import urgency_badge, urgency_style
from epn_tui.tui.widgets.bars import KeyBar, TitleBar
from epn_tui.tui.widgets.row_table import Column, Row, RowTable
from epn_tui.tui.widgets.text_pane import TextPane


def days_short(days: int) -> str:
    """`J-23`: days left, the way French planning sheets write it."""
    return _("D-{n}").format(n=days)


def days_text(days: int) -> str:
    if days == 0:
        return _("today")
    return ngettext("in {n} day", "in {n} days", days).format(n=days)


def _listed(entries: Iterable[Iterable[tuple[str, str]]]) -> Text:
    """Entries separated by commas, each of (text, style) pieces (user text: folded to
    one line), as one Text made at once: the guide lists 1,353 partners without a
    written convention at 10,000 conventions, and appending each cost 8 ms."""
    parts: list[str] = []
    spans: list[Span] = []
    position = 0
    for i, pieces in enumerate(entries):
        if i:
            parts.append(", ")
            position += 2
        for piece, style in pieces:
            if not piece.isprintable():  # printable: no control or bidi character to fold
                piece = one_line(piece)
            if style and piece:
                spans.append(Span(position, position + len(piece), style))
            parts.append(piece)
            position += len(piece)
    return Text("".join(parts), spans=spans)


# A glance, not a directory: past this many names, the rest is counted (a network of
# 3,000 partners has 1,300 without a written convention; the Network screen lists them).
GUIDE_NAMES = 12


def _capped(text: Text, total: int) -> Text:
    if total > GUIDE_NAMES:
        text.append(" " + ngettext("… and {n} more (Network screen, key 4)",
                                   "… and {n} more (Network screen, key 4)",
                                   total - GUIDE_NAMES).format(n=total - GUIDE_NAMES),
                    style="dim")
    return text


def _people(people: list[tuple[str, str]]) -> Text:
    def pieces(name: str, detail: str) -> list[tuple[str, str]]:
        if not detail:
            return [(name, "bold")]
        short = detail if len(detail) <= 40 else detail[:39] + "…"
        return [(name, "bold"), (f" ({short})", "dim")]

    return _capped(_listed(pieces(name, detail) for name, detail in people[:GUIDE_NAMES]),
                   len(people))


def _deadline_cells(d: dict[str, Any]) -> tuple[tuple[Text, ...], tuple[Any, ...]]:
    days = int(d["days"])
    style = urgency_style(days)
    what = deadline_label(d)
    if d.get("what"):
        what = f"{what} : {d['what']}"
    kind_style = "bold" if d["kind"] == "notice" else ""
    try:
        when = format_short(date.fromisoformat(d["date"]))
    except ValueError:  # a kept dashboard damaged by hand: shown as it is
        when = one_line(d["date"])
    cells = (
        Text(when, style=style),
        Text(days_short(days), style=urgency_badge(days), justify="right"),
        line(what, f"{kind_style} {style}".strip()),
        line(d.get("with") or d["title"]),
    )
    return cells, (d["date"], days, d["kind"], sort_key(d.get("with") or d["title"]))


def _trimmed(text: Text) -> Text:
    """Without its last line break (a pane scrolled to its end shows no empty line)."""
    text.rstrip()
    return text


class DashboardScreen(NoHiddenFrames, WorkspaceScreen):  # (the first screen shown)
    _drawn: DashboardView | None = None

    def compose(self) -> ComposeResult:
        # With the kept dashboard in hand, the widgets are made with their text: the
        # first frame Textual lays out is the one shown (an update after mounting asks
        # for a second layout, and the title came one frame late).
        view = self._drawn = self.epn_app.dashboard_view
        texts = self._texts(view) if view is not None else {}
        yield TitleBar()
        yield Static(texts.get("dash-title", _("Loading the workspace…")), id="dash-title")
        with Horizontal(id="dash-body"):
            with Vertical(id="dash-deadlines"):
                yield Static(texts.get("dash-deadlines-title", _("Deadlines")),
                             id="dash-deadlines-title", classes="section-title")
                # A virtual table: a network coordinator may have 1,000+ deadlines.
                yield RowTable([
                    Column("date", _("Date"), 10),
                    Column("days", _("In"), 5),
                    Column("kind", _("What"), 26, 12),
                    Column("with", _("With"), 0, 12),
                ], id="deadlines")
                yield TextPane(texts.get("dash-advice", ""), id="dash-advice")
            # The counts, then the guide's questions.
            yield TextPane(texts.get("dash-side", ""), id="dash-side")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(RowTable)
        table.focus()
        if self._drawn is not None:
            table.set_rows(self._deadline_rows(self._drawn))
        self.watch(self.app, "git_state", self._git_state_changed, init=False)

    def _git_state_changed(self) -> None:
        """Read after the workspace: the title says how to version a workspace that is
        not a git repository."""
        if self._drawn is not None:
            self.query_one("#dash-title", Static).update(self._title(self._drawn))

    def workspace_changed(self) -> None:
        view = self.epn_app.dashboard_view
        if view is None:
            error = self.epn_app.load_error
            if error:
                self.query_one("#dash-title", Static).update(line(error, "bold red"))
            return
        if view is not self._drawn:
            self._draw(view)
        # At start, the workspace is read once this is on the screen (epn_tui/startup.py,
        # step 3): not before, or the reading thread slows the paint down.
        self.call_after_refresh(self.epn_app.dashboard_painted)

    def _draw(self, view: DashboardView) -> None:
        self._drawn = view
        for widget_id, text in self._texts(view).items():
            widget = self.query_one(f"#{widget_id}")
            assert isinstance(widget, Static | TextPane)
            widget.update(text)
        self.query_one("#deadlines", RowTable).set_rows(self._deadline_rows(view))

    def _texts(self, v: DashboardView) -> dict[str, Text | str]:
        """The text of each Static and TextPane of the dashboard, by id."""
        return {
            "dash-title": self._title(v),
            "dash-deadlines-title": ngettext(
                "Deadlines in the next {n} day", "Deadlines in the next {n} days",
                v.horizon).format(n=v.horizon),
            "dash-side": _trimmed(Text("\n").join([self._counts(v), self._guide(v)])),
            # `epn remind`'s last run first: the side pane's end is out of view at 100×30.
            "dash-advice": _trimmed(self._reminders(v) + self._advice(v)),
        }

    def _title(self, v: DashboardView) -> Text:
        title = Text()
        title.append_text(line(v.epn_name or _("EPN"), "bold"))
        if v.commune:
            title.append_text(line(f" — {v.commune}"))
        title.append(" · " + format_long(self.today), style="dim")
        if v.error_files:
            title.append("   ")
            title.append(ngettext("⚠ {n} file with errors (epn check)",
                                  "⚠ {n} files with errors (epn check)", v.error_files)
                         .format(n=v.error_files), style="bold red")
        git = self.epn_app.git_state
        if git is not None and not git.versioned:
            title.append("   ")
            title.append(_("no history: `epn git setup` keeps every version"), style="italic")
        return title

    @staticmethod
    def _deadline_rows(v: DashboardView) -> list[Row]:
        return [Row(f"{i}:{d['convention']}", "", partial(_deadline_cells, d))
                for i, d in enumerate(v.deadlines)]

    @staticmethod
    def _counts(v: DashboardView) -> Text:
        text = Text(_("Conventions") + "\n", style="bold")
        for code in STATES:
            text.append(f"{v.counts.get(code, 0):>5}  ", style="bold")
            text.append(label(STATE_LABELS, code) + "\n")
        return text

    @staticmethod
    def _guide(v: DashboardView) -> Text:
        text = Text(_("At a glance") + "\n", style="bold")

        def item(question: str, answer: Text | None, missing: str, ok: str = "") -> None:
            text.append("• " + question + " ", style="")
            if answer is not None and answer.plain:
                text.append_text(answer)
            elif ok:
                text.append(ok, style="green")
            else:
                text.append(missing, style="bold red")
            text.append("\n")

        item(_("Élu référent:"), _people(v.elus) if v.elus else None, _("none ⚠"))
        item(_("Agent référent:"), _people(v.agents) if v.agents else None, _("none ⚠"))
        committee = Text()
        if v.committee:
            committee.append(ngettext("{n} member", "{n} members", v.committee)
                             .format(n=v.committee))
            if v.last_committee:
                committee.append(", " + _("last met on {date}").format(
                    date=format_short(date.fromisoformat(v.last_committee))))
        item(_("Steering committee:"), committee if v.committee else None, _("no members ⚠"))
        unwritten = _capped(_listed([(name, "yellow")] for name in v.unwritten[:GUIDE_NAMES]),
                            len(v.unwritten))
        item(_("Partners without a written convention:"), unwritten if v.unwritten else None,
             "", _("none ✓"))
        if v.election is not None:
            item(_("Elected contacts not checked since {date}:")
                 .format(date=format_short(date.fromisoformat(v.election))),
                 _people(v.unverified) if v.unverified else None, "", _("none ✓"))
        return text

    def _reminders(self, v: DashboardView) -> Text:
        """`epn remind`'s last run, one line (nothing when epn.yaml sets no reminders)."""
        from epn_tui.core.reminder_status import status_line

        status = status_line(v.reminders, self.today)
        text = Text()
        if status is None:
            return text
        if status.severity == "alert":  # reversed: still stands out without colours
            text.append("!", style="bold reverse red")
            text.append(" ")
        style = {"alert": "bold red", "warning": "yellow"}.get(status.severity, "")
        text.append_text(line(status.text, style))
        text.append("\n")
        return text

    @staticmethod
    def _advice(v: DashboardView) -> Text:
        text = Text()
        if v.advice:
            text.append(_("To do") + "\n", style="bold")
        for severity, message, advice in v.advice[:ADVICE_SHOWN]:
            if severity == "alert":  # reversed: still stands out without colours
                text.append("!", style="bold reverse red")
                text.append(" ")
            else:
                text.append("• ", style="yellow")
            text.append_text(line(message, "bold" if severity == "alert" else ""))
            text.append_text(line(" — " + advice, "dim"))
            text.append("\n")
        more = v.advice_more + max(0, len(v.advice) - ADVICE_SHOWN)
        if more:
            text.append(_("… and {n} more: run `epn health`").format(n=more), style="dim")
        return text

    @on(RowTable.Selected, "#deadlines")
    def _deadline_selected(self, event: RowTable.Selected) -> None:
        conv_id = event.key.split(":", 1)[1] if ":" in event.key else event.key
        if conv_id:
            self.epn_app.open_convention(conv_id)
            return
        # A next step that names no convention: its partner's card (and journal).
        index = event.key.split(":", 1)[0]
        view = self._drawn
        if view is not None and index.isdigit() and int(index) < len(view.deadlines):
            partner = view.deadlines[int(index)].get("partner")
            if isinstance(partner, str) and partner:
                self.epn_app.open_partner(partner)
