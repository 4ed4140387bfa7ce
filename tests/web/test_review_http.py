"""Review routes over real HTTP: forms need the CSRF token, the JSON API validates, errors
are messages a user can act on."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import httpx
from webhelpers import Server, copy_db


def _token(client: httpx.Client, path: str) -> str:
    html = client.get(path).text
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def test_review_forms_refuse_a_missing_or_wrong_csrf_token(
    corpus_db: Path, tmp_path: Path, server: Server
) -> None:
    db = copy_db(corpus_db, tmp_path / "l.db")
    with server(db) as base, httpx.Client(base_url=base) as client:
        claim = client.get("/api/claims").json()["items"][0]["id"]
        path = f"/review/claim/{quote(claim, safe='')}"
        assert client.post(path, data={"kind": "reject"}).status_code == 403
        assert client.post(path, data={"kind": "reject", "csrf": "x" * 40}).status_code == 403
        assert client.get("/api/corrections").json() == []
        token = _token(client, path)
        done = client.post(path, data={"kind": "reject", "csrf": token, "author": "t"})
        assert done.status_code == 303
        listed = client.get("/api/corrections").json()
        assert [c["kind"] for c in listed] == ["reject"] and listed[0]["applied_claims"] == [claim]
        one = client.get(f"/api/claims/{quote(claim, safe='')}").json()
        assert one["reviewed"] == [listed[0]["id"]] and one["explain"][0].startswith("rejected")
        bad = client.post(path, data={"kind": "value", "csrf": token, "value": "lots"})
        assert bad.status_code == 400 and "number" in bad.text


def test_corrections_json_api(corpus_db: Path, tmp_path: Path, server: Server) -> None:
    db = copy_db(corpus_db, tmp_path / "l.db")
    with server(db) as base, httpx.Client(base_url=base) as client:
        measure = client.get("/api/measures").json()["items"][0]
        made = client.post("/api/corrections", json={
            "kind": "status", "measure": measure["id"], "after": {"status": "conflict"},
            "reason": "the figures differ", "author": "api"})  # fmt: skip
        assert made.status_code == 201, made.text
        body = made.json()
        assert body["applied_measures"] == [measure["id"]] and body["author"] == "api"
        after = client.get(f"/api/measures/{quote(measure['id'], safe='')}").json()
        assert after["status"] == "conflict" and after["reviewed"] == [body["id"]]
        assert after["explanation"][0].startswith("status set to conflict by api")
        wrong = client.post("/api/corrections", json={"kind": "status", "measure": "nope",
                                                      "after": {"status": "agree"}})  # fmt: skip
        assert wrong.status_code == 400 and "no measure" in wrong.json()["detail"]
        back = client.post(f"/api/corrections/{body['id']}/withdraw")
        assert back.status_code == 200 and back.json()["withdrawn_at"]
        assert client.post("/api/corrections/999/withdraw").status_code == 404
        export = client.get("/api/export").json()
        assert export["corrections"][0]["withdrawn_at"]


def test_stories_list_sort_and_filter_parameters(live: str) -> None:
    for sort in ("latest", "conflicts", "reports", "outlets"):
        page = httpx.get(f"{live}/?sort={sort}")
        assert page.status_code == 200 and "table class=\"stories\"" in page.text
    assert httpx.get(f"{live}/?sort=bogus").status_code == 422
    assert httpx.get(f"{live}/?contested=true").status_code == 200
