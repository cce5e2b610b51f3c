"""Partenaires: the directory grouped by kind, one partner's card, contacts, conventions
and journal; the forms to edit them live in `partner_forms.py`.

The right pane is one scrolling column: the card, then three compact option lists
(contacts, conventions, journal) so each line can be picked with the keyboard (Enter
edits a contact or an interaction, opens a convention). `e` and `d` act on what has the
focus: a contact, an interaction, or else the partner.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from epn_tui.core.collate import sort_key
from epn_tui.core.model import Contact, Partner
from epn_tui.core.network import GROUP_KEYS, group_label, group_of
from epn_tui.core.roles import fold, is_agent_referent, is_elu_referent, is_president
from epn_tui.core.terms import state
from epn_tui.core.vocabulary import STATE_RANK
from epn_tui.i18n import _, ngettext
from epn_tui.render.network_labels import capitalized
from epn_tui.tui.compat import option_lines
from epn_tui.tui.partner_text import (
    contact_text,
    convention_text,
    interaction_text,
    next_step,
    next_step_text,
    partner_card,
    written_partner_ids,
)
from epn_tui.tui.safe import line
from epn_tui.tui.screens.base import PaletteCommand, WorkspaceScreen
from epn_tui.tui.widgets.bars import KeyBar, TitleBar

if TYPE_CHECKING:
    from epn_tui.store.partners import Directory

GROUP_PREFIX = "group:"
PARTNERS_FILE = "partners.json"


# The EPN is a party to every convention: 20,000 options took the screen 20 s to lay out.
MAX_CONVENTIONS = 200


def _contact_order(contact: Contact) -> tuple[int, tuple[str, str, str], str]:
    """Referents and the president first: they are whom the guide asks about."""
    if is_elu_referent(contact):
        rank = 0
    elif is_agent_referent(contact):
        rank = 1
    elif is_president(contact):
        rank = 2
    else:
        rank = 3
    return rank, sort_key(contact.name), contact.id


def hanging(text: Text) -> RenderableType:
    """Lines after the first that start with two spaces stay indented when they wrap."""
    lines = text.split("\n")
    if len(lines) < 2:
        return text
    parts: list[RenderableType] = [lines[0]]
    for sub in lines[1:]:
        if sub.plain.startswith("  "):
            parts.append(Padding(sub[2:], (0, 0, 0, 2)))
        else:
            parts.append(sub)
    return Group(*parts)


def _haystack(partner: Partner, contacts: list[Contact]) -> str:
    return fold(" ".join([partner.id, partner.name, partner.kind, partner.commune,
                          *partner.tags, *(c.name for c in contacts)]))


class PartnersScreen(WorkspaceScreen):
    CSS_PATH = "../partners.tcss"

    BINDINGS = [
        # Short words: the footer also carries the app's keys and must fit 80 columns.
        Binding("n", "new_partner", _("+ partner"), id="partners.new"),
        Binding("c", "new_contact", _("+ contact"), id="partners.new-contact"),
        Binding("i", "new_interaction", _("+ interaction"), id="partners.new-interaction"),
        Binding("e", "edit", _("Edit"), id="partners.edit"),
        Binding("d,delete", "delete", _("Delete"), id="partners.delete"),
        Binding("h", "history", _("History"), id="partners.history"),
        # On a journal entry: its next step is done (it leaves the deadlines), or not.
        Binding("x", "step_done", _("Step done"), id="partners.step-done"),
        Binding("t", "import_sheet", _("Import a spreadsheet"), id="partners.import",
                show=False),
        Binding("slash,ctrl+f", "focus_filter", _("Filter"), id="partners.filter"),
        Binding("enter", "open", _("Open"), id="partners.open", show=False),
        Binding("escape", "back", _("Back to the list"), id="partners.back", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._wanted: str | None = None
        self._shown: str | None = None
        self._written: set[str] = set()
        self._haystacks: dict[str, str] = {}

    # Layout ----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="partners-body"):
            with Vertical(id="partners-side"):
                yield Input(placeholder=_("Filter: name, contact…"),
                            id="partners-filter")
                yield OptionList(id="partners-list")
                yield Static(id="partners-status")
            with VerticalScroll(id="partners-detail"):
                yield Static(id="partners-error")
                yield Static(id="partners-card")
                yield Static(_("Contacts"), id="partners-contacts-title",
                             classes="section-title")
                yield OptionList(id="partners-contacts", compact=True,
                                 classes="partners-sublist")
                yield Static(id="partners-contacts-empty", classes="partners-empty")
                yield Static(_("Conventions"), id="partners-conventions-title",
                             classes="section-title")
                yield OptionList(id="partners-conventions", compact=True,
                                 classes="partners-sublist")
                yield Static(id="partners-conventions-empty", classes="partners-empty")
                yield Static(_("Journal"), id="partners-journal-title",
                             classes="section-title")
                yield Static(id="partners-next-step")
                yield OptionList(id="partners-journal", compact=True,
                                 classes="partners-sublist")
                yield Static(id="partners-journal-empty", classes="partners-empty")
        yield KeyBar()

    def on_mount(self) -> None:
        self.workspace_changed()
        self.query_one("#partners-list", OptionList).focus()

    # Data ------------------------------------------------------------------------------
    @property
    def directory_error(self) -> str | None:
        """Why partners.json cannot be used, or None when it can."""
        ws = self.workspace
        if ws is None:
            return self.epn_app.load_error or _("The workspace is still loading…")
        if ws.directory is not None:
            return None
        found = [str(p) for p in ws.problems if p.path == PARTNERS_FILE and p.is_error]
        return found[0] if found else _("partners.json cannot be read")

    def workspace_changed(self) -> None:
        if not self.children:  # not composed yet: on_mount will call again
            return
        ws = self.workspace
        error = self.directory_error
        banner = self.query_one("#partners-error", Static)
        if error is not None and ws is not None:
            message = Text(_("The partner directory cannot be used:") + "\n", style="bold red")
            message.append_text(line(error, "red"))
            message.append("\n" + _("Nothing is saved while it is damaged; once it is fixed, "
                                    "Ctrl+R reads it again."), style="italic")
            banner.update(message)
            banner.display = True
        elif error is not None:
            banner.update(line(error, "italic"))
            banner.display = True
        else:
            banner.display = False
        if ws is not None:
            self._written = written_partner_ids(ws.conventions.values(), self.today)
            contacts = ws.contacts()
            by_partner: dict[str, list[Contact]] = {}
            for contact in contacts.values():
                by_partner.setdefault(contact.partner, []).append(contact)
            self._haystacks = {pid: _haystack(p, by_partner.get(pid, []))
                               for pid, p in ws.partners().items()}
        keep = self._wanted or self.current_id
        self._wanted = None
        self._shown = None
        self._fill_list(keep)

    def _partners(self) -> dict[str, Partner]:
        ws = self.workspace
        return ws.partners() if ws is not None else {}

    def _fill_list(self, keep: str | None) -> None:
        partners = self._partners()
        words = fold(self.query_one("#partners-filter", Input).value).split()
        groups: dict[str, list[Partner]] = {key: [] for key in GROUP_KEYS}
        for partner in partners.values():
            hay = self._haystacks.get(partner.id, "")
            if all(w in hay for w in words):
                groups.setdefault(group_of(partner), []).append(partner)
        epn = self.workspace.settings.epn if self.workspace is not None else None
        options: list[Option] = []
        shown = 0
        for key, members in groups.items():
            if not members:
                continue
            members.sort(key=lambda p: (sort_key(p.name), p.id))
            heading = Text(f"{capitalized(_(group_label(key)))} ({len(members)})",
                           style="bold underline")
            options.append(Option(heading, id=GROUP_PREFIX + key, disabled=True))
            for partner in members:
                prompt = Text()
                if partner.id != epn and partner.id not in self._written:
                    prompt.append("⚠ ", style="yellow")
                else:
                    prompt.append("  ")
                prompt.append_text(line(partner.name))
                options.append(Option(prompt, id=partner.id))
                shown += 1
        box = self.query_one("#partners-list", OptionList)
        box.set_options(options)
        ids = [o.id for o in options]
        if keep in ids:
            box.highlighted = ids.index(keep)
        else:
            box.highlighted = next((i for i, o in enumerate(options) if not o.disabled), None)
        total = len(partners)
        status = Text(ngettext("{n} partner", "{n} partners", total).format(n=total))
        if shown != total:
            status = Text(_("{shown} of {text}").format(shown=shown, text=status.plain))
        if total:
            status.append("\n⚠ " + _("no written convention"), style="yellow")
        self.query_one("#partners-status", Static).update(status)
        self._show_detail()

    @property
    def current_id(self) -> str | None:
        if not self.children:
            return None
        box = self.query_one("#partners-list", OptionList)
        option = box.highlighted_option
        if option is None or option.disabled or option.id is None:
            return None
        return option.id

    # Detail ----------------------------------------------------------------------------
    def _show_detail(self) -> None:
        pid = self.current_id
        ws = self.workspace
        partner = self._partners().get(pid or "")
        card = self.query_one("#partners-card", Static)
        sections = ("contacts", "conventions", "journal")
        for name in sections:
            self.query_one(f"#partners-{name}-title").display = partner is not None
        if partner is None:
            self.query_one("#partners-next-step").display = False
        if ws is None or partner is None:
            empty = self.directory_error is None and ws is not None
            card.update(Text(_("No partner matches.") if empty else "", style="italic"))
            for name in sections:
                self.query_one(f"#partners-{name}", OptionList).display = False
                self.query_one(f"#partners-{name}-empty").display = False
            self._shown = None
            return
        directory = ws.directory
        assert directory is not None
        card.update(partner_card(partner, partner.id in self._written,
                                 partner.id == ws.settings.epn))
        contacts = ws.contacts()
        people = sorted(directory.contacts_of(partner.id), key=_contact_order)
        self._set_section("contacts", [
            Option(hanging(contact_text(c, ws.settings, self.today)), id=c.id) for c in people
        ], _("Contacts ({n})").format(n=len(people)),
            _("No contact yet: c adds one."))

        convs = sorted(ws.conventions_of(partner.id), key=lambda c: (
            STATE_RANK.get(state(c, self.today)[0], 9), sort_key(c.title), c.id))
        records = ws.journal() if convs else None
        shown = [Option(hanging(convention_text(c, self.today, records)), id=c.id)
                 for c in convs[:MAX_CONVENTIONS]]
        if len(convs) > MAX_CONVENTIONS:
            hidden = len(convs) - MAX_CONVENTIONS
            shown.append(Option(Text(ngettext(
                "… and {n} more convention", "… and {n} more conventions", hidden)
                .format(n=hidden), style="dim"), disabled=True))
        self._set_section("conventions", shown, _("Conventions ({n})").format(n=len(convs)),
                          _("No convention names this partner."))

        # Newest first; the same day, the one recorded last (ids grow: `…-2`) first.
        journal = sorted(directory.interactions_of(partner.id),
                         key=lambda i: (i.date or date.min, i.id), reverse=True)
        step_box = self.query_one("#partners-next-step", Static)
        step_box.update(next_step_text(next_step(journal, self.today), self.today))
        step_box.display = bool(journal)
        self._set_section("journal", [
            Option(hanging(interaction_text(i, contacts)), id=i.id) for i in journal
        ], _("Journal ({n})").format(n=len(journal)),
            _("Nothing recorded yet: i adds a meeting, a call, a mail…"))
        if self._shown != partner.id:
            self.query_one("#partners-detail", VerticalScroll).scroll_home(animate=False)
        self._shown = partner.id

    def _set_section(self, name: str, options: list[Option], title: str, empty: str) -> None:
        box = self.query_one(f"#partners-{name}", OptionList)
        previous = box.highlighted_option.id if box.highlighted_option else None
        box.set_options(options)
        ids = [o.id for o in options]
        if previous in ids:
            box.highlighted = ids.index(previous)
        elif options:
            box.highlighted = 0
        box.display = bool(options)
        self.query_one(f"#partners-{name}-title", Static).update(title)
        placeholder = self.query_one(f"#partners-{name}-empty", Static)
        placeholder.update(Text(empty, style="italic dim"))
        placeholder.display = not options

    def select_partner(self, partner_id: str) -> None:
        """Show one partner (other screens call this)."""
        if not self.children or self.workspace is None:
            self._wanted = partner_id
            return
        box = self.query_one("#partners-list", OptionList)
        if partner_id not in [o.id for o in box.options]:
            self.query_one("#partners-filter", Input).value = ""
            self._fill_list(partner_id)
        else:
            box.highlighted = box.get_option_index(partner_id)
            self._show_detail()
        box.focus()

    # Events ----------------------------------------------------------------------------
    @on(Input.Changed, "#partners-filter")
    def _filter_changed(self) -> None:
        self._fill_list(self.current_id)

    @on(Input.Submitted, "#partners-filter")
    def _filter_submitted(self) -> None:
        self.query_one("#partners-list", OptionList).focus()

    @on(OptionList.OptionHighlighted, "#partners-list")
    def _partner_highlighted(self) -> None:
        if self.current_id != self._shown:
            self._show_detail()

    @on(OptionList.OptionSelected, "#partners-list")
    def _partner_selected(self) -> None:
        for name in ("contacts", "conventions", "journal"):
            box = self.query_one(f"#partners-{name}", OptionList)
            if box.display:
                box.focus()
                return

    @on(OptionList.OptionHighlighted, ".partners-sublist")
    def _follow_cursor(self, event: OptionList.OptionHighlighted) -> None:
        """Keep the highlighted line visible: the lists grow, the pane scrolls."""
        box = event.option_list
        if not box.has_focus:
            return
        lines = option_lines(box, event.option_index)
        if lines is None:  # not laid out yet: the list as a whole
            self.query_one("#partners-detail").scroll_to_widget(box, animate=False)
            return
        y, height = lines
        top = box.virtual_region.y + box.gutter.top + y
        self.query_one("#partners-detail", VerticalScroll).scroll_to_region(
            Region(0, top, 1, height), animate=False)

    @on(OptionList.OptionSelected, "#partners-contacts")
    def _contact_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self._edit_contact(event.option.id)

    @on(OptionList.OptionSelected, "#partners-conventions")
    def _convention_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.epn_app.open_convention(event.option.id)

    @on(OptionList.OptionSelected, "#partners-journal")
    def _interaction_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self._edit_interaction(event.option.id)

    # What has the focus ----------------------------------------------------------------
    def _focused_record(self) -> tuple[str, str] | None:
        """(table, id) of the contact or interaction under the cursor, if focused."""
        focused: Widget | None = self.focused
        for name, table in (("contacts", "contacts"), ("journal", "interactions"),
                            ("conventions", "conventions")):
            box = self.query_one(f"#partners-{name}", OptionList)
            if focused is box and box.highlighted_option is not None:
                option_id = box.highlighted_option.id
                if option_id:
                    return table, option_id
        return None

    def _usable(self) -> bool:
        """The directory can be edited; if not, say why."""
        error = self.directory_error
        if error is not None:
            self.notify(error, title=_("The partner directory cannot be edited"),
                        severity="error", timeout=8, markup=False)
            return False
        return True

    def _need_partner(self) -> str | None:
        pid = self.current_id
        if pid is None:
            self.notify(_("Choose a partner first."), timeout=3, markup=False)
        return pid

    # Actions ---------------------------------------------------------------------------
    def action_focus_filter(self) -> None:
        self.query_one("#partners-filter", Input).focus()

    def action_back(self) -> None:
        box = self.query_one("#partners-filter", Input)
        if box.has_focus and box.value:
            box.value = ""
        self.query_one("#partners-list", OptionList).focus()

    def action_open(self) -> None:
        record = self._focused_record()
        if record is None:
            self._partner_selected()
        elif record[0] == "conventions":
            self.epn_app.open_convention(record[1])
        elif record[0] == "contacts":
            self._edit_contact(record[1])
        else:
            self._edit_interaction(record[1])

    def _saved(self, select: str | None = None) -> Callable[[str | None], None]:
        def done(saved_id: str | None) -> None:
            if saved_id:
                # The reload the form started will land after this: select it then.
                self._wanted = select or saved_id
        return done

    def action_new_partner(self) -> None:
        if not self._usable():
            return
        from epn_tui.tui.screens.partner_forms import PartnerForm

        self.app.push_screen(PartnerForm(None), self._saved())

    def action_new_contact(self) -> None:
        pid = self._need_partner()
        if pid is None or not self._usable():
            return
        from epn_tui.tui.screens.partner_forms import ContactForm

        self.app.push_screen(ContactForm(None, pid), self._saved(pid))

    def action_new_interaction(self) -> None:
        pid = self._need_partner()
        if pid is None or not self._usable():
            return
        from epn_tui.tui.screens.partner_forms import InteractionForm

        self.app.push_screen(InteractionForm(None, pid), self._saved(pid))

    def action_edit(self) -> None:
        record = self._focused_record()
        if record is not None and record[0] == "contacts":
            self._edit_contact(record[1])
        elif record is not None and record[0] == "interactions":
            self._edit_interaction(record[1])
        else:
            self._edit_partner()

    def _edit_partner(self) -> None:
        pid = self._need_partner()
        if pid is None or not self._usable():
            return
        from epn_tui.tui.screens.partner_forms import PartnerForm

        self.app.push_screen(PartnerForm(pid), self._saved())

    def _edit_contact(self, contact_id: str) -> None:
        pid = self.current_id
        if pid is None or not self._usable():
            return
        from epn_tui.tui.screens.partner_forms import ContactForm

        self.app.push_screen(ContactForm(contact_id, pid), self._saved(pid))

    def _edit_interaction(self, interaction_id: str) -> None:
        pid = self.current_id
        if pid is None or not self._usable():
            return
        from epn_tui.tui.screens.partner_forms import InteractionForm

        self.app.push_screen(InteractionForm(interaction_id, pid), self._saved(pid))

    def action_delete(self) -> None:
        if not self._usable():
            return
        from epn_tui.tui.screens.partner_forms import confirm_delete

        record = self._focused_record()
        if record is not None and record[0] == "conventions":
            self.notify(_("Conventions are files: delete them in git, not from the directory."),
                        timeout=5)
            return
        if record is not None:
            confirm_delete(self.epn_app, *record)
        else:
            self._delete_partner()

    def action_history(self) -> None:
        """The versions of what has the focus: the contact, journal entry or convention
        under the cursor, else the partner."""
        ws = self.workspace
        if ws is None:
            return
        from epn_tui.tui.screens.history import HistoryScreen, HistorySubject

        record = self._focused_record()
        if record is not None and record[0] == "conventions":
            conv = ws.conventions.get(record[1])
            if conv is not None:
                self.app.push_screen(HistoryScreen(HistorySubject(
                    "conventions", conv.id, conv.path, conv.title)))
            return
        if record is not None:
            table, doc_id = record
            if table == "contacts":
                contact = ws.contacts().get(doc_id)
                title = contact.name if contact is not None else doc_id
            else:
                title = self._interaction_title(doc_id)
        else:
            pid = self._need_partner()
            if pid is None:
                return
            partner = self._partners().get(pid)
            table, doc_id, title = "partners", pid, partner.name if partner else pid
        self.app.push_screen(HistoryScreen(HistorySubject(table, doc_id, PARTNERS_FILE,
                                                          title)))

    def action_step_done(self) -> None:
        """The focused journal entry's next step is done today (`done:`), or, when it
        already is, not done after all: as `epn journal done [--undo]`."""
        record = self._focused_record()
        ws = self.workspace
        if record is None or record[0] != "interactions" or ws is None or ws.directory is None:
            self.notify(_("Choose a journal entry with a next step first."), timeout=3,
                        markup=False)
            return
        if not self._usable():
            return
        base = ws.directory.raw("interactions").get(record[1])
        if base is None or not base.get("next_step"):
            self.notify(_("This journal entry has no next step."), timeout=3, markup=False)
            return
        done = None if base.get("done") else self.today.isoformat()
        self._write_done(ws.directory, record[1], dict(base), done)

    @work(thread=True, exclusive=True, group="record-save")
    def _write_done(self, directory: Directory, doc_id: str, base: dict[str, Any],
                    done: str | None) -> None:
        """In a worker, as the forms save: merged with what changed meanwhile."""
        call = self.app.call_from_thread
        try:
            directory.update("interactions", doc_id, {"done": done}, base=base)
        except (KeyError, ValueError, RuntimeError, OSError) as exc:  # gone, conflict, damaged
            call(self.notify, _("Nothing saved:") + " " + str(exc), severity="error",
                 timeout=8, markup=False)
            return
        call(self._done_written, directory, done)

    def _done_written(self, directory: Directory, done: str | None) -> None:
        from epn_tui.tui.git_state import tell_if_commit_waits

        self.notify(_("Next step marked done: it leaves the deadlines.") if done else
                    _("Next step not done after all: it is a deadline again."), timeout=4)
        tell_if_commit_waits(self.epn_app, directory.last_commit)
        self.epn_app.reload_workspace()

    def _interaction_title(self, doc_id: str) -> str:
        from epn_tui.core.dates import format_short
        from epn_tui.core.labels import INTERACTION_LABELS, label

        ws = self.workspace
        item = ws.directory.interactions().get(doc_id) if ws and ws.directory else None
        if item is None:
            return doc_id
        when = format_short(item.date) if item.date else ""
        return f"{label(INTERACTION_LABELS, item.kind)} {when}".strip()

    def action_import_sheet(self) -> None:
        self.epn_app.action_import_sheet("partners")

    def palette_commands(self) -> Iterator[PaletteCommand]:
        where = _("Partners")
        yield _("New partner"), where, self.action_new_partner
        yield _("Edit this partner"), where, self._edit_partner
        yield _("New contact for this partner"), where, self.action_new_contact
        yield _("Record an interaction with this partner"), where, self.action_new_interaction
        yield _("Delete this partner"), where, self._delete_partner
        yield (_("History of this partner: versions, what changed, restore"), where,
               self.action_history)
        yield _("Filter the partners"), where, self.action_focus_filter

    def _delete_partner(self) -> None:
        pid = self._need_partner()
        if pid is None or not self._usable():
            return
        from epn_tui.tui.screens.partner_forms import confirm_delete

        neighbour = self._neighbour(pid)

        def done(deleted: bool) -> None:
            if deleted:
                self._wanted = neighbour  # not back to the top of the list

        confirm_delete(self.epn_app, "partners", pid, done)

    def _neighbour(self, pid: str) -> str | None:
        """The partner listed after this one (or before it, for the last)."""
        ids = [o.id for o in self.query_one("#partners-list", OptionList).options
               if not o.disabled and o.id]
        if pid not in ids:
            return None
        index = ids.index(pid)
        after = ids[index + 1:] or ids[:index][-1:]
        return after[0] if after else None

