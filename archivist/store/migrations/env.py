"""Alembic environment: the connection comes from ``config.attributes``.

:func:`archivist.store.open_store` builds the Alembic ``Config`` in code and hands
over an open connection, so no ``alembic.ini`` is needed and the scripts ship
inside the package. ``render_as_batch`` lets later revisions alter SQLite tables.
"""

from __future__ import annotations

from alembic import context
from alembic.config import Config

from archivist.store.tables import metadata


def run_migrations(config: Config) -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        msg = "Run the store migrations through archivist.store.open_store(url), not the alembic command."
        raise RuntimeError(msg)
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


# Alembic sets ``context.config`` only while it runs this script; pytest's
# --doctest-modules imports the module outside of it.
if hasattr(context, "config"):
    run_migrations(context.config)
