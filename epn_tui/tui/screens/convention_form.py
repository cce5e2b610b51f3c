"""The form of one convention's fields (FORMAT.md), saved surgically.

Ctrl+S writes only the keys whose input changed, through `Workspace.update_fields`
with the fingerprint of the file as it was opened: changing the status is a one-line
diff, and a file changed on disk meanwhile is never overwritten without asking.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import yaml
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.suggester import SuggestFromList
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from epn_tui.core.collate import sort_key
from epn_tui.core.dates import format_short
from epn_tui.core.follow_ups import next_open_deadline
from epn_tui.core.labels import (
    RENEWAL_LABELS,
    STATE_LABELS,
    STATUS_LABELS,
    TYPE_LABELS,
    deadline_label,
    label,
)
from epn_tui.core.model import RENEWALS, STATUSES, TYPES, Contact, Partner
from epn_tui.core.terms import final_end, state
from epn_tui.core.text import one_line
from epn_tui.i18n import _, ngettext
from epn_tui.store.frontmatter import FrontMatterError, load_mapping, split
from epn_tui.store.splice import SpliceError, set_fields
from epn_tui.store.workspace import front_matter_conflicts
from epn_tui.tui.form_values import (
    DATE_KEYS,
    SCALAR_KEYS,
    FollowUpRow,
    FormValues,
    PartyRow,
    changes_between,
    from_mapping,
    unknown_keys,
)
from epn_tui.tui.safe import line, plain
from epn_tui.tui.screens.editing import EditScreen
from epn_tui.tui.validators import DATE_CHECK, FrenchDate
from epn_tui.tui.widgets.bars import KeyBar, TitleBar

if TYPE_CHECKING:
    from epn_tui.store.workspace import Saved, Workspace

ROLE_SUGGESTIONS = ("porteur", "partenaire", "financeur")
PREVIEW_DELAY = 0.25  # seconds after the last keystroke


def field_labels() -> dict[str, str]:
    return {
        "title": _("Title"), "type": _("Type"), "status": _("Status"),
        "themes": _("Themes"), "signed": _("Signed on"), "start": _("Start"),
        "duration": _("Duration"), "end": _("End"), "renewal": _("Renewal"),
        "renewal_period": _("Renewal period"), "max_renewals": _("Max renewals"),
        "notice": _("Notice"), "amount": _("Amount (€)"), "amends": _("Amends"),
        "terminated": _("Terminated on"),
    }


def placeholders() -> dict[str, str]:
    day = _("dd/mm/yyyy")
    return {
        "title": _("Title of the convention"),
        "themes": _("words separated by commas: éducation, emploi"),
        "signed": day, "start": day, "end": day, "terminated": day,
        "duration": _("1 an, 18 mois, indéterminée… (or an end date)"),
        "renewal_period": _("default: the duration"),
        "max_renewals": _("empty: no limit"), "notice": _("3 mois, 15 jours…"),
        "amount": _("in euros, e.g. 1500"),
    }


@dataclass
class Context:
    """What the form offers besides the file (read in the loading worker)."""

    partners: dict[str, Partner] = field(default_factory=dict)
    contacts: dict[str, Contact] = field(default_factory=dict)
    conventions: list[tuple[str, str]] = field(default_factory=list)  # (id, title)
    roles: list[str] = field(default_factory=list)
    today: date | None = None  # former élus (mandate ended) are not offered as signatories


def _value(select: Select[str]) -> str:
    value = select.value
    return value if isinstance(value, str) else ""


class PartyEditor(Vertical):
    """One party: partner, role, signatory, commitments."""

    def __init__(self, row: PartyRow, context: Context) -> None:
        super().__init__(classes="party")
        self.row_initial = row
        self.context = context

    def compose(self) -> ComposeResult:
        row, ctx = self.row_initial, self.context
        options = [(line(p.name), pid) for pid, p in
                   sorted(ctx.partners.items(), key=lambda item: sort_key(item[1].name))]
        if row.partner and row.partner not in ctx.partners:
            options.insert(0, (line(_("{id} (not in the directory)").format(id=row.partner)),
                               row.partner))
        with Horizontal(classes="form-row"):
            yield Label(_("Partner"), classes="form-label")
            yield Select(options, prompt=_("choose a partner"), value=row.partner or Select.NULL,
                         compact=True, classes="party-partner")
            yield Button(_("Remove"), classes="remove-party", compact=True, variant="error")
        with Horizontal(classes="form-row"):
            yield Label(_("Role"), classes="form-label")
            yield Input(row.role, placeholder=_("porteur, partenaire, financeur…"),
                        suggester=SuggestFromList(ctx.roles, case_sensitive=False),
                        compact=True, classes="party-role")
        with Horizontal(classes="form-row"):
            yield Label(_("Signatory"), classes="form-label")
            yield Select(self._signatory_options(row.partner, row.signatory),
                         prompt=_("no signatory"), value=row.signatory or Select.NULL,
                         compact=True, classes="party-signatory")
        with Horizontal(classes="form-row commitments-row"):
            yield Label(_("Commitments\n(one per line)"), classes="form-label")
            yield TextArea(row.commitments, soft_wrap=True, compact=True,
                           classes="party-commitments")
        if row.extra:
            yield Static(_extra_text(row.extra), classes="party-extra")

    def on_mount(self) -> None:
        parent = self.parent
        n = list(parent.children).index(self) + 1 if parent is not None else 1
        self.border_title = _("Party {n}").format(n=n)

    def _signatory_options(self, partner: str, current: str) -> list[tuple[Text, str]]:
        from epn_tui.core.mandates import is_former

        today = self.context.today
        contacts = sorted((c for c in self.context.contacts.values() if c.partner == partner
                           and (c.id == current or today is None or not is_former(c, today))),
                          key=lambda c: sort_key(c.name))
        options = []
        for c in contacts:
            text = f"{c.name} — {c.role}" if c.role else c.name
            if today is not None and is_former(c, today):  # the one the file names
                text += " " + _("(no longer in office)")
            options.append((line(text), c.id))
        if current and current not in {c.id for c in contacts}:
            options.insert(0, (line(_("{id} (not a contact of this partner)")
                                    .format(id=current)), current))
        return options

    @on(Select.Changed, ".party-partner")
    def _partner_changed(self, event: Select.Changed) -> None:
        signatory = self.query_one(".party-signatory", Select)
        current = _value(signatory)
        partner = event.value if isinstance(event.value, str) else ""
        keep = current if current and self.context.contacts.get(current) is not None and \
            self.context.contacts[current].partner == partner else ""
        signatory.set_options(self._signatory_options(partner, keep))
        if keep:
            signatory.value = keep

    def row(self) -> PartyRow:
        return PartyRow(
            partner=_value(self.query_one(".party-partner", Select)),
            role=self.query_one(".party-role", Input).value,
            signatory=_value(self.query_one(".party-signatory", Select)),
            commitments=self.query_one(".party-commitments", TextArea).text,
            extra=self.row_initial.extra, order=self.row_initial.order,
        )


class FollowUpEditor(Horizontal):
    """One recurring obligation: what, every, from."""

    def __init__(self, row: FollowUpRow) -> None:
        super().__init__(classes="follow-up")
        self.row_initial = row

    def compose(self) -> ComposeResult:
        row = self.row_initial
        yield Input(row.what, placeholder=_("what (steering committee…)"), compact=True,
                    classes="fu-what")
        yield Input(row.every, placeholder=_("every: 6 mois"), compact=True, classes="fu-every")
        yield Input(row.start, placeholder=_("from: dd/mm/yyyy"), compact=True,
                    classes="fu-from")
        yield Button("✕", classes="remove-follow-up", compact=True, variant="error",
                     tooltip=_("Remove this follow-up"))

    def row(self) -> FollowUpRow:
        return FollowUpRow(
            what=self.query_one(".fu-what", Input).value,
            every=self.query_one(".fu-every", Input).value,
            start=self.query_one(".fu-from", Input).value,
            extra=self.row_initial.extra, order=self.row_initial.order,
        )


def _coded(word: str, code: str) -> Text:
    """`mise à disposition (mise-a-disposition)`: the code as written in files, when the
    word differs from it."""
    out = Text(word)
    if word != code:
        out.append(f"  {code}", style="dim")
    return out


def _extra_text(extra: dict[str, Any]) -> Text:
    out = Text(style="dim")
    for i, (key, value) in enumerate(extra.items()):
        if i:
            out.append("\n")
        out.append(one_line(key) + ": ", style="bold")
        out.append(_shown(value))
    return out


def _shown(value: Any) -> str:
    if isinstance(value, (list, dict)):
        return one_line(yaml.safe_dump(value, default_flow_style=True, allow_unicode=True,
                                       width=1_000_000)).strip()
    return one_line("" if value is None else str(value))


class ConventionForm(EditScreen):
    """Dismissed with True when saved."""

    CSS_PATH = "edit.tcss"

    def __init__(self, conv_id: str) -> None:
        super().__init__(conv_id)
        self.data: dict[str, Any] | None = None
        self.initial = FormValues()
        self.context = Context()
        self.touched: set[str] = set()
        self._saving_changes: dict[str, Any] = {}  # what the save under way writes
        self._preview_timer: Timer | None = None

    # Building ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(_("Reading the file…"), id="form-heading")
        yield Static(id="form-preview")
        yield Vertical(id="form-holder")
        yield KeyBar()

    def _form(self) -> ComposeResult:
        """The inputs, built once the file is read (and again after a reload)."""
        assert self.data is not None
        labels, hints = field_labels(), placeholders()
        with VerticalScroll(id="form-body"):
            for key in SCALAR_KEYS:
                with Horizontal(classes="form-row"):
                    yield Label(labels[key], classes="form-label")
                    yield self._field_widget(key, hints.get(key, ""))
                yield Static(id=f"err-{key}", classes="field-error")
            yield Static(_("Parties"), classes="form-section")
            with Vertical(id="parties"):
                for row in self.initial.parties:
                    yield PartyEditor(row, self.context)
            yield Static(id="err-parties", classes="field-error")
            yield Button(_("Add a party"), id="add-party", compact=True)
            yield Static(_("Follow-up (recurring obligations)"), classes="form-section")
            with Vertical(id="follow-ups"):
                for fu in self.initial.follow_up:
                    yield FollowUpEditor(fu)
            yield Static(id="err-follow_up", classes="field-error")
            yield Button(_("Add a follow-up"), id="add-follow-up", compact=True)
            extra = unknown_keys(self.data)
            if extra:
                yield Static(_("Other keys (kept as written, read-only)"),
                             classes="form-section")
                yield Static(_extra_text(extra), id="form-unknown")

    def _heading(self) -> Text:
        title = self.data.get("title") if self.data is not None else None
        return line(title if title is not None else self.conv_id, style="bold")

    def _field_widget(self, key: str, hint: str) -> Widget:
        value = self.initial.fields.get(key, "")
        wid = f"f-{key}"
        if key == "status":
            return Select([(Text(label(STATUS_LABELS, s)), s) for s in STATUSES],
                          allow_blank=False, value=value if value in STATUSES else STATUSES[0],
                          compact=True, id=wid)
        if key == "type":
            options = [(_coded(label(TYPE_LABELS, t), t), t) for t in TYPES]
            if value and value not in TYPES:
                options.append((line(_("{value} (as written)").format(value=value)), value))
            return Select(options, prompt=_("no type"), value=value or Select.NULL,
                          compact=True, id=wid)
        if key == "renewal":
            options = [(Text(label(RENEWAL_LABELS, r)), r) for r in RENEWALS]
            if value and value not in RENEWALS:
                options.append((line(value), value))
            return Select(options, prompt=_("not set (no renewal)"),
                          value=value or Select.NULL, compact=True, id=wid)
        if key == "amends":
            options = [(line(f"{cid} — {title}"), cid) for cid, title in self.context.conventions
                       if cid != self.conv_id]
            if value and value not in {cid for cid, _t in self.context.conventions}:
                options.insert(0, (line(_("{id} (no such convention)").format(id=value)), value))
            return Select(options, prompt=_("not an amendment"), value=value or Select.NULL,
                          compact=True, id=wid)
        if key in DATE_KEYS:  # Textual marks a date that is not one, once left
            return Input(value, placeholder=hint, compact=True, id=wid,
                         validators=[FrenchDate()], validate_on=DATE_CHECK)
        return Input(value, placeholder=hint, compact=True, id=wid)

    # Loading ----------------------------------------------------------------------------
    def gather(self, workspace: Workspace) -> None:
        """Runs in the loading worker: the directory and the other conventions."""
        partners = workspace.partners()
        contacts = workspace.contacts()
        conventions = sorted(((c.id, c.title) for c in workspace.conventions.values()),
                             key=lambda item: item[0])
        roles = set(ROLE_SUGGESTIONS)
        for conv in workspace.conventions.values():
            roles.update(p.role for p in conv.parties if p.role)
        self.context = Context(partners, contacts, conventions, sorted(roles), self.today)

    async def show_loaded(self, text: str) -> None:
        try:
            parts = split(text)
            data = load_mapping(parts.front_matter(text), parts.fm_line)
        except FrontMatterError as exc:
            self.notify(f"{self.rel_path}:{exc.line}: {exc.message}",
                        title=_("Cannot open the convention"), severity="error", timeout=10)
            self.dismiss(self.saved)
            return
        self.data = data
        self.initial = from_mapping(data)
        self.touched = set()
        self.sub_title = self.rel_path or ""
        self.query_one("#form-heading", Static).update(self._heading())
        holder = self.query_one("#form-holder", Vertical)
        await holder.remove_children()
        await holder.mount_compose(self._form())
        self._refresh_preview()
        title = self.query_one("#f-title", Input)
        title.focus()
        # No selection: a key pressed by mistake must not replace the whole title.
        self.call_after_refresh(title.action_home)

    # Reading the inputs -----------------------------------------------------------------
    def current_values(self) -> FormValues:
        values = FormValues()
        for key in SCALAR_KEYS:
            widget = self.query_one(f"#f-{key}")
            values.fields[key] = _value(widget) if isinstance(widget, Select) else \
                widget.value if isinstance(widget, Input) else ""
        values.parties = [p.row() for p in self.query(PartyEditor)]
        values.follow_up = [f.row() for f in self.query(FollowUpEditor)]
        return values

    @property
    def is_dirty(self) -> bool:
        if self.data is None:
            return False
        try:
            return not self.current_values().same_as(self.initial)
        except NoMatches:
            return False

    def _changes(self) -> tuple[dict[str, Any], dict[str, str]]:
        assert self.data is not None
        return changes_between(self.initial, self.current_values(), self.data)

    # Live feedback ----------------------------------------------------------------------
    @on(Input.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    def _edited(self) -> None:
        if self.data is None:
            return
        if self._preview_timer is not None:
            self._preview_timer.stop()
        self._preview_timer = self.set_timer(PREVIEW_DELAY, self._refresh_preview)

    @on(Input.Blurred)
    def _left_field(self, event: Input.Blurred) -> None:
        wid = event.input.id or ""
        if wid.startswith("f-"):
            self.touched.add(wid[2:])
        elif event.input.has_class("fu-what", "fu-every", "fu-from"):
            self.touched.add("follow_up")
        self._edited()

    def _show_errors(self, errors: dict[str, str]) -> None:
        for key in (*SCALAR_KEYS, "parties", "follow_up"):
            message = errors.get(key, "") if key in self.touched else ""
            try:
                target = self.query_one(f"#err-{key}", Static)
            except NoMatches:
                continue
            target.update(plain(message))
            target.set_class(bool(message), "-shown")

    def _refresh_preview(self) -> None:
        if self.data is None or self.text is None or not self.is_mounted:
            return
        try:
            changes, errors = self._changes()
        except NoMatches:
            return
        self._show_errors(errors)
        preview = self.query_one("#form-preview", Static)
        # Only the errors shown under their field are counted (not a field being typed).
        preview.update(self._preview(changes, {k: v for k, v in errors.items()
                                               if k in self.touched}))

    def _preview(self, changes: dict[str, Any], errors: dict[str, str]) -> Text:
        from epn_tui.store.parsing import parse_convention

        out = Text()
        if errors:
            out.append("⚠ " + ngettext("{n} field to fix", "{n} fields to fix", len(errors))
                       .format(n=len(errors)) + "  ", style="bold yellow")
        try:
            new_text = set_fields(self.text or "", changes)
        except (SpliceError, FrontMatterError) as exc:
            out.append_text(line(str(exc), style="red"))
            return out
        conv, problems = parse_convention(self.rel_path or f"{self.conv_id}.md",
                                          new_text.encode("utf-8"))
        bad = [p for p in problems if p.is_error]
        if conv is None or bad:
            first = bad[0] if bad else None
            out.append(_("Cannot be saved: "), style="bold red")
            out.append_text(line(first.message if first else _("invalid convention"),
                                 style="red"))
            return out
        today: date = self.epn_app.today
        current, term_k = state(conv, today)
        out.append(_("State: "), style="bold")
        out.append(label(STATE_LABELS, current))
        if current == "active" and term_k:
            out.append(" " + _("(renewal term {k})").format(k=term_k))
        end = final_end(conv)
        out.append("  ·  ")
        out.append(_("Final end: "), style="bold")
        out.append(format_short(end) if end else _("none"))
        upcoming = (next_open_deadline(conv, today, self.workspace.journal())
                    if conv.status == "signed" and self.workspace is not None else None)
        if upcoming is not None:
            out.append("  ·  ")
            out.append(_("Next: "), style="bold")
            out.append(f"{format_short(upcoming.date)} {deadline_label(upcoming)}")
        if changes:
            out.append("  ·  ")
            out.append(ngettext("{n} change", "{n} changes", len(changes))
                       .format(n=len(changes)), style="italic")
        return out

    # Rows -------------------------------------------------------------------------------
    @on(Button.Pressed, "#add-party")
    async def _add_party(self) -> None:
        editor = PartyEditor(PartyRow(), self.context)
        await self.query_one("#parties").mount(editor)
        self._number_parties()
        editor.query_one(".party-partner", Select).focus()
        editor.scroll_visible()
        self._edited()

    @on(Button.Pressed, ".remove-party")
    async def _remove_party(self, event: Button.Pressed) -> None:
        editor = next(a for a in event.button.ancestors if isinstance(a, PartyEditor))
        await editor.remove()
        self._number_parties()
        self._edited()

    @on(Button.Pressed, "#add-follow-up")
    async def _add_follow_up(self) -> None:
        editor = FollowUpEditor(FollowUpRow())
        await self.query_one("#follow-ups").mount(editor)
        editor.query_one(".fu-what", Input).focus()
        editor.scroll_visible()
        self._edited()

    @on(Button.Pressed, ".remove-follow-up")
    async def _remove_follow_up(self, event: Button.Pressed) -> None:
        editor = next(a for a in event.button.ancestors if isinstance(a, FollowUpEditor))
        await editor.remove()
        self._edited()

    def _number_parties(self) -> None:
        for n, editor in enumerate(self.query(PartyEditor), 1):
            editor.border_title = _("Party {n}").format(n=n)

    # Saving ------------------------------------------------------------------------------
    def prepare_save(self) -> bool:
        if self.data is None:
            return False
        changes, errors = self._changes()
        self.touched.update((*SCALAR_KEYS, "parties", "follow_up"))
        self._show_errors(errors)
        if errors:
            self.notify(_("Not saved: fix the fields marked in red"), severity="error",
                        timeout=6)
            first = next(iter(errors))
            try:
                self.query_one(f"#f-{first}").focus()
            except NoMatches:
                pass
            return False
        if not changes:
            self.notify(_("Nothing to save"), timeout=2)
            self.dismiss(self.saved)
            return False
        self._saving_changes = changes
        return True

    def write_to(self, workspace: Workspace, base: str, keep_mine: bool) -> Saved:
        # Keep mine: `base` is the version shown in the dialog, so the keys both
        # changed take our values (a key changed once more since is asked again).
        return workspace.update_fields(self.conv_id, self._saving_changes, base=base)

    def overlaps(self, theirs: str) -> bool:
        if self.data is None or self.text is None:
            return True
        try:
            changes, _errors = self._changes()
        except NoMatches:
            return True
        return bool(front_matter_conflicts(self.text, theirs, changes))

    def after_save(self) -> None:
        self.dismiss(True)

    def mine_over(self, theirs: str) -> str:
        if self.data is None:
            return theirs
        try:
            changes, _errors = self._changes()
            return set_fields(theirs, changes)
        except (SpliceError, FrontMatterError, NoMatches):
            return theirs
