"""The EPN and its partners of kind EPN as rows of the national *schéma des lieux de
médiation numérique* (LaMednum/standard-mediation-num, v1.0.2), checked against it.

The schema (a Frictionless table schema, Licence Ouverte 2.0) ships inside the package,
`epn_tui/schemas/lieux-mediation-numerique.json`: there is no network at run time.
`check_row` applies what the schema declares (required, pattern matched on the whole
value, maxLength, unique, number and date types), so a row that passes would pass the
national validator. A place missing a required field, or with a value outside the
schema's lists, is reported (which place, which field) and left out, never exported
half-empty. `services` is required too: the schema leaves it optional, the issue and
the national map (a place offers at least one service) do not.

Where the directory has no field for what the schema asks, the partner record holds it
as an extra field, set with `epn partner set ID KEY=VALUE` (the EPN itself is a partner,
`epn:` in epn.yaml): `postal_code`, `services`, `horaires` (OpenStreetMap
opening_hours), `publics`, `code_insee`, `rna`, `presentation`, `modalites_acces`,
`frais`. Several values are separated by `|` or `;`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from epn_tui.core.model import PARTNER_KINDS, Partner
from epn_tui.i18n import _

SCHEMA_FILE = "lieux-mediation-numerique.json"
# Required by the issue and the map beyond what the schema requires.
ALSO_REQUIRED = ("services",)
# Schema field → the partner's extra field holding it (list-valued ones are joined by |).
EXTRA_FIELDS = {
    "code_insee": "code_insee", "horaires": "horaires", "services": "services",
    "publics_specifiquement_adresses": "publics", "presentation_resume": "presentation",
    "modalites_acces": "modalites_acces", "frais_a_charge": "frais",
    "complement_adresse": "complement_adresse", "prise_rdv": "prise_rdv",
}


@cache
def schema() -> dict[str, Any]:
    text = resources.files("epn_tui").joinpath("schemas", SCHEMA_FILE).read_text("utf-8")
    return dict(json.loads(text))


def field_names() -> list[str]:
    return [f["name"] for f in schema()["fields"]]


def required() -> list[str]:
    names = [f["name"] for f in schema()["fields"]
             if f.get("constraints", {}).get("required")]
    return names + [n for n in ALSO_REQUIRED if n not in names]


@cache
def choices(name: str) -> tuple[str, ...]:
    """The values a list field's pattern allows (`(?:(?:^|\\|)(A|B|C))+$` → A, B, C)."""
    for f in schema()["fields"]:
        if f["name"] == name:
            pattern = f.get("constraints", {}).get("pattern", "")
            inner = re.search(r"\(\?:\(\?:\^\|\\\|\)\((.*)\)\)\+\$$", pattern)
            if inner is None:
                return ()
            alternatives = re.split(r"(?<!\\)\|", inner.group(1))
            return tuple(re.sub(r"\\(.)", r"\1", a) for a in alternatives)
    return ()


@dataclass(frozen=True)
class Problem:
    place: str  # the partner id
    field: str
    message: str


def _fold(text: str) -> str:
    from epn_tui.core.sheet_import import fold

    return fold(text)


def _values(value: Any) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in re.split(r"[|;]", str(value or "")) if v.strip()]


def listed_values(value: Any) -> list[str]:
    """The values of a list field as the record holds them (a list, or text with `|` or
    `;` between them)."""
    return _values(value)


def _listed(name: str, value: Any) -> str:
    """Values of a list field, each written as the schema's list writes it when it is
    one of them (case and accents aside); others are kept, for the check to report."""
    known = {_fold(c): c for c in choices(name)}
    return "|".join(known.get(_fold(v), v) for v in _values(value))


def international_phone(text: str) -> str:
    """`05 53 00 31 02` → `+33553003102` (the schema's format); other forms as given,
    spaces and dots removed."""
    digits = re.sub(r"[\s.\-/()]", "", text)
    if re.fullmatch(r"0\d{9}", digits):
        return "+33" + digits[1:]
    return digits


