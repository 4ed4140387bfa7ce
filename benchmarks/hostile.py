"""The hostile battery: ingest, fetch and serve attacked as a hostile user would.

Each case feeds one hostile input (a bad file, feed, WARC, manifest, URL or HTTP request)
to the real code: files go through ``Ledger.ingest`` beside a good report, URLs to real
servers on 127.0.0.1, requests to a real uvicorn server over a real ledger. A case
*survives* when nothing crashes, the refusal (if any) is a short printable reason, no
server answers 5xx, and the case's own expectation holds. A good report in a batch that
is not stored is *lost*.

Prints one line per failed case and "N tried, N survived, 0 lost" at the end; exits
non-zero unless every case survived and nothing was lost. ``--quick`` skips the slow
cases (multi-megabyte inputs, trickling servers) so CI can run it.

Usage: python benchmarks/hostile.py [--quick] [--only SUBSTRING]
Loopback only; every server and loop is bounded.
"""

from __future__ import annotations

import argparse
import gzip
import io
import os
import random
import re
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimledger import Ledger
from claimledger.web import create_app

GOOD = (
    "Harbour reopens after storm\n\nThe harbour at Vessel Bay reopened on Monday after "
    "{n} days of repairs, the port authority said. About {m} boats returned by evening.\n"
)


@dataclass
class Tally:
    tried: int = 0
    survived: int = 0
    lost: int = 0
    failures: list[str] = field(default_factory=list)


def _good(n: int) -> bytes:
    return GOOD.format(n=n + 3, m=(n * 7) % 90 + 10).encode()


def _reason_ok(reason: str) -> bool:
    return (
        bool(reason) and len(reason) < 600 and reason.isprintable()
        and "unexpected failure" not in reason
    )  # fmt: skip


# -- ingest cases ---------------------------------------------------------------------------


def _warc(records: list[tuple[str, bytes]], compress: bool = True) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    for media, body in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", media)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://warc.example/x", "response", payload=io.BytesIO(body), http_headers=headers
        ))  # fmt: skip
    return out.getvalue()


