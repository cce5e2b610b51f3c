"""A convention's fields and body → the document to print, as Markdown pieces.

The body is a Jinja2 template run in an `ImmutableSandboxedEnvironment` (a template in
a shared repository is untrusted: no attribute of Python internals is reachable and
the namespace cannot be modified) with `StrictUndefined`, so a misspelt placeholder
is an error naming its line in the file, never a silent blank. Values are escaped as
literal Markdown when they are inserted; the generated clauses
(`duree_et_renouvellement`, `entre_les_soussignes`, `fait_a`) are Markdown we wrote
and go in as they are.

Cost: importing jinja2 takes ~30 ms; only the print path imports this module.
"""

from __future__ import annotations

import re
import sys
import time
from dataclasses import dataclass
from datetime import date
from types import FrameType
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2 import meta, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import ImmutableSandboxedEnvironment

from epn_tui.core.dates import DateError, format_long, format_short, parse_iso_date
from epn_tui.core.durations import Duration
from epn_tui.core.labels import RENEWAL_LABELS, STATUS_LABELS, TYPE_LABELS, label
from epn_tui.core.model import Convention
from epn_tui.core.terms import final_end, initial_end, renewal_period
from epn_tui.core.text import strip_controls
from epn_tui.i18n import _, current_language
from epn_tui.render import clauses
from epn_tui.render import template_limits as limits
from epn_tui.render.template_limits import MAX_ITEMS, TemplateLimitError
from epn_tui.render.typo import escape_markdown, euros
from epn_tui.render.unfilled import find_unfilled, messages

if TYPE_CHECKING:
    from epn_tui.store.workspace import Workspace

DRAFT_STATUSES = ("draft", "negotiation")
# Placeholders that hold generated Markdown (documented in docs/printing.md).
GENERATED = ("duree_et_renouvellement", "entre_les_soussignes", "fait_a",
             "engagements_des_parties")


class PrintError(Exception):
    """A convention that cannot be printed; str() is `path:line: message`."""


class UnfilledError(PrintError):
    """A convention that is not a draft still holds template placeholders; `lines`:
    one `path:line: « [montant] » reste à compléter` per line to fill."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = list(lines)

    def __reduce__(self) -> tuple[type[UnfilledError], tuple[list[str]]]:
        return (UnfilledError, (self.lines,))  # it comes back from the printing child


class Markdown(str):
    """Text that is already Markdown: inserted without escaping."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Composed:
    """The document, ready for a renderer (PDF, HTML) or as one Markdown text."""

    conv_id: str
    title: str  # plain text (document metadata, HTML <title>)
    draft: bool  # draft or negotiation: carries the PROJET mark
    heading: str  # the title heading, Markdown (`# …`)
    parties: str  # *Entre les soussignés*, Markdown ("" when the body places it)
    body: str  # the body, placeholders resolved, title heading removed
    closing: str  # *Fait à …*, Markdown
    signatures: tuple[clauses.SignatureBlock, ...]
    footer: str  # `id · version du …` (plain text)
    language: str
    # Template placeholders left in the body (`[montant]`): (file line, text), in order.
    unfilled: tuple[tuple[int, str], ...] = ()
    annexes: str = ""  # from the body's first « Annexe » heading: after the signatures

    def markdown(self) -> str:
        """The whole document as Markdown (for `-o file.md`)."""
        parts = []
        if self.draft:
            parts.append("**" + _("DRAFT") + "**\n")
        parts.append(self.heading + "\n")
        if self.parties:
            parts.append(self.parties)
        parts.append(self.body.strip("\n") + "\n")
        if self.closing:
            parts.append(self.closing + "\n")
        for block in self.signatures:
            lines = ["**" + escape_markdown(block.heading) + "**"]
            lines.append(escape_markdown(block.name_line))
            if block.function:
                lines.append(escape_markdown(block.function))
            lines.append(_("Signature:"))
            parts.append("  \n".join(lines) + "\n")
        if self.annexes:
            parts.append(self.annexes.strip("\n") + "\n")
        return "\n".join(parts)


