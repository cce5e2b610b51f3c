"""Forms of the partner directory: a partner, a contact, an interaction; and deletion.

Each form is a modal typed by its result: the id it saved, or None. It writes only the
fields the user changed (`Directory.update`), so every other byte of a record stays as
it was, unknown fields included; a new record goes through `Directory.add`, which makes
its slug id. Nothing here writes a file itself, and nothing is written from the UI
thread: saves and deletions run in worker threads, through the store's write path.

The form remembers the record as it opened it (`_base`): what someone else changed
meanwhile in other fields or records is merged; a field both changed opens the
conflict dialog (reload / keep mine / back to editing), as for conventions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import (
    Button,
    Input,
    Label,
    Select,
    SelectionList,
    Static,
    TextArea,
)

from epn_tui.core.collate import sort_key
from epn_tui.core.dates import format_short, parse_user_date
from epn_tui.core.labels import INTERACTION_LABELS, label
from epn_tui.core.model import INTERACTION_KINDS, PARTNER_KINDS
from epn_tui.i18n import N_, _, ngettext
from epn_tui.store.atomic import ConflictError
from epn_tui.store.merge import RecordGone, WriteConflict, shown_value
from epn_tui.tui.partner_text import ELECTED_LABELS, KIND_LABELS, contact_names
from epn_tui.tui.safe import line
from epn_tui.tui.screens.base import AppAccess
from epn_tui.tui.screens.conflict import KEEP, RELOAD
from epn_tui.tui.validators import DATE_CHECK, FrenchDate
from epn_tui.tui.widgets.marked import MarkedCheckbox, MarkedSelectionList

if TYPE_CHECKING:
    from epn_tui.core.deletion import DeletionPlan
    from epn_tui.store.partners import Directory
    from epn_tui.store.workspace import Workspace
    from epn_tui.tui.app import EpnApp

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# Roles are data, typed in the users' language (FORMAT.md): suggestions, not a list.
ROLE_SUGGESTIONS = (
    "élu référent", "élue référente", "agent référent", "agente référente", "président",
    "présidente", "maire", "DGS", "secrétaire de mairie", "directeur", "directrice",
    "conseiller numérique", "conseillère numérique", "chargé de mission",
    "chargée de mission",
)
ELECTED_CODES = ("municipal", "communautaire", "departmental", "regional")


def _row(title: str, *widgets: Widget, field: str) -> ComposeResult:
    """A label, the input(s), and a line for the field's error or warning."""
    yield Horizontal(Label(title, classes="form-label"), *widgets, classes="form-row",
                     id=f"row-{field}")
    note = Static(id=f"note-{field}", classes="form-note")
    note.display = False
    yield note


def _date_text(value: date | None) -> str:
    return format_short(value) if value is not None else ""


def _stored_date(text: str) -> str | None:
    """ISO date for the file; DateError when it is not a date."""
    return parse_user_date(text).isoformat() if text.strip() else None


