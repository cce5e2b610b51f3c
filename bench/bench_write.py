"""The write path: what the lock and the re-read cost per save, and writers that meet.

    python bench/bench_write.py [N] [--repeat R] [--rounds 200]

On the workspace of N conventions (default 10,000; bench/out/ws-N) with its
partners.json grown to about 5 MB:
- one field of one convention saved (`Workspace.update_fields`: lock, re-read, splice,
  validate, atomic write with fsync), and the same splice written without the write
  path (the cost the path adds);
- one field of one partner saved (`Directory.update`: lock, re-read and hash of 5 MB,
  merge, serialise, atomic write), and the bare serialise + write;
- writers that meet: two `epn set` processes on one convention (different keys) and two
  `epn partner set` processes on two partners, `--rounds` rounds each; then two UIs
  (headless, driven by Pilot) saving the forms of one partner while a process sets its
  other fields; every change reported as saved is looked for on disk (lost updates,
  the issue's target: 0).
Target (issue 10): a save of one field ≤ 30 ms on this machine. Figures are medians of
R runs (the first, warming the caches, is dropped).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchkit import prepare  # bench/benchkit.py (the script's folder is on sys.path)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from epn_tui.store.atomic import atomic_write  # noqa: E402
from epn_tui.store.partners import Directory, dumps  # noqa: E402
from epn_tui.store.splice import set_fields  # noqa: E402
from epn_tui.store.workspace import Workspace  # noqa: E402

TARGET_MB = 5.0


def grow_partners(path: Path) -> None:
    """partners.json to about 5 MB: contacts and journal entries with real-sized text."""
    data = json.loads(path.read_text("utf-8"))
    partners = sorted(data["partners"])
    i = 0
    while len(dumps(data)) < TARGET_MB * 1_000_000:
        pid = partners[i % len(partners)]
        data["contacts"][f"bench-contact-{i:06d}"] = {
            "name": f"Personne {i}", "partner": pid, "role": "agent référent",
            "email": f"p{i}@example.fr", "phone": "05 53 00 00 00",
            "notes": "Rencontrée au comité de pilotage ; préfère le courriel. " * 2}
        data["interactions"][f"bench-entry-{i:06d}"] = {
            "date": "2026-03-01", "partner": pid, "kind": "meeting",
            "summary": "Point d'étape sur les ateliers et le bilan annuel. " * 3}
        i += 1
    path.write_bytes(dumps(data))


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples[1:] if len(samples) > 1 else samples) * 1000


def time_saves(ws: Workspace, repeat: int) -> tuple[float, float]:
    conv_id = sorted(ws.conventions)[len(ws.conventions) // 2]
    path = ws.root / ws.conventions[conv_id].path
    through, bare = [], []
    for i in range(repeat + 1):
        start = time.perf_counter()
        ws.update_fields(conv_id, {"bench_note": f"passage {i}"})
        through.append(time.perf_counter() - start)
        start = time.perf_counter()
        text = path.read_text("utf-8")
        atomic_write(path, set_fields(text, {"bench_note": f"nu {i}"}).encode("utf-8"))
        bare.append(time.perf_counter() - start)
    return median_ms(through), median_ms(bare)


def time_partner_saves(directory: Directory, repeat: int) -> tuple[float, float]:
    pid = sorted(directory.partners())[0]
    through, bare = [], []
    for i in range(repeat + 1):
        start = time.perf_counter()
        directory.update("partners", pid, {"notes": f"passage {i}"})
        through.append(time.perf_counter() - start)
        data = directory.raw("partners")
        start = time.perf_counter()
        atomic_write(directory.path, dumps({"partners": data}))
        bare.append(time.perf_counter() - start)
        directory.refresh()
    return median_ms(through), median_ms(bare)


def writers(root: Path, rounds: int) -> list[str]:
    env = {**os.environ, "EPN_LANG": "en"}
    script = ("import sys\nfrom epn_tui.cli import main\n"
              "kind, root, name, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])\n"
              "for i in range(rounds):\n"
              "    if kind == 'set':\n"
              "        code = main(['-w', root, 'set', 'c', f'{name}_{i}={i}'])\n"
              "    else:\n"
              "        code = main(['-w', root, 'partner', 'set', name, f'f{i}={i}'])\n"
              "    print('exit', code, flush=True)\n")
    lines = []
    for kind, names in (("set", ("a", "b")), ("partner", ("un", "deux"))):
        start = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-c", script, kind, str(root), n, str(rounds)],  # noqa: S603
                                  stdout=subprocess.PIPE, text=True, env=env) for n in names]
        outs = [p.communicate()[0] for p in procs]
        elapsed = time.perf_counter() - start
        saved = sum(out.count("exit 0") for out in outs)
        if kind == "set":
            conv = Workspace.open(root, use_cache=False).conventions["c"]
            found = sum(1 for n in names for i in range(rounds) if f"{n}_{i}" in conv.extra)
        else:
            data = json.loads((root / "partners.json").read_text("utf-8"))["partners"]
            found = sum(1 for n in names for i in range(rounds) if f"f{i}" in data[n])
        lines.append(f"{kind:8} 2 writers × {rounds} rounds: {saved} reported saved, "
                     f"{found} on disk, {saved - found} lost; {elapsed:.1f} s "
                     f"({elapsed / rounds * 1000:.0f} ms a round)")
    return lines


def ui_rounds(root: Path, rounds: int) -> str:
    """Two headless UIs (Pilot) save a partner's form `rounds` times each while a real
    process sets other fields of the same partner `rounds` times."""
    import asyncio
    from datetime import date

    from textual.widgets import Input, TextArea

    from epn_tui.tui.app import build_app

    env = {**os.environ, "EPN_LANG": "en"}
    script = subprocess.Popen(  # noqa: S603 - a list, no shell
        [sys.executable, "-c", "import sys\nfrom epn_tui.cli import main\n"
         "for i in range(int(sys.argv[2])):\n"
         "    print('exit', main(['-w', sys.argv[1], 'partner', 'set', 'un', f's{i}={i}']),"
         " flush=True)\n", str(root), str(rounds)],
        stdout=subprocess.PIPE, text=True, env=env)
    lost_ui = 0

    async def settle(pilot: object) -> None:
        await pilot.app.workers.wait_for_complete()  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]

    async def run() -> None:
        nonlocal lost_ui
        one = build_app(root, today=date(2026, 11, 22), watch=False)
        two = build_app(root, today=date(2026, 11, 22), watch=False)
        async with one.run_test(size=(100, 30)) as p1, two.run_test(size=(100, 30)) as p2:
            for pilot in (p1, p2):
                await settle(pilot)
                await pilot.press("3")
                await settle(pilot)
                pilot.app.screen.select_partner("un")  # type: ignore[attr-defined]
                await settle(pilot)
            for i in range(rounds):
                for pilot in (p1, p2):
                    await pilot.press("e")
                    await settle(pilot)
                p1.app.screen.query_one("#field-notes", TextArea).text = f"notes {i}"
                p2.app.screen.query_one("#field-commune", Input).value = f"commune {i}"
                for pilot in (p1, p2):
                    await pilot.press("ctrl+s")
                    await settle(pilot)
                record = json.loads((root / "partners.json").read_text("utf-8"))["partners"]["un"]
                lost_ui += (record.get("notes") != f"notes {i}") + (
                    record.get("commune") != f"commune {i}")

    start = time.perf_counter()
    asyncio.run(run())
    out = script.communicate()[0]
    elapsed = time.perf_counter() - start
    saved = out.count("exit 0")
    record = json.loads((root / "partners.json").read_text("utf-8"))["partners"]["un"]
    found = sum(1 for i in range(rounds) if f"s{i}" in record)
    return (f"UI × UI × CLI, {rounds} rounds: {2 * rounds} form saves, {lost_ui} lost; "
            f"{saved} script saves reported, {found} on disk, {saved - found} lost; "
            f"{elapsed:.1f} s")


def main() -> None:
    rounds = 200
    if "--rounds" in sys.argv:
        at = sys.argv.index("--rounds")
        rounds = int(sys.argv[at + 1])
        del sys.argv[at:at + 2]
    args, source = prepare(__doc__ or "")
    with tempfile.TemporaryDirectory() as tmp:
        ws_root = Path(tmp) / "ws"
        shutil.copytree(source, ws_root, ignore=shutil.ignore_patterns(".epn"))
        grow_partners(ws_root / "partners.json")
        size = (ws_root / "partners.json").stat().st_size / 1e6
        ws = Workspace.open(ws_root)
        through, bare = time_saves(ws, args.repeat)
        print(f"convention field, {len(ws.conventions)} conventions: {through:.1f} ms "
              f"through the write path, {bare:.1f} ms bare splice + write "
              f"(path adds {through - bare:+.1f} ms)")
        assert ws.directory is not None
        p_through, p_bare = time_partner_saves(ws.directory, args.repeat)
        print(f"partner field, partners.json {size:.1f} MB: {p_through:.1f} ms through the "
              f"write path, {p_bare:.1f} ms bare serialise + write "
              f"(path adds {p_through - p_bare:+.1f} ms)")
        small = Path(tmp) / "small"
        shutil.copytree(Path(__file__).resolve().parent.parent / "conventions", small,
                        ignore=shutil.ignore_patterns(".epn"))
        (small / "c.md").write_text(
            "---\ntitle: Banc d'essai\nstatus: draft\nparties: []\n---\nTexte.\n", "utf-8")
        Directory(small / "partners.json").add("partners", {"name": "Un"})
        Directory(small / "partners.json").add("partners", {"name": "Deux"})
        for line in writers(small, rounds):
            print(line)
        print(ui_rounds(small, rounds))


if __name__ == "__main__":
    main()
