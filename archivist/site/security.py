"""Security headers, CSRF tokens and in-memory rate limits for the site.

- :class:`SecurityHeaders` is a plain ASGI middleware (no ``BaseHTTPMiddleware``: it
  would halve the throughput) adding a strict Content-Security-Policy and the usual
  headers to every response: nothing may run but our own ``/static/`` script.
- :class:`CsrfTokens` is the double-submit pattern without a session: a random nonce in
  an HttpOnly, SameSite=Strict cookie, and a signed, timestamped copy of it in the form.
  The timestamp also gives the reader report its minimum fill time.
- :class:`RateLimiter` counts events per key in a sliding window (per IP hash, per
  article); one process keeps its own counts, which is what a single ``serve`` needs.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner

__all__ = ["CSP", "CsrfError", "CsrfTokens", "RateLimiter", "SecurityHeaders", "hash_ip"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# JSON-LD blocks are data, not scripts: CSP does not need to allow them
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "object-src 'none'; manifest-src 'self'"
)

HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)


class SecurityHeaders:
    """Adds :data:`HEADERS` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", ())}
                extra = [(k, v) for k, v in HEADERS if k not in present]
                message["headers"] = [*message.get("headers", ()), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class CsrfError(Exception):
    """The form token is missing, forged, expired, or the form was sent too fast."""


@dataclass(frozen=True)
class CsrfTokens:
    """Issue and check report-form tokens bound to the visitor's cookie nonce.

    >>> tokens = CsrfTokens("s3cret", min_age=0)
    >>> nonce = tokens.new_nonce()
    >>> tokens.check(tokens.issue(nonce), nonce) >= 0
    True
    """

    secret: str
    min_age: float = 2.0  # seconds a person needs at least to fill the form (bots are faster)
    max_age: int = 4 * 3600  # a page left open this long must be reloaded
    cookie: str = "archivist_csrf"

    @property
    def _signer(self) -> TimestampSigner:
        return TimestampSigner(self.secret, salt="archivist-report")

    @staticmethod
    def new_nonce() -> str:
        return secrets.token_urlsafe(16)

    def issue(self, nonce: str) -> str:
        return self._signer.sign(nonce).decode("ascii")

    def check(self, token: str, nonce: str | None) -> float:
        """The form's age in seconds; raises :class:`CsrfError` when it is not acceptable."""
        if not token or not nonce:
            msg = "The form token or its cookie is missing: reload the page and send the form again."
            raise CsrfError(msg)
        try:
            value, issued = self._signer.unsign(token, max_age=self.max_age, return_timestamp=True)
        except SignatureExpired as exc:
            msg = "The form has expired: reload the page and send it again."
            raise CsrfError(msg) from exc
        except BadSignature as exc:
            msg = "The form token is not valid: reload the page and send the form again."
            raise CsrfError(msg) from exc
        if not secrets.compare_digest(value, nonce.encode("ascii", "replace")):
            msg = "The form token does not belong to this browser: reload the page and send it again."
            raise CsrfError(msg)
        age: float = time.time() - issued.timestamp()
        if age < self.min_age:
            msg = "The form was sent too fast to be filled by a person: wait a moment and send it again."
            raise CsrfError(msg)
        return age


class RateLimiter:
    """At most ``limit`` events per ``window`` seconds per key (sliding window, in memory).

    >>> limiter = RateLimiter(limit=2, window=60)
    >>> [limiter.hit("ip-1", now=t) for t in (0, 1, 2)], limiter.hit("ip-1", now=61)
    ([True, True, False], True)
    """

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._events: dict[str, deque[float]] = {}

    def hit(self, key: str, now: float | None = None) -> bool:
        """Count one event; False when the key is over its limit (the event is not counted)."""
        now = time.monotonic() if now is None else now
        events = self._events.setdefault(key, deque())
        while events and events[0] <= now - self.window:
            events.popleft()
        if len(events) >= self.limit:
            return False
        events.append(now)
        if len(self._events) > 100_000:  # keep memory bounded under a flood of addresses
            self._events = {k: v for k, v in self._events.items() if v and v[-1] > now - self.window}
        return True


def hash_ip(ip: str, secret: str) -> str:
    """A keyed hash of the reader's address: rate limits and abuse triage without storing it."""
    return hashlib.blake2b(ip.encode(), key=secret.encode()[:64], digest_size=16).hexdigest()