class RecordForm(AppAccess, ModalScreen[str | None]):
    """What the three forms share: layout, dirty tracking, saving, Escape."""

    CSS_PATH = "../partners.tcss"
    TABLE: ClassVar[str] = ""
    DATE_FIELDS: ClassVar[tuple[str, ...]] = ()
    BINDINGS = [
        Binding("ctrl+s", "save", _("Save"), id="form.save"),
        Binding("escape", "cancel", _("Close"), id="form.cancel"),
    ]

    def __init__(self, record_id: str | None) -> None:
        super().__init__()
        self.record_id = record_id
        self._initial: dict[str, Any] | None = None  # the form's values as shown first
        self._base: dict[str, Any] | None = None  # the record as read: saves merge from it
        self.saving = False
        self.asking = False  # the conflict dialog is open

    # To write in each form -------------------------------------------------------------
    def heading(self) -> Text:
        raise NotImplementedError

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    def values(self) -> dict[str, Any]:
        """The form as shown: text as typed, select values, booleans."""
        raise NotImplementedError

    def check(self, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str],
                                                     dict[str, str]]:
        """(values as stored, errors, warnings), by field."""
        stored: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for key, value in values.items():
            if key in self.DATE_FIELDS:
                # The field's validator, in its own words: « 31/11/2026 n'existe pas :
                # novembre 2026 compte 30 jours », or how to write a date.
                checked = FrenchDate().validate(value)
                if checked.is_valid:
                    stored[key] = _stored_date(value)
                else:
                    errors[key] = checked.failure_descriptions[0]
            elif isinstance(value, str):
                stored[key] = value or None
            elif isinstance(value, list):
                stored[key] = value or None
            else:
                stored[key] = value
        return stored, errors, {}

    def new_record(self, stored: dict[str, Any]) -> dict[str, Any]:
        return stored

    def id_hint(self, stored: dict[str, Any]) -> str | None:
        return None

    def extra(self) -> dict[str, Any]:
        return {}

    # Shared ----------------------------------------------------------------------------
    @property
    def is_dirty(self) -> bool:
        return self._initial is not None and self.values() != self._initial

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box"):
            yield Static(self.heading(), classes="form-title")
            with VerticalScroll(classes="form-fields"):
                yield from self.fields()
                extra = self.extra()
                if extra:
                    text = Text(_("Other fields (kept, read-only):"), style="bold dim")
                    for key in sorted(extra):
                        text.append("\n  ")
                        text.append_text(line(f"{key}: {extra[key]}", "dim"))
                    yield Static(text, classes="form-extra")
            with Vertical(classes="form-foot"):
                yield Static(id="form-message")
                with Horizontal(classes="form-buttons"):
                    yield Button(_("Close"), id="form-cancel")
                    yield Button(_("Save") + " (Ctrl+S)", id="form-save", variant="primary")

    def on_mount(self) -> None:
        self._initial = self.values()
        self._base = self._raw_record()
        self.query_one("#form-message", Static).display = False
        first = self.query(Input).first() if self.query(Input) else None
        if first is not None:
            first.focus()

    def _note(self, field: str, text: str, style: str) -> None:
        try:
            note = self.query_one(f"#note-{field}", Static)
        except Exception:  # a field without a note line
            return
        note.update(Text(text, style=style))
        note.display = bool(text)

    def _message(self, text: str | Text, style: str = "bold red") -> None:
        box = self.query_one("#form-message", Static)
        box.update(text if isinstance(text, Text) else Text(text, style=style))
        box.display = True

    def show_notes(self, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
        stored, errors, warnings = self.check(values)
        for key in values:
            if key in errors:
                self._note(key, "✗ " + errors[key], "bold red")
            elif key in warnings:
                self._note(key, "⚠ " + warnings[key], "yellow")
            else:
                self._note(key, "", "")
        return stored, errors

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        # Warnings as you type; errors only once they are wrong for good (on save or blur).
        if self._initial is None or event.input.id is None:
            return
        field = event.input.id.removeprefix("field-")
        _stored, errors, warnings = self.check(self.values())
        if field in warnings:
            self._note(field, "⚠ " + warnings[field], "yellow")
        elif field not in errors:
            self._note(field, "", "")

    @on(Input.Blurred)
    def _input_blurred(self, event: Input.Blurred) -> None:
        if self._initial is not None and self.is_mounted:
            self.show_notes(self.values())

    @on(Button.Pressed, "#form-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def directory(self) -> Directory | None:
        ws = self.workspace
        return ws.directory if ws is not None else None

    def _raw_record(self) -> dict[str, Any] | None:
        directory = self.directory()
        if self.record_id is None or directory is None:
            return None
        found = directory.raw(self.TABLE).get(self.record_id)
        return dict(found) if found is not None else None

    def action_save(self, close: bool = True) -> None:
        if self.saving or self.asking:
            return
        values = self.values()
        stored, errors = self.show_notes(values)
        if errors:
            self._message(_("Nothing saved: correct the fields marked ✗."))
            return
        directory = self.directory()
        if directory is None:
            self._message(_("Nothing saved: partners.json cannot be read. Fix it, then "
                            "reload (Ctrl+R)."))
            return
        if self.record_id is None:
            record, hint = self.new_record(stored), self.id_hint(stored)
            self.saving = True
            self._write(lambda: (directory.add(self.TABLE, record, hint), False), values)
            return
        initial = self._initial or {}
        changes = {k: stored[k] for k in values if values[k] != initial.get(k)}
        if not changes:
            self.dismiss(self.record_id)
            return
        base = self._base
        doc_id, table = self.record_id, self.TABLE

        def update() -> tuple[str, bool]:
            written = directory.update(table, doc_id, changes, base=base)
            # Merged: the record on disk had changes of someone else, now kept.
            return doc_id, base is not None and written != _applied(base, changes)

        self.saving = True
        self._write(update, values)

    @work(thread=True, exclusive=True, group="record-save")
    def _write(self, action: Callable[[], tuple[str, bool]], values: dict[str, Any]) -> None:
        from epn_tui.store.partners import DirectoryError

        call = self.app.call_from_thread
        try:
            saved, merged = action()
        except WriteConflict as exc:
            call(self._conflict, exc)
        except RecordGone:
            call(self._failed, _("Nothing saved: this record was deleted meanwhile."))
        except ConflictError:
            call(self._failed, _("Nothing saved: partners.json kept changing on disk while "
                                 "saving. Save again."))
        except DirectoryError as exc:
            call(self._failed, Text(_("Nothing saved: partners.json is damaged.") + "\n",
                                    style="bold red").append_text(line(str(exc), "red")))
        except KeyError:
            call(self._failed, _("Nothing saved: this record was deleted meanwhile."))
        except OSError as exc:  # the lock held too long, a full disk, a read-only folder
            call(self._failed, Text(_("Nothing saved:") + " ", style="bold red")
                 .append_text(line(str(exc), "red")))
        else:
            call(self._saved, saved, merged, values)

    def _saved(self, saved: str, merged: bool, values: dict[str, Any]) -> None:
        self.saving = False
        self._initial = values
        if merged:
            self.notify(_("Saved, with the changes made meanwhile to other fields of this "
                          "record (kept)."), timeout=6)
        else:
            self.notify(_("Saved."), timeout=3)
        from epn_tui.tui.git_state import tell_if_commit_waits

        directory = self.directory()  # (the reload below makes a new one)
        tell_if_commit_waits(self.epn_app, directory.last_commit if directory else None)
        self.epn_app.reload_workspace()
        self.dismiss(saved)

    def _failed(self, message: str | Text) -> None:
        self.saving = False
        self._message(message)
        self.epn_app.reload_workspace()

    def _conflict(self, exc: WriteConflict) -> None:
        self.saving = False
        theirs = exc.theirs or {}
        base = self._base or {}
        fields = ", ".join(c.field for c in exc.conflicts)
        values = self.values()
        stored, _errors = self.show_notes(values)
        initial = self._initial or {}
        mine = _applied(theirs, {k: stored[k] for k in values if values[k] != initial.get(k)})
        self.asking = True

        def answered(choice: str | None) -> None:
            self.asking = False
            if choice == RELOAD:
                self._reload()
            elif choice == KEEP:
                # Mine over the record just shown; a field changed once more since is
                # asked about again, other changes are merged.
                self._base = dict(theirs)
                self.action_save()

        from epn_tui.tui.screens.conflict import ConflictScreen

        title = self._title_of(theirs or base)
        self.app.push_screen(ConflictScreen(
            title, record_text(mine), record_text(theirs), base=record_text(base),
            keep=_("Keep mine: write your values for the fields you both changed ({fields}); "
                   "the other changes made meanwhile stay.").format(fields=fields),
            reload=_("Reload: drop your changes and show the record as it is now.")),
            answered)

    def _title_of(self, record: dict[str, Any]) -> str:
        return f"partners.json · {record.get('name') or self.record_id}"

    @work(thread=True, exclusive=True, group="record-load")
    def _reload(self) -> None:
        directory = self.directory()
        try:
            if directory is not None:
                directory.refresh()
        except (OSError, RuntimeError):
            pass  # the form shows what can be read; saving reports the problem
        self.app.call_from_thread(self._reloaded)  # type: ignore[arg-type]

    async def _reloaded(self) -> None:
        await self.recompose()
        self._initial = self.values()
        self._base = self._raw_record()
        self.query_one("#form-message", Static).display = False
        self.epn_app.reload_workspace()

    def action_cancel(self) -> None:
        if self.saving:
            return
        if not self.is_dirty:
            self.dismiss(None)
            return
        from epn_tui.tui.screens.confirm import CLOSE_SAVE, CLOSE_WITHOUT, CloseQuestion

        def leave(choice: str | None) -> None:
            if choice == CLOSE_WITHOUT:
                self._initial = None
                self.dismiss(None)
            elif choice == CLOSE_SAVE:
                self.action_save()

        self.app.push_screen(CloseQuestion(), leave)

    # Widget helpers ----------------------------------------------------------------------
    def text(self, field: str) -> str:
        return self.query_one(f"#field-{field}", Input).value.strip()

    def area(self, field: str) -> str:
        return self.query_one(f"#field-{field}", TextArea).text.strip()

    def choice(self, field: str) -> str:
        value = self.query_one(f"#field-{field}", Select).value
        return "" if value is Select.NULL else str(value)


def _applied(record: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """`record` with `changes` as Directory.update applies them (empty removes)."""
    out = dict(record)
    for key, value in changes.items():
        if value is None or value == "" or value == []:
            out.pop(key, None)
        else:
            out[key] = value
    return out


def record_text(record: dict[str, Any]) -> str:
    """A record as `field: value` lines, for the conflict dialog's difference."""
    return "".join(f"{key}: {shown_value(record[key])}\n" for key in sorted(record))


def _input(field: str, value: str, placeholder: str = "", **kwargs: Any) -> Input:
    return Input(value, placeholder=placeholder, id=f"field-{field}", compact=True, **kwargs)


def _date_input(field: str, value: str, placeholder: str = "") -> Input:
    """A date field: Textual checks it with the form's own rule (`FrenchDate`)."""
    return _input(field, value, placeholder, validators=[FrenchDate()],
                  validate_on=DATE_CHECK)


def _notes_area(value: str) -> TextArea:
    return TextArea(value, id="field-notes", soft_wrap=True, compact=True,
                    classes="form-notes")


# The national schema's list fields the partner form edits: (record key, schema field,
# label). Values are stored as `epn partner set` stores them (core/lieux.py reads both).
PLACE_LISTS = (("services", "services", N_("Services")),
               ("publics", "publics_specifiquement_adresses", N_("Publics")))
PLACE_FIELDS = frozenset({"postal_code", "phone", "email", "horaires", "services", "publics"})


def _place_list(key: str, schema_field: str, value: Any) -> MarkedSelectionList:
    """The schema's list, the record's values ticked (matched as the export matches them,
    case and accents aside); a value outside the list is offered ticked and kept."""
    from epn_tui.core.lieux import choices, listed_values
    from epn_tui.core.sheet_import import fold

    listed = choices(schema_field)
    known = {fold(c): c for c in listed}
    chosen = [known.get(fold(v), v) for v in listed_values(value)]
    options: list[tuple[Content, str, bool]] = [(Content(c), c, c in chosen) for c in listed]
    options += [(Content(line(v).plain + " " + _("(not in the schema's list, kept)")), v, True)
                for v in chosen if v not in listed]
    return MarkedSelectionList(*options, id=f"field-{key}", compact=True)


# Partner -------------------------------------------------------------------------------
class PartnerForm(RecordForm):
    TABLE = "partners"

    def __init__(self, partner_id: str | None) -> None:
        super().__init__(partner_id)

    def _partner(self) -> Any:
        ws = self.workspace
        if self.record_id is None or ws is None:
            return None
        return ws.partners().get(self.record_id)

    def heading(self) -> Text:
        partner = self._partner()
        if partner is None:
            return Text(_("New partner"), style="bold")
        return Text(_("Partner") + " — ", style="bold").append_text(line(partner.name, "bold"))

    def fields(self) -> ComposeResult:
        p = self._partner()
        kind = p.kind if p is not None else ""
        options: list[tuple[Text, str]] = [
            (Text(f"{code} — {_(KIND_LABELS[code])}"), code) for code in PARTNER_KINDS]
        if kind and kind not in PARTNER_KINDS:
            # A code outside the schema is kept as written, never silently replaced.
            options.insert(0, (line(kind).append(" " + _("(unknown code, kept)"), "dim"),
                               kind))
        yield from _row(_("Name"), _input("name", p.name if p else "",
                                          _("e.g. Commune de Sorges")), field="name")
        yield from _row(_("Kind"), Select(options, prompt=_("Kind…"), value=kind or Select.NULL,
                                          id="field-kind", compact=True), field="kind")
        yield from _row(_("Commune"), _input("commune", p.commune if p else ""), field="commune")
        yield from _row(_("Address"), _input("address", p.address if p else ""),
                        field="address")
        yield from _row(_("SIRET"), _input("siret", p.siret if p else "",
                                           _("14 digits")), field="siret")
        yield from _row(_("Website"), _input("website", p.website if p else ""),
                        field="website")
        yield from _row(_("Tags"), _input("tags", "; ".join(p.tags) if p else "",
                                          _("separated by ;")), field="tags")
        yield from _row(_("Notes"), _notes_area(p.notes if p else ""), field="notes")
        yield from self._place_fields(p)

    def _place_fields(self, p: Any) -> ComposeResult:
        """What the national map reads (`epn export lieux`, `data-inclusion`; core/lieux.py):
        extra fields of the record, named as `epn partner set` names them."""
        extra = p.extra if p is not None else {}
        yield Static(Text(_("Contact details and the national map of digital mediation "
                            "places"), style="bold") + Text(
            "\n" + _("read by « Export » › national map for the EPN itself and partners of "
                     "kind EPN; services and publics from the schema's lists"), style="dim"),
            classes="form-section")
        for key, title, hint in (
                ("postal_code", _("Postal code"), _("5 digits")),
                ("phone", _("Phone"), ""), ("email", _("E-mail"), ""),
                ("horaires", _("Opening hours"), _("OpenStreetMap form: Tu-Sa 09:00-12:00"))):
            yield from _row(title, _input(key, str(extra.get(key) or ""), hint), field=key)
        for key, schema_field, title in PLACE_LISTS:
            yield from _row(_(title), _place_list(key, schema_field, extra.get(key)), field=key)

    def extra(self) -> dict[str, Any]:
        p = self._partner()
        if p is None:
            return {}
        return {k: v for k, v in p.extra.items() if k not in PLACE_FIELDS}

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.text("name"), "kind": self.choice("kind"),
            "commune": self.text("commune"), "address": self.text("address"),
            "siret": self.text("siret"), "website": self.text("website"),
            "tags": self.text("tags"), "notes": self.area("notes")}
        for key in ("postal_code", "phone", "email", "horaires"):
            out[key] = self.text(key)
        for key, _schema, _title in PLACE_LISTS:
            out[key] = list(self.query_one(f"#field-{key}", SelectionList).selected)
        return out

    def check(self, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str],
                                                     dict[str, str]]:
        stored, errors, warnings = super().check(values)
        if not values["name"]:
            errors["name"] = _("a partner needs a name")
        tags = [t.strip() for t in values["tags"].split(";") if t.strip()]
        stored["tags"] = tags or None
        siret = values["siret"].replace(" ", "")
        if siret and not (siret.isdigit() and len(siret) == 14):
            warnings["siret"] = _("a SIRET has 14 digits (saved as typed)")
        if values["email"] and not EMAIL.fullmatch(values["email"]):
            warnings["email"] = _("this does not look like an e-mail address (saved as typed)")
        from epn_tui.core.lieux import check_value

        said = check_value("code_postal", values["postal_code"])
        if said:
            warnings["postal_code"] = _("the national map expects 5 digits (saved as typed)")
        for key, schema_field, _title in PLACE_LISTS:
            # As `epn partner set services=A; B` stores them: one text, `; ` between.
            stored[key] = "; ".join(values[key]) or None
            said = check_value(schema_field, values[key])
            if said:
                warnings[key] = "; ".join(said) + " " + _("(kept; left out of the export)")
        return stored, errors, warnings

    def id_hint(self, stored: dict[str, Any]) -> str | None:
        return str(stored.get("name") or "")


# Contact -------------------------------------------------------------------------------
class ContactForm(RecordForm):
    TABLE = "contacts"
    # The mandate's start and end are kept by the format as unknown fields (FORMAT.md):
    # the form knows them (core/mandates.py).
    DATE_FIELDS = ("verified", "mandate_start", "mandate_end")
    MANDATE_DATES = ("mandate_start", "mandate_end")

    def __init__(self, contact_id: str | None, partner_id: str) -> None:
        super().__init__(contact_id)
        self.partner_id = partner_id

    def _contact(self) -> Any:
        ws = self.workspace
        if self.record_id is None or ws is None:
            return None
        return ws.contacts().get(self.record_id)

    def _partner_name(self) -> str:
        ws = self.workspace
        partner = ws.partners().get(self.partner_id) if ws is not None else None
        return partner.name if partner is not None else self.partner_id

    def heading(self) -> Text:
        c = self._contact()
        title = Text(_("New contact") if c is None else _("Contact"), style="bold")
        if c is not None:
            title.append(" — ").append_text(line(c.name, "bold"))
        title.append("\n")
        title.append_text(line(self._partner_name(), "dim"))
        return title

    def fields(self) -> ComposeResult:
        c = self._contact()
        elected = (c.elected or "") if c is not None else ""
        options: list[tuple[Text, str]] = [(Text(_("no elected mandate")), "")]
        options += [(Text(_(ELECTED_LABELS[code])), code) for code in ELECTED_CODES]
        if elected and elected not in ELECTED_CODES:
            options.append((line(elected).append(" " + _("(unknown, kept)"), "dim"), elected))
        yield from _row(_("Name"), _input("name", c.name if c else ""), field="name")
        yield from _row(_("Role"), _input(
            "role", c.role if c else "", _("élu référent, agent référent, DGS…"),
            suggester=SuggestFromList(ROLE_SUGGESTIONS, case_sensitive=False)), field="role")
        yield from _row(_("Function"), _input("function", c.function if c else "",
                                              _("e.g. deputy mayor for digital matters")),
                        field="function")
        yield from _row(_("E-mail"), _input("email", c.email if c else ""), field="email")
        yield from _row(_("Phone"), _input("phone", c.phone if c else ""), field="phone")
        yield from _row(_("Elected"), Select(options, allow_blank=False, value=elected,
                                             id="field-elected", compact=True),
                        field="elected")
        yield from _row(_("Mandate since"),
                        _date_input("mandate_start", self._extra_date("mandate_start"),
                                    _("15/09/2025")), field="mandate_start")
        yield from _row(_("Mandate ended on"),
                        _date_input("mandate_end", self._extra_date("mandate_end"),
                                    _("empty: in office")), field="mandate_end")
        yield from _row(_("Checked on"),
                        _date_input("verified", _date_text(c.verified) if c else "",
                                    _("15/09/2025")),
                        Button(_("Today"), id="verified-today", compact=True),
                        field="verified")
        yield from _row(_("Steering committee"),
                        MarkedCheckbox(_("member"), c.committee if c else False,
                                       id="field-committee", compact=True),
                        field="committee")
        yield from _row(_("Notes"), _notes_area(c.notes if c else ""), field="notes")

    def extra(self) -> dict[str, Any]:
        c = self._contact()
        if c is None:
            return {}
        return {k: v for k, v in c.extra.items() if k not in self.MANDATE_DATES}

    def _extra_date(self, key: str) -> str:
        from epn_tui.core.mandates import mandate_end, mandate_start

        c = self._contact()
        if c is None:
            return ""
        day = mandate_start(c) if key == "mandate_start" else mandate_end(c)
        return _date_text(day) if day is not None else str(c.extra.get(key) or "")

    @on(Button.Pressed, "#verified-today")
    def _today(self) -> None:
        self.query_one("#field-verified", Input).value = format_short(self.epn_app.today)

    def values(self) -> dict[str, Any]:
        return {"name": self.text("name"), "role": self.text("role"),
                "function": self.text("function"), "email": self.text("email"),
                "phone": self.text("phone"), "elected": self.choice("elected"),
                "verified": self.text("verified"),
                "mandate_start": self.text("mandate_start"),
                "mandate_end": self.text("mandate_end"),
                "committee": self.query_one("#field-committee", MarkedCheckbox).value,
                "notes": self.area("notes")}

    def check(self, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str],
                                                     dict[str, str]]:
        stored, errors, warnings = super().check(values)
        if not values["name"]:
            errors["name"] = _("a contact needs a name")
        if values["email"] and not EMAIL.fullmatch(values["email"]):
            warnings["email"] = _("this does not look like an e-mail address (saved as typed)")
        if "verified" not in errors and stored.get("verified"):
            if date.fromisoformat(stored["verified"]) > self.epn_app.today:
                warnings["verified"] = _("this date is in the future")
        start, end = stored.get("mandate_start"), stored.get("mandate_end")
        if "mandate_start" not in errors and "mandate_end" not in errors and start and end \
                and end < start:
            errors["mandate_end"] = _("the mandate ends before it starts")
        elif (start or end) and not values["elected"]:
            warnings["mandate_start"] = _("choose the kind of mandate in « Elected »")
        return stored, errors, warnings

    def new_record(self, stored: dict[str, Any]) -> dict[str, Any]:
        return {**stored, "partner": self.partner_id}

    def id_hint(self, stored: dict[str, Any]) -> str | None:
        return str(stored.get("name") or "")


