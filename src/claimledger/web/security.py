"""Access control and browser hardening for the web app.

The app shows untrusted report text, so escaping is the first defence and these headers are
the second: a strict Content-Security-Policy means even a bypassed escape cannot run script.
The token guards a server bound beyond loopback; the CSRF check stops another site from
making a signed-in browser ingest reports.
"""

from __future__ import annotations

import hmac
import json
import secrets
import urllib.parse
from collections.abc import Awaitable, Callable, MutableMapping
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

    def __init__(self, app: ASGIApp, token: str | None, max_body: int) -> None:
        self.app = app
        self.token = token
        self.max_body = max_body

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

        if self.token is not None:
            query = urllib.parse.parse_qs(scope.get("query_string", b"").decode("latin-1"))
            offered = query.get("token", [None])[0]
            if offered is not None and scope["method"] in ("GET", "HEAD"):
                if same(offered, self.token):
                    await self._redirect_with_cookie(scope, send_secured)
                    return
                await self._unauthorized(send_secured)
                return
            if not self._authorized(headers):
                await self._unauthorized(send_secured)
                return
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            # The HTTP server holds a body to its declared length, so checking the
            # declaration caps every upload before any of it is buffered.
            length = _header(headers, b"content-length")
            html = not scope.get("path", "").startswith("/api/")
            if length is None or not length.isdigit():
                await _plain_error(send_secured, 411, "send a Content-Length header", html=html)
                return
            if int(length) > self.max_body:
                await _plain_error(
                    send_secured, 413,
                    f"request too large: at most {self.max_body:,} bytes per request; "
                    "send fewer or smaller files at a time",
                    html=html,
                )  # fmt: skip
                return
        await self.app(scope, receive, send_secured)

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
        path = urllib.parse.quote(scope.get("path", "/"))
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