# Filters ----------------------------------------------------------------------------------
def _as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return parse_iso_date(str(value))
    except DateError:
        raise ValueError(_("`{value}` is not a date (YYYY-MM-DD)").format(value=value)) from None


def date_fr(value: Any) -> str:
    """`1er septembre 2025`; an empty date prints a blank to fill in by hand."""
    day = _as_date(value)
    return format_long(day) if day is not None else clauses.BLANK


def date_short(value: Any) -> str:
    day = _as_date(value)
    return format_short(day) if day is not None else clauses.BLANK


def euros_filter(value: Any) -> str:
    if value is None or value == "":
        return clauses.BLANK
    try:
        return euros(float(value))
    except (TypeError, ValueError):
        raise ValueError(_("`{value}` is not an amount").format(value=value)) from None


def _amount(value: Any) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(_("`{value}` is not an amount").format(value=value)) from None


def in_words(value: Any) -> str:
    """`{{ 12000|en_lettres }}` → « douze mille euros »."""
    from epn_tui.render.words import amount
    number = _amount(value)
    return amount(number) if number is not None else clauses.BLANK


def amount_filter(value: Any) -> str:
    """`{{ convention.amount|montant }}` → « 12 000 € (douze mille euros) », in figures
    and in words as a contract states a sum; no amount (or 0, the templates' default):
    a blank to fill in."""
    from epn_tui.render.words import amount
    number = _amount(value)
    if not number:
        return clauses.BLANK + "\u00a0€"
    return _("{figures} ({words})").format(figures=euros(number), words=amount(number))


def _finalize(value: Any) -> Any:
    """Every `{{ … }}` output: our Markdown as is, anything else as literal text."""
    if isinstance(value, Markdown):
        return str(value)
    if value is None:
        return ""
    if isinstance(value, date):
        return format_long(value)
    if isinstance(value, float):
        value = int(value) if value.is_integer() else value
    if isinstance(value, (list, tuple, dict, set, frozenset)):
        limits.check_printable(value)
    return escape_markdown(strip_controls(str(value)))


_ENV: ImmutableSandboxedEnvironment | None = None
# A hostile body must not freeze or exhaust the machine: `"x" * 10**10` would allocate
# 10 GB, `10**10**10` compute for hours, nested loops over `range(99999)` run for ever,
# `''|center(200000000)` allocate 200 MB (render.template_limits caps each step; the
# document as a whole is capped by MAX_DOCUMENT_CHARS as it is made, and render.bounded
# runs it all in a child with memory and CPU limits).
MAX_EXPONENT = 1_000        # `**`
RENDER_SECONDS = 10.0
# The body as rendered: ~200 pages. Typst takes ~2 s for 500 000 characters of text,
# and a minute and gigabytes for 20 MB; a convention is 10–50 000 characters.
MAX_DOCUMENT_CHARS = 500_000