# Interaction ---------------------------------------------------------------------------
class InteractionForm(RecordForm):
    TABLE = "interactions"
    DATE_FIELDS = ("date", "next_date")

    def __init__(self, interaction_id: str | None, partner_id: str) -> None:
        super().__init__(interaction_id)
        self.partner_id = partner_id

    def _interaction(self) -> Any:
        ws = self.workspace
        if self.record_id is None or ws is None or ws.directory is None:
            return None
        return ws.directory.interactions().get(self.record_id)

    def heading(self) -> Text:
        item = self._interaction()
        ws = self.workspace
        partner = ws.partners().get(self.partner_id) if ws is not None else None
        title = Text(_("New journal entry") if item is None else _("Journal entry"),
                     style="bold")
        title.append(" — ").append_text(line(partner.name if partner else self.partner_id))
        return title

    def fields(self) -> ComposeResult:
        item = self._interaction()
        ws = self.workspace
        kind = item.kind if item is not None else "meeting"
        kinds: list[tuple[Text, str]] = [(Text(label(INTERACTION_LABELS, k)), k)
                                         for k in INTERACTION_KINDS]
        if kind and kind not in INTERACTION_KINDS:
            kinds.append((line(kind).append(" " + _("(unknown, kept)"), "dim"), kind))
        chosen = set(item.contacts) if item is not None else set()
        people = ws.directory.contacts_of(self.partner_id) if ws and ws.directory else []
        selections: list[tuple[Content, str, bool]] = [
            (Content(line(f"{c.name} — {c.role}" if c.role else c.name).plain), c.id,
             c.id in chosen) for c in sorted(people, key=lambda c: sort_key(c.name))]
        known = {c.id for c in people}
        everyone = ws.contacts() if ws is not None else {}
        for other in (item.contacts if item is not None else ()):
            if other not in known:
                # Someone of another partner, or deleted: kept, shown by name or id.
                name = contact_names([other], everyone)
                selections.append((Content(line(name).plain), other, True))
        when = item.date if item is not None else self.epn_app.today
        yield from _row(_("Date"), _date_input("date", _date_text(when), _("15/09/2025")),
                        field="date")
        yield from _row(_("Kind"), Select(kinds, allow_blank=False, value=kind or "other",
                                          id="field-kind", compact=True), field="kind")
        contacts_list = MarkedSelectionList(*selections, id="field-contacts", compact=True)
        yield from _row(_("Who"), contacts_list, field="contacts")
        yield from _row(_("Summary"), TextArea(item.summary if item else "",
                                               id="field-summary", soft_wrap=True,
                                               compact=True, classes="form-notes"),
                        field="summary")
        yield from self._follows_row(item)
        yield from _row(_("Next step"), _input("next_step", item.next_step if item else "",
                                               _("e.g. send the activity report")),
                        field="next_step")
        yield from _row(_("By"), _date_input("next_date",
                                        _date_text(item.next_date) if item else "",
                                        _("15/09/2025")), field="next_date")

    def _follows_row(self, item: Any) -> ComposeResult:
        """« Records the follow-up of »: the conventions of this partner that have one
        (`follows:`, core/follow_ups.py), and the one already named, whatever it is."""
        from epn_tui.core.follow_ups import FOLLOWS

        ws = self.workspace
        named = str(item.extra.get(FOLLOWS) or "") if item is not None else ""
        convs = sorted((c for c in (ws.conventions_of(self.partner_id) if ws else ())
                        if c.follow_up), key=lambda c: (sort_key(c.title), c.id))
        options: list[tuple[Text, str]] = [
            (line(c.title).append(f" ({', '.join(f.what for f in c.follow_up)})", "dim"), c.id)
            for c in convs]
        if named and named not in {c.id for c in convs}:
            options.append((line(named).append(" " + _("(unknown, kept)"), "dim"), named))
        if not options:
            return
        yield from _row(_("Records the follow-up of"),
                        Select(options, prompt=_("no convention (found by date and kind)"),
                               value=named or Select.NULL, id="field-follows",
                               compact=True), field="follows")

    def extra(self) -> dict[str, Any]:
        from epn_tui.core.follow_ups import FOLLOWS

        item = self._interaction()
        kept = dict(item.extra) if item is not None else {}
        if self._has_follows_field():  # then edited by its own field, not listed here
            kept.pop(FOLLOWS, None)
        return kept

    def _has_follows_field(self) -> bool:
        """The same test as `_follows_row`: a convention to offer, or one named."""
        from epn_tui.core.follow_ups import FOLLOWS

        ws = self.workspace
        item = self._interaction()
        named = item is not None and bool(item.extra.get(FOLLOWS))
        return named or any(c.follow_up for c in (ws.conventions_of(self.partner_id)
                                                  if ws else ()))

    def values(self) -> dict[str, Any]:
        has_follows = bool(self.query("#field-follows"))
        return {"date": self.text("date"), "kind": self.choice("kind"),
                "contacts": list(self.query_one("#field-contacts", SelectionList).selected),
                "summary": self.area("summary"), "next_step": self.text("next_step"),
                "next_date": self.text("next_date"),
                **({"follows": self.choice("follows")} if has_follows else {})}

    def check(self, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str],
                                                     dict[str, str]]:
        stored, errors, warnings = super().check(values)
        if not values["date"]:
            errors["date"] = _("when did it happen? a journal entry needs a date")
        if (not errors.get("date") and not errors.get("next_date") and stored.get("date")
                and stored.get("next_date") and stored["next_date"] < stored["date"]):
            warnings["next_date"] = _("the next step is dated before the entry")
        return stored, errors, warnings

    def new_record(self, stored: dict[str, Any]) -> dict[str, Any]:
        return {**stored, "partner": self.partner_id}

    def id_hint(self, stored: dict[str, Any]) -> str | None:
        return f"{stored.get('date') or ''}-{stored.get('kind') or ''}-{self.partner_id}"


