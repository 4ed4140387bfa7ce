"""One overall deadline per fetch, enforced on every socket operation.

httpx's timeouts bound each read separately, so a server trickling one header byte every
half second never trips a 3 s read timeout and holds the fetch for minutes. This network
backend clamps the timeout of every connect, read and write to the time left before the
fetch's deadline, and fails at once when none is left.
"""

from __future__ import annotations

import ssl
import time
import typing

import httpcore
import httpx
from httpcore import NetworkBackend, NetworkStream


class DeadlineBackend(NetworkBackend):
    """httpcore's synchronous backend, with ``deadline`` (time.monotonic) honoured."""

    def __init__(self) -> None:
        self.inner = httpcore.SyncBackend()
        self.deadline: float | None = None

    def left(self, timeout: float | None, error: type[Exception]) -> float | None:
        """The timeout to use now: the smaller of ``timeout`` and the time left."""
        if self.deadline is None:
            return timeout
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise error("the fetch's overall deadline passed")
        return remaining if timeout is None else min(timeout, remaining)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[typing.Any] | None = None,
    ) -> NetworkStream:
        stream = self.inner.connect_tcp(
            host, port, self.left(timeout, httpcore.ConnectTimeout), local_address,
            socket_options,
        )  # fmt: skip
        return DeadlineStream(stream, self)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[typing.Any] | None = None,
    ) -> NetworkStream:
        raise httpcore.ConnectError("unix sockets are never fetched")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


class DeadlineStream(NetworkStream):
    def __init__(self, stream: NetworkStream, backend: DeadlineBackend) -> None:
        self.stream = stream
        self.backend = backend

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.stream.read(max_bytes, self.backend.left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.stream.write(buffer, self.backend.left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self.stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> NetworkStream:
        inner = self.stream.start_tls(
            ssl_context, server_hostname, self.backend.left(timeout, httpcore.ConnectTimeout)
        )
        return DeadlineStream(inner, self.backend)

    def get_extra_info(self, info: str) -> typing.Any:
        return self.stream.get_extra_info(info)


def deadline_transport(backend: DeadlineBackend) -> httpx.HTTPTransport:
    """An httpx transport whose connections all go through ``backend``."""
    transport = httpx.HTTPTransport(trust_env=False)
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False),
        network_backend=backend,
    )
    return transport