class _BoundedConcat(CodeGenerator):
    """`a ~ b` compiled as `environment.concat_bounded((a, b))`: a string doubled by a
    macro or a loop (`{% set s = s ~ s %}`) stops at MAX_ITEMS characters."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.concat_bounded((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox, with `*`, `**`, `+`, `%` and the calls that make long strings
    checked before Python computes them (render.template_limits)."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = _BoundedConcat

    @staticmethod
    def concat_bounded(values: tuple[Any, ...]) -> str:
        return limits.concat(values)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
            raise TemplateLimitError(_("`**`: the exponent is too large"))
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int):
                    if len(seq) * n > MAX_ITEMS:
                        raise TemplateLimitError(_("`*`: the result would be too long"))
                    limits.result("*", len(seq) * n)
        elif operator == "+":
            limits.check_sum("+", left, right)
        elif operator == "%":
            limits.check_percent(left, right)
        return super().call_binop(context, operator, left, right)

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        args = limits.check_call(obj, args, kwargs)
        return super().call(context, obj, *args, **kwargs)


def _time_limit(deadline: float) -> Any:
    """A trace function that stops the template's own code past `deadline` (a loop is
    Python code in the frame named `<template>`; every other frame runs untraced)."""

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        if time.monotonic() > deadline:
            raise TemplateLimitError(_("the template takes too long (over {n} seconds)")
                                     .format(n=int(RENDER_SECONDS)))
        return local

    def calls(frame: FrameType, event: str, arg: Any) -> Any:
        return local if frame.f_code.co_filename == "<template>" else None

    return calls


def environment() -> ImmutableSandboxedEnvironment:
    global _ENV
    if _ENV is None:
        env = BoundedSandbox(undefined=jinja2.StrictUndefined, autoescape=False,
                                   keep_trailing_newline=True, finalize=_finalize)
        env.filters.update({"date_fr": date_fr, "date_court": date_short,
                            "date_short": date_short, "euros": euros_filter,
                            "montant": amount_filter, "amount": amount_filter,
                            "en_lettres": in_words, "in_words": in_words})
        env.filters.update(limits.bounded_filters(env.filters))
        lipsum: Any = env.globals["lipsum"]
        env.globals["lipsum"] = limits.bounded_lipsum(lipsum)
        _ENV = env
    return _ENV


# The namespace ----------------------------------------------------------------------------
def _duration_text(value: Any) -> str:
    return clauses.format_duration(value, words=True) if value is not None else ""


def _period(conv: Convention) -> Duration | None:
    try:
        return renewal_period(conv)
    except (ValueError, OverflowError):  # dates past year 9999: the words still print
        return conv.renewal_period or conv.duration


def convention_namespace(conv: Convention, workspace: Workspace) -> dict[str, Any]:
    amends = workspace.conventions.get(conv.amends) if conv.amends else None
    return {
        "id": conv.id, "title": conv.title, "type": conv.type or "",
        "type_label": label(TYPE_LABELS, conv.type), "status": conv.status,
        "status_label": label(STATUS_LABELS, conv.status), "themes": list(conv.themes),
        "signed": conv.signed, "start": conv.start,
        "end": clauses.safe_date(lambda: initial_end(conv)),
        "final_end": clauses.safe_date(lambda: final_end(conv)),
        "duration": _duration_text(conv.duration),
        "renewal": conv.renewal, "renewal_label": label(RENEWAL_LABELS, conv.renewal),
        "renewal_period": _duration_text(_period(conv)),
        "max_renewals": conv.max_renewals, "notice": _duration_text(conv.notice),
        "amount": conv.amount, "amends": conv.amends or "",
        "amends_title": amends.title if amends is not None else "",
        "amends_signed": amends.signed if amends is not None else None,
        "terminated": conv.terminated,
        "deliberation": str(conv.extra.get("deliberation") or ""),
        "extra": dict(conv.extra),
    }


def party_namespace(p: clauses.PartyInfo) -> dict[str, Any]:
    return {
        "partner": p.partner, "id": p.partner, "name": p.name, "kind": p.kind,
        "address": p.address, "commune": p.commune, "role": p.role,
        "signatory": p.signatory_name, "function": p.signatory_function,
        "deliberation": p.deliberation, "commitments": list(p.commitments),
    }


# Rendering the body -----------------------------------------------------------------------
def _error_line(exc: BaseException) -> int | None:
    """The template line of a runtime error, from jinja's rewritten traceback."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def render_body(source: str, namespace: dict[str, Any], path: str, first_line: int
                ) -> tuple[str, set[str]]:
    """The body with placeholders resolved, and the top-level names it uses.

    `first_line`: the file line of the body's first line, for `path:line:` errors.
    """
    env = environment()
    try:
        used = meta.find_undeclared_variables(env.parse(source))
        template = env.from_string(source)
    except jinja2.TemplateSyntaxError as exc:
        raise PrintError("{path}:{line}: {message}".format(
            path=path, line=first_line + (exc.lineno or 1) - 1,
            message=_("template error: {error}").format(error=exc.message))) from None
    previous = sys.gettrace()
    limits.start_budget()
    sys.settrace(_time_limit(time.monotonic() + RENDER_SECONDS))
    try:
        return _render_capped(template, namespace), used
    except MemoryError:
        raise PrintError(f"{path}:{first_line}: " + _(
            "the rendering exceeds the memory limit; the template asks for too long a text")
        ) from None
    except Exception as exc:  # noqa: BLE001 - any failure of untrusted template code
        line = _error_line(exc)
        raise PrintError(f"{path}:{first_line + (line or 1) - 1}: {_describe(exc)}") from None
    finally:
        sys.settrace(previous)


