"""A new convention from a template: pick one, give a title (and a folder), create.

The file is the template's text with `title:` set by the surgical writer (never by
formatting YAML text) and named from the title's slug; an existing file is never
replaced. The fields form opens on the new convention right after.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from epn_tui.core.slug import slugify
from epn_tui.core.text import escape_controls, one_line
from epn_tui.i18n import _
from epn_tui.store.frontmatter import FrontMatterError
from epn_tui.store.splice import SpliceError
from epn_tui.store.templates import WORKSPACE, WORKSPACE_DIR, Template, fill, list_templates
from epn_tui.tui.safe import line, plain
from epn_tui.tui.screens.base import AppAccess

if TYPE_CHECKING:
    from epn_tui.store.workspace import Workspace


class FolderError(ValueError):
    pass


def check_folder(root: Path, folder: str) -> str:
    """The folder a person typed, as a relative POSIX path inside the workspace.

    An existing folder is used as written; a new one is made of slugs (like file names).
    Absolute paths, `..`, hidden folders and `templates/` are refused.
    """
    text = one_line(folder).strip().replace("\\", "/")
    if not text:
        return ""
    if text.startswith(("/", "~")) or ":" in text:
        raise FolderError(_("give a folder inside the workspace, such as `education` or "
                            "`2026/ecoles`"))
    parts = [p for p in PurePosixPath(text).parts if p not in ("", ".")]
    if any(p == ".." for p in parts):
        raise FolderError(_("`..` is not allowed: the folder must be inside the workspace"))
    if any(p.startswith(".") for p in parts):
        raise FolderError(_("hidden folders (starting with `.`) are not read as conventions"))
    if not parts:
        return ""
    if parts[0] == WORKSPACE_DIR:
        raise FolderError(_("`templates/` holds templates, not conventions; choose another "
                            "folder"))
    rel = "/".join(parts)
    base = root.resolve()
    existing = (base / rel).resolve()
    if existing.is_dir():
        if existing != base and base not in existing.parents:
            raise FolderError(_("this folder leads outside the workspace"))
        return rel
    return "/".join(slugify(unicodedata.normalize("NFC", p), 60) for p in parts)


# Two lines per template, the description cut to fit: five templates and the title and
# folder inputs still fit in an 80×24 terminal.
DESCRIPTION_WIDTH = 70


def clip(text: str, width: int) -> str:
    text = one_line(text).strip()
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def template_option(template: Template, index: int) -> Option:
    text = Text()
    text.append_text(line(template.title, style="bold"))
    if template.source == WORKSPACE:
        text.append("  ")
        text.append(_("[this workspace]"), style="italic cyan")
    if template.problem is not None:
        text.append("\n  ")
        text.append_text(line(clip(template.problem, DESCRIPTION_WIDTH), style="red"))
    elif template.description:
        text.append("\n  ")
        text.append_text(line(clip(template.description, DESCRIPTION_WIDTH), style="dim"))
    return Option(text, id=str(index), disabled=template.problem is not None)


class NewConventionScreen(AppAccess, ModalScreen[str | None]):
    """Dismissed with the new convention's id, or None."""

    DEFAULT_CSS = """
    NewConventionScreen { align: center middle; }
    NewConventionScreen > Vertical {
        width: 96; max-width: 100%; height: auto; max-height: 100%;
        padding: 0 1; border: thick $primary; background: $surface;
    }
    NewConventionScreen .dialog-title { text-style: bold; height: 1; }
    NewConventionScreen #templates { height: auto; max-height: 50vh; min-height: 4; }
    NewConventionScreen .form-row { height: auto; }
    NewConventionScreen .first-row { margin-top: 1; }
    NewConventionScreen .form-label { width: 22; color: $text-muted; }
    NewConventionScreen .form-row Input { width: 1fr; }
    NewConventionScreen #new-error { height: auto; color: $error; }
    NewConventionScreen .buttons { height: auto; align-horizontal: right; margin-top: 1; }
    NewConventionScreen .buttons Button { margin-left: 2; }
    """
    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="cancel")]

    def __init__(self) -> None:
        super().__init__()
        self.templates: list[Template] = []
        self.creating = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("New convention from a template"), classes="dialog-title")
            yield OptionList(id="templates")
            with Horizontal(classes="form-row first-row"):
                yield Label(_("Title"), classes="form-label")
                yield Input(placeholder=_("Title of the new convention"), compact=True,
                            id="new-title")
            with Horizontal(classes="form-row"):
                yield Label(_("Folder (optional)"), classes="form-label")
                yield Input(placeholder=_("empty: the workspace folder; e.g. education"),
                            compact=True, id="new-folder")
            yield Static(id="new-error")
            with Horizontal(classes="buttons"):
                yield Button(_("Cancel"), id="cancel", compact=True)
                yield Button(_("Create"), id="create", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#templates", OptionList).loading = True
        self.load_templates()

    @work(thread=True, exclusive=True, group="templates")
    def load_templates(self) -> None:
        ws = self.workspace
        root = ws.root if ws is not None else None
        found = list_templates(root)
        folders = sorted({c.path.rsplit("/", 1)[0] for c in ws.conventions.values()
                          if "/" in c.path}) if ws is not None else []
        self.app.call_from_thread(self._templates_loaded, found, folders)

    def _templates_loaded(self, found: list[Template], folders: list[str]) -> None:
        if not self.is_mounted:
            return
        self.templates = found
        options = self.query_one("#templates", OptionList)
        options.loading = False
        options.clear_options()
        options.add_options([template_option(t, i) for i, t in enumerate(found)])
        first = next((i for i, t in enumerate(found) if t.usable), None)
        if first is not None:
            options.highlighted = first
        self.query_one("#new-folder", Input).suggester = SuggestFromList(folders)
        if not found:
            self._error(_("No template found."))
        options.focus()

    @property
    def chosen(self) -> Template | None:
        index = self.query_one("#templates", OptionList).highlighted
        if index is None or not 0 <= index < len(self.templates):
            return None
        return self.templates[index]

    @on(OptionList.OptionSelected, "#templates")
    def _picked(self) -> None:
        self.query_one("#new-title", Input).focus()

    @on(Input.Submitted, "#new-title")
    def _title_submitted(self) -> None:
        self.query_one("#new-folder", Input).focus()

    @on(Input.Submitted, "#new-folder")
    @on(Button.Pressed, "#create")
    def action_create(self) -> None:
        if self.creating:
            return
        ws = self.workspace
        template = self.chosen
        title = one_line(self.query_one("#new-title", Input).value).strip()
        if ws is None:
            self._error(_("The workspace is still loading…"))
            return
        if template is None or not template.usable:
            self._error(_("Choose a template in the list."))
            self.query_one("#templates", OptionList).focus()
            return
        if not title:
            self._error(_("Give the new convention a title."))
            self.query_one("#new-title", Input).focus()
            return
        try:
            folder = check_folder(ws.root, self.query_one("#new-folder", Input).value)
        except FolderError as exc:
            self._error(str(exc))
            self.query_one("#new-folder", Input).focus()
            return
        self._error("")
        self.creating = True
        self.create(ws, template, title, folder)

    @work(thread=True, exclusive=True, group="create")
    def create(self, ws: Workspace, template: Template, title: str, folder: str) -> None:
        from epn_tui.store.workspace import SaveError

        try:
            conv = ws.create(title, fill(template.text, title), folder)
        except (SaveError, SpliceError, FrontMatterError, OSError) as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._created, conv.id, conv.path)

    def _failed(self, message: str) -> None:
        self.creating = False
        self._error(_("Not created: {error}").format(error=message))

    def _created(self, conv_id: str, path: str) -> None:
        from epn_tui.tui.screens.convention_form import ConventionForm

        app = self.epn_app
        self.notify(_("Created {path}").format(path=escape_controls(path)), timeout=4,
                    markup=False)
        self.dismiss(conv_id)

        def edited(saved: bool | None) -> None:
            # Selected now (the list has the new row since the reload that followed the
            # creation); a reload keeps the selection.
            app.open_convention(conv_id)
            if saved:
                app.reload_workspace()

        app.push_screen(ConventionForm(conv_id), edited)

    def _error(self, message: str) -> None:
        self.query_one("#new-error", Static).update(plain(message))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
