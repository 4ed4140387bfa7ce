"""The Dask engine against a real LocalCluster on 127.0.0.1 (two worker processes)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from claimledger import __version__
from claimledger.engines import probe, run_partitions

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    import distributed

    make: Any = distributed.LocalCluster
    cluster = make(
        n_workers=2,
        threads_per_worker=1,
        host="127.0.0.1",
        processes=True,
        dashboard_address=None,
    )
    try:
        yield str(cluster.scheduler_address)
    finally:
        cluster.close()


def test_dask_gives_the_local_results_in_order(scheduler: str) -> None:
    items = list(range(53))
    local = [item for item, _pid, _v in run_partitions(probe, items, partition_size=5)]
    rows = list(
        run_partitions(
            probe, items, engine="dask", scheduler=scheduler, partition_size=5, max_in_flight=3
        )
    )
    assert [item for item, _pid, _v in rows] == local == items
    assert {v for _i, _p, v in rows} == {__version__}
    assert len({pid for _i, pid, _v in rows}) == 2  # both workers took partitions


def test_dask_accepts_an_address_without_scheme(scheduler: str) -> None:
    bare = scheduler.removeprefix("tcp://")
    rows = list(run_partitions(probe, [1, 2, 3], engine="dask", scheduler=bare))
    assert [r[0] for r in rows] == [1, 2, 3]


def test_dask_runs_a_callers_function(scheduler: str) -> None:
    import engine_funcs

    got = list(
        run_partitions(
            engine_funcs.square, range(40), engine="dask", scheduler=scheduler, partition_size=7
        )
    )
    assert got == [i * i for i in range(40)]


def test_dask_reports_the_function_error(scheduler: str) -> None:
    import engine_funcs

    with pytest.raises(ValueError, match="unlucky"):
        list(
            run_partitions(
                engine_funcs.boom, range(20), engine="dask", scheduler=scheduler, partition_size=4
            )
        )


def test_real_claim_extraction_matches_local(scheduler: str) -> None:
    claims = pytest.importorskip("claimledger.claims", reason="the claims stage is not built yet")
    from claimledger.ledger import extract_partition
    from claimledger.records import Document

    del claims
    texts = [
        "The port authority said on Tuesday that 4,200 trucks crossed the checkpoint in May.",
        "Officials told reporters that about 300 families had left the valley since March.",
        "Nothing countable happens in this sentence at all.",
    ]
    docs = [
        Document(
            id=i,
            source=f"t{i}.txt",
            url=None,
            title=None,
            outlet=None,
            published="2024-05-02",
            published_source="text",
            language="en",
            duplicate_of=None,
            story=1,
            text=t,
        )
        for i, t in enumerate(texts, start=1)
    ]
    local = list(run_partitions(extract_partition, docs, partition_size=2))
    remote = list(
        run_partitions(
            extract_partition, docs, engine="dask", scheduler=scheduler, partition_size=2
        )
    )
    assert remote == local
    assert sum(len(c) for c, _s in local) >= 2


def test_dask_writes_the_same_ledger_as_the_local_run(
    scheduler: str, tmp_path: Any
) -> None:
    """The example corpus end to end: stories, claims and measures field for field."""
    from pathlib import Path

    from claimledger import Ledger

    corpus = Path(__file__).resolve().parents[2] / "examples" / "corpus"
    ledgers = {}
    for engine in ("local", "dask"):
        with Ledger(tmp_path / f"{engine}.db") as ledger:
            ledger.ingest([str(corpus)], manifest=str(corpus / "manifest.csv"))
            ledger.analyze(engine=engine, scheduler=scheduler if engine == "dask" else None)
            ledgers[engine] = (
                [s.to_dict() for s in ledger.stories()],
                [c.to_dict() for c in ledger.claims()],
                [m.to_dict() for m in ledger.measures()],
            )
    assert ledgers["dask"] == ledgers["local"]
    assert len(ledgers["local"][1]) > 50 and len(ledgers["local"][2]) > 10
