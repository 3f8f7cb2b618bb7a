"""Editor accounts in the store: argon2 hashes, sessions, throttling (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from archivist.errors import AuthError
from archivist.store import open_store
from archivist.store.revisions import now
from archivist.store.tables import sessions, users
from archivist.store.users import (
    FAILURE_WINDOW,
    MAX_FAILURES,
    LoginThrottled,
    add_user,
    authenticate,
    create_session,
    end_session,
    session_user,
)

PASSWORD = "vingt-trois caractères"


def test_accounts_sessions_and_throttle(db_url: str) -> None:
    engine = open_store(db_url)
    with engine.begin() as conn:
        user = add_user(conn, "lea", PASSWORD, "admin")
        stored = conn.execute(sa.select(users.c.password_hash)).scalar_one()
        assert stored.startswith("$argon2id$") and PASSWORD not in stored
        assert authenticate(conn, "lea", PASSWORD, key="lea|ip").role == "admin"

        token = create_session(conn, user)
        assert conn.execute(sa.select(sessions.c.token_hash)).scalar_one() != token  # only its hash is kept
        assert session_user(conn, token) == user
        assert session_user(conn, token + "x") is None
        expired = create_session(conn, user, ttl=timedelta(seconds=-1))
        assert session_user(conn, expired) is None
        end_session(conn, token)
        assert session_user(conn, token) is None

        start = now()
        for n in range(MAX_FAILURES):
            with pytest.raises(AuthError, match="Wrong user name or password"):
                authenticate(conn, "lea", "wrong", key="lea|ip", at=start + timedelta(seconds=n))
        with pytest.raises(LoginThrottled):
            authenticate(conn, "lea", PASSWORD, key="lea|ip", at=start + timedelta(minutes=1))
        # another address is not locked out, and the window passes
        assert authenticate(conn, "lea", PASSWORD, key="lea|other", at=start).name == "lea"
        later = start + FAILURE_WINDOW + timedelta(seconds=MAX_FAILURES + 1)
        assert authenticate(conn, "lea", PASSWORD, key="lea|ip", at=later).name == "lea"
    engine.dispose()


@pytest.mark.parametrize(
    ("name", "password", "role", "message"),
    [
        ("lea", "short", "editor", "shorter than 10"),  # a weak password
        ("le a", PASSWORD, "editor", "not valid"),  # a space in the name
        ("", PASSWORD, "editor", "not valid"),  # no name
        ("lea", PASSWORD, "owner", "not known"),  # no such role
    ],
)
def test_refused_accounts(sqlite_url: str, name: str, password: str, role: str, message: str) -> None:
    engine = open_store(sqlite_url)
    with engine.begin() as conn, pytest.raises(AuthError, match=message):
        add_user(conn, name, password, role)
    engine.dispose()
