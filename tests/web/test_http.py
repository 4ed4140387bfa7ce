"""Plain HTTP against a live server: headers, token, CSRF, upload caps, the JSON API."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from webhelpers import DATA, Server, copy_db, wait_for_job

from claimledger import Ledger
from claimledger.web.security import CSP

TOKEN = "s3cret-token-for-tests"


def _csrf(client: httpx.Client, base: str) -> str:
    page = client.get(f"{base}/add")
    assert page.status_code == 200
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found is not None
    assert client.cookies.get("csrf") == found.group(1)
    return found.group(1)


@pytest.mark.parametrize(
    "path", ["/", "/story/1", "/report/1", "/add", "/api/docs", "/api/stories", "/static/style.css",
             "/no-such-page", "/api/claims/none"],
)  # fmt: skip
def test_every_response_carries_the_hardening_headers(live: str, path: str) -> None:
    response = httpx.get(live + path)
    assert response.headers["content-security-policy"] == CSP
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


class _Tags(HTMLParser):
    """Every start tag with its attributes, as a browser's parser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def markup_problems(html: str) -> list[str]:
    """Script, handlers or unsafe links that report text could have smuggled into a page."""
    parser = _Tags()
    parser.feed(html)
    problems = []
    for tag, attrs in parser.tags:
        if tag == "script" and attrs != {"src": "/static/app.js", "defer": None}:
            problems.append(f"script {attrs}")
        if tag in ("img", "iframe", "object", "embed"):
            problems.append(f"<{tag}> from content")
        problems += [f"{tag} {name}=" for name in attrs if name.startswith("on")]
        for name in ("href", "src", "action"):
            value = (attrs.get(name) or "").strip().lower()
            own_icon = tag == "link" and attrs.get("rel") == "icon"
            if value.startswith(("javascript:", "vbscript:")) or (
                value.startswith("data:") and not own_icon
            ):
                problems.append(f"{tag} {name}={value}")
            if name in ("src",) and value.startswith(("http:", "https:", "//")):
                problems.append(f"external asset {value}")
        if tag == "link" and (attrs.get("href") or "").startswith(("http", "//")):
            problems.append(f"external stylesheet {attrs}")
    return problems


def test_pages_have_no_inline_script_and_no_external_asset(live: str) -> None:
    for path in ("/", "/story/1", "/report/1", "/add", "/api/docs"):
        html = httpx.get(live + path).text
        assert markup_problems(html) == [], path


def test_token_is_required_on_every_request(corpus_db: Path, server: Server) -> None:
    with server(corpus_db, token=TOKEN) as base:
        for path in ("/", "/static/style.css", "/api/stories", "/api/openapi.json"):
            assert httpx.get(base + path).status_code == 401
        assert httpx.get(base + "/", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert httpx.get(base + "/?token=wrong").status_code == 401
        good = httpx.get(base + "/api/stories", headers={"Authorization": f"Bearer {TOKEN}"})
        assert good.status_code == 200
        assert good.json()["total"] >= 1
        with httpx.Client() as client:
            visit = client.get(f"{base}/story/1?token={TOKEN}")
            assert visit.status_code == 303
            assert visit.headers["location"] == "/story/1"
            assert "samesite=strict" in visit.headers["set-cookie"].lower()
            assert "httponly" in visit.headers["set-cookie"].lower()
            assert client.get(f"{base}/story/1").status_code == 200


def test_form_posts_need_the_csrf_token(corpus_db: Path, server: Server, tmp_path: Path) -> None:
    db = copy_db(corpus_db, tmp_path / "csrf.db")
    with server(db) as base, httpx.Client() as client:
        token = _csrf(client, base)
        assert (
            "samesite=strict"
            in client.get(f"{base}/").headers.get("set-cookie", "samesite=strict").lower()
        )
        missing = client.post(f"{base}/add", data={"text": "Tavosk sent 5 generators."})
        assert missing.status_code == 403
        wrong = client.post(
            f"{base}/add", data={"text": "Tavosk sent 5 generators.", "csrf": "x" * 43}
        )
        assert wrong.status_code == 403
        with httpx.Client() as stranger:  # a cross-site form: right field, no cookie
            assert (
                stranger.post(f"{base}/add", data={"csrf": token, "text": "x"}).status_code == 403
            )
        empty = client.post(f"{base}/add", data={"csrf": token})
        assert empty.status_code == 400
        assert "nothing to add" in empty.text
        rss = client.post(
            f"{base}/add", data={"csrf": token},
            files=[("files", ("feed.rss", b"<rss><channel/></rss>", "application/rss+xml"))],
        )  # fmt: skip
        assert rss.status_code == 303
        job = wait_for_job(
            lambda u: client.get(base + u).json(),
            "/api/jobs/" + rss.headers["location"].rsplit("/", 1)[1],
        )
        assert job["errors"] and "claimledger ingest feed.rss" in job["errors"][0]["reason"]
        page = client.get(base + rss.headers["location"])
        assert "claimledger ingest feed.rss" in page.text


def test_uploaded_files_are_added_under_their_names(
    corpus_db: Path, server: Server, tmp_path: Path
) -> None:
    db = copy_db(corpus_db, tmp_path / "upload.db")
    with server(db) as base, httpx.Client(base_url=base) as client:
        token = _csrf(client, "")
        files = [
            ("files", ("coastline.txt", (DATA / "added-report.txt").read_bytes(), "text/plain")),
            ("files", ("../../etc/empty.html", b"", "text/html")),
            ("files", ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "image/png")),
        ]
        posted = client.post("/add", data={"csrf": token}, files=files)
        assert posted.status_code == 303
        job_id = posted.headers["location"].rsplit("/", 1)[1]
        job = wait_for_job(lambda u: client.get(u).json(), f"/api/jobs/{job_id}")
        assert job["state"] == "done", job
        assert job["inputs"] == ["upload:coastline.txt"]
        assert len(job["added"]) == 1
        reasons = {e["input"]: e["reason"] for e in job["errors"]}
        assert set(reasons) == {"upload:../../etc/empty.html", "upload:photo.png"}
        doc = client.get(f"/api/documents/{job['added'][0]}").json()
        assert doc["source"] == "upload:coastline.txt"
        page = client.get(f"/jobs/{job_id}").text
        assert "upload:photo.png" in page and 'http-equiv="refresh"' not in page


