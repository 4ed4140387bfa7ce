"""How per-document work runs: inline, in a local process pool, or on a Dask cluster.

Every engine takes the same partitioned view of the input: ``func`` receives a list of
items (a partition, a few hundred documents) and returns one result per item. Partitioning
keeps per-task overhead (process hand-off, ~2 ms per Dask task) small against the work,
and lets one model load serve many documents. Results come back in input order with only a
bounded number of partitions in flight, so a 100k-document run holds a few partitions in
memory, never the whole corpus, and the caller can write each result through its single
store connection as it arrives.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Any, TypeVar

from claimledger.errors import ClaimledgerError

__all__ = ["ENGINES", "EngineError", "partitions", "probe", "run_partitions"]

T = TypeVar("T")
R = TypeVar("R")

ENGINES = ("local", "dask")
CONNECT_TIMEOUT = 10.0  # seconds to reach a Dask scheduler before giving up


class EngineError(ClaimledgerError):
    """An execution engine cannot run: bad options, unreachable scheduler, dead workers."""


def partitions(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of ``size`` items, read lazily from ``items``."""
    iterator = iter(items)
    while True:
        chunk = list(islice(iterator, size))
        if not chunk:
            return
        yield chunk


def probe(items: list[int]) -> list[tuple[int, int, str]]:
    """A cheap partition function for checking an engine: (item, process id, version).

    Running it through ``run_partitions`` proves the workers can import this same
    claimledger, which is the commonest failure on a fresh Dask cluster.
    """
    from claimledger import __version__

    pid = os.getpid()
    return [(item, pid, __version__) for item in items]


def run_partitions(
    func: Callable[[list[T]], list[R]],
    items: Iterable[T],
    *,
    engine: str = "local",
    workers: int = 1,
    scheduler: str | None = None,
    partition_size: int = 256,
    initializer: Callable[[], None] | None = None,
    max_in_flight: int | None = None,
) -> Iterator[R]:
    """Streams ``func``'s results for every item, in input order.

    ``func`` must be a picklable top-level function taking a partition (list) and returning
    exactly one result per item. ``engine="local"`` runs inline when ``workers == 1`` and
    in a forkserver/spawn process pool otherwise; ``engine="dask"`` submits partitions to
    the scheduler at ``scheduler`` (``tcp://HOST:PORT``), or to a private LocalCluster of
    ``workers`` processes on 127.0.0.1 when no scheduler is given. ``initializer`` runs once
    in each worker process before any partition (load heavy models there). At most
    ``max_in_flight`` partitions (default: twice the workers) are pending at any time.
    """
    if engine not in ENGINES:
        raise EngineError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    if workers < 1:
        raise EngineError(f"workers must be at least 1, not {workers}")
    if partition_size < 1:
        raise EngineError(f"partition size must be at least 1, not {partition_size}")
    if scheduler is not None and engine != "dask":
        raise EngineError(
            f"a scheduler address ({scheduler}) only applies to --engine dask; "
            "add --engine dask or drop --scheduler"
        )
    if max_in_flight is not None and max_in_flight < 1:
        raise EngineError(f"max_in_flight must be at least 1, not {max_in_flight}")
    parts = partitions(items, partition_size)
    if engine == "dask":
        return _dask(func, parts, workers, scheduler, initializer, max_in_flight)
    if workers == 1:
        return _inline(func, parts, initializer)
    return _pool(func, parts, workers, initializer, max_in_flight or 2 * workers)


def _checked(part: list[Any], results: Any, func: Callable[..., Any]) -> list[Any]:
    if not isinstance(results, list) or len(results) != len(part):
        got = len(results) if isinstance(results, list) else type(results).__name__
        raise EngineError(
            f"{getattr(func, '__qualname__', func)!s} returned {got} results for a partition "
            f"of {len(part)} items; a partition function must return one result per item"
        )
    return results


def _inline(
    func: Callable[[list[T]], list[R]],
    parts: Iterator[list[T]],
    initializer: Callable[[], None] | None,
) -> Iterator[R]:
    if initializer is not None:
        initializer()
    for part in parts:
        yield from _checked(part, func(part), func)