def row_of(partner: Partner, today: date) -> dict[str, Any]:
    extra = partner.extra
    siret = re.sub(r"\s", "", partner.siret or "")
    row: dict[str, Any] = {
        "id": partner.id,
        "pivot": siret or str(extra.get("rna") or ""),
        "nom": partner.name,
        "commune": partner.commune,
        "code_postal": str(extra.get("postal_code") or ""),
        "adresse": partner.address,
        "typologie": partner.kind if partner.kind in PARTNER_KINDS else "",
        "telephone": international_phone(str(extra.get("phone") or "")),
        "courriels": "|".join(_values(extra.get("email"))),
        "site_web": partner.website,
        "date_maj": today.isoformat(),
        "source": "epn-tui",
    }
    for target, key in EXTRA_FIELDS.items():
        value = extra.get(key)
        if value in (None, "", []):
            continue
        row[target] = _listed(target, value) if choices(target) else str(value)
    return {name: row.get(name, "") for name in field_names()}


def check_row(row: Mapping[str, Any], place: str) -> list[Problem]:
    problems = []
    needed = set(required())
    for f in schema()["fields"]:
        name = f["name"]
        value = str(row.get(name, "") or "")
        constraints = f.get("constraints", {})
        if not value:
            if name in needed:
                problems.append(Problem(place, name, _("required, and empty")))
            continue
        pattern = constraints.get("pattern")
        if pattern and re.fullmatch(pattern, value) is None:
            listed = choices(name)
            if listed:
                wrong = [v for v in value.split("|") if v not in listed]
                problems.append(Problem(place, name, _(
                    "« {value} » is not in the schema's list").format(
                        value="|".join(wrong) or value)))
            else:
                problems.append(Problem(place, name, _(
                    "« {value} » does not have the schema's form").format(value=value)))
        if "maxLength" in constraints and len(value) > constraints["maxLength"]:
            problems.append(Problem(place, name, _("longer than {n} characters").format(
                n=constraints["maxLength"])))
        if f.get("type") == "date":
            try:
                date.fromisoformat(value)
            except ValueError:
                problems.append(Problem(place, name, _("not a date YYYY-MM-DD")))
        if f.get("type") == "number":
            try:
                float(value)
            except ValueError:
                problems.append(Problem(place, name, _("not a number")))
    return problems


def check_value(name: str, value: Any) -> list[str]:
    """What the schema says of one field's value as the export would write it (a list
    field's values outside its list, a form it does not have); empty is not checked.
    The partner form shows it as a warning."""
    written = (_listed(name, value) if choices(name) else str(value or "")).strip()
    if not written:
        return []
    row = {"id": "x", name: written}
    return [p.message for p in check_row(row, "x") if p.field == name]


def places(partners: Mapping[str, Partner], epn_id: str | None) -> list[Partner]:
    """The EPN itself first, then the partners of kind EPN."""
    out = []
    if epn_id and epn_id in partners:
        out.append(partners[epn_id])
    out.extend(p for pid, p in sorted(partners.items())
               if pid != epn_id and p.kind.upper() == "EPN")
    return out


def lieux(partners: Mapping[str, Partner], epn_id: str | None, today: date
          ) -> tuple[list[dict[str, Any]], list[Problem]]:
    """(rows that pass the schema, problems of the places left out)."""
    rows, problems = [], []
    seen: set[str] = set()
    for partner in places(partners, epn_id):
        row = row_of(partner, today)
        found = check_row(row, partner.id)
        if row["id"] in seen:
            found.append(Problem(partner.id, "id", _("not unique")))
        if found:
            problems.extend(found)
            continue
        seen.add(row["id"])
        rows.append(row)
    return rows, problems


def check_rows(rows: Iterable[Mapping[str, Any]]) -> list[Problem]:
    """Every row against the schema, ids unique (the tests check exported files)."""
    problems: list[Problem] = []
    ids: set[str] = set()
    for row in rows:
        place = str(row.get("id", ""))
        problems.extend(check_row(row, place))
        if place in ids:
            problems.append(Problem(place, "id", _("not unique")))
        ids.add(place)
    return problems


def header() -> Sequence[str]:
    return field_names()
