"""Convention templates: the built-in ones shipped with the package, and the workspace's own
`templates/*.md`.

A template is a convention file (front matter + body) with a `description:` key saying
what it is for. Reading never raises for a bad file: it is listed with its `problem`,
so the person sees why it cannot be used instead of a missing entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from epn_tui.core.collate import sort_key
from epn_tui.i18n import _
from epn_tui.store.frontmatter import FrontMatterError, decode, load_mapping, split
from epn_tui.store.splice import DELETE, SpliceError, set_fields

BUILT_IN_DIR = Path(__file__).resolve().parent.parent / "templates"
WORKSPACE_DIR = "templates"
BUILT_IN = "built-in"
WORKSPACE = "workspace"
# Template metadata: describes the template, not the convention made from it.
TEMPLATE_ONLY_KEYS = ("description",)
MAX_BYTES = 1_000_000  # a template is a page or two of text; more is a mistake


@dataclass(frozen=True, slots=True)
class Template:
    name: str  # file name without .md
    title: str  # the template's own `title:` (a suggestion)
    description: str
    text: str  # the whole file, as read ("" when it cannot be read)
    source: str  # BUILT_IN | WORKSPACE
    path: str  # built-in: `templates/<name>.md` of the package; workspace: relative path
    problem: str | None = None  # why it cannot be used, or None

    @property
    def usable(self) -> bool:
        return self.problem is None


def read_template(path: Path, shown_path: str, source: str) -> Template:
    name = path.name[:-3] if path.name.endswith(".md") else path.name
    try:
        if path.stat().st_size > MAX_BYTES:
            raise FrontMatterError(0, _("too large for a template"))
        text = decode(path.read_bytes())
        parts = split(text)
        data = load_mapping(parts.front_matter(text), parts.fm_line)
    except OSError as exc:
        return Template(name, name, "", "", source, shown_path,
                        _("cannot read: {error}").format(error=exc.strerror or exc))
    except FrontMatterError as exc:
        return Template(name, name, "", "", source, shown_path,
                        f"{shown_path}:{exc.line}: {exc.message}")
    title = data.get("title")
    description = data.get("description")
    return Template(
        name=name,
        title=str(title) if isinstance(title, (str, int, float)) else name,
        description=str(description) if isinstance(description, (str, int, float)) else "",
        text=text, source=source, path=shown_path, problem=_check(text, shown_path),
    )


def _check(text: str, shown_path: str) -> str | None:
    """Why a convention made from this template would be refused, or None."""
    from epn_tui.store.parsing import parse_convention

    try:
        filled = fill(text, _("Title"))
    except (SpliceError, FrontMatterError) as exc:
        return f"{shown_path}: {exc}"
    _conv, problems = parse_convention(shown_path, filled.encode("utf-8"))
    errors = [p for p in problems if p.is_error]
    return str(errors[0]) if errors else None


def fill(text: str, title: str) -> str:
    """The template's text with `title:` set (surgically: every other byte stays) and
    the template-only keys removed."""
    parts = split(text)
    data = load_mapping(parts.front_matter(text), parts.fm_line)
    changes: dict[str, object] = {"title": title}
    for key in TEMPLATE_ONLY_KEYS:
        if key in data:
            changes[key] = DELETE
    return set_fields(text, changes)


def list_templates(root: Path | None) -> list[Template]:
    """Built-in templates then the workspace's (`root/templates/*.md`), each sorted by
    name. Hidden files and folders are ignored."""
    found = [read_template(p, f"{WORKSPACE_DIR}/{p.name}", BUILT_IN)
             for p in _md_files(BUILT_IN_DIR)]
    if root is not None:
        folder = Path(root) / WORKSPACE_DIR
        found += [read_template(p, f"{WORKSPACE_DIR}/{p.name}", WORKSPACE)
                  for p in _md_files(folder)]
    return found


def _md_files(folder: Path) -> list[Path]:
    try:
        entries = sorted(folder.iterdir(), key=lambda p: sort_key(p.name))
    except OSError:
        return []
    return [p for p in entries
            if p.name.endswith(".md") and not p.name.startswith(".") and p.is_file()]
