"""Access control and browser hardening for the web app.

The app shows untrusted report text, so escaping is the first defence and these headers are
the second: a strict Content-Security-Policy means even a bypassed escape cannot run script.
The token guards a server bound beyond loopback; the CSRF check stops another site from
making a signed-in browser ingest reports.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import urllib.parse
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from html import escape
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
TOKEN_COOKIE = "token"
CSRF_COOKIE = "csrf"
CSRF_FIELD = "csrf"


def same(a: str | None, b: str | None) -> bool:
    """Constant-time equality, so response timing does not leak how much of a secret matched."""
    if a is None or b is None:
        return False
    return hmac.compare_digest(a.encode("utf-8", "replace"), b.encode("utf-8", "replace"))


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


class CsrfSigner:
    """CSRF tokens the server can verify: a random nonce and its HMAC under a per-run secret.

    Cookies are not separated by port, so any page on another localhost port can plant a
    ``csrf`` cookie of its choosing; comparing the form field with the cookie alone would
    then accept the attacker's pair. A planted value cannot carry a valid signature, and
    the secret never leaves the process.
    """

    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret or secrets.token_bytes(32)

    def _mac(self, nonce: str) -> str:
        return hmac.new(self._secret, nonce.encode("ascii"), hashlib.sha256).hexdigest()[:32]

    def issue(self) -> str:
        nonce = secrets.token_urlsafe(24)
        return f"{nonce}.{self._mac(nonce)}"

    def valid(self, token: str | None) -> bool:
        if not token or len(token) > 128 or token.count(".") != 1 or not token.isascii():
            return False
        nonce, mac = token.split(".")
        return bool(nonce) and same(mac, self._mac(nonce))

    def verify(self, field: str | None, cookie: str | None) -> bool:
        """The form's token matches the browser's cookie and was issued by this server."""
        return self.valid(cookie) and same(field, cookie)


LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def host_names(bound: str | None, extra: Iterable[str] = ()) -> frozenset[str]:
    """The Host names a server answers: loopback, the bound address and ``--allow-host``.

    A DNS-rebinding page reaches a loopback server under its own name; refusing unknown
    Host headers keeps it from reading or writing the ledger.
    """
    names = set(LOOPBACK_NAMES)
    for name in (bound, *extra):
        if name and name not in ("0.0.0.0", "::"):
            names.add(name.strip().strip("[]").lower())
    return frozenset(names)


def _host_of(value: str) -> str:
    """The host part of a Host header or origin authority, lower case, without port."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    if value.count(":") > 1:
        return value  # a bare IPv6 address
    return value.rsplit(":", 1)[0] if ":" in value else value


def cross_site_reason(headers: list[tuple[bytes, bytes]]) -> str | None:
    """Why a state-changing request looks cross-site, from Origin and Sec-Fetch-Site.

    ``same-site`` is refused too: every localhost port is the same site to a browser.
    Clients that send neither header (curl, scripts) are not browsers acting for a page.
    """
    fetch_site = _header(headers, b"sec-fetch-site")
    if fetch_site is not None and fetch_site.strip().lower() not in ("same-origin", "none"):
        return f"a cross-site request (Sec-Fetch-Site: {fetch_site.strip()[:40]})"
    origin = _header(headers, b"origin")
    if origin is None:
        return None
    if origin.strip() == "null":
        # Our Referrer-Policy (no-referrer) makes browsers send "null" for our own forms;
        # the browser's Sec-Fetch-Site then vouches for them, and nothing else does.
        return None if fetch_site is not None else "a request from an opaque origin (null)"
    host = _header(headers, b"host") or ""
    parts = urllib.parse.urlsplit(origin.strip())
    if parts.scheme not in ("http", "https") or parts.netloc.lower() != host.strip().lower():
        return f"a request from another origin ({origin.strip()[:80]})"
    return None


def _cookies(headers: list[tuple[bytes, bytes]]) -> dict[str, str]:
    jar: dict[str, str] = {}
    for name, value in headers:
        if name != b"cookie":
            continue
        for part in value.decode("latin-1").split(";"):
            key, _, val = part.strip().partition("=")
            if key and key not in jar:
                jar[key] = val
    return jar


def _header(headers: list[tuple[bytes, bytes]], wanted: bytes) -> str | None:
    for name, value in headers:
        if name == wanted:
            return value.decode("latin-1")
    return None


