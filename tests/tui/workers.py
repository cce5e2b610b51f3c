"""Waiting for the app's workers in Pilot tests."""

from __future__ import annotations

from textual.app import App
from textual.worker import WorkerCancelled


async def workers_done(app: App[object]) -> None:
    """Wait until every worker of the app has ended. A worker that closes its own dialog
    at the end (`call_from_thread(… dismiss …)`) is cancelled by Textual as the dialog
    unmounts, its work already done: that is no failure here (the tests assert what is
    on disk and on screen). A worker that raised still fails the test."""
    for worker in list(app.workers):
        try:
            await worker.wait()
        except WorkerCancelled:
            pass
