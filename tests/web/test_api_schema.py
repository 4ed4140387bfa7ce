"""Schemathesis fuzzes every operation of the served OpenAPI document: no input may cause a
server error. The token is set, so every request also exercises the auth middleware."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from schemathesis.core.result import Err
from webhelpers import copy_db, serve

from claimledger.web import create_app

TOKEN = "schema-token"
EXAMPLES_PER_OPERATION = 25


def test_no_operation_answers_with_a_server_error(corpus_db: Path, tmp_path: Path) -> None:
    import schemathesis

    db = copy_db(corpus_db, tmp_path / "schema.db")
    headers = {"Authorization": f"Bearer {TOKEN}"}
    app = create_app(db, token=TOKEN, max_upload_bytes=200_000)
    with serve(app) as base:
        schema = schemathesis.openapi.from_url(f"{base}/api/openapi.json", headers=headers)
        operations = []
        for result in schema.get_all_operations():
            if isinstance(result, Err):
                pytest.fail(f"the served OpenAPI document is invalid: {result.err()}")
            operations.append(result.ok())
        labels = {op.label for op in operations}
        assert {"GET /api/claims", "POST /api/ingest", "GET /api/measures/{measure_id}"} <= labels
        failures: list[str] = []
        calls = 0
        for operation in operations:

            @given(case=operation.as_strategy())
            @settings(
                max_examples=EXAMPLES_PER_OPERATION if operation.method == "get" else 8,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def check(case: Any) -> None:
                nonlocal calls
                if case.method.upper() == "POST" and isinstance(case.body, dict):
                    case.body["urls"] = []  # never let the fuzzer reach the network
                response = case.call(base_url=base, headers=headers, timeout=30)
                calls += 1
                if response.status_code >= 500:
                    failures.append(
                        f"{case.method} {case.formatted_path} -> {response.status_code}: "
                        f"{response.text[:200]}"
                    )

            check()
        assert calls >= len(operations) * 5, calls
        assert app.state.jobs.wait_idle(120), "ingest jobs queued by the fuzzer did not finish"
        assert failures == []
        unauthenticated = schemathesis.openapi.from_url  # the schema itself is guarded too
        with pytest.raises(Exception):  # noqa: B017 - any loader error: 401 is not a schema
            unauthenticated(f"{base}/api/openapi.json")
