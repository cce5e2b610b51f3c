"""Run the rendering of a document in a child process with limits, so that a hostile
convention body cannot exhaust the machine (issue 13, section 2).

The body of a convention is a Jinja2 template from a shared repository: untrusted. The
sandbox (render.compose) refuses Python internals and caps the obvious amplifiers
(`*`, `center`, `join`…), but a template can still build a huge text by other means
(recursive macros, `~` in a loop), and typst, given a huge text, runs for minutes and
aborts on a memory panic. So composing *and* the PDF step run in a forked child with

- an address-space limit (`RLIMIT_AS`): MEMORY_MB above what the process already uses
  when it forks (a fixed total would depend on what the parent — the UI — has loaded);
- a CPU-time limit (`RLIMIT_CPU`): CPU_SECONDS, then SIGXCPU (and SIGKILL 2 s later);
- a wall-clock limit (WALL_SECONDS): the parent kills a child that has not answered
  (one blocked on a lock inherited from a thread of the parent, say);
- an output cap (OUTPUT_MB): the parent stops reading and kills the child past it.

A child that passes a limit becomes one `LimitError` in the parent (its `kind`: memory,
time, output, crash), which the caller turns into a `path:line: message`. Where
`fork` or `resource` do not exist (Windows), the work runs in the process itself,
guarded by the sandbox's caps and the template time limit only.

The child is a fork: nothing is imported nor read again (≈ 5 ms), the result comes
back pickled through a pipe (the child is our own code, so unpickling is safe).
"""

from __future__ import annotations

import os
import pickle
import signal
import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

MEMORY_MB = 1024       # address space the child may add to what the process had at fork
CPU_SECONDS = 8        # CPU time of the child (typst may use more than one core)
WALL_SECONDS = 12      # the child's answer must arrive within this (then SIGKILL)
OUTPUT_MB = 64         # the document sent back (a long PDF is a few MB)


class LimitError(Exception):
    """The child passed a limit; `kind` is "memory", "time", "output" or "crash"."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(kind, detail)
        self.kind = kind
        self.detail = detail


def available() -> bool:
    """Whether the work can run in a limited child (POSIX with `resource`)."""
    if not hasattr(os, "fork"):
        return False
    try:
        import resource  # noqa: F401
    except ImportError:
        return False
    return True


def _address_space() -> int | None:
    """The process's virtual size in bytes (Linux: /proc/self/statm), or None."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            pages = int(handle.read().split()[0])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def _limit_self() -> None:
    """In the child: the memory and CPU limits (never raised above the current ones)."""
    import resource

    def lower(which: int, soft: int, hard: int) -> None:
        old_soft, old_hard = resource.getrlimit(which)
        if old_hard != resource.RLIM_INFINITY:
            hard = min(hard, old_hard)
            soft = min(soft, hard)
        if old_soft != resource.RLIM_INFINITY:
            soft = min(soft, old_soft)
        try:
            resource.setrlimit(which, (soft, hard))
        except (ValueError, OSError):
            pass

    size = _address_space()
    if size is not None:
        limit = size + MEMORY_MB * 1024 * 1024
        lower(resource.RLIMIT_AS, limit, limit)
    lower(resource.RLIMIT_CPU, CPU_SECONDS, CPU_SECONDS + 2)
    # What typst says when it aborts (« memory allocation of … failed », a backtrace)
    # is not for the user: the parent says it in one line.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass
    # A signal handler of the parent (the UI's) has nothing to do in the child.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _outcome_bytes(work: Callable[[], Any]) -> bytes:
    """The work's pickled outcome: ("ok", value), ("raise", exception), ("limit", …)."""
    outcome: tuple[str, Any]
    try:
        outcome = ("ok", work())
    except MemoryError:
        outcome = ("limit", LimitError("memory"))
    except Exception as exc:  # noqa: BLE001 - sent back to be raised in the parent
        outcome = ("raise", exc)
    try:
        data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        data = pickle.dumps(("limit", LimitError("memory")))
    except Exception as exc:  # noqa: BLE001 - an exception that does not pickle
        data = pickle.dumps(("raise", RuntimeError(str(exc))))
    if len(data) > OUTPUT_MB * 1024 * 1024:
        data = pickle.dumps(("limit", LimitError("output")))
    return data


def _answer(work: Callable[[], Any]) -> bytes:
    """The forked child's side: limits, then the work."""
    _limit_self()
    return _outcome_bytes(work)


def native_threads() -> int | None:
    """Threads of this process that Python did not start (typst's worker pool once it
    has compiled here, watchfiles' in the UI), or None when it cannot be told. A fork
    copies none of them: a library that waits for its pool would wait for ever."""
    try:
        tasks = len(os.listdir("/proc/self/task"))
    except OSError:
        return None
    import threading

    return max(tasks - threading.active_count(), 0)


# (module, function, arguments, modules to import before the limits): the work by name,
# for a new interpreter.
Call = tuple[str, str, tuple[Any, ...], tuple[str, ...]]


