"""The same places as `core.lieux` as *data·inclusion* structures
(gip-inclusion/data-inclusion-schema v1.0.8, `structure.json`, Licence Ouverte 2.0),
shipped in the package as `epn_tui/schemas/data-inclusion-structure.json`.

That schema is a JSON Schema; `check` implements the keywords it uses (type, anyOf,
required, pattern, minLength/maxLength, enum, `$ref` to its `$defs`, items,
uniqueItems, formats date, email and uri): a test walks the schema and fails if a
keyword appears that this check does not know. A place that fails is reported and
left out, as for `epn export lieux`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from epn_tui.core.lieux import Problem, international_phone, places
from epn_tui.core.model import Partner
from epn_tui.i18n import _

SCHEMA_FILE = "data-inclusion-structure.json"
SOURCE = "epn-tui"  # the producer's identifier: `source`, and the prefix of `id`
KNOWN_KEYWORDS = frozenset({
    "type", "format", "anyOf", "pattern", "enum", "$ref", "items", "uniqueItems",
    "minLength", "maxLength", "required", "properties", "$defs", "title", "description",
    "examples", "default", "additionalProperties"})
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@cache
def schema() -> dict[str, Any]:
    text = resources.files("epn_tui").joinpath("schemas", SCHEMA_FILE).read_text("utf-8")
    return dict(json.loads(text))


def structure_of(partner: Partner, today: date) -> dict[str, Any]:
    extra = partner.extra
    siret = re.sub(r"\s", "", partner.siret or "")
    out: dict[str, Any] = {
        "source": SOURCE,
        "id": f"{SOURCE}--{partner.id}",
        "nom": partner.name,
        "date_maj": today.isoformat(),
        "siret": siret or None,
        "commune": partner.commune or None,
        "code_postal": str(extra.get("postal_code") or "") or None,
        "code_insee": str(extra.get("code_insee") or "") or None,
        "adresse": partner.address or None,
        "complement_adresse": str(extra.get("complement_adresse") or "") or None,
        "telephone": international_phone(str(extra.get("phone") or "")) or None,
        "courriel": str(extra.get("email") or "") or None,
        "site_web": partner.website or None,
        "description": str(extra.get("presentation") or "") or None,
        "horaires_accueil": str(extra.get("horaires") or "") or None,
    }
    return {k: v for k, v in out.items() if v is not None}


def _type_ok(value: Any, kind: str) -> bool:
    return {
        "string": isinstance(value, str), "null": value is None,
        "number": isinstance(value, (int, float)) and not isinstance(value, bool),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "array": isinstance(value, list), "object": isinstance(value, dict),
        "boolean": isinstance(value, bool),
    }.get(kind, False)


def _errors(value: Any, rule: Mapping[str, Any], root: Mapping[str, Any]) -> list[str]:
    if "$ref" in rule:
        name = str(rule["$ref"]).rsplit("/", 1)[-1]
        return _errors(value, root["$defs"][name], root)
    if "anyOf" in rule:
        found = [_errors(value, option, root) for option in rule["anyOf"]]
        if any(not f for f in found):
            return []
        return min(found, key=len)
    errors: list[str] = []
    if "type" in rule and not _type_ok(value, rule["type"]):
        return [_("not of type {kind}").format(kind=rule["type"])]
    if "enum" in rule and value not in rule["enum"]:
        errors.append(_("« {value} » is not in the schema's list").format(value=value))
    if isinstance(value, str):
        if "minLength" in rule and len(value) < rule["minLength"]:
            errors.append(_("shorter than {n} characters").format(n=rule["minLength"]))
        if "maxLength" in rule and len(value) > rule["maxLength"]:
            errors.append(_("longer than {n} characters").format(n=rule["maxLength"]))
        if "pattern" in rule and re.search(rule["pattern"], value) is None:
            errors.append(_("« {value} » does not have the schema's form").format(value=value))
        fmt = rule.get("format")
        if fmt == "date":
            try:
                date.fromisoformat(value)
            except ValueError:
                errors.append(_("not a date YYYY-MM-DD"))
        elif fmt == "email" and not _EMAIL.match(value):
            errors.append(_("« {value} » is not an e-mail address").format(value=value))
        elif fmt == "uri" and not re.match(r"^[a-z][a-z0-9+.-]*://\S+$", value):
            errors.append(_("« {value} » is not a web address").format(value=value))
    if isinstance(value, list):
        for item in value:
            errors.extend(_errors(item, rule.get("items", {}), root))
        if rule.get("uniqueItems") and len({json.dumps(v) for v in value}) != len(value):
            errors.append(_("not unique"))
    return errors


def check(structure: Mapping[str, Any], place: str) -> list[Problem]:
    root = schema()
    problems = [Problem(place, name, _("required, and empty"))
                for name in root.get("required", []) if structure.get(name) in (None, "")]
    for name, value in structure.items():
        rule = root["properties"].get(name)
        if rule is None:
            problems.append(Problem(place, name, _("not a field of the schema")))
            continue
        problems.extend(Problem(place, name, message)
                        for message in _errors(value, rule, root))
    return problems


def structures(partners: Mapping[str, Partner], epn_id: str | None, today: date
               ) -> tuple[list[dict[str, Any]], list[Problem]]:
    out, problems = [], []
    for partner in places(partners, epn_id):
        structure = structure_of(partner, today)
        found = check(structure, partner.id)
        if found:
            problems.extend(found)
        else:
            out.append(structure)
    return out, problems


def check_all(items: Sequence[Mapping[str, Any]]) -> list[Problem]:
    problems: list[Problem] = []
    ids: set[str] = set()
    for item in items:
        place = str(item.get("id", ""))
        problems.extend(check(item, place))
        if place in ids:
            problems.append(Problem(place, "id", _("not unique")))
        ids.add(place)
    return problems