def _context() -> multiprocessing.context.BaseContext:
    """forkserver where the platform has it: workers start clean, without the parent's
    threads or open SQLite connection, and faster than spawn; spawn elsewhere."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _pool(
    func: Callable[[list[T]], list[R]],
    parts: Iterator[list[T]],
    workers: int,
    initializer: Callable[[], None] | None,
    in_flight: int,
) -> Iterator[R]:
    executor = ProcessPoolExecutor(
        max_workers=workers, mp_context=_context(), initializer=initializer
    )
    pending: deque[tuple[list[T], Future[list[R]]]] = deque()
    try:
        for part in parts:
            pending.append((part, executor.submit(func, part)))
            while len(pending) >= in_flight:
                yield from _take(pending, func)
        while pending:
            yield from _take(pending, func)
    except BrokenProcessPool as exc:
        raise EngineError(
            "a worker process died (killed, or out of memory); retry with fewer --workers "
            "or a smaller partition size; finished documents are kept"
        ) from exc
    finally:
        for _part, future in pending:
            future.cancel()
        executor.shutdown(wait=True, cancel_futures=True)


def _take(pending: deque[tuple[list[T], Future[list[R]]]], func: Callable[..., Any]) -> list[R]:
    part, future = pending.popleft()
    return _checked(part, future.result(), func)


def _dask(
    func: Callable[[list[T]], list[R]],
    parts: Iterator[list[T]],
    workers: int,
    scheduler: str | None,
    initializer: Callable[[], None] | None,
    max_in_flight: int | None,
) -> Iterator[R]:
    try:
        import distributed
    except ImportError as exc:  # pragma: no cover - distributed is a dependency
        raise EngineError(
            "the dask engine needs the 'distributed' package: pip install distributed"
        ) from exc

    Client: Any = distributed.Client
    LocalCluster: Any = distributed.LocalCluster
    cluster: Any = None
    client: Any = None
    try:
        if scheduler is None:
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
            )
            client = Client(cluster)
        else:
            client = Client(_address(scheduler), timeout=CONNECT_TIMEOUT)
            if not client.scheduler_info().get("workers"):
                try:
                    client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
                except (OSError, TimeoutError) as exc:
                    client.close()
                    raise EngineError(
                        f"the Dask scheduler at {scheduler} has no workers; start some with "
                        f"`dask worker {_address(scheduler)}` or run with --engine local"
                    ) from exc
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        where = scheduler or "a local Dask cluster"
        raise EngineError(
            f"cannot reach the Dask scheduler at {where} ({exc}); start one with "
            "`dask scheduler` and at least one `dask worker tcp://HOST:8786`, check the "
            "address and firewall, or run with --engine local"
        ) from exc
    return _dask_stream(func, parts, client, cluster, workers, initializer, max_in_flight)


def _address(scheduler: str) -> str:
    address = scheduler.strip()
    if not address:
        raise EngineError("empty scheduler address: give tcp://HOST:PORT")
    if "://" not in address:
        address = "tcp://" + address
    return address


def _dask_stream(
    func: Callable[[list[T]], list[R]],
    parts: Iterator[list[T]],
    client: Any,
    cluster: Any,
    workers: int,
    initializer: Callable[[], None] | None,
    max_in_flight: int | None,
) -> Iterator[R]:
    pending: deque[tuple[list[T], Any]] = deque()
    try:
        available = len(client.scheduler_info().get("workers", {})) or workers
        if initializer is not None:
            client.run(initializer)
        limit = max_in_flight or max(2, 2 * available)
        for part in parts:
            pending.append((part, client.submit(func, part, pure=False)))
            while len(pending) >= limit:
                yield from _dask_take(pending, func)
        while pending:
            yield from _dask_take(pending, func)
    finally:
        for _part, future in pending:
            future.cancel()
        client.close()
        if cluster is not None:
            cluster.close()


def _dask_take(pending: deque[tuple[list[T], Any]], func: Callable[..., Any]) -> list[R]:
    part, future = pending.popleft()
    try:
        results = future.result()
    finally:
        future.release()
    return _checked(part, results, func)