def test_uploads_are_capped_in_size_and_count(
    corpus_db: Path, server: Server, tmp_path: Path
) -> None:
    db = copy_db(corpus_db, tmp_path / "caps.db")
    with server(db, max_upload_bytes=20_000, max_files=2) as base, httpx.Client() as client:
        token = _csrf(client, base)
        big = client.post(
            f"{base}/add", data={"csrf": token},
            files=[("files", ("big.txt", b"Tavosk sent 5 generators. " * 2000, "text/plain"))],
        )  # fmt: skip
        assert big.status_code == 413
        assert big.headers["content-type"].startswith("text/html")
        assert "at most 20,000 bytes" in big.text
        many = client.post(
            f"{base}/add", data={"csrf": token},
            files=[("files", (f"r{i}.txt", b"short report", "text/plain")) for i in range(3)],
        )  # fmt: skip
        assert many.status_code == 413
        api = client.post(f"{base}/api/ingest", json={"texts": [{"text": "x" * 30_000}]})
        assert api.status_code == 413
        assert "at most 20,000 bytes" in api.json()["detail"]
        chunked = client.post(
            f"{base}/api/ingest", content=iter([b'{"texts": []}']),
            headers={"content-type": "application/json"},
        )  # fmt: skip
        assert chunked.status_code == 411


def test_api_mirrors_the_export_with_paging_and_filters(live: str) -> None:
    export = httpx.get(f"{live}/api/export").json()
    assert export["schema"] == "claimledger/1"
    claims = httpx.get(f"{live}/api/claims", params={"limit": 1000}).json()
    assert claims["total"] == len(export["claims"])
    assert [c["id"] for c in claims["items"]] == [c["id"] for c in export["claims"]]
    page = httpx.get(f"{live}/api/claims", params={"limit": 2, "offset": 1}).json()
    assert page["items"] == claims["items"][1:3]
    beyond = httpx.get(f"{live}/api/claims", params={"offset": 2**63 - 1}).json()
    assert beyond["items"] == [] and beyond["total"] == claims["total"]
    doc = export["documents"][0]["id"]
    by_doc = httpx.get(f"{live}/api/claims", params={"document": doc}).json()["items"]
    assert by_doc and all(c["document"] == doc for c in by_doc)
    for status in ("single", "agree", "revised", "conflict", "disputed"):
        found = httpx.get(f"{live}/api/measures", params={"status": status}).json()
        items = found["items"]
        assert found["total"] == sum(
            1 for m in export["measures"]
            if (m["disputed"] if status == "disputed" else m["status"] == status))
        key = "disputed" if status == "disputed" else "status"
        assert all(m[key] is True if status == "disputed" else m[key] == status for m in items)
    stances = httpx.get(f"{live}/api/stances", params={"limit": 1000}).json()
    assert [s["id"] for s in stances["items"]] == [s["id"] for s in export["stances"]]
    statuses = {m["status"] for m in export["measures"]}
    assert statuses, "the fixture story should yield measures"
    story = export["stories"][0]
    assert httpx.get(f"{live}/api/stories/{story['id']}").json() == story
    docs = httpx.get(f"{live}/api/documents", params={"story": story["id"]}).json()
    assert docs["total"] == len(story["documents"])
    one = httpx.get(f"{live}/api/claims/{claims['items'][0]['id']}").json()
    assert one["explain"] and isinstance(one["explain"][0], str)
    found = httpx.get(f"{live}/api/stories", params={"q": "generators"}).json()
    assert [s["id"] for s in found["items"]] == [story["id"]]
    assert httpx.get(f"{live}/api/stories", params={"q": "zzzqqq"}).json()["total"] == 0