def _render_capped(template: jinja2.Template, namespace: dict[str, Any]) -> str:
    """The template's text, stopped as soon as it passes MAX_DOCUMENT_CHARS (a loop
    printing a long line each turn never gets to allocate gigabytes)."""
    pieces = []
    size = 0
    for piece in template.generate(namespace):
        size += len(piece)
        if size > MAX_DOCUMENT_CHARS:
            raise TemplateLimitError(_("the text made by the template is too long (over "
                                       "{n} characters)").format(n=MAX_DOCUMENT_CHARS))
        pieces.append(piece)
    return "".join(pieces)


def _describe(exc: Exception) -> str:
    if isinstance(exc, jinja2.UndefinedError):
        return _("unknown placeholder: {error}").format(error=exc.message)
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return _("forbidden in a template: {error}").format(error=exc)
    if isinstance(exc, TemplateLimitError):
        return str(exc)
    if isinstance(exc, RecursionError):
        return _("template error: too deeply nested")
    return _("template error: {error}").format(error=exc)


_FENCE = ("```", "~~~")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_PREAMBLE = ("préambule", "preambule", "preamble", "exposé des motifs")
_AGREED = re.compile(r"convenu ce qui suit|agreed as follows", re.IGNORECASE)
_ANNEX = re.compile(r"(annexes?|annex|appendix|appendices)\b", re.IGNORECASE)
_VISA = re.compile(r"^\s*(?:[-*]\s+)?(?:\*\*|_)?vu\b", re.IGNORECASE)


def _headings(lines: list[str]) -> list[tuple[int, int, str]]:
    """(line index, level, text) of the ATX headings outside fenced code."""
    out = []
    fenced = False
    for i, line in enumerate(lines):
        if line.lstrip().startswith(_FENCE):
            fenced = not fenced
            continue
        m = None if fenced else _HEADING.match(line)
        if m:
            out.append((i, len(m.group(1)), m.group(2)))
    return out


def place_agreed(body: str, agreed: str) -> tuple[str, bool]:
    """The body with « Il a été convenu ce qui suit : » after its Préambule (before the
    next heading of the same level), and whether it was placed. A body that says it
    itself, or has no Préambule, is returned as is (the line then follows the parties)."""
    if _AGREED.search(body):
        return body, True
    lines = body.splitlines(keepends=True)
    heads = _headings(lines)
    for n, (_i, level, text) in enumerate(heads):
        if text.strip("*_ ").lower().startswith(_PREAMBLE):
            after = next((j for j, lv, _t in heads[n + 1:] if lv <= level), len(lines))
            if after > 0 and not lines[after - 1].endswith("\n"):
                lines[after - 1] += "\n"
            lines.insert(after, agreed + "\n\n")
            return "".join(lines), True
    return body, False


def split_annexes(body: str) -> tuple[str, str]:
    """(the body up to its first « Annexe … » heading, the annexes): an annex (the
    inventory of a mise à disposition, a budget) follows the signatures, as on paper."""
    lines = body.splitlines(keepends=True)
    for i, _level, text in _headings(lines):
        if _ANNEX.match(text.strip("*_ ")):
            return "".join(lines[:i]), "".join(lines[i:])
    return body, ""


