"""Spreadsheets in and out (issue 14): `epn import` of a 10,000-row XLSX with its preview,
`epn export` of 10,000 conventions to ODS (and XLSX, CSV, `all`).

    python bench/bench_spreadsheets.py [N] [--repeat R]

The import file is made here with openpyxl: N partners as a mairie's file would hold
them (a title line above the header, phone numbers stored as numbers, SIRET with
spaces, French kinds). It is imported into a copy of the directory of the generated
workspace (bench/out/ws-N, about N/3 partners already): first `--dry-run` (the
preview), then for real (one write). The exports run on that workspace, warm (the
parse cache filled). Every figure is a real `epn` process, start-up included, the median
of R runs. Targets: import with preview ≤ 5 s, export of 10,000 conventions to ODS ≤ 5 s.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchkit import prepare  # bench/benchkit.py (the script's folder is on sys.path)

KINDS = ["Commune", "Association", "École", "Médiathèque", "CCAS", "Entreprise", "Mairie"]


def make_xlsx(path: Path, n: int) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Partenaires")
    sheet.append(["Annuaire des partenaires"])
    sheet.append([])
    sheet.append(["Raison sociale", "Type", "SIRET", "Adresse", "Code postal", "Commune",
                  "Téléphone", "Courriel", "Observations"])
    for i in range(n):
        siret = f"{200000000 + i:09d}{i % 100000:05d}"
        sheet.append([f"Structure importée {i}", KINDS[i % len(KINDS)],
                      f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}",
                      f"{i} place de la Mairie", 24000 + i % 900, f"Commune {i % 500}",
                      553000000 + i, f"contact{i}@example.fr", "Importé du tableur"])
    book.save(path)


def run(*argv: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "epn_tui.cli", *argv], check=False,  # noqa: S603
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def median(times: list[float]) -> str:
    return f"{statistics.median(times):.2f} s"


def main() -> None:
    args, ws = prepare(__doc__ or "")
    repeat = max(1, args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "partenaires.xlsx"
        start = time.perf_counter()
        make_xlsx(source, args.n)
        print(f"fixture: {args.n} rows written by openpyxl in {time.perf_counter() - start:.2f} s"
              f" ({source.stat().st_size // 1024} KB)")
        preview, real = [], []
        for k in range(repeat):
            target = folder / f"ws{k}"
            target.mkdir()
            shutil.copy(ws / "epn.yaml", target / "epn.yaml")
            shutil.copy(ws / "partners.json", target / "partners.json")
            preview.append(run("-w", str(target), "import", "partners", str(source),
                               "--dry-run"))
            real.append(run("-w", str(target), "import", "partners", str(source)))
        print(f"import {args.n} rows, preview (--dry-run): {median(preview)}")
        print(f"import {args.n} rows, written (one write):  {median(real)}")
        print(f"import with its preview (target ≤ 5 s):     "
              f"{statistics.median(p + r for p, r in zip(preview, real, strict=True)):.2f} s")
        run("-w", str(ws), "list")  # fill the parse cache
        for what, name in (("conventions", "c.ods"), ("conventions", "c.xlsx"),
                           ("conventions", "c.csv"), ("all", "all.ods")):
            times = [run("-w", str(ws), "export", what, "-o", str(folder / name))
                     for _ in range(repeat)]
            target_note = "  (target ≤ 5 s)" if name == "c.ods" else ""
            print(f"export {what} → {name}: {median(times)}{target_note}")
        from python_calamine import CalamineWorkbook

        rows = CalamineWorkbook.from_path(str(folder / "c.ods")).get_sheet_by_index(0)
        print(f"read back c.ods with calamine: {len(rows.to_python()) - 1} conventions")


if __name__ == "__main__":
    main()