# Deletion ------------------------------------------------------------------------------
def deletion_question(plan: DeletionPlan, ws: Workspace) -> str:
    """What deleting will do, in words (the rules are core.deletion's)."""
    if plan.table == "partners":
        question = _("Delete the partner {name}?").format(name=plan.name)
        if plan.contacts or plan.journal:
            question += "\n" + _("Also deleted: {contacts} and {entries}.").format(
                contacts=ngettext("{n} contact", "{n} contacts", plan.contacts)
                .format(n=plan.contacts),
                entries=ngettext("{n} journal entry", "{n} journal entries", plan.journal)
                .format(n=plan.journal))
        return question + "\n" + _("git keeps the previous partners.json.")
    if plan.table == "contacts":
        question = _("Delete the contact {name}?").format(name=plan.name)
        if plan.named_in:
            question += "\n" + ngettext(
                "{n} journal entry names them; it keeps their id `{id}`.",
                "{n} journal entries name them; they keep their id `{id}`.",
                plan.named_in).format(n=plan.named_in, id=plan.doc_id)
        return question
    item = ws.directory.interactions().get(plan.doc_id) if ws.directory else None
    when = format_short(item.date) if item is not None and item.date else _("no date")
    return _("Delete the journal entry of {date} ({kind})?").format(
        date=when, kind=label(INTERACTION_LABELS, item.kind if item else ""))


