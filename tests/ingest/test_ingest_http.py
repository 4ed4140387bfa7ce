"""URLs, feeds, robots.txt and the private-address guard, against a real loopback server."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from claimledger.errors import FetchRefused, InputError
from claimledger.ingest import IngestOptions, iter_inputs
from claimledger.ingest.fetch import Fetcher, check_url
from claimledger.records import RawInput
from claimledger.text import extract

ARTICLE = (
    b"<html><head><title>Grain Exports Rise</title>"
    b'<meta property="og:site_name" content="Loopback Herald"></head><body><article>'
    b"<p>Grain exports rose to 3.2 million tonnes in March, the ministry said on Friday, "
    b"after the ports reopened to traffic.</p></article></body></html>"
)
SEEN_AGENTS: list[str] = []


def _feed(base: str) -> bytes:
    items = [
        (f"{base}/article.html", "Summary one."),
        (f"{base}/missing", "Entry two summary: 5 barges were counted."),
        (f"{base}/private/secret.html", "Entry three summary: 8 trucks."),
        (f"{base}/missing", ""),
    ]
    body = "".join(
        f"<item><title>Item {n}</title><link>{link}</link>"
        f"<pubDate>Thu, 02 Nov 2023 10:00:00 GMT</pubDate>"
        + (f"<description>{summary}</description>" if summary else "") + "</item>"
        for n, (link, summary) in enumerate(items, start=1)
    )
    return (f"<?xml version='1.0'?><rss version='2.0'><channel><title>Loop</title>{body}"
            "</channel></rss>").encode()


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        return

    def _send(self, status: int, body: bytes, media: str = "text/html; charset=utf-8",
              extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        SEEN_AGENTS.append(self.headers.get("User-Agent", ""))
        base = f"http://127.0.0.1:{self.server.server_port}"  # type: ignore[attr-defined]
        path = self.path
        if path == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        elif path in ("/article.html", "/private/secret.html"):
            self._send(200, ARTICLE)
        elif path == "/redirect":
            self._send(302, b"", extra={"Location": "/article.html"})
        elif path.startswith("/loop/"):
            n = int(path.rsplit("/", 1)[1])
            self._send(302, b"", extra={"Location": f"/loop/{n + 1}"})
        elif path == "/to-private":
            self._send(302, b"", extra={"Location": "/private/secret.html"})
        elif path == "/big":
            self._send(200, b"<html><body><p>" + b"word " * 4000 + b"</p></body></html>")
        elif path == "/chunked-big":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()  # no Content-Length: the cap must hold while streaming
            self.wfile.write(b"<p>" + b"x" * 50_000)
        elif path == "/slow":
            time.sleep(2)
            self._send(200, ARTICLE)
        elif path == "/feed.xml":
            self._send(200, _feed(base), "application/rss+xml")
        elif path == "/notes.txt":
            self._send(200, b"Plain Notes\n\nThe quay holds 30 cranes.", "text/plain")
        else:
            self._send(404, b"not here", "text/plain")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _one(source: str, **options: object) -> RawInput | InputError:
    items = list(iter_inputs([source], IngestOptions(**options)))  # type: ignore[arg-type]
    assert len(items) == 1, items
    return items[0]


def test_loopback_is_refused_without_allow_private(server: str) -> None:
    item = _one(f"{server}/article.html")
    assert isinstance(item, FetchRefused)
    assert "loopback" in item.reason and "--allow-private" in item.reason


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://10.1.2.3/", "private"),
        ("http://192.168.0.10/x", "private"),
        ("http://169.254.169.254/latest/meta-data", "link-local"),
        ("http://[::1]:8080/", "loopback"),
        ("http://224.0.0.1/", "multicast"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://240.0.0.1/", "reserved"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://localhost:9/", "loopback"),
        ("ftp://example.org/file", "only http and https"),
        ("http:///nohost", "no host"),
    ],
)
def test_guard_refuses_non_public_addresses(url: str, reason: str) -> None:
    with pytest.raises(FetchRefused) as caught:
        check_url(url, allow_private=False)
    assert reason in caught.value.reason


def test_fetch_with_allow_private(server: str) -> None:
    item = _one(f"{server}/article.html", allow_private=True)
    assert isinstance(item, RawInput)
    assert (item.kind, item.source, item.encoding) == ("html", f"{server}/article.html", "utf-8")
    assert item.data == ARTICLE
    text = extract(item)
    assert text.outlet == "Loopback Herald" and "3.2 million tonnes" in text.text
    assert SEEN_AGENTS and all(a.startswith("claimledger/0.1") for a in SEEN_AGENTS)


def test_redirects_are_followed_and_capped(server: str) -> None:
    item = _one(f"{server}/redirect", allow_private=True)
    assert isinstance(item, RawInput) and item.url == f"{server}/article.html"
    looped = _one(f"{server}/loop/0", allow_private=True)
    assert isinstance(looped, FetchRefused) and "redirects" in looped.reason


def test_robots_txt_is_respected_also_after_a_redirect(server: str) -> None:
    item = _one(f"{server}/private/secret.html", allow_private=True)
    assert isinstance(item, FetchRefused) and "robots.txt" in item.reason
    hop = _one(f"{server}/to-private", allow_private=True)
    assert isinstance(hop, FetchRefused) and "robots.txt" in hop.reason


def test_size_time_and_status_failures(server: str) -> None:
    big = _one(f"{server}/big", allow_private=True, max_bytes=1000)
    assert isinstance(big, InputError) and "over the cap of 1000" in big.reason
    streamed = _one(f"{server}/chunked-big", allow_private=True, max_bytes=1000)
    assert isinstance(streamed, InputError) and "over the cap" in streamed.reason
    missing = _one(f"{server}/missing", allow_private=True)
    assert isinstance(missing, InputError) and "HTTP 404" in missing.reason
    slow = _one(f"{server}/slow", allow_private=True, timeout=0.5)
    assert isinstance(slow, InputError) and "timed out" in slow.reason
    unreachable = _one("http://127.0.0.1:9/x", allow_private=True, timeout=2)
    assert isinstance(unreachable, InputError) and "could not be fetched" in unreachable.reason


def test_plain_text_url(server: str) -> None:
    item = _one(f"{server}/notes.txt", allow_private=True)
    assert isinstance(item, RawInput) and item.kind == "text"


def test_feed_entries_fetch_pages_or_fall_back_to_summaries(server: str) -> None:
    items = list(iter_inputs([f"{server}/feed.xml"], IngestOptions(allow_private=True)))
    assert [i.source for i in items] == [f"{server}/feed.xml#{n}" for n in (1, 2, 3, 4)]
    fetched, summary, disallowed, empty = items
    assert isinstance(fetched, RawInput) and fetched.data == ARTICLE
    assert (fetched.published, fetched.published_source) == ("2023-11-02", "metadata")
    assert isinstance(summary, RawInput) and b"5 barges" in summary.data
    assert isinstance(disallowed, RawInput) and b"8 trucks" in disallowed.data
    assert isinstance(empty, InputError) and "HTTP 404" in empty.reason
    assert extract(summary).published_source == "metadata"


def test_no_fetch_mode(server: str, tmp_path: Path) -> None:
    refused = _one(f"{server}/article.html", allow_private=True, fetch=False)
    assert isinstance(refused, InputError) and "fetching is off" in refused.reason
    feed = tmp_path / "saved.rss"
    feed.write_bytes(_feed(server))
    items = list(iter_inputs([str(feed)], IngestOptions(allow_private=True, fetch=False)))
    assert isinstance(items[0], RawInput) and items[0].data == b"Summary one."
    assert isinstance(items[3], InputError) and "fetching is off" in items[3].reason


def test_a_private_peer_is_refused_even_after_the_host_check(server: str) -> None:
    """DNS rebinding: the connected address is checked again before anything is read."""
    guarded = Fetcher(allow_private=False, max_bytes=10_000, timeout=5, user_agent="t")
    url = f"{server}/article.html"
    with (
        httpx.Client() as client,
        client.stream("GET", url) as response,
        pytest.raises(FetchRefused) as caught,
    ):
        guarded._check_peer(url, response)
    assert "loopback" in caught.value.reason
    guarded.close()
