"""Fetching URLs without becoming a tool against the user's own network.

A URL in a feed or a list of reports is untrusted: it may point at localhost, the cloud
metadata address or an intranet host, or redirect there. Every hop is therefore resolved
and checked before it is requested, sizes and times are capped, and robots.txt is
honoured because this is research crawling on someone else's site.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from claimledger.errors import FetchRefused, InputError
from claimledger.ingest.deadline import DeadlineBackend, deadline_transport

MAX_REDIRECTS = 5
ROBOTS_CAP = 512_000


@dataclass
class Fetched:
    url: str  # the address finally read, after redirects
    data: bytes
    content_type: str  # media type, lower case, without parameters
    charset: str | None


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def _refused_address(address: str) -> str | None:
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "an unparseable address"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for label, flag in (
        ("a loopback", ip.is_loopback),
        ("a link-local", ip.is_link_local),
        ("a multicast", ip.is_multicast),
        ("an unspecified", ip.is_unspecified),
        ("a reserved", ip.is_reserved),
        ("a private", ip.is_private),
    ):
        if flag:
            return f"{label} address ({ip})"
    if not ip.is_global:
        return f"a non-public address ({ip})"
    return None


def check_url(url: str, allow_private: bool) -> None:
    """Refuse non-http(s) URLs and hosts that resolve to a non-public address."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FetchRefused(url, f"malformed URL ({exc})") from None
    if parts.scheme not in ("http", "https"):
        raise FetchRefused(url, f"only http and https URLs are fetched, not {parts.scheme!r}")
    host = parts.hostname
    if not host:
        raise FetchRefused(url, "the URL names no host")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise InputError(url, f"cannot resolve host {host!r} ({exc})") from None
    for info in infos:
        reason = _refused_address(str(info[4][0]))
        if reason:
            raise FetchRefused(
                url,
                f"refused: {host} resolves to {reason}; pass --allow-private to fetch "
                "from your own network",
            )


class Fetcher:
    """One HTTP client per ingest run, with a robots.txt cache per site."""

    def __init__(self, *, allow_private: bool, max_bytes: int, timeout: float,
                 user_agent: str) -> None:
        self.allow_private = allow_private
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.user_agent = user_agent
        self.backend = DeadlineBackend()
        self.client = httpx.Client(
            transport=deadline_transport(self.backend),
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            follow_redirects=False,
            headers={"User-Agent": user_agent, "Accept": "text/html, application/xhtml+xml, "
                     "application/rss+xml, application/atom+xml, text/plain;q=0.8, */*;q=0.5"},
            trust_env=False,
        )
        self._robots: dict[str, RobotFileParser | None] = {}

    def close(self) -> None:
        self.client.close()

    def fetch(self, url: str) -> Fetched:
        """GET ``url`` under the guard; raises FetchRefused or InputError with the reason.

        ``timeout`` bounds the whole fetch (robots.txt, redirects, connect, headers and
        body together), however slowly the server sends its bytes.
        """
        self.backend.deadline = time.monotonic() + self.timeout
        try:
            return self._get(url, robots=True, cap=self.max_bytes)
        finally:
            self.backend.deadline = None

    def _get(self, url: str, *, robots: bool, cap: int) -> Fetched:
        deadline = self.backend.deadline or time.monotonic() + self.timeout
        current = url
        for hop in range(MAX_REDIRECTS + 1):
            if time.monotonic() > deadline:
                raise InputError(url, f"took longer than {self.timeout:g} s (redirects included)")
            check_url(current, self.allow_private)
            if robots and not self._allowed(current):
                raise FetchRefused(current, "refused: the site's robots.txt disallows this URL")
            try:
                with self.client.stream("GET", current) as response:
                    self._check_peer(current, response)
                    if response.is_redirect and "location" in response.headers:
                        if hop == MAX_REDIRECTS:
                            raise FetchRefused(
                                url, f"refused: more than {MAX_REDIRECTS} redirects"
                            )
                        current = urljoin(current, response.headers["location"])
                        continue
                    if response.status_code >= 400:
                        raise InputError(
                            current, f"the server answered HTTP {response.status_code}"
                        )
                    data = self._read(current, response, cap, deadline)
                    media = response.headers.get("content-type", "")
                    return Fetched(
                        url=str(response.url),
                        data=data,
                        content_type=media.split(";", 1)[0].strip().lower(),
                        charset=response.charset_encoding,
                    )
            except httpx.TimeoutException:
                raise InputError(current, f"timed out after {self.timeout:g} s") from None
            except httpx.HTTPError as exc:
                raise InputError(current, f"could not be fetched ({exc})") from None
        raise FetchRefused(url, f"refused: more than {MAX_REDIRECTS} redirects")

    def _check_peer(self, url: str, response: httpx.Response) -> None:
        """Refuse the answer when the address actually connected to is not public.

        The host was checked before the request, but DNS can answer differently the second
        time (rebinding); the connected peer is what counts, so nothing from a private peer
        is read.
        """
        if self.allow_private:
            return
        stream = response.extensions.get("network_stream")
        peer = stream.get_extra_info("server_addr") if stream is not None else None
        if isinstance(peer, tuple) and peer:
            reason = _refused_address(str(peer[0]))
            if reason:
                raise FetchRefused(url, f"refused: the connection went to {reason}")

    def _read(self, url: str, response: httpx.Response, cap: int, deadline: float) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise InputError(url, f"the response is {int(declared)} bytes, over the cap of "
                                  f"{cap} (raise --max-bytes to read it)")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > cap:
                raise InputError(url, f"the response is over the cap of {cap} bytes "
                                      "(raise --max-bytes to read it)")
            if time.monotonic() > deadline:
                raise InputError(url, f"took longer than {self.timeout:g} s to download")
            chunks.append(chunk)
        return b"".join(chunks)

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self._robots:
            self._robots[site] = self._load_robots(site)
        parser = self._robots[site]
        return parser is None or parser.can_fetch(self.user_agent, url)

    def _load_robots(self, site: str) -> RobotFileParser | None:
        parser = RobotFileParser(site + "/robots.txt")
        try:
            fetched = self._get(site + "/robots.txt", robots=False, cap=ROBOTS_CAP)
        except FetchRefused:
            raise
        except InputError as exc:
            if "HTTP 401" in exc.reason or "HTTP 403" in exc.reason:
                parser.parse(["User-agent: *", "Disallow: /"])
                return parser
            return None  # no robots.txt (or unreachable): nothing is disallowed
        parser.parse(fetched.data.decode("utf-8", "replace").splitlines())
        return parser
