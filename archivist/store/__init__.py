"""The archive store: tables, connection, and the reads and writes on them.

:func:`open_store` is the one way in: it connects (SQLite or PostgreSQL, see
:mod:`archivist.store.db`) and brings the schema to the newest Alembic revision,
creating it on first use. Reads and writes take a ``Connection`` inside a
transaction (``with engine.begin() as conn:``) and live in
:mod:`archivist.store.articles`, :mod:`~archivist.store.runs`,
:mod:`~archivist.store.quarantine` and :mod:`~archivist.store.stats`.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import SQLAlchemyError

from archivist.errors import StoreError
from archivist.store.db import check_connection, make_engine

__all__ = ["alembic_config", "head_revision", "open_store", "schema_revision", "upgrade_schema"]

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

# any 64-bit number of our own: serialises concurrent upgrades of one PostgreSQL database
_PG_LOCK_KEY = 0x41524348495649


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config built in code: the scripts ship inside the package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None  # there is always the initial revision
    return head


def schema_revision(connection: Connection) -> str | None:
    """The Alembic revision the database is at (None: never migrated)."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade_schema(engine: Engine, revision: str = "head") -> None:
    """Bring the schema of ``engine``'s database to ``revision``."""
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
            if revision == "head" and schema_revision(conn) == head_revision():
                return
            command.upgrade(alembic_config(conn), revision)
    except SQLAlchemyError as exc:
        url = engine.url.render_as_string(hide_password=True)
        msg = f"Cannot migrate the schema of {url}: {exc}. Check the database and its permissions."
        raise StoreError(msg) from exc


def open_store(url: str) -> Engine:
    """Engine for ``url``, schema migrated to head with Alembic (created on first use)."""
    engine = make_engine(url)
    check_connection(engine)
    upgrade_schema(engine)
    return engine
