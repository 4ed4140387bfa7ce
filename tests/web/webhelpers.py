"""Helpers shared by the web tests: a live uvicorn server and private ledger copies."""

from __future__ import annotations

import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, closing, contextmanager
from pathlib import Path
from typing import Any

import uvicorn

DATA = Path(__file__).resolve().parents[1] / "data" / "web"
REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "corpus"
ARTIFACTS = REPO / "test-artifacts"


def copy_db(source: Path, target: Path) -> Path:
    """A private copy of a ledger, for a test that writes to it."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
    return target


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """Run ``app`` under uvicorn on 127.0.0.1 until the block ends."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start on 127.0.0.1")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


Server = Callable[..., AbstractContextManager[str]]


def wait_for_job(get: Callable[[str], Any], job_url: str, timeout: float = 120.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        data = get(job_url)
        if data["state"] in ("done", "failed"):
            return data
        if time.monotonic() > deadline:
            raise AssertionError(f"job still {data['state']} after {timeout} s: {data}")
        time.sleep(0.2)