def confirm_delete(app: EpnApp, table: str, doc_id: str,
                   done: Callable[[bool], None] | None = None) -> None:
    """Ask (Confirm, danger), explain what goes with it; refuse what would break files.
    The deletion itself is one write, in a worker, with the rules checked again under
    the lock (someone may have named the partner in a convention meanwhile)."""
    from epn_tui.core.deletion import plan_deletion
    from epn_tui.tui.screens.confirm import Confirm

    ws = app.workspace
    if ws is None or ws.directory is None:
        app.notify(_("partners.json cannot be read: nothing can be deleted."),
                   severity="error", markup=False)
        return
    directory = ws.directory
    plan = plan_deletion(table, doc_id, directory.partners(), directory.contacts(),
                         directory.interactions(), ws.conventions.values(), ws.settings.epn)
    if plan.refusal is not None:
        app.notify(plan.refusal, title=_("Not deleted"), severity="warning", timeout=10,
                   markup=False)
        return

    def answer(yes: bool | None) -> None:
        if not yes:
            if done is not None:
                done(False)
            return
        app.run_worker(lambda: _delete(app, ws, table, doc_id, done), thread=True,
                       group="record-delete", exclusive=True)

    app.push_screen(Confirm(deletion_question(plan, ws), yes=_("Delete"), no=_("Keep"),
                            danger=True), answer)


def _delete(app: EpnApp, ws: Workspace, table: str, doc_id: str,
            done: Callable[[bool], None] | None) -> None:
    """In a worker thread: the deletion, then its outcome on the UI thread."""
    from epn_tui.core.deletion import DeletionRefused
    from epn_tui.store.partners import DirectoryError
    from epn_tui.store.workspace import SaveError

    try:
        ws.delete_record(table, doc_id)
    except (DeletionRefused, ConflictError, DirectoryError, SaveError, OSError) as exc:
        app.call_from_thread(_not_deleted, app, str(exc))
        return
    app.call_from_thread(_deleted, app, done)


def _not_deleted(app: EpnApp, message: str) -> None:
    app.notify(line(message).plain, title=_("Not deleted"), severity="error", timeout=10,
               markup=False)
    app.reload_workspace()


def _deleted(app: EpnApp, done: Callable[[bool], None] | None) -> None:
    app.notify(_("Deleted."), timeout=3)
    app.reload_workspace()
    if done is not None:
        done(True)