def file_cases(quick: bool) -> Iterator[tuple[str, str, bytes, str | None]]:
    """(case, file name, bytes, a word the refusal must contain or None)."""
    rng = random.Random(11)
    yield "empty file", "empty.txt", b"", "empty"
    yield "whitespace only", "blank.txt", b" \n\t\n" * 20, None
    yield "NUL bytes", "nul.txt", b"Report\x00\x00\x00 text" * 40, "binary"
    for n in range(8):
        yield f"random bytes #{n}", f"random-{n}.txt", rng.randbytes(rng.randint(10, 5000)), None
    for n in range(4):
        yield f"random bytes, no suffix #{n}", f"noise-{n}", rng.randbytes(3000), None
    yield (
        "invalid UTF-8",
        "bad-utf8.txt",
        _good(1).replace(b"repairs", b"rep\xff\xfe\xc3(airs"),
        None,
    )
    yield "UTF-16 without BOM", "u16.txt", _good(2).decode().encode("utf-16-le"), None
    yield "lone surrogates", "surrogate.txt", b"Report \xed\xa0\x80 text " * 20, None
    yield "PNG named .txt", "photo.txt", b"\x89PNG\r\n\x1a\n" + rng.randbytes(2000), "binary"
    yield "PDF named .html", "doc.html", b"%PDF-1.4\n" + rng.randbytes(2000), "binary"
    yield "broken HTML", "broken.html", b"<html><<<body><div></p></span><script>x()</script>", None
    yield (
        "script only HTML",
        "script.html",
        b"<html><script>" + b"a=1;" * 500 + b"</script></html>",
        None,
    )
    yield (
        "HTML nested 5,000 deep",
        "nest.html",
        (b"<div>" * 5000 + _good(3) + b"</div>" * 5000),
        None,
    )
    yield "unclosed comment", "comment.html", b"<html><body><!-- " + _good(4) * 10, None
    yield (
        "XSS title",
        "xss.html",
        (
            b"<html><head><title><script>alert(1)</script></title></head>"
            b"<body><p>" + _good(5) + b"</p></body></html>"
        ),
        None,
    )
    yield "terminal escapes in text", "esc.txt", b"\x1b]0;owned\x07\x1b[2J" + _good(6), None
    yield "invalid JSON", "bad.json", b'{"text": "unterminated', None
    yield "JSON of wrong types", "types.json", b'[1, "x", null, {"text": 5}, {"html": []}]', None
    yield "JSON nested 100,000 deep", "deep.json", b"[" * 100_000 + b"]" * 100_000, None
    yield (
        "JSONL with bad lines",
        "mixed.jsonl",
        b'{"text": "ok"}\nnot json\n[]\n{"text": ""}\n',
        None,
    )
    yield (
        "feed: malformed XML",
        "bad.rss",
        b"<?xml version='1.0'?><rss><channel><item><title>",
        None,
    )
    yield (
        "feed: entity expansion",
        "lol.rss",
        (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
            b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
            b'<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
            b"<rss><channel><item><title>&lol4;</title><description>&lol4;</description>"
            b"</item></channel></rss>"
        ),
        None,
    )
    yield (
        "feed: external entity",
        "xxe.rss",
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<rss><channel><item><title>&x;</title><description>&x;</description></item>"
            b"</channel></rss>"
        ),
        None,
    )
    yield "WARC: truncated", "cut.warc.gz", _warc([("text/plain", _good(7))])[:60], None
    yield "WARC: random after header", "rand.warc", b"WARC/1.0\r\n" + rng.randbytes(3000), None
    yield "WARC: bad length", "len.warc", b"WARC/1.0\r\nContent-Length: x\r\n\r\n", None
    yield "WARC: gzip of non-WARC", "notwarc.warc.gz", gzip.compress(b"hello " * 100), None
    yield "WARC: only images", "img.warc.gz", _warc([("image/png", b"\x89PNG....")]), "no HTML"
    yield "gzip bomb named .gz", "bomb.gz", gzip.compress(b"\0" * 5_000_000), None
    if not quick:
        yield (
            "WARC: expansion bomb",
            "bomb.warc.gz",
            _warc([("text/plain", b"flood " * 1_500_000) for _ in range(6)]),
            "expands",
        )
        yield "20 MB plain text", "big.txt", (_good(8) * 120_000)[:20_000_000], None
        yield (
            "12 MB one-line HTML",
            "line.html",
            (b"<html><body><p>" + _good(9).replace(b"\n", b" ") * 70_000 + b"</p></body></html>"),
            None,
        )
        yield (
            "HTML nested 100,000 deep",
            "deep.html",
            (b"<div>" * 100_000 + _good(10) + b"</div>" * 100_000),
            None,
        )


def run_file_case(tally: Tally, work: Path, n: int, case: str, name: str, data: bytes,
                  expect: str | None) -> None:  # fmt: skip
    folder = work / f"case-{n}"
    folder.mkdir()
    safe = re.sub(r"[/\x00]", "_", name)
    (folder / safe).write_bytes(data)
    good = folder / "zz-good.txt"
    good.write_bytes(_good(1000 + n))
    db = work / f"case-{n}.db"
    with Ledger(db) as ledger:
        result = ledger.ingest([str(folder)], fetch=False)
        stored = {ledger.document(i).source for i in result.added if ledger.document(i)}  # type: ignore[union-attr]
    problems = [f"bad reason {e.reason[:80]!r}" for e in result.errors if not _reason_ok(e.reason)]
    if expect and not any(expect in e.reason for e in result.errors):
        problems.append(f"no refusal mentioning {expect!r}: {[e.reason for e in result.errors]}")
    if str(good) not in stored:
        tally.lost += 1
        problems.append("the good report beside it was lost")
    _record(tally, f"ingest: {case}", problems)


