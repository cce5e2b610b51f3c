"""The detail of one convention: fields, parties, timeline of terms and deadlines, body."""

from __future__ import annotations

from datetime import date

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from epn_tui.core.dates import format_long, format_short
from epn_tui.core.labels import (
    RENEWAL_LABELS,
    STATE_LABELS,
    STATUS_LABELS,
    TYPE_LABELS,
    deadline_label,
    label,
)
from epn_tui.core.model import Contact, Convention, Partner, Problem
from epn_tui.core.terms import deadlines, final_end, state, terms
from epn_tui.core.text import strip_controls
from epn_tui.i18n import _
from epn_tui.tui.safe import escaped, line, plain

TIMELINE_DAYS = 730  # how far the timeline looks ahead


def duration_words(conv: Convention) -> str:
    from epn_tui.core.health import duration_text

    if conv.duration is None:
        return ""
    if conv.duration.open_ended:
        return _("open-ended")
    return duration_text(conv.duration)


def fields_table(conv: Convention, partners: dict[str, Partner],
                 contacts: dict[str, Contact], today: date) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 1), expand=True)
    table.add_column(style="bold", no_wrap=True, width=20)
    table.add_column(ratio=1)
    current, term_k = state(conv, today)
    state_text = label(STATE_LABELS, current)
    if current == "active" and term_k:
        state_text += " " + _("(renewal term {k})").format(k=term_k)
    rows: list[tuple[str, Text]] = [
        (_("State"), Text(state_text)),
        (_("Status"), Text(label(STATUS_LABELS, conv.status))),
    ]
    if conv.type:
        rows.append((_("Type"), line(label(TYPE_LABELS, conv.type))))
    if conv.themes:
        rows.append((_("Themes"), line(", ".join(conv.themes))))
    for key, title in (("signed", _("Signed")), ("start", _("Start")), ("end", _("End")),
                       ("terminated", _("Terminated"))):
        value = getattr(conv, key)
        if value is not None:
            rows.append((title, Text(format_long(value))))
    if conv.duration is not None:
        rows.append((_("Duration"), Text(duration_words(conv))))
    rows.append((_("Renewal"), Text(label(RENEWAL_LABELS, conv.renewal))))
    if conv.renewal_period is not None:
        from epn_tui.core.health import duration_text

        rows.append((_("Renewal period"), Text(duration_text(conv.renewal_period))))
    if conv.max_renewals is not None:
        rows.append((_("Max renewals"), Text(str(conv.max_renewals))))
    if conv.notice is not None:
        from epn_tui.core.health import duration_text

        rows.append((_("Notice"), Text(duration_text(conv.notice))))
    end = final_end(conv)
    rows.append((_("Final end"), Text(format_long(end) if end else _("none (open-ended or "
                                                                      "renewed without limit)"))))
    if conv.amount is not None:
        rows.append((_("Amount"), Text(f"{conv.amount:,.2f} €".replace(",", "\u202f")
                                       .replace(".", ","))))
    if conv.amends:
        rows.append((_("Amends"), line(conv.amends)))
    for key, value in conv.extra.items():
        rows.append((strip_controls(str(key))[:20], line(value, "dim")))
    for title, value in rows:
        table.add_row(title, value)
    return table


def parties_text(conv: Convention, partners: dict[str, Partner],
                 contacts: dict[str, Contact]) -> Text:
    out = Text()
    for party in conv.parties:
        partner = partners.get(party.partner)
        out.append("• ")
        out.append_text(line(partner.name if partner else party.partner, "bold"))
        if partner is None:
            out.append(" " + _("(unknown partner)"), style="red")
        if party.role:
            out.append_text(line(f" — {party.role}", "italic"))
        if party.signatory:
            person = contacts.get(party.signatory)
            out.append("\n  " + _("signed by") + " ", style="dim")
            out.append_text(line(person.name if person else party.signatory))
            if person and (person.function or person.role):
                out.append_text(line(f", {person.function or person.role}", "dim"))
        for commitment in party.commitments:
            out.append("\n  – ")
            out.append_text(line(commitment))
        out.append("\n")
    return out


