"""A workspace on disk: find, read, validate, cache and save conventions.

`Workspace.open(root)` reads everything and never raises for a bad file: valid
conventions land in `conventions`, everything else in `problems` (`path:line: message`).
Saving goes through `update_fields` / `write_text`, which splice bytes, validate the
result, and write atomically after checking the file did not change behind our back.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from epn_tui.core.model import (
    PARTNER_KINDS,
    Contact,
    Convention,
    Interaction,
    Partner,
    Problem,
    Settings,
)
from epn_tui.i18n import _
from epn_tui.store import cache
from epn_tui.store.atomic import (
    ConflictError,
    Fingerprint,
    read_with_fingerprint,
    sweep_temp_files,
)
from epn_tui.store.files import TEMPLATES_DIR, find_files
from epn_tui.store.layout import PARTNERS_FILE, SETTINGS_FILE
from epn_tui.store.merge import FieldConflict
from epn_tui.store.settings import read_settings
from epn_tui.store.transaction import OutsideWorkspace

if TYPE_CHECKING:
    from epn_tui.core.changes import Change
    from epn_tui.core.deletion import DeletionPlan
    from epn_tui.core.follow_ups import Journal
    from epn_tui.store.autocommit import AutoCommit, Committed
    from epn_tui.store.partners import Directory

# Parsing (YAML, validation) and editing (splicing) are imported where they are used:
# a warm start served from the cache needs neither, and `epn due` starts faster.

__all__ = ["PARTNERS_FILE", "ConflictError", "Workspace", "WorkspaceError", "SaveError"]


class Records(NamedTuple):
    """A workspace's records, as the core's whole-workspace computations take them."""

    settings: Settings
    conventions: dict[str, Convention]
    partners: dict[str, Partner]
    contacts: dict[str, Contact]
    interactions: list[Interaction]


class WorkspaceError(RuntimeError):
    """Not a workspace, or cannot be opened."""


class SaveError(RuntimeError):
    """A save refused: the message says why; nothing was written."""


@dataclass(frozen=True)
class Saved:
    """A save went through: the convention, the file as now on disk, and whether what
    someone else changed meanwhile was merged into it."""

    convention: Convention
    text: str
    fingerprint: Fingerprint
    merged: bool
    committed: Committed | None = None  # None: nothing changed, so nothing to commit
    changed: bool = True  # False: the file already held what was asked


def _front_matter(text: str) -> dict[str, Any]:
    from epn_tui.store.frontmatter import FrontMatterError, load_mapping, split

    try:
        parts = split(text)
        return load_mapping(parts.front_matter(text), parts.fm_line)
    except FrontMatterError:
        return {}


def front_matter_conflicts(base: str, theirs: str,
                            changes: Mapping[str, Any]) -> list[FieldConflict]:
    """The keys of `changes` someone else changed too (to another value) since `base`."""
    from epn_tui.store.frontmatter import FrontMatterError, load_mapping, split
    from epn_tui.store.merge import MISSING, field_conflicts
    from epn_tui.store.splice import DELETE, as_loaded

    def mapping(text: str) -> dict[str, Any] | None:
        try:
            parts = split(text)
            return load_mapping(parts.front_matter(text), parts.fm_line)
        except FrontMatterError:
            return None

    before, now = mapping(base), mapping(theirs)
    if before is None or now is None:
        # One of them cannot be read: every key asked is a conflict, shown as on disk.
        now = now or {}
        return [FieldConflict(key, now.get(key, MISSING), value)
                for key, value in changes.items()]
    return field_conflicts(before, now, changes,
                           lambda v: MISSING if v is DELETE else as_loaded(v))


def is_workspace(root: Path) -> bool:
    return (root / SETTINGS_FILE).is_file()


class Workspace:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.settings = Settings()
        self.conventions: dict[str, Convention] = {}
        self.problems: list[Problem] = []
        self.directory: Directory | None = None
        # The journal built from the directory's typed entries, kept while they are the
        # same object (the directory rebuilds them only when partners.json changed).
        self._journal: tuple[object, Journal] | None = None
        self.stats: dict[str, int] = {}
        self._committer: AutoCommit | None = None
        self.last_commit: Committed | None = None  # of the last write, for the UI

    # Opening ---------------------------------------------------------------------------
    @classmethod
    def open(cls, root: Path | str, use_cache: bool = True,
             schedule_only: bool = False, parallel: bool = False,
             checks: bool = True) -> Workspace:
        """Read the workspace.

        `schedule_only=True` is for commands that only compute dates (`due`, `list`):
        no partner directory, no cross-file checks, and conventions served from the
        cache come without parties, themes and unknown keys.
        `parallel=True` parses on two cores when many files changed (store.parallel):
        for single-threaded callers only (the command line), never the UI.
        `checks=False` skips the cross-file checks (`epn check`'s references and
        warnings) for a command that reads the directory but reports no problem
        (`epn remind`: at 10,000 conventions the warnings' line numbers cost 0.5 s).
        """
        root = Path(root)
        if not root.is_dir():
            raise WorkspaceError(_("{root}: no such folder").format(root=root))
        if not is_workspace(root):
            raise WorkspaceError(_("{root}: not an epn workspace (no epn.yaml); create one with "
                                   "`epn init {root}`").format(root=root))
        ws = cls(root=root)
        ws.reload(use_cache=use_cache, schedule_only=schedule_only, parallel=parallel,
                  checks=checks)
        return ws

    def reload(self, use_cache: bool = True, schedule_only: bool = False,
               parallel: bool = False, checks: bool = True) -> None:
        references = not schedule_only
        problems: list[Problem] = []
        self.directory = None
        if references:
            from epn_tui.store.partners import Directory, DirectoryError  # tinydb: lazily

            try:
                self.directory = Directory(self.root / PARTNERS_FILE, PARTNERS_FILE,
                                           committer=self.commit)
            except DirectoryError as exc:
                problems.append(Problem(exc.path, exc.line, exc.message))
            except OSError as exc:
                problems.append(Problem(PARTNERS_FILE, 1, str(exc)))
        conventions, file_problems = self._load_conventions(use_cache, details=references,
                                                            parallel=parallel)
        # After the conventions: their cache makes `.epn/`, where the settings are kept.
        self.settings, settings_problems = read_settings(self.root, store=use_cache)
        self._committer = None  # `git: {commit: …}` may have changed
        problems[:0] = settings_problems
        problems.extend(file_problems)
        self.conventions = conventions
        if references and checks:
            problems.extend(self._cross_checks())
        self.problems = problems

    def _load_conventions(self, use_cache: bool, details: bool = True,
                          parallel: bool = False
                          ) -> tuple[dict[str, Convention], list[Problem]]:
        from epn_tui.store.parallel import parse_files

        found, stale = find_files(self.root)
        for path in stale:
            try:
                os.unlink(path)
            except OSError:
                pass
        sweep_temp_files(self.root / cache.CACHE_DIR)
        old, old_details = cache.load(self.root, details) if use_cache else ({}, None)
        entries: dict[str, cache.Entry] = {}
        new_details: dict[str, cache.Details] = {}
        by_id: dict[str, Convention] = {}
        problems: list[Problem] = []
        hits = 0
        now = time.time_ns()
        # Served from the cache, or to parse (all together: they may go to two cores).
        loaded: list[Convention | None] = []
        missed: list[int] = []
        for f in found:
            entry = old.get(f.rel)
            conv: Convention | None = None
            if entry is not None and entry.mtime_ns == f.mtime_ns and entry.size == f.size:
                detail = old_details.get(f.rel) if old_details is not None else None
                if old_details is None or detail is not None:
                    conv = cache.restore(f.rel, entry, detail)
                    hits += 1
                    entries[f.rel] = entry
                    if detail is not None:
                        new_details[f.rel] = detail
            if conv is None:
                missed.append(len(loaded))
            loaded.append(conv)
        parsed = parse_files([(found[i].rel, found[i].path) for i in missed], parallel)
        own_problems: dict[int, list[Problem]] = {}
        for i, (conv, own) in zip(missed, parsed, strict=True):
            loaded[i] = conv
            own_problems[i] = own
            f = found[i]
            if conv is not None and not own and now - f.mtime_ns > cache.RACY_NS \
                    and cache.storable(conv):
                entries[f.rel], new_details[f.rel] = cache.entry(f.mtime_ns, f.size, conv)
        for i, conv in enumerate(loaded):
            problems.extend(own_problems.get(i, ()))
            if conv is None:
                continue
            if conv.id in by_id:
                first = by_id[conv.id]
                problems.append(Problem(conv.path, 1, _(
                    "duplicate id `{id}`: {other} has the same file name; rename one of them")
                    .format(id=conv.id, other=first.path)))
                continue
            by_id[conv.id] = conv
        parsed_count = len(missed)
        self.stats = {"files": len(found), "parsed": parsed_count, "cached": hits}
        if use_cache and (parsed_count or len(entries) != len(old)):
            if old_details is None:
                # Dates-only run: the details of cached entries were not read; fetch
                # them now (rare: only when something changed) so both files agree.
                _entries, stored = cache.load(self.root, True)
                stored = stored or {}
                for rel in entries:
                    if rel not in new_details and rel in stored:
                        new_details[rel] = stored[rel]
                entries = {rel: e for rel, e in entries.items() if rel in new_details}
            cache.save(self.root, entries, new_details)
        return by_id, problems

    # Cross-file checks -------------------------------------------------------------------
    def partners(self) -> dict[str, Partner]:
        return self.directory.partners() if self.directory is not None else {}

    def contacts(self) -> dict[str, Contact]:
        return self.directory.contacts() if self.directory is not None else {}

    def journal(self) -> Journal:
        """The journal as it marks follow-up occurrences done (core/follow_ups.py)."""
        from epn_tui.core.follow_ups import Journal

        entries = self.directory.interactions() if self.directory is not None else {}
        epn = self.settings.epn
        if self._journal is None or self._journal[0] is not entries or \
                self._journal[1].epn != (epn or ""):
            self._journal = (entries, Journal.of(entries.values(), epn))
        return self._journal[1]

    def records(self) -> Records:
        """What the dashboard, the health checks and the network are computed from, in
        the order they take it: `health_checks(*ws.records(), today)`."""
        interactions = self.directory.interactions() if self.directory is not None else {}
        return Records(self.settings, self.conventions, self.partners(), self.contacts(),
                       list(interactions.values()))

    def _cross_checks(self) -> list[Problem]:
        problems: list[Problem] = []
        if self.directory is None:
            return problems
        partners = self.partners()
        contacts = self.contacts()
        for conv in self.conventions.values():
            where: Any = None
            for i, party in enumerate(conv.parties):
                if party.partner not in partners:
                    where = where or self._locator(conv)
                    problems.append(Problem(conv.path, where(("parties", i, "partner")), _(
                        "unknown partner `{id}`; add it to the directory or fix the id")
                        .format(id=party.partner)))
                if party.signatory and party.signatory not in contacts:
                    where = where or self._locator(conv)
                    problems.append(Problem(conv.path, where(("parties", i, "signatory")), _(
                        "unknown contact `{id}` as signatory").format(id=party.signatory)))
                elif party.signatory and contacts[party.signatory].partner != party.partner:
                    where = where or self._locator(conv)
                    problems.append(Problem(conv.path, where(("parties", i, "signatory")), _(
                        "signatory `{id}` is a contact of `{other}`, not of `{partner}`")
                        .format(id=party.signatory, other=contacts[party.signatory].partner,
                                partner=party.partner), "warning"))
            if conv.amends and conv.amends not in self.conventions:
                where = where or self._locator(conv)
                problems.append(Problem(conv.path, where(("amends",)), _(
                    "`amends: {id}` names no convention of this workspace").format(id=conv.amends)))
            for where_at, message in _obligations(conv, partners):
                where = where or self._locator(conv)
                problems.append(Problem(conv.path, where(where_at), message, "warning"))
        known = set(PARTNER_KINDS)
        for pid, partner in partners.items():
            if partner.kind and partner.kind not in known:
                problems.append(Problem(PARTNERS_FILE, self._json_line(pid), _(
                    "partner `{id}`: unusual kind `{kind}` (kept as written)")
                    .format(id=pid, kind=partner.kind), "warning"))
        for cid, contact in contacts.items():
            if contact.partner not in partners:
                problems.append(Problem(PARTNERS_FILE, self._json_line(cid), _(
                    "contact `{id}`: unknown partner `{partner}`")
                    .format(id=cid, partner=contact.partner)))
        for eid, entry in self.directory.interactions().items():
            # `follows:` marks a follow-up occurrence done (core/follow_ups.py).
            follows = entry.extra.get("follows")
            if follows is not None and (not isinstance(follows, str) or not getattr(
                    self.conventions.get(follows), "follow_up", None)):
                problems.append(Problem(PARTNERS_FILE, self._json_line(eid), _(
                    "journal entry `{id}`: `follows: {convention}` names no convention with a "
                    "follow-up here; it marks nothing done").format(
                    id=eid, convention=follows), "warning"))
        if self.settings.epn and self.settings.epn not in partners:
            problems.append(Problem(SETTINGS_FILE, 1, _(
                "`epn: {id}` is not a partner of partners.json; add the EPN itself to the "
                "directory").format(id=self.settings.epn), "warning"))
        return problems

    def _locator(self, conv: Convention):  # type: ignore[no-untyped-def]
        from epn_tui.store.frontmatter import FrontMatterError, decode, locator, split

        try:
            text = decode((self.root / conv.path).read_bytes())
            parts = split(text)
            return locator(parts.front_matter(text), parts.fm_line)
        except (OSError, FrontMatterError):
            return lambda _path: 1

    def _json_line(self, doc_id: str) -> int:
        try:
            text = (self.root / PARTNERS_FILE).read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            return 1
        index = text.find(f'"{doc_id}": {{')
        return text.count("\n", 0, index) + 1 if index >= 0 else 1

    # Reading one convention ------------------------------------------------------------
    def path_of(self, conv_id: str) -> Path:
        conv = self.conventions.get(conv_id)
        if conv is None:
            raise KeyError(conv_id)
        return self.root / conv.path

    def read(self, conv_id: str) -> tuple[str, Fingerprint]:
        from epn_tui.store.frontmatter import decode

        data, fingerprint = read_with_fingerprint(self.path_of(conv_id))
        return decode(data), fingerprint

    def body(self, conv_id: str) -> str:
        from epn_tui.store.frontmatter import split

        text, _fp = self.read(conv_id)
        return text[split(text).body_start:]

    # Saving ----------------------------------------------------------------------------
    # Every save is one transaction (store.transaction): under the workspace lock the
    # file is read again, the change is merged into what is on disk now (store.merge),
    # checked (the result must be a valid convention) and written atomically.
    def update_fields(self, conv_id: str, changes: Mapping[str, Any],
                      base: str | None = None) -> Saved:
        """Set (or DELETE) front-matter keys of one convention; every other byte stays.

        `base`: the file as the caller read it (the UI's form). Keys someone else
        changed since are kept; a key both changed to different values raises
        WriteConflict and nothing is written. Without `base` (the command line reads
        and writes in one go), the changes apply to the file as it is now.
        """
        from epn_tui.store.frontmatter import FrontMatterError
        from epn_tui.store.merge import WriteConflict
        from epn_tui.store.splice import SpliceError, set_fields

        conv = self.conventions[conv_id]

        def change(text: str) -> str:
            if base is not None and base != text:
                conflicts = front_matter_conflicts(base, text, changes)
                if conflicts:
                    raise WriteConflict(conv.path, conflicts)
            try:
                return set_fields(text, changes)
            except (SpliceError, FrontMatterError) as exc:
                raise SaveError(str(exc)) from None

        def describe(old: str, new: str) -> Change:
            from epn_tui.core import changes as words

            return words.convention_fields(conv_id, conv.path, _front_matter(old),
                                           _front_matter(new), list(changes))

        return self._rewrite(conv_id, change, base, describe)

    def replace_body(self, conv_id: str, body: str, base: str) -> Saved:
        """Replace the text after the front matter (the UI's body editor).

        `base`: the whole file as the editor opened it. What someone else changed since
        is merged line by line (merge3); their front matter is kept as it is on disk.
        Lines both changed raise TextConflict, and nothing is written.
        """
        from epn_tui.store.frontmatter import FrontMatterError, split
        from epn_tui.store.merge import TextConflict, merge_text

        conv = self.conventions[conv_id]
        mine = body.replace("\r\n", "\n")

        def change(text: str) -> str:
            try:
                parts = split(text)
                old = split(base).body_start
            except FrontMatterError as exc:
                raise SaveError(str(exc)) from None
            head = text[: parts.body_start]
            theirs = text[parts.body_start:].replace("\r\n", "\n")
            merged = merge_text(base[old:].replace("\r\n", "\n"), mine, theirs)
            if merged.conflicts:
                raise TextConflict(conv.path, text, merged.conflicts)
            new_body = merged.text
            if "\r\n" in head:
                new_body = new_body.replace("\n", "\r\n")
            return head + new_body

        def describe(_old: str, _new: str) -> Change:
            from epn_tui.core.changes import convention_text

            return convention_text(conv_id, conv.path)

        return self._rewrite(conv_id, change, base, describe)

    def _rewrite(self, conv_id: str, change: Callable[[str], str], base: str | None,
                 describe: Callable[[str, str], Change]) -> Saved:
        from epn_tui.store.frontmatter import decode
        from epn_tui.store.lock import write_lock
        from epn_tui.store.parsing import parse_convention
        from epn_tui.store.transaction import rewrite

        conv = self.conventions[conv_id]
        result: list[Convention] = []
        merged: list[bool] = []
        before: list[str] = []

        def apply(raw: bytes | None, _fingerprint: Fingerprint | None) -> bytes | None:
            result.clear()
            merged.clear()
            before.clear()
            if raw is None:
                raise FileNotFoundError(_("{path} was deleted meanwhile; nothing written")
                                        .format(path=conv.path))
            text = decode(raw)
            merged.append(base is not None and text != base)
            new_text = change(text)
            encoded = new_text.encode("utf-8")
            new_conv, problems = parse_convention(conv.path, encoded)
            errors = [p for p in problems if p.is_error]
            if new_conv is None or errors:
                raise SaveError("; ".join(str(p) for p in errors) or _("invalid convention"))
            result.append(new_conv)
            if new_text == text:
                return None
            before.append(text)
            return encoded

        # The lock spans the write and its commit: two writers never race for git's index.
        with write_lock(self.root):
            try:
                data, fingerprint = rewrite(self.root, self.root / conv.path, apply)
            except OutsideWorkspace as exc:
                raise SaveError(str(exc)) from None
            assert data is not None and fingerprint is not None
            text = decode(data)
            committed = self.commit(describe(before[0], text)) if before else None
        self.conventions[conv_id] = result[0]
        return Saved(result[0], text, fingerprint, merged=merged[0], committed=committed,
                     changed=bool(before))

    # Versioning --------------------------------------------------------------------------
    def committer(self) -> AutoCommit:
        if self._committer is None:
            from epn_tui.store.autocommit import AutoCommit

            self._committer = AutoCommit(self.root, self.settings.git_commit)
        return self._committer

    def commit(self, change: Change) -> Committed:
        """Commit what a write just did (store.autocommit); called under the lock."""
        self.last_commit = self.committer()(change)
        return self.last_commit

    def create(self, title: str, text: str, folder: str = "") -> Convention:
        """A new convention file named from its title (a slug), never overwriting one;
        the name is chosen under the lock, among the files on disk then."""
        from epn_tui.core.slug import unique_slug
        from epn_tui.store.lock import write_lock
        from epn_tui.store.parsing import parse_convention
        from epn_tui.store.transaction import rewrite

        base = self.root.resolve()
        target_dir = (base / folder).resolve() if folder else base
        if target_dir != base and base not in target_dir.parents:
            raise SaveError(_("the folder must be inside the workspace"))
        encoded = text.encode("utf-8")
        with write_lock(self.root):
            conv_id = unique_slug(title, self._taken_ids())
            rel_dir = target_dir.relative_to(base).as_posix()
            rel = f"{rel_dir}/{conv_id}.md" if rel_dir != "." else f"{conv_id}.md"
            conv, problems = parse_convention(rel, encoded)
            errors = [p for p in problems if p.is_error]
            if conv is None or errors:
                raise SaveError("; ".join(str(p) for p in errors) or _("invalid convention"))
            target_dir.mkdir(parents=True, exist_ok=True)
            try:
                rewrite(self.root, base / rel, lambda _raw, _fp: encoded, create=True)
            except OutsideWorkspace as exc:
                raise SaveError(str(exc)) from None
            from epn_tui.core.changes import new_convention

            self.commit(new_convention(conv.id, rel, title))
        self.conventions[conv.id] = conv
        return conv

    def restore(self, table: str, doc_id: str, rel_path: str, commit: str) -> bool:
        """Bring a convention or a directory record back to its version at `commit`, as
        a new change (and commit). False when it already is so."""
        from epn_tui.core.changes import restored
        from epn_tui.store import history
        from epn_tui.store.frontmatter import decode

        repo = self.committer().repo
        from datetime import date as _date

        from epn_tui.core.dates import format_short

        day = repo.run("show", "-s", "--format=%cs", commit).out.strip()
        try:
            when = format_short(_date.fromisoformat(day))  # « du 02/12/2026 »
        except ValueError:
            when = day
        change = restored(table, doc_id, rel_path, when, commit[:7])
        if table == "conventions":
            raw = history.file_at(repo, commit, rel_path)
            if raw is None:
                raise SaveError(_("{path} did not exist in {rev}").format(path=rel_path,
                                                                        rev=commit[:7]))
            text = decode(raw)
            return self._rewrite(doc_id, lambda _current: text, None,
                                 lambda _old, _new: change).changed
        record = history.record_at(repo, commit, table, doc_id)
        if record is None:
            raise SaveError(_("`{id}` did not exist in {rev}").format(id=doc_id,
                                                                     rev=commit[:7]))
        if self.directory is None:
            raise SaveError(_("partners.json cannot be read; fix it first"))
        before = self.directory.raw(table).get(doc_id)

        def put(tables: dict[str, dict[str, Any]]) -> None:
            tables[table][doc_id] = dict(record)

        self.directory.transact(put, lambda _b, _a, _o: change)
        return before != record

    # The partner directory -------------------------------------------------------------
    def delete_record(self, table: str, doc_id: str) -> DeletionPlan:
        """Delete a partner (with its contacts and journal), a contact or a journal entry,
        in one write, if the deletion rules allow it (core.deletion); DeletionRefused
        with the reason otherwise. The rules are checked under the lock, on the
        directory as it is on disk then."""
        from epn_tui.core.deletion import DeletionRefused, plan_deletion
        from epn_tui.store.lock import write_lock

        directory = self.directory
        if directory is None:
            raise SaveError(_("partners.json cannot be read: nothing can be deleted"))
        with write_lock(self.root):
            directory.refresh()
            plan = plan_deletion(table, doc_id, directory.partners(), directory.contacts(),
                                 directory.interactions(), self.conventions.values(),
                                 self.settings.epn)
            if plan.refusal is not None:
                raise DeletionRefused(plan.refusal)
            directory.remove_records(plan.records)
        return plan

    def _taken_ids(self) -> set[str]:
        taken = set(self.conventions)
        found, _stale = find_files(self.root)
        taken.update(f.rel.rsplit("/", 1)[-1][:-3] for f in found)
        return taken

    def reads_file(self, target: Path) -> bool:
        """Would writing `target` replace a file this workspace reads (epn.yaml,
        partners.json, a convention, even a broken one), or add a `.md` file it would
        read as a convention? Printing must never write there."""
        dest = Path(os.path.realpath(target))
        root = self.root.resolve()
        try:
            rel = dest.relative_to(root)
        except ValueError:
            return False
        parts = rel.parts
        if dest.suffix.lower() == ".md":
            hidden = any(p.startswith(".") for p in parts[:-1])
            in_templates = bool(parts) and parts[0] == TEMPLATES_DIR
            if not hidden and not in_templates and rel.name.lower() != "readme.md":
                return True
        kept = {root / SETTINGS_FILE, root / PARTNERS_FILE}
        kept |= {(self.root / c.path).resolve() for c in self.conventions.values()}
        kept |= {(self.root / p.path).resolve() for p in self.problems}
        return dest in kept

    # Summaries -------------------------------------------------------------------------
    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def conventions_of(self, partner_id: str) -> list[Convention]:
        return [c for c in self.conventions.values() if partner_id in c.partner_ids]

    def sorted_conventions(self) -> Iterable[Convention]:
        return sorted(self.conventions.values(), key=lambda c: c.id)



# Public bodies (as render/clauses.py PUBLIC_KINDS): their signature needs a délibération,
# their premises are lent for a term.
_PUBLIC_KINDS = frozenset({"MUNI", "EPCI", "DEPT", "REG", "CCAS", "ETAT"})


def _obligations(conv: Convention, partners: Mapping[str, Partner]
                 ) -> list[tuple[tuple[Any, ...], str]]:
    """Warnings (never errors) about what a French public partner needs on paper
    (issue 12): each (the front matter key's path, message)."""
    out: list[tuple[tuple[Any, ...], str]] = []
    public = [i for i, p in enumerate(conv.parties)
              if (partners.get(p.partner) or Partner(p.partner, "")).kind.upper()
              in _PUBLIC_KINDS]
    if conv.status == "signed" and conv.parties and not any(p.signatory for p in conv.parties):
        out.append((("status",), _(
            "signed, but no party names its signatory: add `signatory:` (the contact who "
            "signed) to each party")))
    if conv.type == "financement" and conv.amount is not None and public:
        top = conv.extra.get("deliberation")
        if top in (None, "") and not any(conv.parties[i].extra.get("deliberation")
                                         for i in public):
            out.append((("amount",), _(
                "a financement with an amount and no délibération on file for {partner}: "
                "add `deliberation:` (« n° 2026-014 du 12 mars 2026 ») to its party")
                .format(partner=conv.parties[public[0]].partner)))
    if conv.type == "mise-a-disposition" and public:
        open_ended = (conv.duration is not None and conv.duration.open_ended) or (
            conv.end is None and conv.duration is None and conv.start is not None)
        if open_ended:
            out.append((("duration",) if conv.duration is not None else ("start",), _(
                "public premises lent without a term: the public domain is occupied only "
                "for a set time (CG3P, art. L2122-2); give a duration or an end")))
    return out
