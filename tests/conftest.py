"""Shared fixtures: real SQLite and real PostgreSQL stores, the CLI runner.

Store, migrate and site tests take the ``db_url`` fixture, which runs each test
once on a fresh SQLite file and once on a fresh PostgreSQL database (created for
the test and dropped after it). Without a PostgreSQL server the PostgreSQL half
skips with the reason, except in CI (``CI=true``), where it fails.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

PG_ADMIN_URL = os.environ.get("ARCHIVIST_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
# the lexicon cache goes under the repository's ignored .pytest_cache, not the user's
# ~/.cache; subprocesses started by tests (CLI runs, workers) inherit it
os.environ.setdefault("ARCHIVIST_CACHE_DIR", str(REPO / ".pytest_cache" / "archivist"))


def _pg_available() -> str | None:
    """None when PostgreSQL answers, else the reason it does not."""
    try:
        import sqlalchemy as sa

        engine = sa.create_engine(PG_ADMIN_URL)
        with engine.connect():
            pass
        engine.dispose()
    except Exception as exc:  # any failure to connect means: no server here
        return f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc.__class__.__name__}"
    return None


_PG_REASON = _pg_available()


def require_postgres() -> None:
    if _PG_REASON is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the PostgreSQL tests: {_PG_REASON}")
    pytest.skip(_PG_REASON)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database, dropped after the test."""
    require_postgres()
    import sqlalchemy as sa

    name = f"archivist_t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'archive.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The same test on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'archive.db'}"
    else:
        yield request.getfixturevalue("pg_url")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def seed_path() -> Path:
    path = SHARED / "seed" / "syrie-alep.txt"
    if not path.exists():
        pytest.skip(f"the shared seed article is not at {path}")
    return path


@pytest.fixture(scope="session")
def ninjs_schema() -> dict[str, object]:
    import json

    path = SHARED / "standards" / "ninjs-schema_3.0.json"
    if not path.exists():
        pytest.skip(f"the ninjs 3.0 schema is not at {path}")
    schema: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return schema
