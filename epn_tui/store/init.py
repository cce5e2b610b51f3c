"""Creating workspaces: `epn init DIR [--demo]` and `epn demo`."""

from __future__ import annotations

import shutil
from pathlib import Path

from epn_tui.i18n import _
from epn_tui.store.atomic import atomic_write
from epn_tui.store.git import Repo
from epn_tui.store.partners import dumps
from epn_tui.store.settings import SETTINGS_FILE
from epn_tui.store.workspace import PARTNERS_FILE, WorkspaceError, is_workspace

PACKAGE_DIR = Path(__file__).resolve().parent.parent

SETTINGS_TEMPLATE = """\
# Réglages de l'espace de travail epn-tui (voir la documentation du format).
epn: mon-epn           # l'identifiant de l'EPN lui-même dans partners.json
language: fr           # fr | en : langue de l'interface
horizon: 90 jours      # jusqu'où le tableau de bord regarde
silence: 6 mois        # partenaires sans échange depuis plus longtemps : signalés
elections:             # dernières élections connues
  municipal: 2026-03-15
"""
GITIGNORE = ".epn/\n"


def demo_source() -> Path:
    """The bundled demo: inside the wheel, or the repository's `conventions/`."""
    for candidate in (PACKAGE_DIR / "demo", PACKAGE_DIR.parent / "conventions"):
        if (candidate / SETTINGS_FILE).is_file():
            return candidate
    raise WorkspaceError(_("the demo workspace is missing from this installation"))


def init_workspace(target: Path, demo: bool = False, git: bool = True) -> list[str]:
    """Create a workspace in `target` (new or empty folder). Returns notes to show."""
    notes: list[str] = []
    if is_workspace(target):
        raise WorkspaceError(_("{path} is already a workspace").format(path=target))
    if target.exists() and not target.is_dir():
        raise WorkspaceError(_("{path} exists and is not a folder").format(path=target))
    target.mkdir(parents=True, exist_ok=True)
    if demo:
        source = demo_source()
        shutil.copytree(source, target, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".epn", "__pycache__", ".git"))
    else:
        atomic_write(target / SETTINGS_FILE, SETTINGS_TEMPLATE.encode(), must_not_exist=True)
        if not (target / PARTNERS_FILE).exists():
            empty: dict[str, dict[str, object]] = {"contacts": {}, "interactions": {},
                                                   "partners": {}}
            atomic_write(target / PARTNERS_FILE, dumps(empty), must_not_exist=True)
    ignore = target / ".gitignore"
    if not ignore.exists():
        atomic_write(ignore, GITIGNORE.encode(), must_not_exist=True)
    if git:
        # A repository, epn's merge drivers and hook, and the first commit
        # (« Espace de travail créé ») when git knows who you are.
        from epn_tui.store.git import GitError
        from epn_tui.store.gitsetup import setup

        try:
            if shutil.which("git") is not None and not (target / ".git").exists():
                Repo(target).run("init", "-q")  # this folder, even inside another repository
            notes.extend(setup(target))
        except (GitError, OSError) as exc:
            notes.append(_("git: {error}; the workspace is not versioned yet (`epn git setup` "
                           "tries again)").format(error=exc))
    return notes
