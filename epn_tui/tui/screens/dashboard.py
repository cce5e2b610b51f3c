"""Tableau de bord: the deadlines ahead, conventions by state, the guide's questions."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from epn_tui.core.dashboard import Summary, summarize
from epn_tui.core.dates import format_long, format_short
from epn_tui.core.labels import DEADLINE_LABELS, STATE_LABELS, label
from epn_tui.core.model import STATES, Contact
from epn_tui.i18n import _, ngettext
from epn_tui.tui.safe import line
from epn_tui.tui.screens.base import WorkspaceScreen

URGENT_DAYS = 15
SOON_DAYS = 45


def urgency_style(days: int) -> str:
    if days <= URGENT_DAYS:
        return "bold red"
    if days <= SOON_DAYS:
        return "yellow"
    return ""


def days_text(days: int) -> str:
    if days == 0:
        return _("today")
    return ngettext("in {n} day", "in {n} days", days).format(n=days)


def _people(contacts: list[Contact]) -> Text:
    out = Text()
    for i, contact in enumerate(contacts):
        if i:
            out.append(", ")
        out.append_text(line(contact.name, "bold"))
        detail = contact.function or contact.role
        if detail:
            out.append_text(line(f" ({detail})", "dim"))
    return out


class DashboardScreen(WorkspaceScreen):
    BINDINGS = [
        Binding("enter", "open_deadline", _("Open"), id="open-deadline", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Loading the workspace…"), id="dash-title")
        with Horizontal(id="dash-body"):
            with Vertical(id="dash-deadlines"):
                yield Static(_("Deadlines"), id="dash-deadlines-title", classes="section-title")
                table: DataTable[Text] = DataTable(id="deadlines", cursor_type="row",
                                                   zebra_stripes=True)
                table.add_column(_("Date"), key="date")
                table.add_column(_("When"), key="days")
                table.add_column(_("What"), key="kind")
                table.add_column(_("Convention"), key="title")
                yield table
            with VerticalScroll(id="dash-side"):
                yield Static(id="dash-counts")
                yield Static(id="dash-guide")
        yield Footer()

    def on_mount(self) -> None:
        self.workspace_changed()

    def workspace_changed(self) -> None:
        if not self.children:  # not composed yet: on_mount will call again
            return
        ws = self.workspace
        if ws is None:
            error = self.epn_app.load_error
            if error:
                self.query_one("#dash-title", Static).update(line(error, "bold red"))
            return
        interactions = ws.directory.interactions().values() if ws.directory else []
        summary = summarize(ws.settings, ws.conventions, ws.partners(), ws.contacts(),
                            interactions, self.today)
        self._show_title(summary)
        self._show_deadlines(summary)
        self._show_counts(summary)
        self._show_guide(summary)

    def _show_title(self, s: Summary) -> None:
        title = Text()
        title.append_text(line(s.epn.name if s.epn else _("EPN"), "bold"))
        if s.epn and s.epn.commune:
            title.append_text(line(f" — {s.epn.commune}"))
        title.append(" · " + format_long(self.today), style="dim")
        ws = self.workspace
        if ws is not None and ws.errors:
            title.append("   ")
            title.append(ngettext("⚠ {n} file with errors (epn check)",
                                  "⚠ {n} files with errors (epn check)",
                                  len({p.path for p in ws.errors}))
                         .format(n=len({p.path for p in ws.errors})), style="bold red")
        self.query_one("#dash-title", Static).update(title)

    def _show_deadlines(self, s: Summary) -> None:
        assert self.workspace is not None
        horizon = self.workspace.settings.horizon_days
        self.query_one("#dash-deadlines-title", Static).update(
            ngettext("Deadlines in the next {n} day", "Deadlines in the next {n} days", horizon)
            .format(n=horizon))
        table = self.query_one("#deadlines", DataTable)
        table.clear()
        if not s.deadlines:
            return
        for i, d in enumerate(s.deadlines):
            style = urgency_style(d.days)
            what = label(DEADLINE_LABELS, d.kind)
            if d.what:
                what = f"{what} : {d.what}"
            kind_style = "bold" if d.kind == "notice" else ""
            table.add_row(
                Text(format_short(d.date), style=style),
                Text(days_text(d.days), style=style),
                line(what, f"{kind_style} {style}".strip()),
                line(d.title),
                key=f"{i}:{d.convention}",
            )

    def _show_counts(self, s: Summary) -> None:
        text = Text(_("Conventions") + "\n", style="bold")
        for code in STATES:
            text.append(f"{s.counts.get(code, 0):>4}  ", style="bold")
            text.append(label(STATE_LABELS, code) + "\n")
        self.query_one("#dash-counts", Static).update(text)

    def _show_guide(self, s: Summary) -> None:
        text = Text(_("At a glance") + "\n", style="bold")

        def item(question: str, answer: Text | None, missing: str) -> None:
            text.append("• " + question + " ", style="")
            if answer is not None and answer.plain:
                text.append_text(answer)
            else:
                text.append(missing, style="bold red")
            text.append("\n")

        item(_("Élu référent:"), _people(s.elus) if s.elus else None, _("none ⚠"))
        item(_("Agent référent:"), _people(s.agents) if s.agents else None, _("none ⚠"))
        committee = Text()
        if s.committee:
            committee.append(ngettext("{n} member", "{n} members", len(s.committee))
                             .format(n=len(s.committee)))
            if s.last_committee:
                committee.append(", " + _("last met on {date}")
                                 .format(date=format_short(s.last_committee)))
        item(_("Steering committee:"), committee if s.committee else None, _("no members ⚠"))
        unwritten = Text()
        for i, partner in enumerate(s.unwritten):
            if i:
                unwritten.append(", ")
            unwritten.append_text(line(partner.name, "yellow"))
        item(_("Partners without a written convention:"), unwritten if s.unwritten else None,
             "")
        if not s.unwritten:
            text.append_text(Text(_("  all covered ✓") + "\n", style="green"))
        if s.election is not None:
            people = _people(s.unverified) if s.unverified else None
            item(_("Elected contacts not checked since {date}:")
                 .format(date=format_short(s.election)), people, "")
            if not s.unverified:
                text.append_text(Text(_("  none ✓") + "\n", style="green"))
        self.query_one("#dash-guide", Static).update(text)

    @on(DataTable.RowSelected, "#deadlines")
    def _deadline_selected(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value or ""
        conv_id = key.split(":", 1)[1] if ":" in key else key
        if conv_id:
            self.epn_app.open_convention(conv_id)

    def action_open_deadline(self) -> None:
        table = self.query_one("#deadlines", DataTable)
        if table.row_count:
            table.action_select_cursor()
