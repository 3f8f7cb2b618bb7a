"""Alembic migrations of the store, run by :func:`archivist.store.open_store`."""
