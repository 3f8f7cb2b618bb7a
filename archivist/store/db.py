"""Connecting to the store: SQLite (embedded default) or PostgreSQL, one code path."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import ArgumentError, OperationalError

from archivist.errors import StoreError
from archivist.store.encoded import dumps_stored


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets the site read while a migration writes; foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; ``postgresql://`` uses psycopg 3."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    try:
        # JSON text a worker encoded already is stored as it is (archivist.store.encoded)
        engine = create_engine(url, future=True, json_serializer=dumps_stored)
    except ArgumentError as exc:
        msg = f"Database URL {url!r} is not valid: {exc}. Use e.g. sqlite:///archive.db or postgresql://user@host/db."
        raise StoreError(msg) from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def check_connection(engine: Engine) -> None:
    try:
        with engine.connect():
            pass
    except OperationalError as exc:
        url = engine.url.render_as_string(hide_password=True)
        msg = f"Cannot connect to the database {url}: {exc.orig}. Check --db or $ARCHIVIST_DB."
        raise StoreError(msg) from exc
