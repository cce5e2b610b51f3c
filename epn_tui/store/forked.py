"""Run a function in a forked child and read back the bytes it returns.

Used where two cores help and threads cannot (the GIL): the command line's bulk parse
(`store.parallel`) and the UI's look-up of the last dashboard while Textual starts
(`epn_tui.startup`). The child writes its answer to a pipe and exits at once with
`os._exit` (no cleanup of the parent's state runs twice); status 1 when it failed.
POSIX only: callers check `can_fork()` and otherwise do the work themselves.
"""

from __future__ import annotations

import os
from collections.abc import Callable


def can_fork() -> bool:
    return hasattr(os, "fork")


def spawn(work: Callable[[], bytes], pipe_size: int = 0) -> tuple[int, int]:
    """(read end of the pipe, child pid). `pipe_size`: room for the whole answer, so
    the child need not wait for the parent to read (Linux only; ignored elsewhere)."""
    read_fd, write_fd = os.pipe()
    if pipe_size:
        try:
            import fcntl

            fcntl.fcntl(write_fd, fcntl.F_SETPIPE_SZ, pipe_size)
        except (ImportError, AttributeError, OSError):  # not Linux, or above the limit
            pass
    pid = os.fork()
    if pid == 0:  # the child: never returns
        status = 1
        try:
            os.close(read_fd)
            write_all(write_fd, work())
            status = 0
        finally:
            os._exit(status)
    os.close(write_fd)
    return read_fd, pid


def finish(read_fd: int, pid: int) -> tuple[bytes, bool]:
    """(everything the child wrote, whether it succeeded); closes the pipe and reaps
    the child."""
    chunks: list[bytes] = []
    try:
        while chunk := os.read(read_fd, 1 << 20):
            chunks.append(chunk)
    except OSError:
        chunks = []
    finally:
        os.close(read_fd)
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        status = 1
    return b"".join(chunks), status == 0


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    os.close(fd)