def timeline_text(conv: Convention, today: date) -> Text:
    out = Text()
    current, term_k = state(conv, today)
    for t in terms(conv, until=today, limit=12):
        marker = "▶ " if current == "active" and t.index == term_k else "  "
        name = _("Initial term") if t.index == 0 else _("Renewal {k}").format(k=t.index)
        style = "bold" if marker.strip() else ("dim" if t.end < today else "")
        out.append(f"{marker}{name:<16} {format_short(t.start)} → {format_short(t.end)}\n",
                   style=style)
    upcoming = deadlines(conv, today, TIMELINE_DAYS)
    if upcoming:
        out.append(_("Next deadlines") + "\n", style="bold")
        for d in upcoming[:8]:
            what = deadline_label(d)
            if d.what:
                what += f" : {d.what}"
            out.append(f"  {format_short(d.date)}  ")
            out.append_text(line(what, "bold" if d.kind == "notice" else ""))
            out.append("\n")
    return out


class ConventionDetail(VerticalScroll):
    """Filled by `show(...)`; the body is rendered as Markdown (imported when needed)."""

    DEFAULT_CSS = """
    ConventionDetail .detail-title { text-style: bold; margin-top: 1; color: $accent; }
    ConventionDetail #detail-heading { text-style: bold; }
    """

    _current: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(_("Select a convention."), id="detail-heading")
        yield Static(id="detail-fields")
        yield Static(_("Parties"), classes="detail-title")
        yield Static(id="detail-parties")
        yield Static(_("Terms and deadlines"), classes="detail-title")
        yield Static(id="detail-timeline")
        yield Static(_("Text of the convention"), classes="detail-title")
        yield Static(id="detail-body-note")
        yield Static(id="detail-body-holder")
        yield Static(id="detail-body-end")  # where a text cut short says so again

    def show(self, conv: Convention | None, body: str, partners: dict[str, Partner],
             contacts: dict[str, Contact], today: date, note: Text | None = None,
             end_note: Text | None = None) -> None:
        """`body`: the text to show (the screen fills its placeholders as printing
        would); `note`: what to say above it; `end_note`: below it (a text cut short).
        Everything is replaced at once: no part of another convention stays."""
        self.query_one("#detail-body-note", Static).update(note or "")
        self.query_one("#detail-body-end", Static).update(end_note or "")
        if conv is None:
            self.query_one("#detail-heading", Static).update(_("Select a convention."))
            for wid in ("#detail-fields", "#detail-parties", "#detail-timeline"):
                self.query_one(wid, Static).update("")
            self._show_body("")
            return
        if conv.id != self._current:
            self.scroll_home(animate=False)  # a new convention is read from its top
            self._current = conv.id
        heading = line(conv.title, "bold")
        heading.append_text(escaped(f"   {conv.path}", "dim"))
        self.query_one("#detail-heading", Static).update(heading)
        self.query_one("#detail-fields", Static).update(
            fields_table(conv, partners, contacts, today))
        self.query_one("#detail-parties", Static).update(
            parties_text(conv, partners, contacts) or _("No party."))
        self.query_one("#detail-timeline", Static).update(timeline_text(conv, today)
                                                          or _("No dates yet."))
        self._show_body(body)

    def _show_body(self, body: str) -> None:
        # Rich's Markdown renderable in one Static: Textual's Markdown widget mounts a
        # widget per block, and re-laying out hundreds of them on every cursor move
        # made the list sluggish. Links are shown, never opened.
        from rich.markdown import Markdown

        holder = self.query_one("#detail-body-holder", Static)
        text = strip_controls(body)
        holder.update(Markdown(text, hyperlinks=False) if text.strip() else "")

    def show_problems(self, path: str, problems: list[Problem]) -> None:
        """A file that could not be read: what `epn check` says about it."""
        self.scroll_home(animate=False)
        self.query_one("#detail-heading", Static).update(escaped(path, "bold red"))
        text = Text(_("This file could not be read; fix it in your editor (the list "
                      "updates by itself):") + "\n\n")
        for problem in problems:
            style = "red" if problem.is_error else "yellow"
            text.append_text(escaped(problem.path, style))
            text.append_text(line(f":{problem.line}: {problem.message}", style))
            text.append("\n")
        self.query_one("#detail-fields", Static).update(text)
        for wid in ("#detail-parties", "#detail-timeline"):
            self.query_one(wid, Static).update("")
        self._show_body("")

    def show_error(self, message: str, style: str = "red") -> None:
        self.query_one("#detail-heading", Static).update(plain(message, style))
