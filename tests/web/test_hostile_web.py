"""The web app attacked as a hostile client would: each test reproduces a fault once found.

Every server here is a real uvicorn on 127.0.0.1 over a real SQLite ledger; the ledgers are
empty or hold a few invented reports, so no test needs claim extraction to have run first.
"""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from webhelpers import Server, wait_for_job


def _csrf(client: httpx.Client) -> str:
    page = client.get("/add")
    assert page.status_code == 200
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found is not None
    return found.group(1)


def test_web_ingest_never_reads_the_servers_own_disk(server: Server, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("The vault code is 4471, the minister said on Tuesday.\n", "utf-8")
    folder = tmp_path / "private"
    folder.mkdir()
    (folder / "notes.txt").write_text("Forty-two crates were counted, the clerk said.\n", "utf-8")
    local = [str(secret), str(folder), ".", "file:///etc/hostname", "-", "~/.bashrc"]
    with server(tmp_path / "ledger.db") as base, httpx.Client(base_url=base) as client:
        posted = client.post("/api/ingest", json={"urls": local})
        assert posted.status_code == 202, posted.text
        job = wait_for_job(lambda u: client.get(u).json(), posted.json()["status_url"])
        assert job["state"] == "done", job
        assert job["added"] == []
        reasons = {e["input"]: e["reason"] for e in job["errors"]}
        assert set(reasons) == set(local)
        assert all("claimledger ingest" in r or "http" in r for r in reasons.values())
        token = _csrf(client)
        form = client.post("/add", data={"csrf": token, "urls": "\n".join(local)})
        assert form.status_code == 303
        job = wait_for_job(
            lambda u: client.get(u).json(),
            "/api/jobs/" + form.headers["location"].rsplit("/", 1)[1],
        )
        assert job["added"] == [] and len(job["errors"]) == len(local)
        assert client.get("/api/documents").json()["total"] == 0