def special_file_cases(tally: Tally, work: Path) -> None:
    """Links, FIFOs, names with escapes, manifests: cases needing more than one file."""
    folder = work / "special"
    folder.mkdir()
    (folder / "good.txt").write_bytes(_good(2000))
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "dangling.txt").symlink_to(work / "nowhere")
    (folder / "dir-link").symlink_to("/etc")
    os.mkfifo(folder / "pipe.txt")
    (folder / "\x1b[31mred\x07.txt").write_bytes(b"")
    with Ledger(work / "special.db") as ledger:
        result = ledger.ingest([str(folder)], fetch=False)
        stored = [d.source for d in ledger.store.documents()]
    reasons = {Path(e.source).name: e.reason for e in result.errors}
    for name, want in (("passwd.txt", "outside"), ("loop.txt", "link"), ("dangling.txt", "link"),
                       ("pipe.txt", "")):  # fmt: skip
        problems = (
            []
            if want in reasons.get(name, "") and name in reasons
            else [f"{name}: {reasons.get(name)!r}"]
        )
        _record(tally, f"ingest: {name} in a folder", problems)
    _record(
        tally,
        "ingest: a linked folder is not followed",
        [] if not any("/etc/" in s or "dir-link" in s for s in stored) else ["followed"],
    )
    _record(
        tally,
        "ingest: control characters in a file name",
        [] if all(_reason_ok(r) for r in reasons.values()) else ["raw control characters"],
    )
    if not any(s.endswith("good.txt") for s in stored):
        tally.lost += 1
    for case, text, want in (
        (
            "unclosed quote",
            'source,url,outlet\na.txt,"https://x.example,Daily\nb.txt,u,o\n',
            "line 2",
        ),
        ("no header", "a.txt,https://x.example\n", "header"),
        ("wrong field count", "source,url\na.txt,u,extra\n", "line 2"),
        ("missing file", "source,outlet\na.txt,Daily\nmissing.txt,Other\n", "line 3"),
        ("binary", "\x00\x01\x02", ""),
        ("duplicate rows", "source,outlet\na.txt,A\na.txt,B\n", "again"),
    ):
        case_dir = work / f"manifest-{case.replace(' ', '-')}"
        case_dir.mkdir()
        (case_dir / "a.txt").write_bytes(_good(3000 + len(case)))
        manifest = case_dir / "manifest.csv"
        manifest.write_text(text, encoding="utf-8")
        with Ledger(case_dir / "l.db") as ledger:
            result = ledger.ingest([str(case_dir / "a.txt")], manifest=manifest, fetch=False)
        found = [str(e) for e in result.errors]  # the source names the manifest's line
        good = all(_reason_ok(e.reason) for e in result.errors)
        problems = [] if any(want in r for r in found) and good else [f"reasons {found}"]
        if not result.added:
            tally.lost += 1
            problems.append("the report was lost")
        _record(tally, f"manifest: {case}", problems)


# -- fetch cases ----------------------------------------------------------------------------


