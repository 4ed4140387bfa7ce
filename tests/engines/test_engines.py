"""run_partitions: same results, in input order, from every engine."""

from __future__ import annotations

import socket
from collections.abc import Generator, Iterator

import engine_funcs
import pytest

from claimledger.engines import EngineError, partitions, probe, run_partitions
from claimledger.errors import ClaimledgerError


def test_partitions_are_lazy_and_complete() -> None:
    consumed: list[int] = []

    def source() -> Iterator[int]:
        for i in range(10):
            consumed.append(i)
            yield i

    parts = partitions(source(), 4)
    assert next(parts) == [0, 1, 2, 3]
    assert consumed == [0, 1, 2, 3]
    assert list(parts) == [[4, 5, 6, 7], [8, 9]]


def test_inline_streams_in_order() -> None:
    assert list(run_partitions(engine_funcs.square, range(7), partition_size=3)) == [
        i * i for i in range(7)
    ]
    assert list(run_partitions(engine_funcs.square, [])) == []


def test_inline_runs_initializer_once() -> None:
    engine_funcs._LOADED.clear()
    out = list(
        run_partitions(
            engine_funcs.loaded, range(5), partition_size=2, initializer=engine_funcs.load_model
        )
    )
    assert out == [1] * 5


def test_inline_bounds_what_it_reads_ahead() -> None:
    read: list[int] = []

    def source() -> Iterator[int]:
        for i in range(1000):
            read.append(i)
            yield i

    stream = run_partitions(engine_funcs.square, source(), partition_size=10)
    assert next(stream) == 0
    assert len(read) == 10


@pytest.mark.slow
def test_process_pool_matches_inline_and_uses_other_processes() -> None:
    items = list(range(101))
    expected = list(run_partitions(engine_funcs.square, items, partition_size=8))
    got = list(run_partitions(engine_funcs.square, items, workers=2, partition_size=8))
    assert got == expected
    pids = {
        pid for _i, pid in run_partitions(engine_funcs.where, items, workers=2, partition_size=8)
    }
    import os

    assert os.getpid() not in pids


@pytest.mark.slow
def test_process_pool_reads_a_bounded_window() -> None:
    read: list[int] = []

    def source() -> Iterator[int]:
        for i in range(10_000):
            read.append(i)
            yield i

    stream = run_partitions(
        engine_funcs.square, source(), workers=2, partition_size=10, max_in_flight=3
    )
    assert next(stream) == 0
    assert len(read) <= 40  # three partitions in flight plus the one being filled
    assert isinstance(stream, Generator)
    stream.close()


@pytest.mark.slow
def test_process_pool_propagates_the_function_error() -> None:
    with pytest.raises(ValueError, match="unlucky"):
        list(run_partitions(engine_funcs.boom, range(20), workers=2, partition_size=4))


def test_wrong_result_count_is_an_engine_error() -> None:
    with pytest.raises(EngineError, match="one result per item"):
        list(run_partitions(engine_funcs.drop_one, range(5), partition_size=5))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"engine": "spark"}, "unknown engine"),
        ({"workers": 0}, "workers"),
        ({"partition_size": 0}, "partition size"),
        ({"scheduler": "tcp://127.0.0.1:8786"}, "only applies to --engine dask"),
    ],
)
def test_bad_options_are_actionable(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(EngineError, match=message) as info:
        run_partitions(engine_funcs.square, range(3), **kwargs)  # type: ignore[arg-type]
    assert isinstance(info.value, ClaimledgerError)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_unreachable_scheduler_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    import claimledger.engines as engines

    monkeypatch.setattr(engines, "CONNECT_TIMEOUT", 1.0)
    address = f"tcp://127.0.0.1:{_free_port()}"
    with pytest.raises(EngineError, match="dask scheduler") as info:
        list(run_partitions(probe, range(3), engine="dask", scheduler=address))
    assert address in str(info.value)