@pytest.mark.parametrize(
    ("path", "status"),
    [("/api/claims?limit=0", 422), ("/api/claims?limit=abc", 422),
     ("/api/measures?status=bogus", 422),
     ("/api/stories/999999", 404), ("/api/claims/nope", 404), ("/api/measures/nope", 404),
     ("/api/documents/999999", 404), ("/api/export?story=999999", 404), ("/api/jobs/nope", 404),
     ("/report/999999", 404), ("/claim/nope", 404), ("/story/abc", 422),
     (f"/api/claims?offset={2**63}", 422), (f"/api/measures?offset={2**64}", 422)],
)  # fmt: skip
def test_bad_requests_get_a_clear_client_error(live: str, path: str, status: int) -> None:
    response = httpx.get(live + path)
    assert response.status_code == status
    if path.startswith("/api/"):
        assert response.json()["detail"]


def test_api_ingest_adds_text_and_refuses_private_urls(
    corpus_db: Path, server: Server, tmp_path: Path
) -> None:
    db = copy_db(corpus_db, tmp_path / "api.db")
    text = (DATA / "added-report.txt").read_text(encoding="utf-8")
    with server(db) as base, httpx.Client(base_url=base) as client:
        before = client.get("/api/documents").json()["total"]
        assert client.post(
            "/api/ingest", content=b"{}", headers={"content-type": "text/plain"}
        ).status_code in (415, 422)
        assert client.post("/api/ingest", json={}).status_code == 422
        posted = client.post(
            "/api/ingest",
            json={"texts": [{"text": text, "outlet": "Coastline Daily", "published": "2025-05-08",
                             "title": "Barges unload"}],
                  "urls": ["http://127.0.0.1:9/report", "http://10.0.0.1/x"]},
        )  # fmt: skip
        assert posted.status_code == 202
        job = wait_for_job(lambda u: client.get(u).json(), posted.json()["status_url"])
        assert job["state"] == "done", job
        assert len(job["added"]) == 1
        assert {e["input"] for e in job["errors"]} == {
            "http://127.0.0.1:9/report",
            "http://10.0.0.1/x",
        }
        assert all(e["reason"] for e in job["errors"])
        assert client.get("/api/documents").json()["total"] == before + 1
        added = client.get(f"/api/documents/{job['added'][0]}").json()
        assert added["outlet"] == "Coastline Daily"
        assert added["published"].startswith("2025-05-08")
        assert added["source"] == "paste:1"


def test_api_docs_are_self_hosted(live: str) -> None:
    schema = httpx.get(f"{live}/api/openapi.json").json()
    assert "/api/claims" in schema["paths"] and "/api/ingest" in schema["paths"]
    docs = httpx.get(f"{live}/api/docs").text
    assert "/api/measures" in docs and "cdn" not in docs.lower()
    assert httpx.get(f"{live}/docs").status_code == 404


def _fetch_all(live: str) -> list[tuple[str, Any]]:
    export = httpx.get(f"{live}/api/export").json()
    pages = ["/", "/?q=generators", "/add", "/api/docs"]
    pages += [f"/story/{s['id']}" for s in export["stories"]]
    pages += [f"/report/{d['id']}" for d in export["documents"]]
    pages += ["/measure/" + quote(m["id"], safe="") for m in export["measures"]]
    pages += [f"/claim/{c['id']}" for c in export["claims"]]
    return [(p, httpx.get(live + p)) for p in pages]


def test_every_page_of_the_fixture_story_renders(live: str) -> None:
    for path, response in _fetch_all(live):
        assert response.status_code == 200, path
        assert markup_problems(response.text) == [], path


def test_every_page_of_the_bundled_examples_renders(examples_db: Path, server: Server) -> None:
    with server(examples_db) as base:
        results = _fetch_all(base)
        assert len(results) > 10
        for path, response in results:
            assert response.status_code == 200, path


def test_lists_follow_writes_made_beside_the_server(
    corpus_db: Path, server: Server, tmp_path: Path
) -> None:
    """A CLI run writing to the same file while the server runs must show up at once."""
    db = copy_db(corpus_db, tmp_path / "beside.db")
    with server(db) as base, httpx.Client(base_url=base) as client:
        before = client.get("/api/documents").json()["total"]
        story = client.get("/api/stories").json()["items"][0]["id"]
        assert "Barges with Tavosk generators" not in client.get(f"/story/{story}").text
        with Ledger(db) as ledger:
            ledger.ingest([str(DATA / "added-report.txt")])
            ledger.analyze()
        assert client.get("/api/documents").json()["total"] == before + 1
        assert "Barges with Tavosk generators" in client.get(f"/story/{story}").text


def test_an_empty_ledger_serves_every_page(server: Server, tmp_path: Path) -> None:
    with server(tmp_path / "new" / "empty.db") as base, httpx.Client(base_url=base) as client:
        home = client.get("/")
        assert home.status_code == 200 and "The ledger is empty" in home.text
        assert client.get("/?q=anything").status_code == 200
        assert client.get("/add").status_code == 200
        assert client.get("/api/stories").json() == {
            "schema": "claimledger/1", "total": 0, "limit": 100, "offset": 0, "items": [],
        }  # fmt: skip
        assert client.get("/api/export").json()["documents"] == []
        assert client.get("/story/1").status_code == 404
