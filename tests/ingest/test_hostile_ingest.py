"""Ingest attacked with hostile inputs: each test reproduces a fault once found.

Servers are real sockets on 127.0.0.1; files are written under tmp_path.
"""

from __future__ import annotations

import gzip
import io
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimledger.errors import InputError
from claimledger.ingest import IngestOptions, iter_inputs
from claimledger.records import RawInput
from claimledger.text.decode import decode

REPORT = b"Harbour reopens\n\nThe harbour reopened on Monday after 12 days, officials said.\n"


def _all(sources: list[str], **options: object) -> list[RawInput | InputError]:
    return list(iter_inputs(sources, IngestOptions(**options)))  # type: ignore[arg-type]


def _errors(items: list[RawInput | InputError]) -> dict[str, str]:
    return {i.source: i.reason for i in items if isinstance(i, InputError)}


@pytest.fixture
def trickler() -> Iterator[str]:
    """A server that sends its status line and headers one byte every 0.2 s, forever."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    stop = threading.Event()

    def serve_one(conn: socket.socket) -> None:
        with conn:
            conn.settimeout(1)
            try:
                conn.recv(4096)
                for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 10_000:
                    if stop.is_set():
                        return
                    conn.sendall(bytes([byte]))
                    time.sleep(0.2)
            except OSError:
                return

    def accept() -> None:
        sock.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            threading.Thread(target=serve_one, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(5)
        sock.close()


def test_a_trickling_server_cannot_outlast_the_timeout(trickler: str) -> None:
    started = time.monotonic()
    items = _all([f"{trickler}/slow"], allow_private=True, timeout=2.0)
    took = time.monotonic() - started
    assert isinstance(items[0], InputError)
    assert "2 s" in items[0].reason or "timed out" in items[0].reason
    assert took < 6, f"a 2 s timeout held for {took:.1f} s"


def test_symlinks_leaving_the_folder_are_skipped(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_bytes(REPORT)
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "real.txt").write_bytes(REPORT)
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "sibling.txt").symlink_to(outside)
    (folder / "inner.txt").symlink_to(folder / "real.txt")
    (folder / "dangling.txt").symlink_to(tmp_path / "nothing-here")
    items = _all([str(folder)])
    stored = sorted(Path(i.source).name for i in items if isinstance(i, RawInput))
    assert stored == ["inner.txt", "real.txt"]
    reasons = {Path(k).name: v for k, v in _errors(items).items()}
    assert "outside the folder" in reasons["passwd.txt"]
    assert "outside the folder" in reasons["sibling.txt"]
    assert "dangling.txt" in reasons


def test_a_manifest_with_an_unclosed_quote_is_refused_with_its_line(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_bytes(REPORT.replace(b"12", name[0].encode() * 2))
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "source,url,outlet,published\n"
        'a.txt,https://one.example/a,"Harbour Times,2024-03-01\n'
        "b.txt,https://two.example/b,Coast Radio,2024-03-02\n"
        "c.txt,https://three.example/c,Bay Post,2024-03-03\n",
        encoding="utf-8",
    )
    items = _all([str(tmp_path / "a.txt")], manifest=manifest)
    errors = [i for i in items if isinstance(i, InputError)]
    assert errors and "line 2" in errors[0].reason and "quote" in errors[0].reason


def test_files_a_manifest_names_but_lacks_are_reported(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(REPORT)
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "source,url,outlet,published\n"
        "a.txt,https://one.example/a,Harbour Times,2024-03-01\n"
        "gone.txt,https://two.example/b,Coast Radio,2024-03-02\n",
        encoding="utf-8",
    )
    items = _all([str(tmp_path)], manifest=manifest)
    stored = [i for i in items if isinstance(i, RawInput)]
    assert [s.outlet for s in stored] == ["Harbour Times"]
    errors = _errors(items)
    assert any("line 3" in k and "gone.txt" in v for k, v in errors.items()), errors


def _warc_gz(records: list[bytes]) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for n, body in enumerate(records):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/plain")],
                                   protocol="HTTP/1.1")  # fmt: skip
        writer.write_record(writer.create_warc_record(
            f"https://bomb.example/{n}", "response", payload=io.BytesIO(body),
            http_headers=headers,
        ))  # fmt: skip
    return out.getvalue()


def test_a_warc_that_inflates_far_past_its_size_stops_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "bomb.warc.gz"
    path.write_bytes(_warc_gz([b"flood " * 1_500_000 for _ in range(6)]))  # 9 MB each
    assert path.stat().st_size < 200_000
    started = time.monotonic()
    items = _all([str(path)])
    assert time.monotonic() - started < 20
    kept = [i for i in items if isinstance(i, RawInput)]
    assert sum(len(i.data) for i in kept) <= 8_000_000
    errors = _errors(items)
    assert any("expands past" in reason for reason in errors.values()), errors


@pytest.mark.parametrize(
    "data",
    [
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort",
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: x\r\n\r\n",
        b"WARC/1.1\r\n\r\n" + bytes(range(256)) * 8,
        gzip.compress(b"WARC/1.0\r\n" + os.urandom(2048)),
    ],
)
def test_damaged_warcs_give_a_short_reason(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "damaged.warc.gz"
    path.write_bytes(data)
    items = _all([str(path)])
    errors = [i for i in items if isinstance(i, InputError)]
    assert errors
    for error in errors:
        assert "unexpected failure" not in error.reason
        assert len(error.reason) < 400
        assert all(ch.isprintable() for ch in error.reason)


def test_invalid_utf8_stays_visible_instead_of_becoming_letters() -> None:
    data = b"Officials said 40 homes were flooded \xff\xfe\xc3( on Monday, the council said.\n"
    text, used = decode("x.txt", data)
    assert used == "utf-8"
    assert "\ufffd\ufffd\ufffd(" in text
    legacy = "Le maire a dit à la presse qu'à Paris 40 élèves étaient là.".encode("cp1252")
    assert "élèves" in decode("fr.txt", legacy)[0]
    cyrillic = "Власти сообщили, что в понедельник были затоплены 40 домов.".encode("cp1251")
    assert "понедельник" in decode("ru.txt", cyrillic)[0]


def test_terminal_escapes_in_names_and_titles_print_inert(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    evil = "\x1b]0;owned\x07\x1b[2J\x1b[31mred.txt"
    (folder / evil).write_bytes(b"")  # empty: rejected, and its name printed
    (folder / "title.txt").write_bytes(
        b"Ferry \x1b[8mhidden\x1b[0m strike \xe2\x80\xae ends\n\n"
        b"The strike ended after 40 hours of talks, the union said on Tuesday.\n"
    )
    db = tmp_path / "ledger.db"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    run = subprocess.run(
        [sys.executable, "-m", "claimledger", "--db", str(db), "ingest", str(folder)],
        env=env, capture_output=True, timeout=120,
    )  # fmt: skip
    assert b"\x1b" not in run.stderr and b"\x07" not in run.stderr
    assert b"\\x1b" in run.stderr  # shown, not obeyed
    stories = subprocess.run(
        [sys.executable, "-m", "claimledger", "--db", str(db), "export", "--format", "csv"],
        env=env, capture_output=True, timeout=120,
    )  # fmt: skip
    assert stories.returncode == 0


def test_for_terminal_shows_every_control_but_tab_and_newline() -> None:
    from claimledger.safeprint import for_terminal

    shown = for_terminal("a\tb\nc\x1b[2Jd\x9be\u202ef\x00")
    assert shown == "a\tb\nc\\x1b[2Jd\\x9be\\u202ef\\x00"


def test_html_nested_too_deep_for_lxml_keeps_its_text() -> None:
    from claimledger.text import extract

    markup = (
        "<html><body>" + "<div>" * 100_000
        + "<p>The council said 40 homes were flooded on Monday after the river rose.</p>"
        + "</div>" * 100_000 + "</body></html>"
    )  # fmt: skip
    result = extract(RawInput(source="deep.html", data=markup.encode(), kind="html"))
    assert "40 homes were flooded" in result.text


def test_clean_text_offsets_are_a_compact_array() -> None:
    """A list of Python ints costs ~36 bytes a character: 700 MB for a 20 MB report."""
    from array import array

    from claimledger.text import extract

    result = extract(RawInput(source="a.txt", data=REPORT * 50, kind="text"))
    assert isinstance(result.offsets, array) and result.offsets.itemsize == 4
    assert len(result.offsets) == len(result.text)