@contextmanager
def raw_server(behaviour: Callable[[socket.socket], None]) -> Iterator[str]:
    """A TCP server on 127.0.0.1 whose connections get ``behaviour``; bounded by close."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.2)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            conn.settimeout(2)
            threading.Thread(target=_guard, args=(behaviour, conn, stop), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(5)
        sock.close()


def _guard(behaviour: Callable[[socket.socket], None], conn: socket.socket,
           stop: threading.Event) -> None:  # fmt: skip
    with conn:
        try:
            conn.recv(65536)
            behaviour(conn)
        except OSError:
            return


def _trickle(conn: socket.socket) -> None:
    for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 200:
        conn.sendall(bytes([byte]))
        time.sleep(0.25)


def _trickle_body(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n")
    for _ in range(200):
        conn.sendall(b"a")
        time.sleep(0.25)


def _redirect_to(target: str) -> Callable[[socket.socket], None]:
    def send(conn: socket.socket) -> None:
        conn.sendall(
            f"HTTP/1.1 302 Found\r\nLocation: {target}\r\nContent-Length: 0\r\n\r\n".encode()
        )

    return send


def _garbage(conn: socket.socket) -> None:
    conn.sendall(os.urandom(4000))


def _huge_header(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * 200_000 + b"\r\n\r\nbody")


def _lying_length(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 999999\r\n\r\n<p>")


def fetch_cases(tally: Tally, work: Path, quick: bool) -> None:
    behaviours: list[tuple[str, Callable[[socket.socket], None], bool]] = [
        ("garbage answer", _garbage, True),
        ("huge header", _huge_header, True),
        ("lying Content-Length", _lying_length, True),
        ("redirect to file://", _redirect_to("file:///etc/passwd"), True),
        ("redirect to metadata address", _redirect_to("http://169.254.169.254/latest/"), False),
        ("redirect to gopher", _redirect_to("gopher://127.0.0.1:70/"), True),
        ("trickling headers", _trickle, not quick),
        ("trickling body", _trickle_body, not quick),
    ]
    for case, behaviour, allow_private in behaviours:
        if case.startswith("trickling") and quick:
            continue
        with raw_server(behaviour) as base:
            started = time.monotonic()
            with Ledger(work / f"fetch-{case.replace(' ', '-')}.db") as ledger:
                result = ledger.ingest([base + "/x"], allow_private=allow_private, timeout=3.0)
            took = time.monotonic() - started
        problems = [f"reason {e.reason[:80]!r}" for e in result.errors if not _reason_ok(e.reason)]
        if result.added:
            problems.append("stored something")
        if took > 8:
            problems.append(f"a 3 s timeout held for {took:.1f} s")
        _record(tally, f"fetch: {case}", problems)
    private = ["http://127.0.0.1:9/", "http://[::1]/", "http://0.0.0.0/", "http://10.1.2.3/",
               "http://169.254.169.254/", "http://[::ffff:127.0.0.1]/", "http://2130706433/",
               "http://0x7f000001/", "http://localhost/", "http://[fd00::1]/"]  # fmt: skip
    for url in private:
        with Ledger(work / "private.db") as ledger:
            result = ledger.ingest([url], timeout=3.0)
        ok = not result.added and all(_reason_ok(e.reason) for e in result.errors)
        _record(tally, f"fetch: private address {url}", [] if ok else ["fetched or bad reason"])


# -- web cases ------------------------------------------------------------------------------


@contextmanager
def served(db: Path, **options: Any) -> Iterator[tuple[str, Any]]:
    app = create_app(db, **options)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="critical", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}", app
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def _csrf(client: httpx.Client) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get("/add").text)
    return found.group(1) if found else ""


def web_cases(tally: Tally, work: Path) -> None:
    db = work / "web.db"
    with Ledger(db) as ledger:
        ledger.ingest([str(work / "special" / "good.txt")], fetch=False)
    with served(db, max_queued=4) as (base, app), httpx.Client(base_url=base, timeout=30) as c:
        checks: list[tuple[str, Callable[[], bool]]] = []

        def job_errors(urls: list[str]) -> bool:
            posted = c.post("/api/ingest", json={"urls": urls})
            if posted.status_code != 202:
                return False
            app.state.jobs.wait_idle(60)
            job = c.get(posted.json()["status_url"]).json()
            return not job["added"] and len(job["errors"]) == len(urls)

        for path in ("/etc/hostname", ".", "~", "file:///etc/passwd", "-", "../../etc",
                     "\\\\server\\share", "C:\\Windows\\win.ini"):  # fmt: skip
            checks.append((f"web ingest of local path {path!r}", lambda p=path: job_errors([p])))  # type: ignore[misc]
        for host in ("attacker.example", "127.0.0.1.nip.io", "localhost.attacker.example", ""):
            checks.append(
                (
                    f"Host {host!r}",
                    lambda h=host: (
                        c.get(  # type: ignore[misc]
                            "/api/stats", headers={"Host": h}
                        ).status_code
                        == 421
                    ),
                )
            )
        planted = "p" * 43
        checks.append(
            (
                "planted CSRF cookie",
                lambda: (
                    httpx.post(
                        base + "/add",
                        data={"csrf": planted, "text": "x"},
                        cookies={"csrf": planted},
                    ).status_code
                    == 403
                ),
            )
        )
        for headers in (
            {"Origin": "http://127.0.0.1:1"},
            {"Origin": "null"},
            {"Sec-Fetch-Site": "same-site"},
            {"Sec-Fetch-Site": "cross-site"},
        ):
            checks.append(
                (
                    f"cross-site POST {headers}",
                    lambda h=headers: (
                        c.post(  # type: ignore[misc]
                            "/add", data={"csrf": _csrf(c), "text": "x"}, headers=h
                        ).status_code
                        == 403
                    ),
                )
            )
            checks.append(
                (
                    f"cross-site API POST {headers}",
                    lambda h=headers: (
                        c.post(  # type: ignore[misc]
                            "/api/ingest", json={"urls": ["http://10.0.0.1/"]}, headers=h
                        ).status_code
                        == 403
                    ),
                )
            )
        for path in (
            "/report/x",
            "/story/-1",
            "/report/99999999999999999999",
            "/api/documents/x",
            "/claim/%00",
            "/measure/..%2f..%2fetc",
            "/static/../../etc/passwd",
            "/api/claims?limit=0",
            "/api/stories?q=" + "a" * 600,
            "/jobs/%ff",
            "/api/jobs/" + "x" * 500,
            "/?offset=-1",
            "/report/1'%20OR%201=1",
        ):
            checks.append((f"GET {path[:40]}", lambda p=path: 400 <= c.get(p).status_code < 500))  # type: ignore[misc]
        checks.append(("HEAD /", lambda: c.head("/").status_code == 200))
        checks.append(
            (
                "bad id page is HTML",
                lambda: c.get("/report/x").headers.get("content-type", "").startswith("text/html"),
            )
        )
        checks.append(
            (
                "POST without length",
                lambda: c.post("/api/ingest", content=iter([b"{}"])).status_code in (411, 403),
            )
        )
        checks.append(
            (
                "POST over the cap",
                lambda: (
                    c.post(
                        "/api/ingest",
                        content=b"x" * 11_000_000,
                        headers={"content-type": "application/json"},
                    ).status_code
                    == 413
                ),
            )
        )
        checks.append(
            (
                "API ingest as a form",
                lambda: c.post("/api/ingest", data={"urls": "http://x"}).status_code in (415, 422),
            )
        )
        checks.append(("stored XSS is inert", lambda: _xss_inert(c, app)))
        checks.append(("job queue bounded", lambda: _queue_bounded(c, app)))
        for name, check in checks:
            try:
                ok = bool(check())
            except Exception as exc:  # a crash is a failed case, not a failed battery
                ok = False
                name += f" ({type(exc).__name__}: {exc})"
            _record(tally, f"web: {name}", [] if ok else ["unexpected answer"])
    with served(db, token="battery-token") as (base, _app):
        for path in ("//evil.example/x", "///evil.example", "/\\evil.example", "/%2F%2Fevil"):
            answer = httpx.get(f"{base}{path}?token=battery-token")
            location = answer.headers.get("location", "")
            ok = (
                answer.status_code == 303
                and location.startswith("/")
                and not location.startswith(("//", "/\\"))
            )
            _record(tally, f"web: token redirect {path!r}", [] if ok else [location])
        _record(tally, "web: no token", [] if httpx.get(base + "/").status_code == 401 else ["200"])


def _xss_inert(c: httpx.Client, app: Any) -> bool:
    payload = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'><svg onload=alert(3)>"
    posted = c.post("/api/ingest", json={"texts": [{
        "text": f"Storm {payload}\n\nOfficials said 40 homes were flooded, {payload}.",
        "title": payload, "outlet": payload, "url": "javascript:alert(4)"}]})  # fmt: skip
    app.state.jobs.wait_idle(120)
    job = c.get(posted.json()["status_url"]).json()
    pages = [f"/report/{i}" for i in job["added"]] + ["/", f"/jobs/{job['id']}"]
    return all("<script>alert" not in c.get(p).text and "javascript:" not in c.get(p).text
               for p in pages)  # fmt: skip


def _queue_bounded(c: httpx.Client, app: Any) -> bool:
    runner = app.state.jobs
    runner._write.acquire()
    try:
        answers = [c.post("/api/ingest", json={"urls": [f"http://10.0.0.{n}/"]}).status_code
                   for n in range(12)]  # fmt: skip
    finally:
        runner._write.release()
    runner.wait_idle(60)
    return 429 in answers and answers.count(202) <= 5


def _record(tally: Tally, case: str, problems: list[str]) -> None:
    tally.tried += 1
    if problems:
        tally.failures.append(f"FAILED {case}: {'; '.join(problems)[:300]}")
    else:
        tally.survived += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="skip the slow cases")
    parser.add_argument("--only", help="run only the groups whose name contains this")
    args = parser.parse_args(argv)
    tally = Tally()
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        groups: list[tuple[str, Callable[[], None]]] = [
            ("ingest", lambda: [run_file_case(tally, work, n, *case)
                                for n, case in enumerate(file_cases(args.quick))]),
            ("special", lambda: special_file_cases(tally, work)),
            ("fetch", lambda: fetch_cases(tally, work, args.quick)),
            ("web", lambda: web_cases(tally, work)),
        ]  # fmt: skip
        for name, group in groups:
            if args.only and args.only not in name:
                continue
            if name == "web" and not (work / "special").exists():
                special_file_cases(Tally(), work)
            group()
    for line in tally.failures:
        print(line)
    print(
        f"{tally.tried} tried, {tally.survived} survived, {tally.lost} lost "
        f"({time.monotonic() - started:.0f} s)"
    )
    return 0 if tally.survived == tally.tried and tally.lost == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
