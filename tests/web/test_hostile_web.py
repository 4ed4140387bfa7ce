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


def test_a_planted_csrf_cookie_is_not_accepted(server: Server, tmp_path: Path) -> None:
    """Another localhost port can set ``csrf=`` (cookies ignore ports) and submit /add."""
    with server(tmp_path / "ledger.db") as base, httpx.Client(base_url=base) as client:
        planted = "a" * 40
        client.cookies.set("csrf", planted)
        forged = client.post("/add", data={"csrf": planted, "text": "Nine ferries sank."})
        assert forged.status_code == 403
        short = httpx.post(base + "/add", data={"csrf": "x", "text": "y"},
                           cookies={"csrf": "x"})  # fmt: skip
        assert short.status_code == 403
        client.cookies.clear()
        token = _csrf(client)  # the server replaces the planted cookie with a signed one
        assert client.post("/add", data={"csrf": token}).status_code == 400  # nothing to add


def test_state_changing_requests_from_another_origin_are_refused(
    server: Server, tmp_path: Path
) -> None:
    with server(tmp_path / "ledger.db") as base, httpx.Client(base_url=base) as client:
        token = _csrf(client)
        port = base.rsplit(":", 1)[1]
        for headers in (
            {"Origin": "http://127.0.0.1:1"},
            {"Origin": "null"},  # opaque, and no Sec-Fetch-Site to vouch for it
            {"Origin": f"http://localhost:{port}"},  # another name is another origin
            {"Sec-Fetch-Site": "same-site"},  # every localhost port is the same site
            {"Sec-Fetch-Site": "cross-site"},
        ):
            answer = client.post("/add", data={"csrf": token, "text": "x"}, headers=headers)
            assert answer.status_code == 403, headers
            api = client.post("/api/ingest", json={"urls": ["http://10.0.0.1/"]}, headers=headers)
            assert api.status_code == 403, headers
        own = client.post(
            "/add", data={"csrf": token},
            headers={"Origin": base, "Sec-Fetch-Site": "same-origin"},
        )  # fmt: skip
        assert own.status_code == 400  # accepted, and nothing to add


def test_only_known_host_names_are_answered(server: Server, tmp_path: Path) -> None:
    """A DNS-rebinding page reaches 127.0.0.1 under its own name; that name is refused."""
    db = tmp_path / "ledger.db"
    with server(db) as base:
        for host in ("attacker.example", "attacker.example:80", "127.0.0.1.nip.io", ""):
            answer = httpx.get(base + "/api/stats", headers={"Host": host})
            assert answer.status_code == 421, host
            assert "--allow-host" in answer.text
        for host in ("127.0.0.1", "localhost:8000", "[::1]:8000"):
            assert httpx.get(base + "/api/stats", headers={"Host": host}).status_code == 200
    with server(db, allow_hosts=["ledger.lan"]) as base:
        assert httpx.get(base + "/", headers={"Host": "ledger.lan:8000"}).status_code == 200
        assert httpx.get(base + "/", headers={"Host": "other.lan"}).status_code == 421


def test_the_token_redirect_never_leaves_the_server(server: Server, tmp_path: Path) -> None:
    with server(tmp_path / "ledger.db", token="t0ken-for-tests") as base:
        for path in ("//evil.example/x", "///evil.example/x", "/%2F%2Fevil.example"):
            answer = httpx.get(f"{base}{path}?token=t0ken-for-tests&a=1")
            assert answer.status_code == 303, path
            location = answer.headers["location"]
            assert location.startswith("/") and not location.startswith("//"), location
            assert "\\" not in location


def test_the_job_queue_is_bounded_and_jobs_outlive_the_server(
    server: Server, tmp_path: Path
) -> None:
    from claimledger.web import create_app

    db = tmp_path / "ledger.db"
    app = create_app(db, max_queued=2)
    from webhelpers import serve

    runner = app.state.jobs
    runner._write.acquire()  # hold the worker, as a long ingest would
    accepted: list[str] = []
    refused = []
    try:
        with serve(app) as base, httpx.Client(base_url=base) as client:
            for n in range(8):
                answer = client.post("/api/ingest", json={"urls": [f"http://10.0.0.{n}/"]})
                if answer.status_code == 202:
                    accepted.append(answer.json()["id"])
                else:
                    refused.append(answer)
            assert 2 <= len(accepted) <= 3  # the queue, plus the job the worker holds
            assert refused and all(r.status_code == 429 for r in refused)
            assert all(int(r.headers["retry-after"]) > 0 for r in refused)
            assert all(client.get(f"/api/jobs/{i}").status_code == 200 for i in accepted)
            runner._write.release()
            assert runner.wait_idle(60)
            first = accepted[0]
            assert client.get(f"/api/jobs/{first}").json()["state"] == "done"
    finally:
        if runner._write.locked():
            runner._write.release()
    with server(db) as base:  # a new server over the same ledger still knows every job
        for job_id in accepted:
            answer = httpx.get(f"{base}/api/jobs/{job_id}")
            assert answer.status_code == 200 and answer.json()["state"] == "done"
        assert httpx.delete(f"{base}/api/jobs/{accepted[0]}").status_code == 204
        assert httpx.get(f"{base}/api/jobs/{accepted[0]}").status_code == 404


def test_head_bad_ids_and_the_api_docs(server: Server, tmp_path: Path) -> None:
    with server(tmp_path / "ledger.db") as base:
        head = httpx.head(base + "/")
        assert head.status_code == 200 and head.content == b""
        assert httpx.head(base + "/api/stats").status_code == 200
        page = httpx.get(base + "/report/not-a-number")
        assert page.status_code == 422
        assert page.headers["content-type"].startswith("text/html")
        assert "not valid" in page.text
        assert httpx.get(base + "/api/documents/not-a-number").json()["detail"]
        docs = httpx.get(base + "/api/docs").text
        assert "texts[].text" in docs and "urls" in docs


def test_a_late_queued_snapshot_never_overwrites_a_finished_job(tmp_path: Path) -> None:
    """The request thread records a new job; if that write waits on the ledger until the
    worker has finished the job, it must not put the job back to "running"."""
    from claimledger.store import Store
    from claimledger.store.jobs import load_job, save_job
    from claimledger.web.jobs import Job

    job = Job(id="j1", inputs=["paste:1"])
    stale = {**job.to_dict(), "state": "running", "stage": "queued"}
    store = Store(tmp_path / "ledger.db")
    try:
        save_job(store, {**job.to_dict(), "state": "done", "stage": "done"})
        save_job(store, stale, create_only=True)
        record = load_job(store, "j1")
    finally:
        store.close()
    assert record is not None and record["state"] == "done"
