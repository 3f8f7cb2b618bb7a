"""Editor accounts, login sessions and login throttling.

Passwords are argon2 hashes (argon2-cffi's defaults, rehashed when those change).
A session is a random token: the browser holds it (signed, in a cookie set by
:mod:`archivist.site.editor.auth`), the ``sessions`` table holds only its sha256, so a
leaked database does not hand out sessions. Failed logins are rows of
``login_failures`` per key (user name and IP hash): :data:`MAX_FAILURES` in
:data:`FAILURE_WINDOW` lock the key out until the window has passed.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, delete, func, select, update

from archivist.errors import AuthError
from archivist.store.revisions import as_utc, inserted_id, now
from archivist.store.tables import login_failures, sessions, users

__all__ = [
    "FAILURE_WINDOW",
    "MAX_FAILURES",
    "ROLES",
    "LoginThrottled",
    "User",
    "add_user",
    "authenticate",
    "create_session",
    "end_session",
    "get_user",
    "list_users",
    "session_user",
    "set_password",
]

ROLES = ("editor", "admin")
MIN_PASSWORD = 10  # characters; a passphrase of a few words passes
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
SESSION_TTL = timedelta(hours=12)

_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verified against when the user does not exist, so both paths cost the same time."""
    return _hasher.hash("archivist-no-such-user")


class LoginThrottled(AuthError):
    """Too many failed logins for this user from this address: wait for the window to pass."""


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    created_at: datetime


def _check_role(role: str) -> None:
    if role not in ROLES:
        msg = f"Role {role!r} is not known. Use one of: {', '.join(ROLES)}."
        raise AuthError(msg)


def _check_password(name: str, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        msg = f"The password for {name!r} is shorter than {MIN_PASSWORD} characters: choose a longer one."
        raise AuthError(msg)


def add_user(conn: Connection, name: str, password: str, role: str = "editor") -> User:
    """Create an account; the name must be new."""
    name = name.strip()
    if not name or len(name) > 120 or any(c.isspace() for c in name):
        msg = f"User name {name!r} is not valid: use 1 to 120 characters without spaces."
        raise AuthError(msg)
    _check_role(role)
    _check_password(name, password)
    if conn.execute(select(users.c.id).where(users.c.name == name)).first() is not None:
        msg = f"User {name!r} exists already. Choose another name, or set a new password with --password."
        raise AuthError(msg)
    stamp = now()
    user_id = inserted_id(
        conn.execute(
            users.insert().values(
                name=name, role=role, password_hash=_hasher.hash(password), disabled=False, created_at=stamp
            )
        )
    )
    return User(user_id, name, role, stamp)


def set_password(conn: Connection, name: str, password: str, role: str | None = None) -> None:
    """A new password (and maybe role) for an existing account; its sessions end."""
    _check_password(name, password)
    values: dict[str, object] = {"password_hash": _hasher.hash(password)}
    if role is not None:
        _check_role(role)
        values["role"] = role
    user = get_user(conn, name)
    if user is None:
        msg = f"User {name!r} does not exist. Create it with `archivist user add {name}`."
        raise AuthError(msg)
    conn.execute(update(users).where(users.c.id == user.id).values(**values))
    conn.execute(delete(sessions).where(sessions.c.user_id == user.id))


def get_user(conn: Connection, name: str) -> User | None:
    row = conn.execute(select(users).where(users.c.name == name, users.c.disabled.is_(False))).first()
    return None if row is None else User(row.id, row.name, row.role, as_utc(row.created_at) or now())


def list_users(conn: Connection) -> list[User]:
    rows = conn.execute(select(users).order_by(users.c.name))
    return [User(row.id, row.name, row.role, as_utc(row.created_at) or now()) for row in rows]


def _failures(conn: Connection, key: str, at: datetime) -> int:
    since = at - FAILURE_WINDOW
    query = (
        select(func.count())
        .select_from(login_failures)
        .where(login_failures.c.key == key, login_failures.c.at > since)
    )
    return int(conn.execute(query).scalar_one())


def authenticate(conn: Connection, name: str, password: str, key: str, at: datetime | None = None) -> User:
    """The user when ``password`` is right; raises :class:`AuthError` (or LoginThrottled).

    ``key`` identifies who is trying (the user name and a hash of the address): after
    :data:`MAX_FAILURES` failures within :data:`FAILURE_WINDOW`, even the right password
    is refused until the window has passed.
    """
    at = at or now()
    if _failures(conn, key, at) >= MAX_FAILURES:
        minutes = int(FAILURE_WINDOW.total_seconds() // 60)
        msg = f"Too many failed logins for {name!r}: wait {minutes} minutes and try again."
        raise LoginThrottled(msg)
    row = conn.execute(select(users).where(users.c.name == name, users.c.disabled.is_(False))).first()
    try:
        _hasher.verify(row.password_hash if row is not None else _dummy_hash(), password)
        if row is None:
            raise VerificationError
    except (VerificationError, InvalidHashError) as exc:
        conn.execute(login_failures.insert().values(key=key, at=at))
        msg = "Wrong user name or password."
        raise AuthError(msg) from exc
    if _hasher.check_needs_rehash(row.password_hash):
        conn.execute(update(users).where(users.c.id == row.id).values(password_hash=_hasher.hash(password)))
    conn.execute(delete(login_failures).where(login_failures.c.key == key))
    return User(row.id, row.name, row.role, as_utc(row.created_at) or now())


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_session(conn: Connection, user: User, ttl: timedelta = SESSION_TTL) -> str:
    """A new session for ``user``; returns the token the browser keeps."""
    token = secrets.token_urlsafe(32)
    stamp = now()
    conn.execute(
        sessions.insert().values(
            token_hash=_token_hash(token), user_id=user.id, created_at=stamp, expires_at=stamp + ttl
        )
    )
    conn.execute(delete(sessions).where(sessions.c.expires_at < stamp))  # forget expired ones
    return token


def session_user(conn: Connection, token: str) -> User | None:
    """The user of a live session, or None (unknown, expired, or the account was disabled)."""
    row = conn.execute(
        select(users, sessions.c.expires_at)
        .join(sessions, sessions.c.user_id == users.c.id)
        .where(sessions.c.token_hash == _token_hash(token), users.c.disabled.is_(False))
    ).first()
    if row is None or (as_utc(row.expires_at) or now()) < now():
        return None
    return User(row.id, row.name, row.role, as_utc(row.created_at) or now())


def end_session(conn: Connection, token: str) -> None:
    conn.execute(delete(sessions).where(sessions.c.token_hash == _token_hash(token)))
