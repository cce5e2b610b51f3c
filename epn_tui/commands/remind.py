"""`epn remind`: e-mail the lead before each deadline, once per threshold; `--install`.

The deadlines are `epn due`'s (core.terms.deadlines_within), the thresholds and people
`reminders:` of epn.yaml or of a convention's front matter, the choice of what is due
core.reminders, the sent-log store.reminder_log, the mail render.reminder_mail and
store.smtp. The whole run holds the workspace lock: two runs never send twice.
See docs/reminders.md.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from epn_tui.commands.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    CommandError,
    open_workspace,
    say,
    today,
    warn,
)
from epn_tui.i18n import N_, _, ngettext

NAME = "remind"
HELP = N_("e-mail a reminder before each deadline (run it daily)")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dry-run", action="store_true",
                        help=_("print what would be sent; send nothing"))
    parser.add_argument("--install", nargs="?", const="auto", choices=("auto", "systemd",
                                                                        "cron"),
                        help=_("print a daily systemd timer (or a crontab line) that runs "
                               "epn remind for this workspace"))
    parser.add_argument("--write", action="store_true",
                        help=_("with --install: write it (systemd user units, or the "
                               "crontab)"))


def run(args: argparse.Namespace) -> int:
    if args.install:
        return install(args)
    if args.write:
        raise CommandError(_("--write goes with --install"))
    return remind(args)


# Sending -------------------------------------------------------------------------------

def _recipients(names: tuple[str, ...], contacts: dict[str, Any]) -> tuple[list[Any], list[str]]:
    from epn_tui.render.reminder_mail import Recipient

    found: list[Recipient] = []
    problems: list[str] = []
    for name in names:
        if "@" in name:
            found.append(Recipient(name))
            continue
        person = contacts.get(name)
        if person is None:
            problems.append(_("`reminders: to`: no contact `{id}` in the directory")
                            .format(id=name))
        elif not person.email:
            problems.append(_("`reminders: to`: {name} ({id}) has no e-mail address")
                            .format(name=person.name, id=name))
        else:
            found.append(Recipient(person.email, person.name))
    return found, problems


def remind(args: argparse.Namespace) -> int:
    from epn_tui.core import reminders as core
    from epn_tui.core.dates import format_short
    from epn_tui.core.labels import deadline_description
    from epn_tui.core.terms import deadlines_within
    from epn_tui.core.text import escape_controls, one_line
    from epn_tui.store.reminder_log import LogError, read_log

    # The directory, not `epn check`'s cross-file warnings: nothing here reports them.
    ws = open_workspace(args, checks=False)
    day = today(args)
    base = ws.settings.reminders
    if base is None:
        raise CommandError(_("no reminders set up: add `reminders: {days: [60, 30, 7, 1], "
                             "to: [you@example.org]}` to epn.yaml (see docs/reminders.md)"),
                           EXIT_PROBLEMS)
    problems: list[str] = []
    plans = {cid: core.convention_reminders(conv, base, problems)
             for cid, conv in ws.conventions.items()}
    found = deadlines_within(ws.conventions.values(), day,
                             core.window(ws.conventions.values(), base))
    if ws.directory is not None:
        from epn_tui.core.follow_ups import open_only, settle
        from epn_tui.core.next_steps import next_step_deadlines

        entries = ws.directory.interactions().values()
        # No reminder for a follow-up occurrence the journal already records.
        if any(d.kind == "follow-up" for d in found):
            found = open_only(settle(found, ws.conventions, ws.journal()))
        # The journal's next steps (FORMAT.md, kind `next-step`): the workspace's own
        # reminders, since no convention's front matter can override them.
        found = found + next_step_deadlines(entries, ws.partners(), day, core.window([], base))
        plans[""] = base
    contacts = ws.contacts()
    for message in problems:
        warn(message)

    def plan(log: dict[str, Any]) -> list[Any]:
        return core.due(found, plans, log["sent"])

    if args.dry_run:
        try:
            todo = plan(read_log(ws.root))
        except LogError as exc:
            raise CommandError(str(exc), EXIT_PROBLEMS) from None
        for item in todo:
            d = item.deadline
            to, bad = _recipients(item.to, contacts)
            for line in bad:
                warn(line)
            what = deadline_description(d)  # as `epn due` prints it
            say(_("would send: {date} {what} — {title} ({id}), threshold {n} d, to {to}")
                .format(date=format_short(d.date), what=what, title=one_line(d.title),
                        id=escape_controls(d.convention or d.entry or ""), n=item.threshold,
                        to=", ".join(str(r) for r in to) or _("nobody")))
        if not todo:
            say(_("No reminder to send."))
        _record_dry_run(ws.root, day, len(todo))
        return EXIT_OK
    return _send_all(ws, day, plan, contacts)


def _record_dry_run(root: Path, day: Any, count: int) -> None:
    """Keep the trial in the log (`last_dry_run`, beside the last sending run, which it
    never replaces). A trial that cannot write it still did its work: a warning."""
    from epn_tui.store import reminder_log
    from epn_tui.store.lock import LockTimeout, write_lock

    try:
        with write_lock(root):
            log = reminder_log.read_log(root)
            reminder_log.record_run(log, day, count, mode=reminder_log.DRY_RUN)
            reminder_log.write_log(root, log)
    except (LockTimeout, reminder_log.LogError) as exc:
        warn(_("this trial is not recorded in the reminder log: {error}").format(error=exc))
    except OSError as exc:
        warn(_("this trial is not recorded in the reminder log: {error}")
             .format(error=exc.strerror or exc))


def _send_all(ws: Any, day: Any, plan: Any, contacts: dict[str, Any]) -> int:
    from epn_tui.render.ics import deadlines_to_ics
    from epn_tui.render.reminder_mail import Recipient, build, with_whom
    from epn_tui.store import reminder_log, smtp
    from epn_tui.store.lock import LockTimeout, write_lock

    base = ws.settings.reminders
    sent = 0
    try:
        with write_lock(ws.root):
            try:
                log = reminder_log.read_log(ws.root)
            except reminder_log.LogError as exc:
                raise CommandError(str(exc), EXIT_PROBLEMS) from None
            todo = plan(log)
            reminder_log.prune(log, day)
            if not todo:
                reminder_log.record_run(log, day, 0)
                reminder_log.write_log(ws.root, log)
                say(_("No reminder to send."))
                return EXIT_OK
            try:
                srv = smtp.server(base.smtp)
                secret = smtp.password(srv)
                if srv.user and not secret:
                    raise smtp.MailError(_(
                        "no password for {user}: set EPN_SMTP_PASSWORD, `password_command`, "
                        "or store it with `keyring set epn-tui {user}`").format(user=srv.user))
                sender_address = base.sender or (srv.user if "@" in srv.user else "")
                if not sender_address:
                    raise smtp.MailError(_("no sender: set `reminders: from:` in epn.yaml"))
                sender = Recipient(sender_address, _("EPN reminders"))
                where = f"{srv.host}:{srv.port}"
                with smtp.connect(srv, secret) as client:
                    for item in todo:
                        d = item.deadline
                        to, bad = _recipients(item.to, contacts)
                        for line in bad:
                            warn(line)
                        if not to:
                            warn(_("{id}: {what} on {date}: nobody to send it to")
                                 .format(id=d.convention, what=d.kind, date=d.date))
                            continue
                        conv = ws.conventions.get(d.convention)
                        people = with_whom(conv, ws.settings.epn, ws.partners(), contacts)
                        message = build(d, conv, sender, to, people, str(ws.root.resolve()),
                                        deadlines_to_ics([d], ws.conventions))
                        smtp.send(client, message, where)
                        reminder_log.mark_sent(log, item.key, [r.address for r in to])
                        reminder_log.write_log(ws.root, log)
                        sent += 1
                        say(_("sent: {subject}").format(subject=message["Subject"]))
            except smtp.MailError as exc:
                reminder_log.record_run(log, day, sent, str(exc))
                reminder_log.write_log(ws.root, log)
                raise CommandError(str(exc), EXIT_PROBLEMS) from None
            reminder_log.record_run(log, day, sent)
            reminder_log.write_log(ws.root, log)
    except LockTimeout as exc:
        raise CommandError(str(exc), EXIT_PROBLEMS) from None
    except OSError as exc:
        raise CommandError(_("cannot write the reminder log: {error}")
                           .format(error=exc.strerror or exc), EXIT_PROBLEMS) from None
    say(ngettext("{n} reminder sent.", "{n} reminders sent.", sent).format(n=sent))
    return EXIT_OK


# Installing ----------------------------------------------------------------------------

def _command(root: Path) -> list[str]:
    """How to run `epn remind` for this workspace from a timer: absolute paths only."""
    script = shutil.which("epn")
    program = [script] if script else [sys.executable, "-m", "epn_tui.cli"]
    return [*program, "remind", "-w", str(root)]


def unit_name(root: Path) -> str:
    from epn_tui.core.slug import slugify

    return f"epn-remind-{slugify(root.name) or 'workspace'}"


def systemd_units(root: Path, command: list[str]) -> tuple[str, str]:
    service = (
        "[Unit]\n"
        f"Description=epn remind: {root}\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"WorkingDirectory={root}\n"
        f"ExecStart={' '.join(_systemd_quote(part) for part in command)}\n"
    )
    timer = (
        "[Unit]\n"
        f"Description=epn remind, every day: {root}\n"
        "\n"
        "[Timer]\n"
        "OnCalendar=*-*-* 08:00\n"
        "RandomizedDelaySec=15min\n"
        "# A day the machine was off is caught up at the next start.\n"
        "Persistent=true\n"
        "\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )
    return service, timer


def _systemd_quote(word: str) -> str:
    if word and all(c.isalnum() or c in "/._-+=:@," for c in word):
        return word
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%") + '"'


def cron_line(root: Path, command: list[str]) -> str:
    log = root / ".epn" / "remind.log"
    return (f"0 8 * * * {shlex.join(command)} >> {shlex.quote(str(log))} 2>&1"
            f"  # epn remind {root}")


def install(args: argparse.Namespace) -> int:
    from epn_tui.commands.common import workspace_root
    from epn_tui.store.workspace import is_workspace

    root = workspace_root(args).resolve()
    if not is_workspace(root):
        raise CommandError(_("{root}: not an epn workspace (no epn.yaml)").format(root=root))
    kind = args.install
    if kind == "auto":
        kind = "systemd" if shutil.which("systemctl") else "cron"
    command = _command(root)
    if kind == "cron":
        line = cron_line(root, command)
        if not args.write:
            say(_("# Add this line with `crontab -e` (every day at 08:00):"))
            say(line)
            return EXIT_OK
        return _write_cron(line, root)
    name = unit_name(root)
    service, timer = systemd_units(root, command)
    folder = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") \
        / "systemd" / "user"
    enable = f"systemctl --user daemon-reload && systemctl --user enable --now {name}.timer"
    if not args.write:
        say(f"# {folder / (name + '.service')}")
        sys.stdout.write(service)
        say()
        say(f"# {folder / (name + '.timer')}")
        sys.stdout.write(timer)
        say()
        say(_("# Then: {command}").format(command=enable))
        return EXIT_OK
    from epn_tui.store.atomic import atomic_write

    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(folder / f"{name}.service", service.encode())
        atomic_write(folder / f"{name}.timer", timer.encode())
    except OSError as exc:
        raise CommandError(_("cannot write {path}: {error}")
                           .format(path=folder, error=exc.strerror or exc), 1) from None
    say(_("Written: {path}").format(path=folder / f"{name}.service"))
    say(_("Written: {path}").format(path=folder / f"{name}.timer"))
    say(_("Now run: {command}").format(command=enable))
    return EXIT_OK


def _write_cron(line: str, root: Path) -> int:
    crontab = shutil.which("crontab")
    if crontab is None:
        raise CommandError(_("no `crontab` command on this machine"), EXIT_PROBLEMS)
    current = subprocess.run([crontab, "-l"], capture_output=True, text=True,  # noqa: S603
                             check=False)
    text = current.stdout if current.returncode == 0 else ""
    marker = f"# epn remind {root}"
    if any(existing.endswith(marker) for existing in text.splitlines()):
        say(_("The crontab already runs epn remind for {root}.").format(root=root))
        return EXIT_OK
    new = text + ("" if not text or text.endswith("\n") else "\n") + line + "\n"
    done = subprocess.run([crontab, "-"], input=new, capture_output=True,  # noqa: S603
                          text=True, check=False)
    if done.returncode != 0:
        raise CommandError(_("crontab refused the line: {error}")
                           .format(error=" ".join(done.stderr.split())), EXIT_PROBLEMS)
    say(_("Added to the crontab: {line}").format(line=line))
    return EXIT_OK
