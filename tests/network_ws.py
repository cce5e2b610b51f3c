"""Small workspaces for the network and health tests, made the way a user makes them:
`epn init DIR`, then a directory (partners.json) and convention files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from epn_tui.cli import main
from epn_tui.store.workspace import Workspace


def convention(title: str, parties: list[str], status: str = "signed",
               start: str | None = "2026-01-01", extra: str = "") -> str:
    """A convention file; the EPN (`epn-test`) is one of the `parties` when listed."""
    lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}", f"status: {status}",
             "parties:"]
    lines += [f"  - partner: {p}" for p in parties]
    if start:
        lines.append(f"start: {start}")
        if "end:" not in extra and "duration:" not in extra:
            lines.append("duration: 1 an")
    if extra:
        lines.append(extra.strip("\n"))
    lines += ["---", "# Convention", ""]
    return "\n".join(lines)


def make(root: Path, partners: dict[str, dict[str, Any]],
         contacts: dict[str, dict[str, Any]] | None = None,
         interactions: dict[str, dict[str, Any]] | None = None,
         conventions: dict[str, str] | None = None, settings: str = "") -> Workspace:
    assert main(["init", str(root)]) == 0
    epn_yaml = root / "epn.yaml"
    text = epn_yaml.read_text("utf-8").replace("epn: mon-epn", "epn: epn-test")
    epn_yaml.write_text(text + settings, encoding="utf-8")
    data = {"partners": partners, "contacts": contacts or {},
            "interactions": interactions or {}}
    (root / "partners.json").write_text(
        json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n", "utf-8")
    for name, content in (conventions or {}).items():
        path = root / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return Workspace.open(root, use_cache=False)


EPN = {"epn-test": {"name": "EPN de test", "kind": "EPN", "commune": "Sorges"}}