def run_bounded(work: Callable[[], T], call: Call | None = None) -> T:
    """`work()` in a limited child; its value or its exception, or LimitError.

    A fork when this process has no thread Python does not know of; otherwise (or
    without `fork`) a new interpreter runs `call` — `module.function(*arguments)`, the
    same work by name — under the same limits (≈ 0.3 s more: start-up and imports).
    Without either, `work()` runs here."""
    if not available():
        return work()
    if native_threads() == 0:
        from epn_tui.store.forked import spawn

        read_fd, pid = spawn(lambda: _answer(work))
        return _collect(read_fd, lambda kill: _reap(pid, kill))
    if call is None:
        return work()
    return _run_fresh(call)


def _run_fresh(call: Call) -> Any:
    """`call` in a new interpreter (`python -m epn_tui.render.bounded`): the request
    pickled on its stdin, the outcome on its stdout."""
    import subprocess
    import sys
    from pathlib import Path

    import epn_tui
    from epn_tui.i18n import current_language

    package_root = str(Path(epn_tui.__file__).resolve().parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH"))
                                        if p)
    request = pickle.dumps((current_language(), call), protocol=pickle.HIGHEST_PROTOCOL)
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "epn_tui.render.bounded"], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, close_fds=True)
    assert proc.stdin is not None and proc.stdout is not None
    try:
        proc.stdin.write(request)
        proc.stdin.close()
    except OSError:
        pass

    def reap(kill: bool) -> int:
        if kill:
            proc.kill()
        try:
            code = proc.wait(timeout=1.0)
        except subprocess.TimeoutExpired:
            proc.kill()
            code = proc.wait()
        # As a wait status, so that one reading serves both ways.
        return (-code) & 0x7F if code < 0 else (code & 0xFF) << 8

    fd = os.dup(proc.stdout.fileno())
    proc.stdout.close()
    return _collect(fd, reap)


def _collect(read_fd: int, reap: Callable[[bool], int]) -> Any:
    """Read the child's answer within WALL_SECONDS and OUTPUT_MB; reap it (killed
    unless it closed its pipe: past a limit, or the parent interrupted)."""
    import select

    chunks: list[bytes] = []
    size = 0
    too_big = timed_out = finished = False
    deadline = time.monotonic() + WALL_SECONDS
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            ready, _w, _x = select.select([read_fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                finished = True
                break
            size += len(chunk)
            if size > OUTPUT_MB * 1024 * 1024 + (1 << 20):
                too_big = True
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        status = reap(not finished)
    if timed_out:
        raise LimitError("time", "wall")  # the clock, not the CPU limit
    if too_big:
        raise LimitError("output")
    return _outcome(b"".join(chunks), status)


def _reap(pid: int, kill: bool) -> int:
    """The forked child's wait status; killed first when asked, or when it does not
    end within a second of closing its pipe."""
    if not kill:
        end = time.monotonic() + 1.0
        while time.monotonic() < end:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return status
            time.sleep(0.002)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    return os.waitpid(pid, 0)[1]


def _outcome(data: bytes, status: int) -> Any:
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig in (signal.SIGXCPU, signal.SIGKILL):
            raise LimitError("time")
        # typst aborts (SIGABRT) when an allocation fails under the memory limit.
        if sig in (signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS):
            raise LimitError("memory", signal.Signals(sig).name)
        raise LimitError("crash", signal.Signals(sig).name)
    if not data:
        # No answer: the answer itself could not be made, most often for want of
        # memory (a MemoryError while pickling it, or in the interpreter's start-up).
        code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else -1
        raise LimitError("memory" if code == 1 else "crash", f"exit {code}")
    try:
        kind, value = pickle.loads(data)  # noqa: S301 - written by our own child
    except Exception as exc:  # noqa: BLE001 - a truncated answer
        raise LimitError("crash", str(exc)) from None
    if kind == "ok":
        return value
    raise value


def _main() -> None:
    """`python -m epn_tui.render.bounded`: run the pickled request of stdin (from
    `_run_fresh`), write the pickled outcome on stdout."""
    import importlib
    import sys

    from epn_tui.i18n import set_language
    from epn_tui.store.forked import write_all

    out = os.dup(1)
    try:
        language, (module_name, function_name, arguments, preload) = pickle.loads(  # noqa: S301
            sys.stdin.buffer.read())
        set_language(language)
        for name in preload:
            importlib.import_module(name)
        function = getattr(importlib.import_module(module_name), function_name)
    except Exception as exc:  # noqa: BLE001 - said in the parent, as a crash
        write_all(out, pickle.dumps(("limit", LimitError("crash", repr(exc)))))
        os._exit(0)
    _limit_self()  # after the imports: the limit is above what they take
    write_all(out, _outcome_bytes(lambda: function(*arguments)))
    os._exit(0)


if __name__ == "__main__":
    # Through the module's own name: what the child pickles (LimitError) must be
    # `epn_tui.render.bounded.LimitError` for the parent, not `__main__.LimitError`.
    from epn_tui.render.bounded import _main as main

    main()