class SecurityMiddleware:
    """Adds the hardening headers to every response and enforces the token when one is set.

    Written as plain ASGI rather than Starlette's BaseHTTPMiddleware so that streaming
    responses and background work are not buffered through it.
    """

    def __init__(
        self,
        app: ASGIApp,
        token: str | None,
        max_body: int,
        hosts: frozenset[str] | None = None,
        csrf: CsrfSigner | None = None,
    ) -> None:
        self.app = app
        self.token = token
        self.max_body = max_body
        self.hosts = hosts if hosts is not None else host_names(None)
        self.csrf = csrf

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers: list[tuple[bytes, bytes]] = list(scope.get("headers") or [])

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() not in {h for h, _ in SECURITY_HEADERS}
                ]
                message["headers"] = out + SECURITY_HEADERS
            await send(message)

        refused = self._refusal(scope, headers)
        if refused is not None:
            status, detail = refused
            await _plain_error(send_secured, status, detail)
            return
        if scope["method"] == "HEAD":
            # HEAD answers as GET without the body, so every page and route takes it
            scope = {**scope, "method": "GET"}
            send_out = _without_body(send_secured)
        else:
            send_out = send_secured
        if self.token is not None:
            query = urllib.parse.parse_qs(scope.get("query_string", b"").decode("latin-1"))
            offered = query.get("token", [None])[0]
            if offered is not None and scope["method"] in ("GET", "HEAD"):
                if same(offered, self.token):
                    await self._redirect_with_cookie(scope, send_out)
                    return
                await self._unauthorized(send_out)
                return
            if not self._authorized(headers):
                await self._unauthorized(send_out)
                return
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            # The HTTP server holds a body to its declared length, so checking the
            # declaration caps every upload before any of it is buffered.
            length = _header(headers, b"content-length")
            if length is None and scope["method"] == "DELETE":
                length = "0"  # a DELETE carries no body; clients send no length for it
            html = not scope.get("path", "").startswith("/api/")
            if length is None or not length.isdigit():
                await _plain_error(send_out, 411, "send a Content-Length header", html=html)
                return
            if int(length) > self.max_body:
                await _plain_error(
                    send_out, 413,
                    f"request too large: at most {self.max_body:,} bytes per request; "
                    "send fewer or smaller files at a time",
                    html=html,
                )  # fmt: skip
                return
        await self.app(scope, receive, send_out)

    def _refusal(
        self, scope: Scope, headers: list[tuple[bytes, bytes]]
    ) -> tuple[int, str] | None:
        """(status, reason) for a request refused before routing: wrong Host, cross-site."""
        host = _header(headers, b"host")
        if host is None or _host_of(host) not in self.hosts:
            shown = "none" if host is None else repr(host[:80])
            return 421, (
                f"this server does not answer for the Host {shown}; open it as "
                "http://127.0.0.1 or http://localhost, or start it with --allow-host NAME"
            )
        if scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return None
        reason = cross_site_reason(headers)
        if reason is not None:
            return 403, f"refused {reason}: submit forms from this server's own pages"
        cookie = _cookies(headers).get(CSRF_COOKIE)
        if self.csrf is not None and cookie is not None and not self.csrf.valid(cookie):
            return 403, (
                "the form's security token was not issued by this server: reload the page "
                "and submit again"
            )
        return None

    def _authorized(self, headers: list[tuple[bytes, bytes]]) -> bool:
        auth = _header(headers, b"authorization")
        if auth is not None and auth[:7].lower() == "bearer ":
            return same(auth[7:].strip(), self.token)
        cookie = _cookies(headers).get(TOKEN_COOKIE)
        return same(urllib.parse.unquote(cookie) if cookie else None, self.token)

    async def _redirect_with_cookie(self, scope: Scope, send: Send) -> None:
        """Trade ``?token=`` for a cookie once, and drop the token from the address bar."""
        query = urllib.parse.parse_qsl(scope.get("query_string", b"").decode("latin-1"))
        rest = urllib.parse.urlencode([(k, v) for k, v in query if k != "token"])
        # one leading slash only: "//host/x" would send the browser to another site
        path = "/" + urllib.parse.quote(scope.get("path", "/")).lstrip("/")
        location = path + ("?" + rest if rest else "")
        assert self.token is not None
        cookie = (
            f"{TOKEN_COOKIE}={urllib.parse.quote(self.token, safe='')}; Path=/; HttpOnly; "
            "SameSite=Strict"
        )
        await send(
            {
                "type": "http.response.start",
                "status": 303,
                "headers": [
                    (b"location", location.encode("latin-1")),
                    (b"set-cookie", cookie.encode("latin-1")),
                    (b"content-length", b"0"),
                    (b"cache-control", b"no-store"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": b""})

    async def _unauthorized(self, send: Send) -> None:
        await _plain_error(
            send, 401,
            "a token is required: send Authorization: Bearer <token>, or open /?token=<token> "
            "once in the browser",
            [(b"www-authenticate", b'Bearer realm="claimledger"')],
        )  # fmt: skip


def _without_body(send: Send) -> Send:
    async def send_head(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return send_head


async def _plain_error(
    send: Send,
    status: int,
    detail: str,
    extra: list[tuple[bytes, bytes]] | None = None,
    *,
    html: bool = False,
) -> None:
    """An error answered before the app runs: JSON for the API, a small page for forms."""
    if html:
        body = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<title>{status}</title><link rel="stylesheet" href="/static/style.css"></head>'
            f'<body><main><h1>{status}</h1><p class="error">{escape(detail)}</p>'
            '<p><a href="/add">Back to the Add page</a></p></main></body></html>'
        ).encode()
        kind = b"text/html; charset=utf-8"
    else:
        body = json.dumps({"detail": detail}).encode()
        kind = b"application/json"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", kind),
                (b"content-length", str(len(body)).encode()),
                *(extra or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
