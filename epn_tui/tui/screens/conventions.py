"""Conventions: a list that filters as you type and sorts by column, and the detail."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Input, Static

from epn_tui.core.collate import sort_key
from epn_tui.core.dates import format_short
from epn_tui.core.follow_ups import Journal, next_open_deadline
from epn_tui.core.labels import STATE_LABELS, deadline_label, label
from epn_tui.core.model import STATES, Convention, Partner, Problem
from epn_tui.core.roles import fold
from epn_tui.core.terms import Plan, state
from epn_tui.core.text import escape_controls, one_line
from epn_tui.i18n import _, ngettext
from epn_tui.tui.safe import escaped, line
from epn_tui.tui.screens.base import PaletteCommand, WorkspaceScreen
from epn_tui.tui.styles import urgency_badge
from epn_tui.tui.widgets.bars import KeyBar, TitleBar
from epn_tui.tui.widgets.convention_detail import ConventionDetail
from epn_tui.tui.widgets.row_table import Column, Row, RowTable

if TYPE_CHECKING:
    from epn_tui.store.workspace import Workspace

STATE_STYLES = {"active": "green", "upcoming": "cyan", "project": "yellow",
                "expired": "dim", "terminated": "dim red"}
FAR = date.max


def convention_row(conv: Convention, partners: dict[str, Partner], epn: str | None,
                   today: date, journal: Journal | None = None) -> Row:
    """A row whose searchable text is ready now and whose cells are computed when
    first drawn or sorted (the next deadline is the costly part)."""
    current, _term = state(conv, today)
    names = [one_line(partners[p].name) if p in partners else p
             for p in conv.partner_ids if p != epn]
    haystack = fold(" ".join([conv.id, conv.title, *names, label(STATE_LABELS, current),
                              conv.type or "", *conv.themes]))
    return Row(conv.id, haystack, partial(_cells, conv, names, today, journal))


def _cells(conv: Convention, names: list[str], today: date, journal: Journal | None
           ) -> tuple[tuple[Text, ...], tuple[object, ...]]:
    current, term_k = state(conv, today)
    plan = Plan.of(conv)
    term_text, term_end = "", FAR
    if current == "active":
        if plan.end0 is None:
            term_text = _("no end")
        elif term_k is not None:
            # `31/08/2027 +1`: the current term ends then, after one tacit renewal.
            # On 9999-12-31 the current term's end is past the calendar: no date to show.
            end_k = plan.safe_end(term_k)
            if end_k is not None:
                term_end = end_k
                term_text = format_short(term_end)
                if term_k:
                    term_text += f" +{term_k}"
    upcoming = None
    if conv.status == "signed":
        # Most conventions have a deadline within a year: look there first.
        upcoming = (next_open_deadline(conv, today, journal, 366)
                    or next_open_deadline(conv, today, journal, 3660))
    if upcoming is not None:
        what = deadline_label(upcoming, short=True)
        deadline_text = f"{format_short(upcoming.date)} {what}"
        deadline_style = urgency_badge(upcoming.days)
    else:
        deadline_text, deadline_style = "", ""
    cells = (
        line(conv.title),
        line(", ".join(names)),
        Text(label(STATE_LABELS, current), style=STATE_STYLES.get(current, "")),
        Text(term_text),
        Text(deadline_text, style=deadline_style),
    )
    sort_keys = (sort_key(conv.title), sort_key(", ".join(names)), STATES.index(current), term_end,
                 upcoming.date if upcoming else FAR)
    return cells, sort_keys


BROKEN_PREFIX = "!"  # row keys of files that could not be read

# The detail shows the text of a convention, not a book: a 200 MB file took 2.5 minutes
# and 3 GB to read, fill and lay out as Markdown. Past PREVIEW_BYTES on disk only the
# beginning is read; past PREVIEW_CHARS (about 15 pages; Rich lays out 50,000 characters
# of Markdown in 0.1 s) the text is cut, and a note says where the whole text is.
PREVIEW_BYTES = 100_000
PREVIEW_CHARS = 50_000


def _cut(body: str) -> str:
    """At most PREVIEW_CHARS, cut at a line's end when there is one near the limit."""
    if len(body) <= PREVIEW_CHARS:
        return body
    end = body.rfind("\n", PREVIEW_CHARS * 4 // 5, PREVIEW_CHARS)
    return body[:end if end > 0 else PREVIEW_CHARS]


def file_size(size: int) -> str:
    """`1.5 MB`, `230 kB` (French: `1,5 Mo`, `230 ko`)."""
    from epn_tui.i18n import current_language

    if size >= 1_000_000:
        megabytes = f"{size / 1_000_000:.1f}"
        if current_language() == "fr":
            megabytes = megabytes.replace(".", ",")
        return _("{n} MB").format(n=megabytes)
    return _("{n} kB").format(n=max(1, round(size / 1000)))


def broken_files(problems: list[Problem], loaded: set[str]) -> dict[str, list[Problem]]:
    """Convention files with an error that kept them from loading, with their problems:
    they stay visible in the list, so a file does not silently disappear."""
    out: dict[str, list[Problem]] = {}
    for problem in problems:
        if problem.path.endswith(".md") and problem.path not in loaded:
            out.setdefault(problem.path, []).append(problem)
    return {path: found for path, found in out.items() if any(p.is_error for p in found)}


def broken_row(path: str, problems: list[Problem]) -> Row:
    first = next(p for p in problems if p.is_error)
    cells = (
        escaped(path, "red"),
        Text(""),
        Text(_("error"), style="bold red"),
        Text(""),
        line(f"{first.line}: {first.message}", "red"),
    )
    keys = (sort_key(path), sort_key(""), -1, FAR, date.min)
    return Row(BROKEN_PREFIX + path, fold(path + " " + _("error")), None, cells, keys)


class ConventionsScreen(WorkspaceScreen):
    BINDINGS = [
        Binding("slash,ctrl+f", "focus_filter", _("Filter"), id="filter"),
        Binding("escape", "clear_filter", _("Clear filter"), id="clear-filter"),
        Binding("s", "sort", _("Sort"), id="sort"),
        Binding("n", "new", _("New"), id="new-convention"),
        Binding("e", "edit", _("Edit"), id="edit-convention"),
        Binding("b", "edit_body", _("Text"), id="edit-body"),
        Binding("p", "print", _("Print"), id="print-convention"),
        Binding("h", "history", _("History"), id="convention-history"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._detail_timer: Timer | None = None
        self._shown: str | None = None
        # A convention to select once the list has its (new) rows (select_convention).
        self._select_when_shown: str | None = None
        self._broken: dict[str, list[Problem]] = {}

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Input(placeholder=_("Filter: words of the title, partner, state, theme…"),
                    id="conv-filter")
        with Vertical(id="conv-body"):
            with Vertical(id="conv-list-pane"):
                yield RowTable([
                    Column("title", _("Title"), 0, 16),
                    Column("partners", _("Partners"), 20),
                    Column("state", _("State"), 9),
                    Column("term", _("Term ends"), 13, hide_below=96),
                    Column("next", _("Next deadline"), 19),
                ], id="conv-table")
            yield Static(id="conv-status")
            yield ConventionDetail(id="conv-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.workspace_changed()
        self.query_one(RowTable).focus()

    # Data ------------------------------------------------------------------------------
    def workspace_changed(self) -> None:
        if not self.children or self.workspace is None:
            return
        ws = self.workspace
        partners = ws.partners()
        journal = ws.journal()
        rows = [convention_row(c, partners, ws.settings.epn, self.today, journal)
                for c in ws.sorted_conventions()]
        self._broken = broken_files(ws.problems, {c.path for c in ws.conventions.values()})
        rows.extend(broken_row(path, problems) for path, problems in self._broken.items())
        table = self.query_one(RowTable)
        table.set_rows(rows)
        self._update_status()
        self._shown = None
        if self._select_when_shown is not None:
            self.select_convention(self._select_when_shown)
        self._schedule_detail(table.cursor_key)

    def _update_status(self) -> None:
        table = self.query_one(RowTable)
        total = len(table.rows)
        shown = len(table.shown)
        text = ngettext("{n} convention", "{n} conventions", total).format(n=total)
        if shown != total:
            text = _("{shown} of {text}").format(shown=shown, text=text)
        ws = self.workspace
        if ws is not None and ws.errors:
            bad = len({p.path for p in ws.errors})
            text += "  ·  " + ngettext("{n} file with errors: run `epn check`",
                                       "{n} files with errors: run `epn check`", bad).format(n=bad)
        self.query_one("#conv-status", Static).update(text)

    # Filter and sort -------------------------------------------------------------------
    @on(Input.Changed, "#conv-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.query_one(RowTable).set_filter(event.value)
        self._update_status()
        self.refresh_bindings()

    @on(Input.Submitted, "#conv-filter")
    def _filter_submitted(self) -> None:
        self.query_one(RowTable).focus()

    def action_focus_filter(self) -> None:
        self.query_one("#conv-filter", Input).focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#conv-filter", Input)
        table = self.query_one(RowTable)
        if box.has_focus or table.has_focus:
            box.value = ""
        table.focus()

    def action_sort(self) -> None:
        """`s` cycles: each column ascending then descending, then the file order."""
        table = self.query_one(RowTable)
        column = 0 if table.sort_column is None else table.sort_column
        if table.sort_column is not None and table.sort_reverse:
            column += 1
            table.sort_column = None
            if column >= len(table.columns):
                table.sort_by(None)
                self.notify(_("In file order"), timeout=1.5)
                return
        table.sort_by(column)
        direction = _("descending") if table.sort_reverse else _("ascending")
        self.notify(_("Sorted by {column}, {direction}").format(
            column=table.columns[column].title, direction=direction), timeout=1.5)

    # Detail ----------------------------------------------------------------------------
    @on(RowTable.Highlighted, "#conv-table")
    def _highlighted(self, event: RowTable.Highlighted) -> None:
        self._schedule_detail(event.key)
        self.refresh_bindings()

    # The key bar shows what a key would do now: edit, text and print are dimmed without
    # a convention under the cursor; Escape shows unless it would do nothing (the list
    # has the focus and there is no filter to clear).
    NEEDS_CONVENTION = frozenset({"edit", "edit_body", "print", "history"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        if action in self.NEEDS_CONVENTION:
            return True if self.current_id is not None else None
        if action == "clear_filter":  # clears the filter; from the detail, back to the list
            box = self.query_one("#conv-filter", Input)
            return bool(box.value) or not self.query_one(RowTable).has_focus
        return True

    # The detail follows the cursor once it rests this long (seconds): reading the body
    # from disk on every step would make holding ↓ sluggish.
    DETAIL_DELAY = 0.12

    def _schedule_detail(self, key: str | None) -> None:
        if self._detail_timer is not None:
            self._detail_timer.stop()
        self._detail_timer = self.set_timer(self.DETAIL_DELAY, lambda: self._show_detail(key))

    def _show_detail(self, key: str | None) -> None:
        ws = self.workspace
        detail = self.query_one(ConventionDetail)
        if key is not None and key.startswith(BROKEN_PREFIX):
            detail.show_problems(key[len(BROKEN_PREFIX):],
                                 self._broken.get(key[len(BROKEN_PREFIX):], []))
            self._shown = key
            return
        if ws is None or key is None or key not in ws.conventions:
            detail.show(None, "", {}, {}, self.today)
            if ws is not None and not ws.conventions and not self._broken:
                detail.show_error(_("No convention yet: press n to write one from a "
                                    "template."), "italic")
            self._shown = None
            return
        body, note, end_note = self._body_preview(ws, key)
        detail.show(ws.conventions[key], body, ws.partners(), ws.contacts(), self.today,
                    note, end_note)
        self._shown = key

    def _body_preview(self, ws: Workspace, key: str) -> tuple[str, Text, Text | None]:
        """The text as it will print (placeholders such as `{{ duree_et_renouvellement }}`
        filled), or as written with the reason it cannot be filled; the beginning only
        of a long one (PREVIEW_BYTES, PREVIEW_CHARS), with a note to show after it."""
        from epn_tui.render.compose import PrintError, compose

        try:
            size = ws.path_of(key).stat().st_size
        except (OSError, KeyError) as exc:
            return "", Text(one_line(str(exc)), style="red"), None
        if size > PREVIEW_BYTES:
            return self._head_preview(ws, key)
        try:
            body = compose(ws, key, self.today, with_version=False).body
            note = Text(_("As printed: placeholders filled (b edits the text)."),
                        style="dim italic")
        except PrintError as exc:
            note = Text(_("As written: {error}").format(error=one_line(str(exc))),
                        style="yellow")
            try:
                body = ws.body(key)
            except (OSError, ValueError) as exc:
                return "", Text(one_line(str(exc)), style="red"), None
        except (OSError, KeyError, ValueError) as exc:
            return "", Text(one_line(str(exc)), style="red"), None
        if len(body) <= PREVIEW_CHARS:
            return body, note, None
        # (a file of 100 kB at most, or a template that makes a short file long)
        cut = self._cut_note(ws, key, size if size > PREVIEW_CHARS else None)
        return _cut(body), Text("\n").join([note, cut]), cut

    def _head_preview(self, ws: Workspace, key: str) -> tuple[str, Text, Text | None]:
        """A file too long to read whole for a glance: its first PREVIEW_BYTES, as
        written (filling the placeholders would need all of it)."""
        from epn_tui.store.files import read_head
        from epn_tui.store.frontmatter import FrontMatterError, split

        try:
            head, size = read_head(ws.path_of(key), PREVIEW_BYTES)
        except (OSError, KeyError) as exc:
            return "", Text(one_line(str(exc)), style="red"), None
        try:
            body = head[split(head).body_start:]
        except FrontMatterError:  # the fields alone are longer than what was read
            body = ""
        cut = self._cut_note(ws, key, size)
        written = Text(_("As written: placeholders are filled in texts under {size}.")
                       .format(size=file_size(PREVIEW_BYTES)), style="yellow")
        return _cut(body), Text("\n").join([written, cut]), cut

    def _cut_note(self, ws: Workspace, key: str, size: int | None) -> Text:
        """`size`: the file's, None when it is short and its placeholders make it long."""
        path = escape_controls(ws.conventions[key].path)
        if size is None:
            return Text(_("Long text: only its beginning is shown; the whole text is "
                          "printed with p."), style="yellow")
        return Text(_("Long text ({size}): only its beginning is shown; the whole text "
                      "is in {path}.").format(size=file_size(size), path=path),
                    style="yellow")

    @on(RowTable.Selected, "#conv-table")
    def _selected(self, event: RowTable.Selected) -> None:
        """Enter: read the detail (scroll it with the arrows; Escape comes back)."""
        detail = self.query_one(ConventionDetail)
        detail.scroll_home(animate=False)
        detail.focus()

    def select_convention(self, conv_id: str) -> None:
        if not self.children or not self.query_one(RowTable).rows or self._workspace_stale:
            self._select_when_shown = conv_id  # applied once the (new) rows are in
            return
        self._select_when_shown = None
        table = self.query_one(RowTable)
        if not table.move_to_key(conv_id):
            self.query_one("#conv-filter", Input).value = ""
            table.set_filter("")
            table.move_to_key(conv_id)
        table.focus()

    @property
    def current_id(self) -> str | None:
        return self.query_one(RowTable).cursor_key

    # Actions (the editing screens live in their own modules) --------------------------
    def action_new(self) -> None:
        from epn_tui.tui.screens.new_convention import NewConventionScreen

        def created(conv_id: str | None) -> None:
            if conv_id:
                self.epn_app.reload_workspace()
                self.call_after_refresh(self.select_convention, conv_id)

        self.app.push_screen(NewConventionScreen(), created)

    def action_edit(self) -> None:
        conv_id = self.current_id
        if conv_id is None:
            return
        from epn_tui.tui.screens.convention_form import ConventionForm

        self.app.push_screen(ConventionForm(conv_id), self._after_edit)

    def action_edit_body(self) -> None:
        conv_id = self.current_id
        if conv_id is None:
            return
        from epn_tui.tui.screens.body_editor import BodyEditor

        self.app.push_screen(BodyEditor(conv_id), self._after_edit)

    def _after_edit(self, saved: bool | None) -> None:
        if saved:
            self.epn_app.reload_workspace()

    def action_print(self) -> None:
        conv_id = self.current_id
        if conv_id is None:
            return
        from epn_tui.tui.screens.print_dialog import PrintDialog

        self.app.push_screen(PrintDialog(conv_id))

    def action_history(self) -> None:
        """The versions of the convention under the cursor (a file that cannot be read
        too: its history shows what broke it)."""
        key = self.current_id
        ws = self.workspace
        if key is None or ws is None:
            return
        from epn_tui.tui.screens.history import HistoryScreen, HistorySubject

        if key.startswith(BROKEN_PREFIX):
            path = key[len(BROKEN_PREFIX):]
            subject = HistorySubject("conventions", path.rsplit("/", 1)[-1].removesuffix(".md"),
                                     path, path)
        elif key in ws.conventions:
            conv = ws.conventions[key]
            subject = HistorySubject("conventions", key, conv.path, conv.title)
        else:
            return
        self.app.push_screen(HistoryScreen(subject))

    def palette_commands(self) -> Iterator[PaletteCommand]:
        yield _("New convention from a template"), _("Conventions"), self.action_new
        yield _("Edit the fields of this convention"), _("Conventions"), self.action_edit
        yield _("Edit the text of this convention"), _("Conventions"), self.action_edit_body
        yield _("Print this convention (PDF, HTML)"), _("Conventions"), self.action_print
        yield (_("History of this convention: versions, what changed, restore"),
               _("Conventions"), self.action_history)
        yield _("Filter the conventions"), _("Conventions"), self.action_focus_filter
        yield _("Sort the conventions"), _("Conventions"), self.action_sort