def split_visas(body: str) -> tuple[str, str]:
    """(« Vu … » paragraphs at the head of the body, rest): the visas come before
    *Entre les soussignés*."""
    lines = body.splitlines(keepends=True)
    end = 0
    seen = False
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if _VISA.match(line) or (seen and not _HEADING.match(line)
                                 and lines[i - 1].strip() and not line.startswith("#")):
            seen = True
            end = i + 1
            continue
        break
    if not seen:
        return "", body
    return "".join(lines[:end]), "".join(lines[end:])


def unfilled_messages(doc: Composed, path: str) -> list[str]:
    """`path:line: « [montant] » is still to be filled in`, one per line to fill."""
    return messages(path, doc.unfilled)


def split_heading(body: str) -> tuple[str | None, str]:
    """(`# Title` line, rest) when the body opens with a level-1 heading."""
    lines = body.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        stripped = line.strip()
        if stripped.startswith("# ") or stripped == "#":
            return stripped, "".join(lines[i + 1:])
        break
    return None, body


# Putting it together ----------------------------------------------------------------------
def compose(workspace: Workspace, conv_id: str, today: date,
            with_version: bool = True) -> Composed:
    """The printable document of one convention. Raises KeyError for an unknown id,
    PrintError for a body that cannot be rendered, OSError when the file is unreadable.

    `with_version=False` leaves git out (a subprocess): for the UI's preview of the
    body, redrawn as the cursor moves."""
    from epn_tui.store.frontmatter import split
    from epn_tui.store.git import file_version

    conv = workspace.conventions[conv_id]
    text, _fingerprint = workspace.read(conv_id)
    parts = split(text)
    body = text[parts.body_start:]
    first_line = text.count("\n", 0, parts.body_start) + 1

    partners = workspace.partners()
    contacts = workspace.contacts()
    infos = clauses.party_infos(conv, partners, contacts)
    epn = partners.get(workspace.settings.epn or "")
    place = epn.commune if epn is not None else ""
    between = clauses.between_the_undersigned(infos)
    closing = clauses.place_and_date(conv, place, max(len(infos), 1))
    version = file_version(workspace.root, conv.path) if with_version else None
    footer = clauses.version_text(conv.id, version.date if version else None,
                                  version.short_hash if version else None,
                                  version.modified if version else False)
    # Only plain dicts, lists, strings and dates reach the template, no object of ours.
    namespace: dict[str, Any] = {
        "convention": convention_namespace(conv, workspace),
        "parties": [party_namespace(p) for p in infos],
        "epn": {"id": epn.id, "name": epn.name, "address": epn.address,
                "commune": epn.commune} if epn is not None else
               {"id": "", "name": "", "address": "", "commune": ""},
        "today": today,
        "version": footer,
        "duree_et_renouvellement": Markdown(clauses.duration_and_renewal(conv)),
        "entre_les_soussignes": Markdown(between),
        "fait_a": Markdown(closing),
        "engagements_des_parties": Markdown(clauses.commitments(infos)),
    }
    rendered, used = render_body(body, namespace, conv.path, first_line)
    heading, rest = split_heading(rendered)
    if heading is None:
        heading = "# " + escape_markdown(conv.title)
    # Visas → Entre les soussignés → parties → Préambule → « Il a été convenu… » → articles.
    parties = "" if "entre_les_soussignes" in used else between
    visas, rest = split_visas(rest) if parties else ("", rest)
    rest, annexes = split_annexes(rest)
    rest, placed = place_agreed(rest, clauses.agreed_as_follows())
    if not placed:
        if parties:
            parties += "\n" + clauses.agreed_as_follows() + "\n"
        else:
            rest = clauses.agreed_as_follows() + "\n\n" + rest.lstrip("\n")
    if visas:
        parties = visas.strip("\n") + "\n\n" + parties
    return Composed(
        conv_id=conv.id, title=conv.title, draft=conv.status in DRAFT_STATUSES,
        heading=heading, parties=parties,
        body=rest, closing="" if "fait_a" in used else closing,
        signatures=tuple(clauses.signature_blocks(infos)), footer=footer,
        language=current_language(), unfilled=tuple(find_unfilled(body, first_line)),
        annexes=annexes,
    )
