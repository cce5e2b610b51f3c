"""Sending mail for `epn remind`: smtplib over STARTTLS, implicit TLS or (local) plain.

Where the settings come from, the environment first:

| what | environment | epn.yaml (`reminders: smtp:`) |
| --- | --- | --- |
| host | `EPN_SMTP_HOST` | `host` |
| port | `EPN_SMTP_PORT` | `port` (default 587, 465 for `tls`, 25 for `none`) |
| security | `EPN_SMTP_SECURITY` | `security`: `starttls` (default), `tls`, `none` |
| user | `EPN_SMTP_USER` | `user` |
| password | `EPN_SMTP_PASSWORD` | never; `password_command` (see below) |

Without EPN_SMTP_PASSWORD, the password is the first line printed by `password_command`
(an argument list, run without a shell), else the system keyring's (service `epn-tui`,
the user name: `keyring set epn-tui USER`).

A password is never sent over a plain connection to another machine (`security: none`
is for a relay on this machine). The password is held in memory only: never written,
never printed, not in any error message.
"""

from __future__ import annotations

import os
import smtplib
import ssl
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage

from msgspec import Struct

from epn_tui.core.model import Smtp
from epn_tui.core.reminders import DEFAULT_PORTS, SECURITIES
from epn_tui.i18n import _

KEYRING_SERVICE = "epn-tui"
TIMEOUT = 30.0
LOOPBACK = ("localhost", "127.0.0.1", "::1")


class MailError(RuntimeError):
    """One line for the user; never holds the password."""


class Server(Struct, frozen=True, gc=False):
    host: str
    port: int
    security: str
    user: str
    password_command: tuple[str, ...] = ()


def server(settings: Smtp | None, environ: dict[str, str] | None = None) -> Server:
    env = os.environ if environ is None else environ
    base = settings or Smtp()
    host = env.get("EPN_SMTP_HOST") or base.host
    security = env.get("EPN_SMTP_SECURITY") or base.security
    if not host:
        raise MailError(_("no mail server: set `reminders: smtp: host:` in epn.yaml or "
                          "EPN_SMTP_HOST"))
    if security not in SECURITIES:
        raise MailError(_("EPN_SMTP_SECURITY must be `starttls`, `tls` or `none`"))
    port = base.port or DEFAULT_PORTS[security]
    if env.get("EPN_SMTP_PORT"):
        try:
            port = int(env["EPN_SMTP_PORT"])
        except ValueError:
            raise MailError(_("EPN_SMTP_PORT must be a port number")) from None
    return Server(host, port, security, env.get("EPN_SMTP_USER") or base.user,
                  base.password_command)


def password(srv: Server, environ: dict[str, str] | None = None) -> str | None:
    """The password: EPN_SMTP_PASSWORD, else `password_command`, else the keyring."""
    env = os.environ if environ is None else environ
    if env.get("EPN_SMTP_PASSWORD"):
        return env["EPN_SMTP_PASSWORD"]
    if srv.password_command:
        try:
            done = subprocess.run(list(srv.password_command), capture_output=True,  # noqa: S603
                                  text=True, timeout=60, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise MailError(_("the password command {command} did not run: {error}")
                            .format(command=srv.password_command[0],
                                    error=getattr(exc, "strerror", None) or exc)) from None
        if done.returncode != 0:
            raise MailError(_("the password command {command} failed (exit {code})")
                            .format(command=srv.password_command[0], code=done.returncode))
        lines = done.stdout.splitlines()
        return lines[0] if lines else ""
    if not srv.user:
        return None
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:  # pragma: no cover - a dependency; a broken install
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, srv.user)
    except (KeyringError, RuntimeError, OSError):
        return None  # no usable keyring on this machine (a server without a session)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode("utf-8", "replace") if isinstance(
            exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"{exc.smtp_code} {' '.join(text.split())}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{who}: {code}" for who, (code, _msg) in exc.recipients.items())
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return " ".join(str(exc).split()) or type(exc).__name__


@contextmanager
def connect(srv: Server, secret: str | None) -> Iterator[smtplib.SMTP]:
    """A logged-in connection; MailError (one line) when the server cannot be used."""
    where = f"{srv.host}:{srv.port}"
    try:
        if srv.security == "tls":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                srv.host, srv.port, timeout=TIMEOUT, context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(srv.host, srv.port, timeout=TIMEOUT)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(_("mail server {where} unreachable: {reason}; nothing was sent")
                        .format(where=where, reason=_reason(exc))) from None
    try:
        try:
            client.ehlo()
            if srv.security == "starttls":
                client.starttls(context=ssl.create_default_context())
                client.ehlo()
            if srv.user and secret:
                if srv.security == "none" and srv.host not in LOOPBACK:
                    raise MailError(_("refusing to send the password to {where} without "
                                      "encryption: use `security: starttls` or `tls`")
                                    .format(where=where))
                client.login(srv.user, secret)
        except (OSError, smtplib.SMTPException) as exc:
            raise MailError(_("mail server {where} refused: {reason}; nothing was sent")
                            .format(where=where, reason=_reason(exc))) from None
        yield client
    finally:
        try:
            client.quit()
        except (OSError, smtplib.SMTPException):
            client.close()


def send(client: smtplib.SMTP, message: EmailMessage, where: str) -> None:
    try:
        refused = client.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(_("mail server {where} refused « {subject} »: {reason}")
                        .format(where=where, subject=message["Subject"],
                                reason=_reason(exc))) from None
    if refused:
        raise MailError(_("mail server {where} refused « {subject} » for {who}")
                        .format(where=where, subject=message["Subject"],
                                who=", ".join(refused)))
