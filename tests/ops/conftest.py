"""Operations tests: real processes (docai run, docai serve, a Prefect server, a Dask cluster),
killed and cleaned up by their process group."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
# A first Prefect server start migrates its database: 20-60 s on a busy machine.
SERVER_STARTUP_S = 150


def offline_env(prefect_home: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PREFECT_API_URL", None)
    env.update(PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1",
               ORT_DISABLE_TELEMETRY="1", PREFECT_HOME=str(prefect_home),
               PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS=str(SERVER_STARTUP_S),
               PYTHONPATH=str(REPO))
    env.update(extra)
    return env


def start(args: list[str], env: dict[str, str], **kwargs) -> subprocess.Popen:
    """A process in its own group, so that stop() ends its children too."""
    return subprocess.Popen(args, env=env, cwd=REPO, start_new_session=True, **kwargs)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait(timeout=30)


@contextmanager
def running(args: list[str], env: dict[str, str], **kwargs) -> Iterator[subprocess.Popen]:
    process = start(args, env, **kwargs)
    try:
        yield process
    finally:
        stop(process)


def docai(*args: str, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docai", *args], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=timeout)


def wait_for(condition: Callable[[], object], timeout: float, what: str,
             every: float = 0.5) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rows(db: Path, sql: str, params=()) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


@pytest.fixture(scope="session")
def prefect_api(tmp_path_factory) -> Iterator[tuple[str, dict[str, str]]]:
    """`prefect server start` on loopback with its own home; yields the API URL and an
    environment pointing at it."""
    home = tmp_path_factory.mktemp("prefect-server-home")
    port = free_port()
    url = f"http://127.0.0.1:{port}/api"
    env = offline_env(home, PREFECT_UI_ENABLED="false")
    log = (home / "server.log").open("w")
    with running([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                  "--port", str(port)], env, stdout=log, stderr=subprocess.STDOUT) as server:

        def healthy() -> bool:
            if server.poll() is not None:
                raise AssertionError(f"prefect server exited: {(home / 'server.log').read_text()}")
            try:
                return httpx.get(f"{url}/health", timeout=2).status_code == 200
            except httpx.HTTPError:
                return False

        wait_for(healthy, SERVER_STARTUP_S, "the Prefect server")
        yield url, offline_env(home, PREFECT_API_URL=url)
    log.close()
