"""Where a flow's document tasks run: threads of the flow run's process, or a Dask cluster.

With Dask the tasks run on the workers and hand back spool paths; the flow stays the
database's single writer. Each local worker is a process with one thread (PyMuPDF is not
thread-safe) and the document engines get cores ÷ workers threads, so cores are not
oversubscribed. Workers of a remote cluster need the spool folder on storage they share with
the flow, and the same docai installed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

TASK_RUNNERS = ("threads", "dask")


def build_task_runner(kind: str = "threads", dask_address: str | None = None,
                      dask_workers: int = 2) -> TaskRunner:
    if kind == "threads":
        return ThreadPoolTaskRunner()
    if kind != "dask":
        raise ValueError(f"task runner {kind!r}: expected one of {', '.join(TASK_RUNNERS)}")
    from prefect_dask import DaskTaskRunner

    if dask_address:
        return DaskTaskRunner(address=dask_address)
    return DaskTaskRunner(cluster_kwargs={"n_workers": dask_workers, "threads_per_worker": 1,
                                          "processes": True, "dashboard_address": ":0"})


def worker_threads(options: dict | None, kind: str, dask_address: str | None,
                   dask_workers: int) -> dict:
    """Options with the engine threads of a local cluster's worker set, unless given."""
    options = dict(options or {})
    if kind == "dask" and not dask_address and not options.get("threads"):
        options["threads"] = max(1, (os.cpu_count() or 1) // max(1, dask_workers))
    return options


@contextmanager
def api_server(timeout_s: int = 120) -> Iterator[None]:
    """Make sure the flow and its Dask workers talk to one Prefect API.

    With PREFECT_API_URL set this does nothing. Without it, Prefect would start a temporary
    server in the flow's process and another in every Dask worker; this starts one, points
    this process and the workers it spawns (they inherit the environment) at it, and stops it
    at the end."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    if PREFECT_API_URL.value():
        yield
        return
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    server.start(timeout=timeout_s)
    previous = os.environ.get("PREFECT_API_URL")
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
            yield
    finally:
        # Send what is queued for the API while it is still there.
        from prefect.events.worker import EventsWorker
        from prefect.logging.handlers import APILogWorker

        APILogWorker.drain_all(timeout=10)
        EventsWorker.drain_all(timeout=10)
        if previous is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = previous
        server.stop()
